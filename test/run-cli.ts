// Runs a built command-line program (the `baton` bundle by default) as a separate process, as a
// user or a build pipeline would, with colour off and from the folder given.
import { spawnSync } from "node:child_process";
import { join } from "node:path";

export const root = join(import.meta.dirname, "..");
export const batonBundle = join(root, "packages/cli/dist/baton.mjs");

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runScript(script: string, args: string[], cwd: string): RunResult {
  // INIT_CWD is cleared so the CLI reads paths from `cwd`, not from where pnpm was started.
  const result = spawnSync(process.execPath, [script, ...args], { cwd, encoding: "utf8", env: { ...process.env, INIT_CWD: "", NO_COLOR: "1" } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** `baton ARGS...` in `cwd`. */
export function runBaton(args: string[], cwd: string): RunResult {
  return runScript(batonBundle, args, cwd);
}
