// Pathological protocols (issue 9, point 6), each taken through every stage a user's file goes
// through: parse and check, then the whole of `baton build` (parse, check, the conflict and gap
// analysis, compile), then the formatter. Each must give a result or a clear diagnostic in bounded
// time, never a stack overflow. The tests (test/pathological.test.ts) run smaller sizes; this runs
// issue 9's (100,000 rules, 5 MB lines) and writes the times to bench/pathological.json.
//
// Each stage runs in a process of its own, with Node's default memory limit, as `baton` would: one
// that runs out of memory or crashes is recorded as such instead of ending the benchmark.
// Run with `node scripts/run-ts.mjs bench/pathological.ts`.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { fileURLToPath } from "node:url";
import * as prettier from "prettier";
import { analyzeText, compileText } from "../packages/core/src/index.js";
import plugin from "../packages/prettier-plugin/src/index.js";
import { pathologicalProtocols } from "./pathological-protocols.js";

type Stage = "check" | "build" | "format";
const stages: Stage[] = ["check", "build", "format"];

interface StageResult {
  ms: number;
  outcome: string;
}

/** Runs one stage on one protocol, in this process; prints the result as JSON. */
async function runStage(index: number, stage: Stage): Promise<StageResult> {
  const { text } = pathologicalProtocols("full")[index]!;
  const started = performance.now();
  let outcome: string;
  if (stage === "check") {
    const { diagnostics } = analyzeText(text, { analysis: false });
    outcome = describe(diagnostics.map((diagnostic) => diagnostic.code));
  } else if (stage === "build") {
    const result = compileText(text);
    const codes = result.diagnostics.map((diagnostic) => diagnostic.code);
    outcome = `${result.module ? `built (${Math.round(result.module.typescript.length / 1e6)} MB of TypeScript)` : "not built"}; ${describe(codes)}`;
  } else {
    try {
      const formatted = await prettier.format(text, { parser: "baton", plugins: [plugin] });
      outcome = `formatted (${Math.round(formatted.length / 1e5) / 10} MB)`;
    } catch (failure) {
      outcome = `refused: ${String((failure as Error).message).split("\n")[0]!.slice(0, 100)}`;
    }
  }
  return { ms: Math.round(performance.now() - started), outcome };
}

function describe(codes: string[]): string {
  if (codes.length === 0) return "no diagnostics";
  const counts = new Map<string, number>();
  for (const code of codes) counts.set(code, (counts.get(code) ?? 0) + 1);
  return [...counts].map(([code, count]) => `${count} ${code}`).join(", ");
}

const [, , mode, indexText, stage] = process.argv;
if (mode === "--stage") {
  console.log(JSON.stringify(await runStage(Number(indexText), stage as Stage)));
} else {
  const results = [];
  const protocols = pathologicalProtocols("full");
  for (const [index, { name, text }] of protocols.entries()) {
    const row: Record<string, unknown> = { name, megabytes: Math.round((text.length / 1e6) * 10) / 10 };
    const parts: string[] = [];
    for (const each of stages) {
      const runTs = fileURLToPath(new URL("../scripts/run-ts.mjs", import.meta.url));
      const child = spawnSync(process.execPath, [runTs, process.argv[1]!, "--stage", String(index), each], { encoding: "utf8", maxBuffer: 1e7, timeout: 600_000 });
      const line = child.stdout.trim().split("\n").at(-1) ?? "";
      let result: StageResult;
      if (child.status === 0 && line.startsWith("{")) result = JSON.parse(line) as StageResult;
      else {
        const why = /heap out of memory/.test(child.stderr) ? "ran out of memory" : child.error ? `stopped: ${child.error.message}` : `crashed: ${child.stderr.trim().split("\n").find((l) => /Error/.test(l)) ?? `exit ${child.status}`}`;
        result = { ms: -1, outcome: why };
      }
      row[`${each}Ms`] = result.ms;
      row[each] = result.outcome;
      parts.push(`${each} ${result.ms} ms (${result.outcome})`);
    }
    results.push(row);
    console.log(`${name} [${row["megabytes"]} MB]: ${parts.join("; ")}`);
  }
  const report = {
    command: "node scripts/run-ts.mjs bench/pathological.ts",
    date: new Date().toISOString(),
    node: process.version,
    cpu: cpus()[0]?.model ?? "unknown",
    memoryGB: Math.round(totalmem() / 1e9),
    note: "Each stage in a fresh process with Node's default heap limit. check: parse and check; build: what `baton build` does (parse, check, analysis, compile); format: `baton fmt`.",
    results,
  };
  writeFileSync(new URL("./pathological.json", import.meta.url), `${JSON.stringify(report, null, 2)}\n`);
  console.log("wrote bench/pathological.json");
}
