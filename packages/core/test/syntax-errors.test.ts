// Syntax errors: one worded diagnostic per independent mistake, at the offending token, and
// diagnostics (never a crash or a stack overflow) for pathological input.
import { describe, expect, it } from "vitest";
import { MAX_NESTING, parse } from "../src/index.js";
import { analyze, applyFix, describeDiagnostics, expectDiagnosticsAt, prelude, stripMarks } from "./helpers.js";

function syntaxMessages(text: string): string[] {
  return describeDiagnostics(text, parse(text).diagnostics);
}

describe("syntax errors", () => {
  it("says what was expected after what, at the token found instead", () => {
    const [diagnostic] = expectDiagnosticsAt(`${prelude}rule "r"\n  transfer from RAT «at» conference\n`, "syntax");
    expect(diagnostic!.message).toBe("Expected `to` and a team after `transfer from RAT`, but found `at`.");
  });

  it("reports each independent mistake once", () => {
    const text = `${prelude}team RAT "R"
rule "one"
  when plan is
  remain
rule "two"
  transfer to CIN
rule "three"
  when a >= > b
  refer to P
fact : yes/no
team CIN "C"
`;
    expect(syntaxMessages(text)).toMatchSnapshot();
    expect(parse(text).diagnostics.filter((d) => d.code === "syntax")).toHaveLength(4);
  });

  it("keeps reading after a mistake, so later declarations are still checked", () => {
    const { ast } = parse(`${prelude}rule "broken"\n  when (a and\nteam CIN "C"\nfact flag: yes/no\n`);
    expect(ast.declarations.map((d) => d.kind)).toEqual(["Header", "Rule", "Team", "Fact"]);
  });

  it("keeps every declaration when the last one is cut short by the end of the file", () => {
    const { ast, diagnostics } = parse(`protocol P "T"\nteam A "A"\nrule "R"\n  source "s"\n  transfer from`);
    expect(ast.declarations.map((d) => d.kind)).toEqual(["Header", "Team", "Rule"]);
    expect(diagnostics.map((d) => d.code)).toEqual(["syntax"]);
  });

  it("points at the end of the file when the file stops short", () => {
    const text = `${prelude}rule "r"\n  transfer from RAT to`;
    const [diagnostic] = parse(text).diagnostics;
    expect(diagnostic!.span).toEqual({ start: text.length, end: text.length });
    expect(diagnostic!.message).toBe("Expected a team after `transfer from RAT to`, but the file ends here.");
  });

  it("explains reserved words used as names", () => {
    const [diagnostic] = expectDiagnosticsAt(`${prelude}fact «notice»: date\n`, "syntax");
    expect(diagnostic!.message).toContain("`notice` is a reserved word, so it cannot be used as a name");
  });

  it("reads `=` in a condition as `is`, with one error and a fix, and nothing else reported", () => {
    const source = `${prelude}fact plan: one of none, some\nrule "r"\n  source "s"\n  when plan «=» none\n  remain\n`;
    const [diagnostic] = expectDiagnosticsAt(source, "syntax");
    expect(diagnostic!.message).toBe("Baton compares with `is`, not `=`: write `plan is child_protection`.");
    expect(analyze(stripMarks(source).text).diagnostics).toHaveLength(1);
    expect(analyze(applyFix(stripMarks(source).text, diagnostic!)).diagnostics).toEqual([]);
  });

  it("reads a date with one-digit month or day as the date meant, with a fix", () => {
    const [diagnostic] = expectDiagnosticsAt(`${prelude}holiday «2026-1-5» "x"\n`, "invalid-date");
    expect(diagnostic!.message).toBe("Dates are written year-month-day with two digits for the month and the day: `2026-01-05`.");
    expect(diagnostic!.fix?.edits[0]?.newText).toBe("2026-01-05");
  });

  it("does not call a flat condition with many `not`s too deep", () => {
    const condition = Array.from({ length: 100 }, (_, i) => `not a${i}`).join(" and ");
    expect(parse(`${prelude}let x = ${condition}\n`).diagnostics.filter((d) => d.code === "too-deep")).toEqual([]);
    expect(parse(`${prelude}let x = ${"(any xs where ".repeat(70)}y${")".repeat(70)}\n`).diagnostics.map((d) => d.code)).toEqual(["too-deep"]);
  });

  it("does not report a missing action when the action was lost to a syntax error", () => {
    const { diagnostics } = analyze(`${prelude}team RAT "R"\nteam CIN "C"\nfact n: number\nrule "r"\n  source "s"\n  when n < 2 < 3\n  transfer from RAT to CIN immediately\n`);
    expect(diagnostics.map((d) => d.code)).toEqual(["syntax"]);
  });

  it("names what a timing can be when it is missing", () => {
    const [diagnostic] = expectDiagnosticsAt(`${prelude}rule "r"\n  transfer to CIN\n  «requires» x\n`, "syntax");
    expect(diagnostic!.message).toBe(
      "Expected a timing (when it happens): `immediately`, `at EVENT`, `on DATE`, `within DURATION of ...`, `DURATION after ...` or `DURATION before ...` after `transfer to CIN`, but found `requires`.",
    );
  });

  it("reports characters that cannot appear, with a hint for the usual ones", () => {
    const [ampersand] = expectDiagnosticsAt(`${prelude}let x = a «&» b\n`, "syntax");
    expect(ampersand!.message).toContain("write `and`");
  });

  it("offers straight quotes for text in curly or single quotes", () => {
    const { text } = stripMarks(`protocol P «“Children’s services”»\n`);
    const [diagnostic] = expectDiagnosticsAt(`protocol P «“Children’s services”»\n`, "invalid-string");
    expect(applyFix(text, diagnostic!)).toBe(`protocol P "Children’s services"\n`);
    expectDiagnosticsAt(`protocol P «'Title'»\n`, "invalid-string");
  });

  it("reports a string with no closing quote, with a fix", () => {
    const text = `protocol P "Title\nteam A "a"\n`;
    const [diagnostic] = analyze(text).diagnostics.filter((d) => d.code === "invalid-string");
    expect(diagnostic!.message).toContain("no closing");
    expect(applyFix(text, diagnostic!).split("\n")[0]).toBe('protocol P "Title"');
  });

  it("reports escapes Baton does not know, at the escape", () => {
    const [diagnostic] = expectDiagnosticsAt(String.raw`protocol P "C:«\d»ocuments"`, "invalid-string");
    expect(diagnostic!.message).toContain("`\\d` is not an escape Baton knows");
    expectDiagnosticsAt(String.raw`protocol P "«\u{110000}»"`, "invalid-string");
    expectDiagnosticsAt(String.raw`protocol P "«\u{zz}»"`, "invalid-string");
  });

  it("reports impossible dates at the literal", () => {
    const [february] = expectDiagnosticsAt(`${prelude}holiday «2026-02-30» "x"\n`, "invalid-date");
    expect(february!.message).toBe("2026-02-30 is not a real date: February 2026 has 28 days.");
    const [month] = expectDiagnosticsAt(`${prelude}holiday «2026-13-01» "x"\n`, "invalid-date");
    expect(month!.message).toBe("2026-13-01 is not a real date: there is no month 13.");
    expectDiagnosticsAt(`${prelude}holiday 2024-02-29 "leap day"\n`, "invalid-date");
    expectDiagnosticsAt(`${prelude}holiday «2100-02-29» "not a leap year"\n`, "invalid-date");
  });

  it("reports durations that mix working days with other units, or use fractions or repeat a unit", () => {
    const [mixed] = expectDiagnosticsAt(`${prelude}let x = today + «1 week 3 working days»\n`, "invalid-duration");
    expect(mixed!.message).toContain("cannot mix working days with other units");
    expectDiagnosticsAt(`${prelude}let x = today + «1.5 weeks»\n`, "invalid-duration");
    expectDiagnosticsAt(`${prelude}let x = today + 1 week «2 weeks»\n`, "invalid-duration");
  });
});

describe("pathological input", () => {
  it("gives a diagnostic for an empty file", () => {
    expect(syntaxMessages("")).toEqual([
      '1:1 error [header] This file has no protocol in it. A protocol starts with `protocol Name "Title"`.',
    ]);
    expect(syntaxMessages("  \n# only a comment\n")).toHaveLength(1);
  });

  it("refuses 10,000 nested parentheses with one diagnostic, not a stack overflow", () => {
    const text = `${prelude}let x = ${"(".repeat(10_000)}yes${")".repeat(10_000)}\nteam A "a"\n`;
    const { diagnostics, ast } = parse(text);
    expect(diagnostics.map((d) => d.code)).toEqual(["too-deep"]);
    expect(ast.declarations.map((d) => d.kind)).toEqual(["Header", "Team"]);
  });

  it("reads nesting up to the limit", () => {
    const depth = MAX_NESTING - 1;
    expect(parse(`${prelude}let x = ${"(".repeat(depth)}yes${")".repeat(depth)}\n`).diagnostics).toEqual([]);
  });

  it("refuses 10,000 `not`s and unbalanced brackets without crashing", () => {
    expect(parse(`${prelude}let x = ${"not ".repeat(10_000)}yes\n`).diagnostics.map((d) => d.code)).toEqual(["too-deep"]);
    expect(parse(`${prelude}let x = ${"(".repeat(10_000)}\n`).diagnostics.map((d) => d.code)).toContain("too-deep");
    expect(() => analyze(`${prelude}let x = ${")".repeat(10_000)}\n`)).not.toThrow();
  });

  it("reads a condition of 120,000 terms on one line (700 KB)", () => {
    const text = `${prelude}fact x: yes/no\nlet y = ${Array.from({ length: 120_000 }, () => "x").join(" and ")}\n`;
    expect(text.length).toBeGreaterThan(1_000_000 - 400_000);
    const analysis = analyze(text);
    expect(analysis.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });

  it("reads a 1 MB string and a 1 MB name", () => {
    expect(parse(`protocol P "${"x".repeat(1_000_000)}"`).diagnostics).toEqual([]);
    expect(() => analyze(`${prelude}rule "r"\n  when ${"y".repeat(1_000_000)}\n  remain\n`)).not.toThrow();
  });

  it("recognises binary data", () => {
    const junk = Array.from({ length: 10_000 }, (_, i) => String.fromCharCode((i * 7919) % 256)).join("");
    const { diagnostics } = parse(junk);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]!.message).toContain("binary data");
  });

  it("caps the number of errors for text that is not a protocol", () => {
    const junk = Array.from({ length: 20_000 }, (_, i) => "§%$@!?^~`|"[i % 10] + (i % 3 === 0 ? " word" : "")).join("");
    const { diagnostics } = parse(junk);
    expect(diagnostics.length).toBeLessThanOrEqual(202);
    expect(diagnostics.at(-1)!.message).toMatch(/more (syntax errors|unreadable characters)/);
  });
});
