// A bounded run of `pnpm fuzz` (docs/fuzzing.md) in the test suite: each target with a few dozen
// generated inputs, and the language server under a few hundred random edits, from fixed seeds (set
// BATON_FUZZ_SEED to try others). Then checks of the fuzzer itself, so that a fuzzer that could not
// fail would be noticed, and the bugs fuzzing found, kept as ordinary tests.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { analyzeText, compileText } from "../packages/core/src/index.js";
import { BatonDocuments } from "../packages/language-server/src/documents.js";
import { layOut } from "../packages/prettier-plugin/test/generate.js";
import { loadCompiled, runtimeSpecifier } from "../fuzz/compiled.js";
import { replacement, runLspEdits } from "../fuzz/lsp.js";
import { mutateText, textMutation } from "../fuzz/mutate.js";
import { validProgram } from "../fuzz/program.js";
import { runShard } from "../fuzz/shard.js";
import { checkSpans, emptyStats, exampleFiles, FuzzFailure, targets, type TargetName } from "../fuzz/targets.js";
import { runBaton } from "./run-cli.js";

const seed = Number(process.env["BATON_FUZZ_SEED"] ?? 20261123);

describe("pnpm fuzz, bounded", () => {
  it.each<[TargetName, number]>([
    ["valid", 40],
    ["nearly-valid", 80],
    ["examples", 25],
  ])("%s: %i inputs, no failure", async (target, runs) => {
    const result = await runShard({ target, seed, runs, compileEvery: 1 });
    expect(result.failure, `${result.failure?.message}\n--- input (replay: pnpm fuzz --only ${target} --seed ${seed} --path ${result.failure?.path}) ---\n${result.failure?.input}`).toBeUndefined();
    expect(result.stats.inputs).toBe(runs);
    if (target === "valid") {
      // Every valid program is formatted, compiled and run on cases both ways.
      expect(result.stats.formatted).toBe(runs);
      expect(result.stats.compiled).toBe(runs);
      expect(result.stats.cases).toBeGreaterThanOrEqual(runs);
    } else {
      expect(result.stats.formatted + result.stats.refused).toBe(runs);
    }
  }, 60_000);

  it("the language server survives 300 random edits and answers every request", async () => {
    const result = await runLspEdits({ edits: 300, seed });
    expect(result.failures).toEqual([]);
    expect(result.edits).toBe(300);
    expect(result.publicationsChecked).toBeGreaterThan(0);
    expect(result.memory.afterEditsMB).toBeGreaterThan(0);
  }, 60_000);
});

describe("the fuzzer's own checks", () => {
  it("generates programs that check without errors, with rules, in random layouts", () => {
    for (const [program, layout] of fc.sample(fc.tuple(validProgram, fc.integer()), { numRuns: 30, seed })) {
      const text = layOut(program.lines, layout);
      const errors = analyzeText(text).diagnostics.filter((d) => d.severity === "error" && !(program.conflictsAllowed && d.code === "conflict"));
      expect(errors, text).toEqual([]);
      expect(program.declarations.rules.length).toBeGreaterThan(0);
    }
  });

  it("reports a diagnostic whose range leaves the text", () => {
    const inside = { code: "syntax", severity: "error", message: "m", span: { start: 0, end: 3 } } as const;
    expect(() => checkSpans("abc", [inside])).not.toThrow();
    expect(() => checkSpans("abc", [{ ...inside, span: { start: 2, end: 4 } }])).toThrow(FuzzFailure);
    expect(() => checkSpans("abc", [{ ...inside, related: [{ span: { start: -1, end: 0 }, message: "r" }] }])).toThrow(FuzzFailure);
    expect(() => checkSpans("abc", [{ ...inside, fix: { title: "f", edits: [{ span: { start: 3, end: 2 }, newText: "" }] } }])).toThrow(FuzzFailure);
  });

  it("reports a valid program that the checker rejects", async () => {
    const target = targets.valid;
    const [input] = fc.sample(target.arbitrary, { numRuns: 1, seed });
    // The same program with one more rule, which keeps the case with a team nobody declared.
    const broken = { ...input!, program: { ...input!.program, lines: [...input!.program.lines, [{ level: 0, tokens: ["rule", '"X"'] }, { level: 1, tokens: ["remain", "with", "Nobody"] }]] } };
    await expect(target.check(broken, { stats: emptyStats() })).rejects.toThrow(/a valid program has errors/);
  });

  it("makes each edit to the language server's text as to its own, even next to a \\r\\n line break", () => {
    // Text made of line breaks of every kind and a few letters, edited at any offsets: the server's
    // copy (BatonDocuments, as the server keeps open files) must read what the fuzzer's copy reads.
    const pieces = fc.constantFrom("a", "b", "\r", "\n", "\r\n", "\u2028");
    const texts = fc.string({ unit: pieces, maxLength: 12 });
    fc.assert(
      fc.property(texts, fc.nat(), fc.nat(), texts, (text, a, b, inserted) => {
        const start = Math.min(a, b) % (text.length + 1);
        const end = Math.min(text.length, start + (Math.max(a, b) % 4));
        const server = new BatonDocuments();
        server.opened("file:///t.baton", 1, text);
        const { change, after } = replacement(text, start, end, inserted);
        server.changed("file:///t.baton", 2, [change]);
        expect(server.get("file:///t.baton")!.text).toBe(after);
      }),
      { numRuns: 2_000, seed },
    );
  });

  it("damages the examples in every way it says, and repeatably", () => {
    const text = exampleFiles[0]!.text;
    const ops = new Set<string>();
    for (const mutation of fc.sample(textMutation, { numRuns: 300, seed })) {
      const damaged = mutateText(text, mutation);
      expect(mutateText(text, mutation)).toBe(damaged);
      if (damaged !== text) ops.add(mutation.op);
    }
    expect([...ops].sort()).toEqual(
      ["copy-line", "copy-token", "delete-bytes", "delete-line", "delete-token", "insert-bytes", "insert-token", "move-chunk", "relayout", "replace-byte", "swap-bytes", "swap-lines", "swap-tokens"].sort(),
    );
  });
});

describe("found by fuzzing", () => {
  // A protocol whose `notice` duration appears nowhere else: the compiled module used a constant it
  // had not written, and `baton eval` failed with "duration1 is not defined".
  const noticeOnly = 'protocol P "T"\n  notice 2 weeks\n  otherwise remain\n\nteam A "A"\nteam B "B"\n\nrule "R"\n  source "s"\n  transfer from A to B immediately\n';

  it("baton eval decides with a notice period that no rule mentions", () => {
    const folder = mkdtempSync(join(tmpdir(), "baton-fuzz-"));
    writeFileSync(join(folder, "notice.baton"), noticeOnly);
    writeFileSync(join(folder, "case.json"), JSON.stringify({ team: "A", facts: {} }));
    const result = runBaton(["eval", "notice.baton", "--case", "case.json", "--today", "2026-01-12"], folder);
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout)).toMatchObject({ outcome: "transfer", to: "B", due: "2026-01-12", requestBy: "2025-12-29" });
  });

  it("the compiled module of such a protocol loads", async () => {
    const compiled = await loadCompiled(compileText(noticeOnly, { runtimeImport: runtimeSpecifier }).module!.typescript);
    expect(compiled.decide({ team: "A", facts: {} }, { today: "2026-01-12" })).toMatchObject({ requestBy: "2025-12-29" });
  });
});
