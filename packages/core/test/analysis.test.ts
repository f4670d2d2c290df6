// The static analysis: conflicts, unreachable rules and gaps, each found exactly where the
// condition language allows it, and every example case shown re-checked by running it.
import { describe, expect, it } from "vitest";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { analyzeProtocol, analyzeText, compileText, emitTypeScript, type Diagnostic } from "../src/index.js";
import { expectDiagnosticsAt, stripMarks } from "./helpers.js";

const head = `protocol P "Analysis"
  calendar england-and-wales
  otherwise refer to Panel
team RAT "Referral and Assessment Team"
team CIN "Child in Need Team"
team CIC "Children in Care Team"
panel Panel "Transfer Panel"
type Plan: one of child_protection, child_in_need, none
fact plan: Plan
fact proceedings: yes/no
fact date_of_birth: date
fact siblings: number
event conference "Conference"
document chronology "Chronology"
`;

function rule(name: string, body: string): string {
  return `rule ${name}\n  source "s"\n${body}\n`;
}

function analysis(text: string): Diagnostic[] {
  return analyzeText(text).diagnostics.filter((d) => ["conflict", "unreachable-rule", "gap", "analysis-limit"].includes(d.code));
}

describe("conflict", () => {
  const conflicting = `${head}${rule('"To CIN"', "  when plan is child_protection\n  transfer from RAT to CIN at conference")}${rule('«"To CIC"»', "  when proceedings\n  transfer from RAT to CIC at conference")}`;

  it("reports two rules that can send one case to different teams, with an example case", () => {
    const [diagnostic] = expectDiagnosticsAt(conflicting, "conflict");
    expect(diagnostic!.severity).toBe("error");
    expect(diagnostic!.message).toBe(
      '"To CIN" and "To CIC" can both apply to the same case, and neither is an exception to the other: one transfers it to CIN at conference, the other transfers it to CIC at conference. For example: a case held by RAT with plan child_protection and proceedings yes. Add `exception to` to the rule that should win, or make their conditions exclusive.',
    );
    expect(diagnostic!.related!.map((related) => related.message)).toEqual([
      '"To CIN" transfers it to CIN at conference',
      '"To CIC" transfers it to CIC at conference',
    ]);
  });

  it("reports different timings to the same team, and different outcomes", () => {
    expect(analysis(`${head}${rule('"Now"', "  when proceedings\n  transfer to CIN immediately")}${rule('"Later"', "  when plan is none\n  transfer to CIN at conference")}`).map((d) => d.code)).toEqual(["conflict"]);
    expect(analysis(`${head}${rule('"Move"', "  when proceedings\n  transfer to CIN immediately")}${rule('"Ask"', "  when plan is none\n  refer to Panel")}`).map((d) => d.code)).toEqual(["conflict"]);
  });

  it("does not report rules that cannot overlap: opposite comparisons", () => {
    const ages = `${head}let age = time since date_of_birth\n${rule('"Young"', "  when age < 16 years\n  transfer to CIN immediately")}${rule('"Old"', "  when age >= 16 years\n  transfer to CIC immediately")}`;
    expect(analysis(ages)).toEqual([]);
    const counts = `${head}${rule('"Few"', "  when siblings <= 2\n  transfer to CIN at conference")}${rule('"Many"', "  when not (siblings <= 2)\n  transfer to CIC at conference")}`;
    expect(analysis(counts)).toEqual([]);
    // Rules from the two groups do overlap (a young child with few siblings): that is a real conflict.
    const both = ages + counts.slice(head.length);
    expect(analysis(both).filter((d) => d.code === "conflict")).toHaveLength(4);
  });

  it("does not report rules that cannot overlap: different `from` teams", () => {
    expect(analysis(`${head}${rule('"From RAT"', "  when proceedings\n  transfer from RAT to CIN immediately")}${rule('"From CIN"', "  when proceedings\n  transfer from CIN to CIC immediately")}`)).toEqual([]);
  });

  it("does not report rules that cannot overlap: disjoint enumeration values through a let", () => {
    const text = `${head}let protected = plan is one of child_protection\nlet supported = plan is child_in_need or plan is none\n${rule('"Protected"', "  when protected\n  transfer to CIN immediately")}${rule('"Supported"', "  when supported\n  transfer to CIC immediately")}`;
    expect(analysis(text)).toEqual([]);
  });

  it("does not report rules resolved by an exception chain", () => {
    const text = `${head}${rule('"A"', "  when plan is child_protection\n  transfer to CIN immediately")}${rule('"B"', '  exception to "A"\n  when proceedings\n  transfer to CIC immediately')}${rule('"C"', '  exception to "B"\n  when proceedings and plan is none\n  refer to Panel')}`;
    // C overrides A through B; B and C overlap only where C wins.
    expect(analysis(text)).toEqual([]);
  });

  it("does not report two rules with the same action", () => {
    expect(analysis(`${head}${rule('"One"', "  when proceedings\n  transfer to CIN at conference")}${rule('"Two"', "  when plan is none\n  transfer to CIN at conference")}`)).toEqual([]);
  });

  it("does not report a team-valued target against the same team named outright, only against others", () => {
    const base = `${head}fact last_team: team\n`;
    const text = `${base}${rule('"Back"', "  when proceedings\n  transfer to last_team immediately")}${rule('"To CIN"', "  when proceedings\n  transfer to CIN immediately")}`;
    const [diagnostic] = analysis(text);
    expect(diagnostic!.message).toContain("For example: a case with proceedings yes and last_team RAT");
  });

  it("shows only example cases that really conflict: each is re-run through the compiled module", async () => {
    const protocols = [
      conflicting.replace(/[«»]/g, ""),
      `${head}let age = time since date_of_birth\n${rule('"Young"', "  when age < 16 years and siblings > 1\n  transfer to CIN immediately")}${rule('"Waiting"', "  when not (conference held) and (plan is none or proceedings)\n  refer to Panel")}${rule('"Old"', "  when age >= 18 years and chronology complete\n  transfer from CIN to CIC 2 weeks after date_of_birth + 18 years")}`,
      head.replace("  otherwise refer to Panel\n", "") + rule('"CP"', "  when plan is child_protection and siblings >= 3\n  transfer from RAT to CIN immediately"),
      `${head}${rule('"Soon after"', "  when date of conference + 10 days <= today\n  transfer from RAT to CIN immediately")}${rule('"Not long after"', "  when date of conference + 20 days > today and date_of_birth + 1 month <= today\n  transfer from RAT to CIC immediately")}`,
      `${head}${rule('"Before"', "  when date_of_birth <= date of conference\n  transfer from RAT to CIN immediately")}${rule('"Proceedings"', "  when proceedings\n  transfer from RAT to CIC immediately")}`,
    ];
    const checked = protocols.map(() => 0);
    for (const [index, text] of protocols.entries()) {
      const { model } = analyzeText(text, { analysis: false });
      const result = analyzeProtocol(model, text);
      const compiled = compileText(text, {}).module ?? emitTypeScript(model, text);
      mkdirSync(join(import.meta.dirname, ".generated"), { recursive: true });
      const path = join(import.meta.dirname, ".generated", `analysis-${index}.ts`);
      writeFileSync(path, compiled.typescript);
      const module = (await import(path)) as { decide: (input: unknown, options: { today: string }) => { outcome: string; conflicting: string[] } };
      for (const { diagnostic, example } of result.examples) {
        const decision = module.decide(example.input, { today: example.today });
        expect(decision.outcome).toBe(diagnostic.code === "conflict" ? "conflict" : "no-rule");
        checked[index]!++;
      }
    }
    // Every protocol gave at least one example to check.
    expect(checked.every((count) => count > 0)).toBe(true);
  });

  it("does not report a conflict it cannot show: conditions outside the exact fragment are not realised", () => {
    // `any ... where` is treated as an independent yes/no; no example realises it, so nothing is claimed.
    const text = `${head}type Child: record\n  disabled: yes/no\nfact children: list of Child\n${rule('"Any disabled"', "  when any children where disabled\n  transfer to CIN immediately")}${rule('"Proceedings"', "  when proceedings\n  transfer to CIC immediately")}`;
    expect(analysis(text).filter((d) => d.code === "conflict")).toEqual([]);
  });
});

describe("conditions on dates against today", () => {
  // Event dates and date facts compared with `today` (moved by days, weeks or months) are exact
  // terms of the analysis: `date of conference + 10 days <= today` is `time since date of
  // conference >= 10 days`, the same term `time since date of conference` is.
  const two = (first: string, second: string) => `${head}${rule('"First"', `  when ${first}\n  transfer from RAT to CIN immediately`)}${rule('"Second"', `  when ${second}\n  transfer from RAT to CIC immediately`)}`;
  const conflicts = (first: string, second: string) => analysis(two(first, second)).filter((d) => d.code === "conflict");

  it("reports a conflict through event dates, with the dates of the example case", () => {
    const [diagnostic] = conflicts("date of conference + 10 days <= today", "date of conference + 20 days > today");
    expect(diagnostic?.message).toContain("For example: a case held by RAT with conference held on 2026-01-02, on 2026-01-12.");
    // Two events each in the past: both rules apply.
    const text = `${head}event review "Review"\n${rule('"Reviewed"', "  when date of review <= today\n  transfer from RAT to CIN immediately")}${rule('"Conferenced"', "  when today >= date of conference\n  transfer from RAT to CIC immediately")}`;
    expect(analysis(text).find((d) => d.code === "conflict")?.message).toContain("For example: a case held by RAT with review held on 2026-01-12 and conference held on 2026-01-12, on 2026-01-12.");
  });

  it("reports a conflict through a date fact moved by years, and a scheduled event's date", () => {
    expect(conflicts("date_of_birth + 18 years <= today", "time since date_of_birth >= 16 years")[0]?.message).toContain("with date_of_birth 2008-01-12, on 2026-01-12");
    expect(conflicts("conference scheduled and date of conference <= today + 3 days", "proceedings")[0]?.message).toContain("with conference scheduled for 2026-01-15 and proceedings yes, on 2026-01-12");
  });

  it("reports a conflict through two dates compared with each other, with dates in that order", () => {
    const text = `${head}event review "Review"\n${rule('"Conference first"', "  when date of conference < date of review\n  transfer from RAT to CIN immediately")}${rule('"Born after"', "  when date_of_birth >= date of conference\n  transfer from RAT to CIC immediately")}`;
    expect(analysis(text).find((d) => d.code === "conflict")?.message).toContain("a case held by RAT with review held on 2026-01-05 and conference held on 2026-01-04 and date_of_birth 2026-01-05, on 2026-01-12");
    expect(conflicts("date of conference < date_of_birth", "date_of_birth < date of conference")).toEqual([]);
    // A date the case already has keeps it: the other is put next to it.
    expect(conflicts("date_of_birth + 1 month <= today and date_of_birth <= date of conference", "proceedings")[0]?.message).toContain("with date_of_birth 2025-12-12 and proceedings yes and conference held on 2025-12-12, on 2026-01-12");
  });

  it("does not report comparisons that cannot both hold, however they are written", () => {
    expect(conflicts("date of conference <= today", "date of conference > today")).toEqual([]);
    expect(conflicts("time since date of conference >= 2 weeks", "date of conference + 14 days > today")).toEqual([]);
    expect(conflicts("date of conference + 1 month <= today", "time since date of conference < 1 month")).toEqual([]);
    expect(conflicts("date_of_birth + 18 years <= today", "time since date_of_birth < 18 years")).toEqual([]);
    expect(conflicts("date of conference - 3 days <= today", "date of conference > today + 5 days")).toEqual([]);
  });

  it("reports a condition on dates that can never be met, and not one written two ways that agree", () => {
    const found = analysis(two("date of conference <= today and today < date of conference", "proceedings"));
    expect(found.map((d) => d.code)).toEqual(["unreachable-rule"]);
    // Unreachable is not re-run through an example: the reading of each comparison must be exact.
    for (const condition of ["time since date of conference > 2 weeks and date of conference + 14 days < today", "today > date of conference + 14 days and date of conference + 2 weeks < today", "date_of_birth + 1 year < today and time since date_of_birth > 1 year"]) {
      expect(analysis(two(condition, "proceedings")).filter((d) => d.code === "unreachable-rule")).toEqual([]);
    }
  });
});

describe("unreachable-rule", () => {
  it("reports a condition that can never be met", () => {
    const [diagnostic] = expectDiagnosticsAt(
      `${head}let age = time since date_of_birth\n${rule('«"Never"»', "  when age < 16 years and age >= 18 years\n  transfer to CIN immediately")}${rule('"Fine"', "  when proceedings\n  remain")}`,
      "unreachable-rule",
    );
    expect(diagnostic!.message).toContain("This rule can never apply");
    expectDiagnosticsAt(`${head}${rule('«"Nor this"»', "  when plan is none and not (plan is one of none, child_in_need)\n  remain")}`, "unreachable-rule");
    expectDiagnosticsAt(`${head}${rule('«"Held and scheduled"»', "  when conference held and conference scheduled\n  remain")}`, "unreachable-rule");
  });

  it("reports a rule that is always overridden, naming the exception", () => {
    const [diagnostic] = expectDiagnosticsAt(
      `${head}${rule('«"General"»', "  when proceedings\n  transfer to CIN immediately")}${rule('"Wider exception"', '  exception to "General"\n  when proceedings or plan is none\n  transfer to CIC immediately')}`,
      "unreachable-rule",
    );
    expect(diagnostic!.message).toBe(
      'This rule never decides: whenever it applies, a rule that is an exception to it applies too ("Wider exception"), and overrides it.',
    );
  });

  it("does not report a rule that decides in some cases", () => {
    expect(analysis(`${head}${rule('"General"', "  when proceedings\n  transfer to CIN immediately")}${rule('"Narrower"', '  exception to "General"\n  when proceedings and plan is none\n  transfer to CIC immediately')}`)).toEqual([]);
  });
});

describe("gap", () => {
  const rules = `${rule('"CP"', "  when plan is child_protection\n  transfer from RAT to CIN immediately")}`;

  it("reports cases no rule covers when there is no `otherwise`, with an example", () => {
    const text = head.replace("  otherwise refer to Panel\n", "") + rules;
    const [diagnostic] = analysis(text);
    expect(diagnostic).toMatchObject({ code: "gap", severity: "warning" });
    expect(diagnostic!.message).toContain("For example: a case held by CIN.");
    const { text: plain } = stripMarks(text);
    expect(plain.slice(diagnostic!.span.start, diagnostic!.span.end)).toBe("P");
  });

  it("does not report gaps when the protocol says what happens otherwise", () => {
    expect(analysis(head + rules)).toEqual([]);
  });

  it("does not report a gap when the rules cover every case", () => {
    const text = head.replace("  otherwise refer to Panel\n", "") + rule('"Yes"', "  when proceedings\n  remain") + rule('"No"', "  when not proceedings\n  refer to Panel");
    expect(analysis(text)).toEqual([]);
  });
});

describe("the example protocols", () => {
  it("have no conflicts, gaps or unreachable rules", async () => {
    const { readdirSync, readFileSync } = await import("node:fs");
    const { join } = await import("node:path");
    const folder = join(import.meta.dirname, "../../../examples");
    for (const file of readdirSync(folder).filter((name) => name.endsWith(".baton"))) {
      expect(analysis(readFileSync(join(folder, file), "utf8")), file).toEqual([]);
    }
  });
});
