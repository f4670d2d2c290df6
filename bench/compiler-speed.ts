// Times parsing and checking generated protocols of 100, 1,000 and 10,000 rules (issue: a
// 10,000-rule protocol must check in under 1 s on the 2-core machine). Writes bench/check-speed.json.
import { writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { analyzeProtocol, analyzeText, check, parse } from "../packages/core/src/index.js";
import { generateProtocol } from "./generate.js";

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function time<T>(work: () => T): [T, number] {
  const started = performance.now();
  const result = work();
  return [result, performance.now() - started];
}

const sizes = [100, 1_000, 10_000];
const runs = Number(process.env["RUNS"] ?? 7);
const results = [];
// Warm up the parser and checker (the JIT), as an editor or a long-running build would be.
for (let i = 0; i < 3; i++) analyzeText(generateProtocol(1_000).text);

for (const size of sizes) {
  const protocol = generateProtocol(size);
  const parseTimes: number[] = [];
  const checkTimes: number[] = [];
  const totalTimes: number[] = [];
  const analysisTimes: number[] = [];
  let diagnostics = 0;
  let unexplored = 0;
  for (let run = 0; run < runs; run++) {
    const [parsed, parseMs] = time(() => parse(protocol.text));
    const [checked, checkMs] = time(() => check(parsed.ast, { text: protocol.text, syntaxDiagnostics: parsed.diagnostics }));
    parseTimes.push(parseMs);
    checkTimes.push(checkMs);
    totalTimes.push(parseMs + checkMs);
    diagnostics = parsed.diagnostics.length + checked.diagnostics.length;
    const [analysed, analysisMs] = time(() => analyzeProtocol(checked.model, protocol.text));
    analysisTimes.push(analysisMs);
    unexplored = analysed.unexplored;
  }
  const [, coldMs] = time(() => analyzeText(protocol.text));
  results.push({
    rules: size,
    lines: protocol.lines,
    bytes: protocol.text.length,
    diagnostics,
    parseMs: Math.round(median(parseTimes) * 10) / 10,
    checkMs: Math.round(median(checkTimes) * 10) / 10,
    totalMs: Math.round(median(totalTimes) * 10) / 10,
    analysisMs: Math.round(median(analysisTimes) * 10) / 10,
    analysisUnexplored: unexplored,
    lastRunMs: Math.round(coldMs * 10) / 10,
  });
  console.log(
    `${String(size).padStart(6)} rules, ${String(protocol.lines).padStart(7)} lines: parse ${median(parseTimes).toFixed(1)} ms, check ${median(checkTimes).toFixed(1)} ms, total ${median(totalTimes).toFixed(1)} ms; analysis ${median(analysisTimes).toFixed(1)} ms${unexplored ? ` (stopped at its time limit, ${unexplored} left)` : ""} (median of ${runs}); ${diagnostics} diagnostics`,
  );
}

const report = {
  command: "pnpm bench:check",
  date: new Date().toISOString(),
  node: process.version,
  cpu: cpus()[0]?.model ?? "unknown",
  cores: cpus().length,
  results,
};
writeFileSync(new URL("./check-speed.json", import.meta.url), `${JSON.stringify(report, null, 2)}\n`);
console.log("wrote bench/check-speed.json");
