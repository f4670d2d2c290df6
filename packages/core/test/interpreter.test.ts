// The reference interpreter and the compiled module are two independent evaluations of a protocol;
// on every test case of every example protocol they must give the same decision, trace included.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { CaseInput } from "@baton/runtime";
import { describe, expect, it } from "vitest";
import { analyzeText, compileText, interpretDecision, interpretProtocol, testCases } from "../src/index.js";

const here = import.meta.dirname;
const root = join(here, "../../..");
const files = [
  ...readdirSync(join(root, "examples")).filter((name) => name.endsWith(".baton")).map((name) => join(root, "examples", name)),
  join(here, "fixtures/constructs.baton"),
  join(root, "docs/examples/spec-section-1.baton"),
];

describe.each(files.map((file) => [file.split("/").at(-1)!, file]))("%s", (name, file) => {
  it("decides every test case as the compiled module does", async () => {
    const text = readFileSync(file, "utf8");
    const { model } = analyzeText(text);
    const compiled = compileText(text);
    mkdirSync(join(here, ".generated"), { recursive: true });
    const path = join(here, ".generated", `interpreted-${name.replace(".baton", "")}.ts`);
    writeFileSync(path, compiled.module!.typescript);
    const module = (await import(path)) as { decide: (input: unknown, options: { today: string }) => unknown; validate: (input: unknown) => unknown };
    const spec = interpretProtocol(model, text);
    const cases = testCases(model);
    expect(cases.length).toBeGreaterThan(0);
    for (const { input, today } of cases) {
      expect(interpretDecision(spec, module.validate(input) as CaseInput, today)).toEqual(module.decide(input, { today }));
    }
  });
});
