// Pathological protocols (issue 9, point 6): huge, long and deep files go through everything a
// protocol goes through (parse, check, the conflict and gap analysis, compile, format) and give a
// result or a clear diagnostic, never a stack overflow or a hang. The sizes here are a tenth or so
// of issue 9's; `node scripts/run-ts.mjs bench/pathological.ts` runs the full ones (100,000 rules,
// 5 MB lines) and records the times in bench/pathological.json.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as prettier from "prettier";
import { describe, expect, it } from "vitest";
import { pathologicalProtocols } from "../bench/pathological-protocols.js";
import { analyzeText, compileText, interpretDecision, interpretProtocol, type CompileResult } from "../packages/core/src/index.js";
import plugin, { BatonSyntaxError } from "../packages/prettier-plugin/src/index.js";

const protocols = pathologicalProtocols("test");

/** What each gives: built (no errors), or the codes of the errors that stop it. */
const expected: [string, { built: true } | { errors: string[] }][] = [
  ["5,000 rules", { built: true }],
  ["one line of 1 MB", { built: true }],
  ["a string of 1 MB", { built: true }],
  ["a name of 1 MB", { built: true }],
  ["nested brackets", { errors: ["syntax", "too-deep"] }],
  ["a chain of 10,000 lets", { errors: ["too-deep"] }],
  ["a chain of 5,000 exceptions", { errors: ["too-deep"] }],
  ["10,000 values in one enumeration", { built: true }],
  ["a test giving a list of 10,000 entries", { built: true }],
  ["naming a rule that does not exist", { errors: ["unknown-name"] }],
  ["MB of text that is not a protocol", { errors: ["syntax"] }],
];

function compile(text: string): CompileResult {
  return compileText(text);
}

describe("pathological protocols", () => {
  it("are all here", () => {
    expect(protocols.map(({ name }) => expected.findIndex(([part]) => name.includes(part)))).toEqual(expected.map((_, index) => index));
  });

  it.each(protocols.map(({ name }, index) => [name, index] as const))("%s: a result or a clear diagnostic, and the formatter copes", async (_name, index) => {
    const { text } = protocols[index]!;
    const [, outcome] = expected[index]!;
    const result = compile(text);
    const errors = result.diagnostics.filter((diagnostic) => diagnostic.severity === "error");
    if ("built" in outcome) {
      expect(errors).toEqual([]);
      expect(result.module?.typescript).toContain("export function decide(");
    } else {
      expect(result.module).toBeUndefined();
      expect([...new Set(errors.map((diagnostic) => diagnostic.code))].sort()).toEqual(outcome.errors);
    }
    // Never more than a screenful or so of errors for one file, however broken.
    expect(errors.length).toBeLessThanOrEqual("errors" in outcome && outcome.errors.includes("unknown-name") ? 2_000 : 202);
    try {
      const formatted = await prettier.format(text, { parser: "baton", plugins: [plugin] });
      expect(analyzeText(formatted, { analysis: false }).diagnostics.filter((d) => d.severity === "error").map((d) => d.code)).toEqual(
        errors.map((d) => d.code).filter((code) => code !== "syntax"),
      );
    } catch (failure) {
      // The formatter refuses a file with syntax errors, and says so; it never crashes.
      expect(failure).toBeInstanceOf(BatonSyntaxError);
      expect(errors.some((diagnostic) => diagnostic.code === "syntax" || diagnostic.code === "too-deep")).toBe(true);
    }
  }, 60_000);
});

describe("limits", () => {
  const header = `protocol P "Limits"\n  otherwise remain\nteam RAT "R"\nteam CIN "C"\nfact x: yes/no\nfact n: number\n`;

  it("refuses a let that uses the one before it twice, twenty times over, instead of writing a module of gigabytes", () => {
    const lets = Array.from({ length: 20 }, (_, i) => `let l${i + 1} = l${i} and (l${i} or x)`).join("\n");
    const text = `${header}let l0 = x or n > 1\n${lets}\nrule "r"\n  source "s"\n  when l20\n  transfer from RAT to CIN immediately\n`;
    const started = performance.now();
    const result = compile(text);
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(result.diagnostics.map((d) => d.code)).toEqual(["too-deep"]);
    expect(result.diagnostics[0]!.message).toBe(
      "This value, written out in full with the values it is worked out from, would be more than 100,000 conditions long, because it uses other values many times over. Work it out from facts more directly.",
    );
    expect(text.slice(result.diagnostics[0]!.span.start, result.diagnostics[0]!.span.end)).toMatch(/^l1\d$/);
  });

  it("compiles such a let below the limit without expanding it, and the compiled module and the interpreter agree", async () => {
    const lets = Array.from({ length: 10 }, (_, i) => `let l${i + 1} = l${i} and (l${i} or x)`).join("\n");
    const text = `${header}let l0 = x or n > 1\n${lets}\nrule "r"\n  source "s"\n  when l10\n  transfer from RAT to CIN immediately\n`;
    const runtime = join(import.meta.dirname, "../packages/runtime/src/index.ts");
    const result = compileText(text, { runtimeImport: runtime });
    expect(result.module!.typescript.length).toBeLessThan(20_000);
    const path = join(mkdtempSync(join(tmpdir(), "baton-lets-")), "lets.ts");
    writeFileSync(path, result.module!.typescript);
    const compiled = (await import(path)) as { decide: (input: unknown, options: { today: string }) => { outcome: string } };
    const analysis = analyzeText(text);
    const spec = interpretProtocol(analysis.model, text);
    const cases: [Record<string, unknown>, string][] = [
      [{ x: true }, "transfer"],
      [{ x: false, n: 2 }, "transfer"],
      [{ x: false, n: 0 }, "remain"],
      [{}, "needs-information"],
    ];
    for (const [facts, outcome] of cases) {
      expect(interpretDecision(spec, { team: "RAT", facts }, "2026-01-12").outcome).toBe(outcome);
      expect(compiled.decide({ team: "RAT", facts }, { today: "2026-01-12" }).outcome).toBe(outcome);
    }
  });

  it("reads lets nested 480 levels deep through each other, and refuses 520", () => {
    const nested = (count: number, depth: number) =>
      `${header}let l0 = x\n${Array.from({ length: count }, (_, i) => `let l${i + 1} = ${"(x and ".repeat(depth)}l${i}${")".repeat(depth)}`).reverse().join("\n")}\nrule "r"\n  source "s"\n  when l${count}\n  transfer from RAT to CIN immediately\n`;
    expect(compile(nested(4, 60)).module).toBeDefined();
    const refused = compile(nested(5, 52));
    expect(refused.diagnostics.map((d) => d.code)).toEqual(["too-deep"]);
    expect(refused.diagnostics[0]!.message).toBe(
      "This value is nested more than 512 levels deep, counting the brackets of the values it is worked out from. Work it out from facts more directly.",
    );
  });

  it("refuses a chain of more than 256 exceptions once, where it grows too long", () => {
    const chain = (length: number) =>
      `${header}${Array.from({ length }, (_, i) => `rule "r${i}"\n  source "s"\n${i > 0 ? `  exception to "r${i - 1}"\n` : ""}  when n > ${i}\n  ${i % 2 === 0 ? "transfer from RAT to CIN immediately" : "remain"}\n`).join("")}`;
    expect(compile(chain(256)).diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const text = chain(300);
    const refused = compile(text).diagnostics;
    expect(refused.map((d) => d.code)).toEqual(["too-deep"]);
    expect(text.slice(refused[0]!.span.start, refused[0]!.span.end)).toBe('"r255"');
    expect(refused[0]!.message).toBe(
      "This makes a chain of more than 256 rules, each an exception to the next, which no protocol needs. Make each rule an exception only to the rules it really takes precedence over.",
    );
  });

  it("stops suggesting names after spending its budget on thousands of misspellings, instead of taking minutes", () => {
    const count = 5_000;
    const text = `${header}${Array.from({ length: count }, (_, i) => `rule "rule number ${i}"\n  source "s"\n  exception to "rule numbr ${i}"\n  when x\n  remain\n`).join("")}`;
    const started = performance.now();
    const unknown = analyzeText(text, { analysis: false }).diagnostics.filter((d) => d.code === "unknown-name");
    expect(performance.now() - started).toBeLessThan(20_000);
    expect(unknown).toHaveLength(count);
    expect(unknown[0]!.message).toBe('There is no rule called "rule numbr 0". Did you mean "rule number 0"?');
    expect(unknown.at(-1)!.message).toBe(`There is no rule called "rule numbr ${count - 1}".`);
  });
});
