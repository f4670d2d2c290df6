// Times the static analysis (conflicts, gaps, unreachable rules) on each example protocol and on
// generated protocols of 100 and 500 rules. Targets: under 100 ms per example, under 1 s for 500
// rules. Writes bench/analysis-speed.json.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { analyzeProtocol, analyzeText } from "../packages/core/src/index.js";
import { generateProtocol } from "./generate.js";
import { median } from "./stats.js";

const runs = Number(process.env["RUNS"] ?? 7);

function time(name: string, text: string) {
  const { model } = analyzeText(text, { analysis: false });
  analyzeProtocol(model, text); // warm up
  const times: number[] = [];
  let result = analyzeProtocol(model, text);
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    result = analyzeProtocol(model, text);
    times.push(performance.now() - started);
  }
  const counts: Record<string, number> = {};
  for (const diagnostic of result.diagnostics) counts[diagnostic.code] = (counts[diagnostic.code] ?? 0) + 1;
  const row = { name, rules: model.rules.size, analysisMs: Math.round(median(times) * 10) / 10, unexplored: result.unexplored, diagnostics: counts };
  console.log(`${name.padEnd(28)} ${String(row.rules).padStart(5)} rules  ${row.analysisMs.toFixed(1).padStart(8)} ms  ${JSON.stringify(counts)}${row.unexplored ? `  (${row.unexplored} unexplored)` : ""}`);
  return row;
}

const examples = join(import.meta.dirname, "../examples");
const results = [
  ...readdirSync(examples).filter((name) => name.endsWith(".baton")).sort().map((name) => time(name, readFileSync(join(examples, name), "utf8"))),
  time("generated, 100 rules", generateProtocol(100).text),
  time("generated, 500 rules", generateProtocol(500).text),
];
writeFileSync(
  join(import.meta.dirname, "analysis-speed.json"),
  `${JSON.stringify({ command: "pnpm bench:analysis", date: new Date().toISOString(), node: process.version, cpu: cpus()[0]?.model, runs, results }, null, 2)}\n`,
);
console.log("wrote bench/analysis-speed.json");
