// One shard of a fuzzing target: fast-check runs the target's property for a number of inputs from
// a seed, and, on a failure, shrinks it to a small counterexample. `pnpm fuzz` runs shards in worker
// threads (worker.ts); the test suite runs small ones in its own process (test/fuzz.test.ts).
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { emptyStats, targets, warmUp, type RunContext, type Stats, type Target, type TargetName } from "./targets.js";

export interface ShardSpec {
  target: TargetName;
  seed: number;
  runs: number;
  /** fast-check's path to one counterexample: replays just that input. */
  path?: string | undefined;
  /** Compile and compare with the interpreter on one valid program in this many. */
  compileEvery?: number;
}

export interface ShardFailure {
  message: string;
  /** With the shard's seed, replays the shrunk counterexample (`--seed S --path P`). */
  path: string;
  /** The counterexample's text. */
  input: string;
  shrinks: number;
}

export interface ShardResult {
  target: TargetName;
  seed: number;
  runs: number;
  stats: Stats;
  failure?: ShardFailure;
  seconds: number;
  /** Processor time of this thread (NaN where /proc is not there): the cost, whatever else the machine runs. */
  cpuSeconds: number;
}

/** Processor time the calling thread has used, in seconds (Linux: /proc/thread-self/stat, in 1/100 s). */
export function threadCpuSeconds(): number {
  try {
    const fields = readFileSync("/proc/thread-self/stat", "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

export interface ShardHooks {
  onInput?: (text: string) => void;
  /** Called every `progressEvery` inputs with the count so far. */
  onProgress?: (inputs: number) => void;
  progressEvery?: number;
}

let warm = false;

export async function runShard(spec: ShardSpec, hooks: ShardHooks = {}): Promise<ShardResult> {
  if (!warm) {
    await warmUp();
    warm = true;
  }
  const started = performance.now();
  const cpuStarted = threadCpuSeconds();
  const stats = emptyStats();
  const every = hooks.progressEvery ?? 100;
  const context: RunContext = {
    stats,
    compileEvery: spec.compileEvery ?? 1,
    onInput: (text) => {
      hooks.onInput?.(text);
      if (stats.inputs % every === 0) hooks.onProgress?.(stats.inputs);
    },
  };
  const target = targets[spec.target] as Target<unknown>;
  const property = fc.asyncProperty(target.arbitrary, (value) => target.check(value, context));
  const details = await fc.check(property, { seed: spec.seed, numRuns: spec.runs, ...(spec.path ? { path: spec.path } : {}) });
  const result: ShardResult = {
    target: spec.target,
    seed: spec.seed,
    runs: spec.runs,
    stats,
    seconds: (performance.now() - started) / 1000,
    cpuSeconds: threadCpuSeconds() - cpuStarted,
  };
  if (details.failed) {
    const value = details.counterexample?.[0];
    let input: string;
    try {
      input = value === undefined ? "(no counterexample)" : target.text(value);
    } catch (error) {
      input = `(the counterexample could not be written out: ${String(error)})`;
    }
    const error = details.errorInstance;
    const message = error instanceof Error ? (error.name === "FuzzFailure" ? error.message : (error.stack ?? error.message)) : String(error);
    result.failure = { message, path: details.counterexamplePath ?? "", input, shrinks: details.numShrinks };
  }
  return result;
}
