// Every construct of spec sections 5 to 7, end to end: fixtures/constructs.baton is compiled, its
// test blocks are decided by the generated module, and each must pass.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeText, compileText, describeDecision, testCases, unmetExpectations, type DecisionLike } from "../src/index.js";

const here = import.meta.dirname;
const text = readFileSync(join(here, "fixtures/constructs.baton"), "utf8");

async function compiled(source: string, name: string) {
  const result = compileText(source, { fileName: `${name}.baton` });
  if (!result.module) throw new Error(result.diagnostics.map((d) => d.message).join("\n"));
  mkdirSync(join(here, ".generated"), { recursive: true });
  const path = join(here, ".generated", `${name}.ts`);
  writeFileSync(path, result.module.typescript);
  return (await import(path)) as { decide: (input: unknown, options: { today: string }) => DecisionLike };
}

const { model, diagnostics } = analyzeText(text);

describe("constructs.baton", () => {
  it("checks clean, but for the gap it keeps on purpose (a test expects `no rule`)", () => {
    expect(diagnostics.map((d) => d.code)).toEqual(["gap"]);
  });

  it.each(testCases(model).map((testCase) => [testCase.test.name.value, testCase] as const))("%s", async (_, { test, today, input }) => {
    const { decide } = await compiled(text, "constructs");
    const decision = decide(input, { today });
    expect(unmetExpectations(test, decision), describeDecision(decision)).toEqual([]);
  });

  it("fails a test whose expectation is wrong, saying what was decided", async () => {
    const wrong = text.replace("expect transfer to CIN on 2026-01-12 request by 2025-12-29", "expect transfer to CIC on 2026-01-12");
    const { decide } = await compiled(wrong, "constructs-wrong");
    const testCase = testCases(analyzeText(wrong).model)[0]!;
    const decision = decide(testCase.input, { today: testCase.today });
    expect(unmetExpectations(testCase.test, decision)).toEqual(["expected transfer to CIC on 2026-01-12"]);
    expect(describeDecision(decision)).toBe(
      'transfer to CIN on 2026-01-12, requested by 2025-12-29 (rule "Immediately"); missing assessment',
    );
  });
});
