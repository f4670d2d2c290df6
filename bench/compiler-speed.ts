// The compiler's speed as protocols grow (issue 8): generated protocols of 100, 1,000 and 10,000
// rules, timed phase by phase (parse, check, analyse, emit) and end to end as `baton build` does
// it (`compileText`: everything but writing the file). Target: a 10,000-rule protocol checked and
// built in under 1 s. Phases are timed on the same text, median of RUNS (default 7) after a
// warm-up. Writes bench/compiler-speed.json.
// Run with `node scripts/run-ts.mjs bench/compiler-speed.ts` (part of `pnpm bench`).
import { writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { analyzeProtocol, analyzeText, check, compileText, emitTypeScript, parse } from "../packages/core/src/index.js";
import { generateProtocol } from "./generate.js";
import { median } from "./stats.js";

const round = (value: number) => Math.round(value * 10) / 10;

function time<T>(work: () => T): [T, number] {
  const started = performance.now();
  const result = work();
  return [result, performance.now() - started];
}

const sizes = [100, 1_000, 10_000];
const runs = Number(process.env["RUNS"] ?? 7);
const loadBefore = loadavg();
// Warm up (the JIT), as a long-running build or editor would be.
for (let i = 0; i < 3; i++) compileText(generateProtocol(1_000).text);

const results = [];
for (const size of sizes) {
  const protocol = generateProtocol(size);
  const phases = { parse: [] as number[], check: [] as number[], analyse: [] as number[], emit: [] as number[], build: [] as number[] };
  let diagnostics = 0;
  let stoppedEarly = false;
  let moduleBytes = 0;
  for (let run = 0; run < runs; run++) {
    const [parsed, parseMs] = time(() => parse(protocol.text));
    const [checked, checkMs] = time(() => check(parsed.ast, { text: protocol.text, syntaxDiagnostics: parsed.diagnostics }));
    const [analysed, analyseMs] = time(() => analyzeProtocol(checked.model, protocol.text));
    const [compiled, emitMs] = time(() => emitTypeScript(checked.model, protocol.text));
    const [built, buildMs] = time(() => compileText(protocol.text));
    if (built.module === undefined) throw new Error(`the generated protocol of ${size} rules did not compile`);
    phases.parse.push(parseMs);
    phases.check.push(checkMs);
    phases.analyse.push(analyseMs);
    phases.emit.push(emitMs);
    phases.build.push(buildMs);
    diagnostics = parsed.diagnostics.length + checked.diagnostics.length + analysed.diagnostics.length;
    stoppedEarly = analysed.unexplored > 0;
    moduleBytes = compiled.typescript.length;
  }
  const row = {
    rules: size,
    lines: protocol.lines,
    bytes: protocol.text.length,
    moduleBytes,
    diagnostics,
    analysisStoppedAtTimeLimit: stoppedEarly,
    parseMs: round(median(phases.parse)),
    checkMs: round(median(phases.check)),
    analyseMs: round(median(phases.analyse)),
    emitMs: round(median(phases.emit)),
    checkedAndBuiltMs: round(median(phases.build)),
  };
  results.push(row);
  console.log(
    `${String(size).padStart(6)} rules, ${String(protocol.lines).padStart(6)} lines: parse ${row.parseMs} ms, check ${row.checkMs} ms, analyse ${row.analyseMs} ms${stoppedEarly ? " (at its time limit)" : ""}, emit ${row.emitMs} ms; checked and built ${row.checkedAndBuiltMs} ms`,
  );
}

// How the cost grows: time per rule at each size, against the smallest.
const growth = results.map((row) => ({ rules: row.rules, msPerThousandRules: round((row.checkedAndBuiltMs / row.rules) * 1000) }));
const largest = results.at(-1)!;
const report = {
  command: "node scripts/run-ts.mjs bench/compiler-speed.ts",
  date: new Date().toISOString(),
  node: process.version,
  cpu: cpus()[0]?.model ?? "unknown",
  cores: cpus().length,
  runs,
  loadAverage: { before: loadBefore.map(round), after: loadavg().map(round) },
  target: "a 10,000-rule protocol checked and built in under 1 s",
  met: largest.checkedAndBuiltMs < 1000,
  results,
  growth,
};
writeFileSync(new URL("./compiler-speed.json", import.meta.url), `${JSON.stringify(report, null, 2)}\n`);
console.log(`10,000 rules checked and built in ${largest.checkedAndBuiltMs} ms: target (under 1,000 ms) ${report.met ? "met" : "missed"}`);
console.log("wrote bench/compiler-speed.json");
