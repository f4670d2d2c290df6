// `pnpm bench`: every benchmark of issue 8 in one run, each in its own process (so one's garbage
// and compiled code do not slow the next), then one report: bench/results.json (machine-readable,
// with the Node version and CPU) and bench/RESULTS.md (the tables).
//   1. decisions: bench/decide-speed.ts (Baton against hand-written TypeScript, json-rules-engine
//      and feelin on the Derby and Hillingdon protocols, 10,000 generated records each);
//   2. the compiler: bench/compiler-speed.ts (100, 1,000 and 10,000 rules, phase by phase);
//   3. the editor: bench/lsp-latency.ts (diagnostics after a one-character edit, 5,000 lines).
// `--only decide|compiler|editor` runs one part and reports the others from their last run;
// `--report` runs nothing and writes the report from the last runs.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { fileURLToPath } from "node:url";

const parts = [
  { name: "decide", script: "bench/decide-speed.ts", output: "bench/decide-speed.json" },
  { name: "compiler", script: "bench/compiler-speed.ts", output: "bench/compiler-speed.json" },
  { name: "editor", script: "bench/lsp-latency.ts", output: "bench/lsp-latency.json" },
] as const;

const args = process.argv.slice(2);
if (args.includes("--help") || args.includes("-h")) {
  console.log(`Usage: pnpm bench [--only decide|compiler|editor | --report]

Runs the benchmarks (decisions against hand-written TypeScript, json-rules-engine and feelin; the
compiler on 100 to 10,000 rules; the editor's diagnostics latency) and writes bench/results.json
and bench/RESULTS.md. Takes a few minutes. Figures mean little while other work shares the machine:
the load average is recorded with them.`);
  process.exit(0);
}
const onlyAt = args.indexOf("--only");
const reportOnly = args.includes("--report");
const only = onlyAt >= 0 ? args[onlyAt + 1] : reportOnly ? "none" : undefined;
if (only !== undefined && only !== "none" && !parts.some((part) => part.name === only)) {
  console.error(`pnpm bench: --only takes decide, compiler or editor, not ${only ?? "nothing"}`);
  process.exit(2);
}

const root = fileURLToPath(new URL("..", import.meta.url));
const started = performance.now();
const loadBefore = loadavg();
for (const part of parts) {
  if (only !== undefined && part.name !== only) continue;
  console.log(`\n== ${part.name}: ${part.script} ==\n`);
  const run = spawnSync(process.execPath, ["scripts/run-ts.mjs", part.script], { cwd: root, stdio: "inherit" });
  if (run.status !== 0) {
    console.error(`pnpm bench: ${part.script} failed (exit ${run.status ?? run.signal}); no report written.`);
    process.exit(1);
  }
}

const read = (file: string): any => {
  const path = `${root}/${file}`;
  if (!existsSync(path)) {
    console.error(`pnpm bench: ${file} is missing; run \`pnpm bench\` without --only first.`);
    process.exit(1);
  }
  return JSON.parse(readFileSync(path, "utf8"));
};
const decide = read("bench/decide-speed.json");
const compiler = read("bench/compiler-speed.json");
const editor = read("bench/lsp-latency.json");

const round = (value: number) => Math.round(value * 10) / 10;
const results = {
  command: only === undefined ? "pnpm bench" : reportOnly ? "pnpm bench --report" : `pnpm bench --only ${only}`,
  date: new Date().toISOString(),
  node: process.version,
  cpu: cpus()[0]?.model ?? "unknown",
  cores: cpus().length,
  memoryGiB: round(totalmem() / 2 ** 30),
  loadAverage: { before: loadBefore.map(round), after: loadavg().map(round) },
  seconds: round((performance.now() - started) / 1000),
  decisions: decide,
  compiler,
  editor,
};
writeFileSync(`${root}/bench/results.json`, `${JSON.stringify(results, null, 2)}\n`);

// ---- the rendered tables ----
const number = (value: number) => value.toLocaleString("en-GB", { maximumFractionDigits: 1 });
const yes = (met: boolean) => (met ? "met" : "**missed**");
const lines: string[] = [
  "# Benchmark results",
  "",
  `Written by \`${results.command}\` on ${results.date.slice(0, 10)}: Node ${results.node}, ${results.cpu}, ${results.cores} cores.`,
  `Load average ${results.loadAverage.before.join(", ")} before and ${results.loadAverage.after.join(", ")} after: figures taken while`,
  "other work shares the processors are slower than the machine can do. Machine-readable: `bench/results.json`.",
  "",
  "## Decisions",
  "",
  "Nanoseconds per decision (CPU time, median of the rounds), on 10,000 generated case records per",
  "protocol; every contender was first checked to give the same decision as Baton on every record.",
    "",
];
const contenders: [string, string][] = [
  ["hand", "hand-written TypeScript"],
  ["baton", "Baton `decide`, no trace"],
  ["batonCheckOnly", "&nbsp;&nbsp;of which: its check of the record"],
  ["readEveryValue", "&nbsp;&nbsp;&nbsp;&nbsp;for scale: reading every value of the record, checking nothing"],
  ["batonDecisionOnly", "&nbsp;&nbsp;of which: the decision, once checked"],
  ["batonValidated", "Baton `decide`, no trace, on records `validate` returned"],
  ["batonTrace", "Baton `decide`, with trace"],
  ["jsonRulesEngine", "json-rules-engine"],
  ["feelin", "feelin (FEEL)"],
];
const protocols = Object.entries(decide.protocols as Record<string, any>);
lines.push(`| contender | ${protocols.map(([name]) => `${name}: ns | × hand-written | × hand, wall clock | × Baton`).join(" | ")} |`);
lines.push(`| --- | ${protocols.map(() => "---: | ---: | ---: | ---:").join(" | ")} |`);
for (const [key, label] of contenders) {
  if (!protocols.every(([, report]) => typeof report.nsPerDecision?.[key] === "number")) continue;
  const cells = protocols.map(([, report]) => {
    const ns = report.nsPerDecision;
    const wall = report.wallClockNsPerDecision;
    const wallRatio = typeof wall?.[key] === "number" && typeof wall.hand === "number" ? `${(wall[key] / wall.hand).toFixed(2)}×` : "";
    return `${number(ns[key])} | ${(ns[key] / ns.hand).toFixed(2)}× | ${wallRatio} | ${(ns[key] / ns.baton).toFixed(2)}×`;
  });
  lines.push(`| ${label} | ${cells.join(" | ")} |`);
}
lines.push(
  "",
  "\"× Baton\" is against Baton's `decide` without trace. \"× hand, wall clock\" is the same ratio in",
  "elapsed time: CPU time also counts the garbage collector's threads, which may be clearing up after",
  "the contender timed before, and the hand-written code's CPU figure is often well above its elapsed",
  "time (so the CPU ratios can flatter Baton); elapsed time counts other processes' turns on a shared",
  "machine. A target is met only when it holds in both. Baton's figure includes checking the record",
  "(every call validates it; the hand-written code checks nothing). The two \"of which\" rows time the",
  "halves of `decide` apart (so they add up to a little more than the whole, each call paying its own",
  "overheads): the check that each record holds only declared facts, events and documents, of the",
  "right types, and the decision on the record so checked. \"On records `validate` returned\": each",
  "record is checked once beforehand by the module's `validate`, as a system would when the record",
  "arrives; `decide` takes the frozen copy `validate` returns without checking it again. \"For scale\"",
  "is not a contender: it reads each record's team, facts, event dates and documents once and tests",
  "only what kind of value each is (`bench/decide/common.ts`, `readEveryValue`): the reading any check of",
  "the whole record must do. The rest of the check's figure is its own work: parsing every date,",
  "matching every fact, event and document name against the protocol's, making sure each object is a",
  "plain one. `node scripts/run-ts.mjs bench/decide-hot.ts` times each contender on records it decides",
  "over and over (so that memory is not the cost) and writes `bench/decide-hot.json`.",
);
lines.push("", "| target | " + protocols.map(([name]) => name).join(" | ") + " |", "| --- | " + protocols.map(() => "---").join(" | ") + " |");
const targetNames = [...new Set(protocols.flatMap(([, report]) => Object.keys(report.targets ?? {})))];
for (const target of targetNames) {
  lines.push(`| ${target} | ${protocols.map(([, report]) => yes(report.targets[target] === true)).join(" | ")} |`);
}
lines.push(
  "",
  "## Compiler",
  "",
  `Generated protocols; milliseconds, median of ${compiler.runs} runs. "Checked and built" is what \`baton build\` does (parse, check,`,
  "analyse, emit) short of writing the file. The analysis stops at its time limit on large protocols (and says so).",
  "",
  "| rules | lines | parse | check | analyse | emit | checked and built | ms per 1,000 rules |",
  "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
);
for (const row of compiler.results as any[]) {
  const perThousand = (row.checkedAndBuiltMs / row.rules) * 1000;
  lines.push(
    `| ${number(row.rules)} | ${number(row.lines)} | ${number(row.parseMs)} | ${number(row.checkMs)} | ${number(row.analyseMs)}${row.analysisStoppedAtTimeLimit ? " (limit)" : ""} | ${number(row.emitMs)} | ${number(row.checkedAndBuiltMs)} | ${number(perThousand)} |`,
  );
}
lines.push("", `Target: ${compiler.target}: ${yes(compiler.met)}.`);
lines.push(
  "",
  "## Editor",
  "",
  `Diagnostics after a one-character edit, measured by a client of \`baton lsp --stdio\` on a generated protocol of ${number(editor.protocol.lines)} lines`,
  `(${number(editor.protocol.rules)} rules), ${editor.typing.count} edits ${editor.typing.gapMs} ms apart with pauses; milliseconds.`,
  "",
  "| | p50 | p95 | max |",
  "| --- | ---: | ---: | ---: |",
  `| one-character edit to diagnostics | ${editor.typing.p50} | ${editor.typing.p95} | ${editor.typing.max} |`,
  `| parse and check in the same process, whole file | ${editor.parseAndCheckMs.p50} | ${editor.parseAndCheckMs.p95} | ${editor.parseAndCheckMs.max} |`,
);
if (editor.incrementalParseAndCheckMs) {
  lines.push(`| parse and check in the same process, after an edit | ${editor.incrementalParseAndCheckMs.p50} | ${editor.incrementalParseAndCheckMs.p95} | ${editor.incrementalParseAndCheckMs.max} |`);
}
lines.push("", `Target: ${editor.target}: ${yes(editor.met)}.`, "");
writeFileSync(`${root}/bench/RESULTS.md`, `${lines.join("\n")}\n`);
console.log(`\nwrote bench/results.json and bench/RESULTS.md (${results.seconds} s)`);
