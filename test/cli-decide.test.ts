// `baton build`, `baton eval` and `baton test` end to end, as a user runs them.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { runBaton, root } from "./run-cli.js";

const spec = join(root, "docs/examples/spec-section-1.baton");

const run = runBaton;

let folder: string;
beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), "baton-decide-"));
  cpSync(spec, join(folder, "hillingdon.baton"));
  writeFileSync(
    join(folder, "case.json"),
    JSON.stringify({
      team: "RAT",
      facts: { plan: "child_protection", proceedings: false },
      events: { initial_conference: { held: "2026-01-10" } },
      documents: ["core_assessment"],
    }),
  );
});

describe("baton eval", () => {
  it("prints the decision as JSON", () => {
    const result = run(["eval", "hillingdon.baton", "--case", "case.json", "--today", "2026-01-12"], folder);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ outcome: "transfer", from: "RAT", to: "CIN", due: "2026-01-10", missing: ["chronology"] });
  });

  it("prints the decision in words with --explain", () => {
    const result = run(["eval", "hillingdon.baton", "--case", "case.json", "--today", "2026-01-12", "--explain"], folder);
    expect(result.status).toBe(0);
    expect(result.stdout.split("\n").slice(0, 3)).toEqual([
      'Transfer from Referral and Assessment Team to Child in Need Team on 2026-01-10, under rule "Child protection cases move to CIN" (Section 2, table 1, CPR Case (1)).',
      "Because: Needs ongoing community support, but not at the level of legal proceedings.",
      "Still missing: Chronology.",
    ]);
  });

  it("prints every problem of an invalid case record with its path, and exits 1", () => {
    writeFileSync(join(folder, "bad.json"), JSON.stringify({ team: "XYZ", facts: { plan: "nope", proceedings: "no", colour: "red" }, documents: ["passport"] }));
    const result = run(["eval", "hillingdon.baton", "--case", "bad.json", "--today", "2026-01-12"], folder);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe(
      [
        "bad.json is not a valid case record for Hillingdon:",
        "  $.team: `XYZ` is not a team; expected one of: RAT, CIN, CIC, Plus16",
        "  $.facts.plan: `nope` is not one of the allowed values; did you mean `none`? (expected one of: child_protection, child_in_need, none)",
        "  $.facts.proceedings: should be yes or no (true or false), but is the text \"no\"",
        "  $.facts.colour: is not a fact of this protocol",
        "  $.documents[0]: `passport` is not a document of this protocol; expected one of: core_assessment, chronology",
        "",
      ].join("\n"),
    );
  });

  it("never prints a hidden character as itself: marked in words, escaped in JSON", () => {
    // A rule name with a right-to-left override and a zero width space (the checker warns of both).
    const protocol = readFileSync(spec, "utf8").replaceAll('"Child protection cases move to CIN"', '"Child protection \u202ecases move\u200b to CIN"');
    writeFileSync(join(folder, "hidden.baton"), protocol);
    const json = run(["eval", "hidden.baton", "--case", "case.json", "--today", "2026-01-12"], folder);
    expect(json.stdout).toContain('"rule": "Child protection \\u202ecases move\\u200b to CIN"');
    expect(json.stdout).not.toMatch(/[\u202e\u200b]/);
    expect((JSON.parse(json.stdout) as { rule: string }).rule).toBe("Child protection \u202ecases move\u200b to CIN");
    const words = run(["eval", "hidden.baton", "--case", "case.json", "--today", "2026-01-12", "--explain"], folder);
    expect(words.stdout).toContain('under rule "Child protection <U+202E>cases move<U+200B> to CIN"');
    writeFileSync(join(folder, "hidden.json"), JSON.stringify({ team: "RAT", facts: { plan: "none\u202e" } }));
    const refused = run(["eval", "hillingdon.baton", "--case", "hidden.json", "--today", "2026-01-12"], folder);
    expect(refused.stdout).toContain("`none<U+202E>` is not one of the allowed values");
    expect(refused.stdout).not.toMatch(/\u202e/);
  });

  it("explains usage mistakes and unreadable files with exit 2", () => {
    expect(run(["eval", "hillingdon.baton"], folder)).toMatchObject({ status: 2, stderr: "baton: name the case record with --case CASE.json\n" });
    expect(run(["eval", "hillingdon.baton", "--case", "case.json", "--today", "12/01/2026"], folder).status).toBe(2);
    expect(run(["eval", "hillingdon.baton", "--case", "missing.json"], folder).status).toBe(2);
    writeFileSync(join(folder, "broken.json"), "{ not json");
    expect(run(["eval", "hillingdon.baton", "--case", "broken.json"], folder).status).toBe(1);
  });
});

describe("baton test", () => {
  it("runs the spec's test and ends with the count", () => {
    const result = run(["test", "hillingdon.baton"], folder);
    expect(result.status).toBe(0);
    expect(result.stdout.trimEnd().split("\n").at(-1)).toBe("1 passed, 0 failed");
  });

  it("shows a failure with its place, what was expected, what was decided and why", () => {
    const text = readFileSync(spec, "utf8").replace("expect transfer to CIN on 2026-01-10", "expect transfer to CIC on 2026-01-10");
    writeFileSync(join(folder, "failing.baton"), text);
    const result = run(["test", "failing.baton"], folder);
    expect(result.status).toBe(1);
    const lines = result.stdout.split("\n");
    expect(lines.slice(0, 5)).toEqual([
      `FAIL failing.baton:${text.split("\n").findIndex((line) => line.startsWith("test ")) + 1}:1 test "A CP case moves to CIN at the initial conference"`,
      "  expected transfer to CIC on 2026-01-10",
      '  but decided: transfer to CIN on 2026-01-10 (rule "Child protection cases move to CIN"); missing chronology',
      "  why:",
      '    Transfer from Referral and Assessment Team to Child in Need Team on 2026-01-10, under rule "Child protection cases move to CIN" (Section 2, table 1, CPR Case (1)).',
    ]);
    expect(result.stdout.trimEnd().split("\n").at(-1)).toBe("0 passed, 1 failed");
  });

  it("lists the rules no test decided with --coverage", () => {
    const result = run(["test", "hillingdon.baton", "--coverage"], folder);
    expect(result.stdout).toContain('  coverage: 2 of 3 rules never decided in a test:\n    hillingdon.baton:32:1: "Child protection cases in proceedings move to CIC"');
  });

  it("runs all five example protocols' tests, and every rule decides in one", () => {
    const result = run(["test", "examples", "--coverage"], root);
    expect(result.status).toBe(0);
    expect(result.stdout).not.toContain("never decided");
    expect(result.stdout.trimEnd().split("\n").at(-1)).toMatch(/^\d+ passed, 0 failed$/);
  });
});

describe("baton build", () => {
  it("writes TypeScript by default, byte-identical when built twice", () => {
    const out = join(folder, "out-ts");
    expect(run(["build", "hillingdon.baton", "--out-dir", out], folder)).toMatchObject({ status: 0 });
    const first = readFileSync(join(out, "hillingdon.ts"), "utf8");
    run(["build", "hillingdon.baton", "--out-dir", out], folder);
    expect(readFileSync(join(out, "hillingdon.ts"), "utf8")).toBe(first);
    expect(first).toMatch(/^import \{ [^}]*\bvalidateAndDecide, validateCase, [^}]*\} from "@baton\/runtime";$/m);
  });

  it("writes JavaScript and declarations with --js", () => {
    const out = join(folder, "out-js");
    const result = run(["build", "hillingdon.baton", "--out-dir", out, "--js"], folder);
    expect(result.stdout).toContain("hillingdon.baton: wrote out-js/hillingdon.js and out-js/hillingdon.d.ts");
    expect(readFileSync(join(out, "hillingdon.d.ts"), "utf8")).toContain("export declare function decide(");
    expect(readFileSync(join(out, "hillingdon.js"), "utf8")).not.toContain(": RuleSpec");
  });

  it("writes one self-contained file with --bundle, which decides", async () => {
    const out = join(folder, "out-bundle");
    expect(run(["build", "hillingdon.baton", "--out-dir", out, "--bundle"], folder).status).toBe(0);
    const code = readFileSync(join(out, "hillingdon.js"), "utf8");
    expect(code).not.toMatch(/from\s+["']@baton\/runtime["']/);
    const module = (await import(pathToFileURL(join(out, "hillingdon.js")).href)) as { decide: (input: unknown, options: { today: string }) => { outcome: string; to: string } };
    expect(module.decide(JSON.parse(readFileSync(join(folder, "case.json"), "utf8")), { today: "2026-01-12" })).toMatchObject({ outcome: "transfer", to: "CIN" });
  });

  it("does not build a protocol with errors, printing them, and exits 1", () => {
    writeFileSync(join(folder, "broken.baton"), readFileSync(spec, "utf8").replace("to CIN at", "to CNI at"));
    const result = run(["build", "broken.baton", "--out-dir", join(folder, "out-broken")], folder);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("error [unknown-name] There is no team called `CNI`. Did you mean `CIN`?");
    expect(result.stdout).toContain("broken.baton: not built, because of the errors above.");
    expect(run(["build", "hillingdon.baton"], folder)).toMatchObject({ status: 2, stderr: "baton: say where to write the modules with --out-dir DIR\n" });
  });
});
