// `pnpm fuzz`: fuzzing Baton's compiler, formatter and language server (docs/fuzzing.md).
//
//   pnpm fuzz [--runs N] [--edits N] [--seed S] [--only NAME[,NAME]] [--path P] [--jobs N] [--compile-every N]
//
// --runs N is the number of generated inputs in all, shared among the targets `valid`,
// `nearly-valid` and `examples` (40%, 40% and 20%); --edits N is the number of random edits sent to
// the language server (target `lsp`). The targets run in worker threads, --jobs at a time (default:
// the number of processors, at most 4); the language server's run goes on beside them, from this
// thread (the server is a process of its own, and mostly waits for edits). A failure is
// shrunk, printed with its seed and fast-check path, and saved under fuzz/failures/; the exit status
// is then 1. The figures go to fuzz/results.json.
import { mkdirSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { Worker } from "node:worker_threads";
import { bundleTypeScript } from "../scripts/bundle-ts.mjs";
import { runLspEdits, type LspResult } from "./lsp.js";
import type { ShardResult, ShardSpec } from "./shard.js";
import type { Stats, TargetName } from "./targets.js";
import type { WorkerMessage, WorkerRequest } from "./worker.js";

const here = import.meta.dirname;
const root = join(here, "..");
const propertyTargets: readonly TargetName[] = ["valid", "nearly-valid", "examples"];
const shares: Record<TargetName, number> = { valid: 0.4, "nearly-valid": 0.4, examples: 0.2 };
/** A worker that starts no new input for this long is stopped: an input made it hang. */
const HANG_MS = 60_000;

const usage = `Usage: pnpm fuzz [--runs N] [--edits N] [--seed S] [--only NAME[,NAME]] [--path P] [--jobs N] [--compile-every N]

  --runs N           generated inputs in all, shared among valid, nearly-valid and examples (default 10000)
  --edits N          random edits sent to the language server (default 10000)
  --seed S           the run's seed (default: random); printed, so a run can be repeated
  --only NAMES       targets to run, separated by commas: valid, nearly-valid, examples, lsp
  --path P           with --only NAME and --seed S: replay the counterexample fast-check printed
  --jobs N           worker threads (default: processors, at most 4)
  --compile-every N  compare the compiled module with the interpreter on one valid program in N (default 2)`;

function parseOptions() {
  const { values } = parseArgs({
    options: {
      runs: { type: "string" },
      edits: { type: "string" },
      seed: { type: "string" },
      only: { type: "string" },
      path: { type: "string" },
      jobs: { type: "string" },
      "compile-every": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const count = (text: string | undefined, fallback: number, name: string, min = 0) => {
    if (text === undefined) return fallback;
    const value = Number(text.replace(/_/g, ""));
    if (!Number.isSafeInteger(value) || value < min) {
      console.error(`pnpm fuzz: --${name} needs a whole number of at least ${min}, not ${JSON.stringify(text)}\n\n${usage}`);
      process.exit(2);
    }
    return value;
  };
  const names = values.only?.split(",").map((name) => name.trim()) ?? [...propertyTargets, "lsp"];
  for (const name of names) {
    if (![...propertyTargets, "lsp"].includes(name)) {
      console.error(`pnpm fuzz: there is no target ${JSON.stringify(name)}; the targets are ${[...propertyTargets, "lsp"].join(", ")}\n\n${usage}`);
      process.exit(2);
    }
  }
  if (values.path !== undefined && (names.length !== 1 || names[0] === "lsp" || values.seed === undefined)) {
    console.error(`pnpm fuzz: --path replays one counterexample: give it with --only and the target, and --seed\n\n${usage}`);
    process.exit(2);
  }
  return {
    runs: count(values.runs, 10_000, "runs"),
    edits: count(values.edits, 10_000, "edits"),
    seed: values.seed === undefined ? (Date.now() ^ (process.pid << 16)) >>> 0 : count(values.seed, 0, "seed"),
    targets: names.filter((name): name is TargetName => name !== "lsp"),
    lsp: names.includes("lsp"),
    path: values.path,
    jobs: count(values.jobs, Math.min(4, availableParallelism()), "jobs", 1),
    compileEvery: count(values["compile-every"], 2, "compile-every", 1),
  };
}

const options = parseOptions();
const command = `pnpm fuzz ${process.argv.slice(2).join(" ")}`.trim();

/** The runs each target gets: the shares of --runs among the chosen targets. */
function plannedRuns(): Map<TargetName, number> {
  const total = options.targets.reduce((sum, name) => sum + shares[name], 0);
  const planned = new Map<TargetName, number>();
  let left = options.runs;
  options.targets.forEach((name, index) => {
    const runs = index === options.targets.length - 1 ? left : Math.round((options.runs * shares[name]) / total);
    planned.set(name, runs);
    left -= runs;
  });
  return planned;
}

/** Each target's runs in shards, so the worker threads share the work evenly. */
function shards(planned: Map<TargetName, number>): ShardSpec[] {
  const result: ShardSpec[] = [];
  for (const [name, runs] of planned) {
    if (runs === 0) continue;
    if (options.path !== undefined) {
      result.push({ target: name, seed: options.seed, runs, path: options.path, compileEvery: options.compileEvery });
      continue;
    }
    const count = runs < 2_000 ? 1 : Math.min(4 * options.jobs, Math.ceil(runs / 2_000));
    for (let k = 0; k < count; k++) {
      const share = Math.floor(runs / count) + (k < runs % count ? 1 : 0);
      // The first shard uses the run's seed itself; each failure prints its own shard's seed.
      result.push({ target: name, seed: (options.seed + k * 7_919) >>> 0, runs: share, compileEvery: options.compileEvery });
    }
  }
  return result;
}

async function bundleWorker(): Promise<string> {
  const outfile = join(root, "node_modules/.cache/fuzz/worker.mjs");
  await bundleTypeScript(join(here, "worker.ts"), outfile);
  return outfile;
}

// ---- progress ----

const started = performance.now();
const loadBefore = loadavg().map((load) => Math.round(load * 100) / 100);
const planned = plannedRuns();
const totalWork = [...planned.values()].reduce((sum, runs) => sum + runs, 0) + (options.lsp ? options.edits : 0);
const done = new Map<string, number>();
let reportedStep = 0;

function elapsed(): string {
  const seconds = Math.round((performance.now() - started) / 1000);
  return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, "0")}s`;
}

function progress(key: string, count: number): void {
  done.set(key, count);
  const finished = [...done.values()].reduce((sum, value) => sum + value, 0);
  const step = Math.floor((Math.min(finished, totalWork) / Math.max(1, totalWork)) * 20);
  if (step > reportedStep) {
    reportedStep = step;
    const byTarget = new Map<string, number>();
    for (const [name, value] of done) {
      const target = name.split("#")[0]!;
      byTarget.set(target, (byTarget.get(target) ?? 0) + value);
    }
    const parts = [...byTarget].map(([name, value]) => `${name} ${value}${name === "lsp" ? " edits" : ""}`);
    console.log(`[fuzz] ${step * 5}% after ${elapsed()}: ${parts.join(", ")}`);
  }
}

// ---- running the shards in worker threads ----

interface Failure {
  target: string;
  seed: number;
  path?: string;
  message: string;
  file?: string;
  replay: string;
}

const failures: Failure[] = [];
const results: ShardResult[] = [];

function saveInput(target: string, seed: number, input: string, message: string): string {
  const folder = join(here, "failures");
  mkdirSync(folder, { recursive: true });
  const file = join(folder, `${target}-${seed}.baton`);
  writeFileSync(file, input);
  writeFileSync(join(folder, `${target}-${seed}.txt`), `${message}\n`);
  return file.slice(root.length + 1);
}

class Slot {
  private worker: Worker | undefined;
  private readonly shared = new SharedArrayBuffer(8 + 1_048_576);
  private readonly header = new Int32Array(this.shared, 0, 2);

  constructor(private readonly workerFile: string) {}

  private start(): Worker {
    this.worker ??= new Worker(this.workerFile);
    return this.worker;
  }

  /** Runs one shard; a hang ends the worker (a new one is started for the next shard). */
  run(shard: ShardSpec, key: string): Promise<void> {
    const worker = this.start();
    return new Promise((resolve) => {
      let lastBeat = Atomics.load(this.header, 0);
      let lastChange = performance.now();
      const watchdog = setInterval(() => {
        const beat = Atomics.load(this.header, 0);
        if (beat !== lastBeat) {
          lastBeat = beat;
          lastChange = performance.now();
        } else if (performance.now() - lastChange > HANG_MS) {
          const length = Atomics.load(this.header, 1);
          const input = new TextDecoder().decode(new Uint8Array(this.shared, 8, length));
          const message = `no progress for ${HANG_MS / 1000} s on one input: a hang (not shrunk)`;
          const file = saveInput(shard.target, shard.seed, input, message);
          failures.push({ target: shard.target, seed: shard.seed, message, file, replay: `pnpm fuzz --only ${shard.target} --seed ${shard.seed} --runs ${shard.runs}` });
          finish();
          void worker.terminate();
          this.worker = undefined;
        }
      }, 1_000);
      const finish = () => {
        clearInterval(watchdog);
        worker.off("message", onMessage);
        worker.off("error", onError);
        resolve();
      };
      const onMessage = (message: WorkerMessage) => {
        if (message.kind === "progress") progress(key, Math.min(message.inputs, shard.runs));
        else if (message.kind === "error") {
          failures.push({ target: shard.target, seed: shard.seed, message: `the fuzzer itself failed: ${message.message}`, replay: `pnpm fuzz --only ${shard.target} --seed ${shard.seed} --runs ${shard.runs}` });
          finish();
        } else {
          progress(key, shard.runs);
          results.push(message.result);
          const failure = message.result.failure;
          if (failure) {
            const file = saveInput(shard.target, shard.seed, failure.input, failure.message);
            failures.push({
              target: shard.target,
              seed: shard.seed,
              path: failure.path,
              message: failure.message,
              file,
              replay: `pnpm fuzz --only ${shard.target} --seed ${shard.seed} --path ${failure.path}`,
            });
          }
          finish();
        }
      };
      const onError = (error: Error) => {
        failures.push({ target: shard.target, seed: shard.seed, message: `the worker thread crashed: ${error.stack ?? error.message}`, replay: `pnpm fuzz --only ${shard.target} --seed ${shard.seed} --runs ${shard.runs}` });
        this.worker = undefined;
        finish();
      };
      worker.on("message", onMessage);
      worker.on("error", onError);
      worker.postMessage({ shard, shared: this.shared } satisfies WorkerRequest);
    });
  }

  async close(): Promise<void> {
    await this.worker?.terminate();
  }
}

// ---- the run ----

console.log(
  `[fuzz] seed ${options.seed}; ${[...planned].map(([name, runs]) => `${name} ${runs} inputs`).join(", ")}${options.lsp ? `${planned.size > 0 ? ", " : ""}lsp ${options.edits} edits` : ""}; ${options.jobs} worker thread${options.jobs === 1 ? "" : "s"}`,
);
const queue = shards(planned);
const workerFile = queue.length > 0 ? await bundleWorker() : "";
let lsp: LspResult | undefined;
const slots = Array.from({ length: options.jobs }, () => new Slot(workerFile));

async function lspJob(): Promise<void> {
  try {
    lsp = await runLspEdits({ edits: options.edits, seed: options.seed, onProgress: (edits) => progress("lsp", edits) });
  } catch (error) {
    failures.push({ target: "lsp", seed: options.seed, message: `the language server run failed: ${error instanceof Error ? error.stack : String(error)}`, replay: `pnpm fuzz --only lsp --seed ${options.seed} --edits ${options.edits}` });
    return;
  }
  for (const message of lsp.failures) failures.push({ target: "lsp", seed: options.seed, message, replay: `pnpm fuzz --only lsp --seed ${options.seed} --edits ${options.edits}` });
}

await Promise.all([
  ...(options.lsp ? [lspJob()] : []),
  ...slots.map(async (slot) => {
    for (let shard = queue.shift(); shard !== undefined; shard = queue.shift()) {
      await slot.run(shard, `${shard.target}#${shard.seed}`);
    }
    await slot.close();
  }),
]);

// ---- the summary ----

const seconds = Math.round((performance.now() - started) / 100) / 10;
const byTarget = new Map<TargetName, { planned: number; stats: Stats; seconds: number; cpuSeconds: number; failures: number }>();
for (const name of options.targets) {
  const shardResults = results.filter((result) => result.target === name);
  const stats: Stats = { inputs: 0, formatted: 0, refused: 0, compiled: 0, cases: 0, slowestMs: 0 };
  for (const result of shardResults) {
    for (const key of Object.keys(stats) as (keyof Stats)[]) stats[key] = key === "slowestMs" ? Math.max(stats[key], result.stats[key]) : stats[key] + result.stats[key];
  }
  stats.slowestMs = Math.round(stats.slowestMs);
  byTarget.set(name, {
    planned: planned.get(name) ?? 0,
    stats,
    seconds: Math.round(shardResults.reduce((sum, result) => sum + result.seconds, 0) * 10) / 10,
    cpuSeconds: Math.round(shardResults.reduce((sum, result) => sum + result.cpuSeconds, 0) * 10) / 10,
    failures: failures.filter((failure) => failure.target === name).length,
  });
}

console.log("\n[fuzz] summary");
if (byTarget.size > 0) {
  const table = [["target", "inputs", "formatted", "refused", "compiled", "cases", "slowest", "failures", "thread time", "cpu time"]];
  for (const [name, figures] of byTarget) {
    const s = figures.stats;
    table.push([name, String(s.inputs), String(s.formatted), String(s.refused), String(s.compiled), String(s.cases), `${s.slowestMs} ms`, String(figures.failures), `${figures.seconds} s`, `${figures.cpuSeconds} s`]);
  }
  const widths = table[0]!.map((_, column) => Math.max(...table.map((row) => row[column]!.length)));
  for (const row of table) console.log(`  ${row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join("  ")}`);
}
if (lsp) {
  console.log(
    `  lsp: ${lsp.edits} edits, ${lsp.requests} requests, ${lsp.publicationsChecked} diagnostics publications checked (${lsp.publicationsCompared} compared with the checker), ${lsp.failures.length} failures, ${lsp.seconds} s`,
  );
  console.log(`  language server memory (resident): ${lsp.memory.afterOpenMB} MB after opening the examples, ${lsp.memory.afterEditsMB} MB after ${lsp.edits} edits, peak ${lsp.memory.peakMB} MB`);
  if (lsp.stderr.trim() !== "") console.log(`  the server wrote to standard error:\n${lsp.stderr.trim().split("\n").slice(0, 10).map((line) => `    ${line}`).join("\n")}`);
}
const cpu = process.cpuUsage();
const processCpuSeconds = Math.round((cpu.user + cpu.system) / 100_000) / 10;
console.log(
  `  ${failures.length} failure${failures.length === 1 ? "" : "s"}; ${elapsed()} in all (seed ${options.seed}); processor time ${processCpuSeconds} s in this process${lsp ? ` and ${lsp.serverCpuSeconds} s in the server` : ""}; load average ${loadBefore[0]} before, ${loadavg()[0]!.toFixed(2)} after`,
);

for (const failure of failures) {
  console.log(`\n[fuzz] FAILURE in ${failure.target} (seed ${failure.seed}${failure.path ? `, path ${failure.path}` : ""})`);
  console.log(failure.message.split("\n").slice(0, 60).join("\n"));
  if (failure.file) console.log(`  input saved in ${failure.file}`);
  console.log(`  replay: ${failure.replay}`);
}

writeFileSync(
  join(here, "results.json"),
  `${JSON.stringify(
    {
      command,
      date: new Date().toISOString(),
      node: process.version,
      cpu: cpus()[0]?.model.trim(),
      cores: cpus().length,
      loadAverageBefore: loadBefore,
      loadAverageAfter: loadavg().map((load) => Math.round(load * 100) / 100),
      seed: options.seed,
      workerThreads: options.jobs,
      compileEvery: options.compileEvery,
      seconds,
      processCpuSeconds,
      targets: Object.fromEntries(
        [...byTarget].map(([name, figures]) => [name, { plannedRuns: figures.planned, ...figures.stats, failures: figures.failures, threadSeconds: figures.seconds, threadCpuSeconds: figures.cpuSeconds }]),
      ),
      ...(lsp
        ? {
            lsp: {
              edits: lsp.edits,
              requests: lsp.requests,
              publicationsChecked: lsp.publicationsChecked,
              publicationsCompared: lsp.publicationsCompared,
              failures: lsp.failures.length,
              seconds: lsp.seconds,
              serverCpuSeconds: lsp.serverCpuSeconds,
              memory: lsp.memory,
            },
          }
        : {}),
      failures: failures.map(({ target, seed, path, message, file }) => ({ target, seed, path, message: message.split("\n")[0], file })),
    },
    null,
    2,
  )}\n`,
);
process.exit(failures.length > 0 ? 1 : 0);
