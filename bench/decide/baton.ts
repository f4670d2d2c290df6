// Compiles a protocol with the project's own compiler (`compileText`, the code `baton build`
// writes) and loads the module against the runtime's source, so the benchmark always measures the
// runtime in this working tree.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { analyzeText, compileText, type Analysis } from "../../packages/core/src/index.js";
import type { CaseRecord, ComparedDecision } from "./common.js";

/** The repository root. scripts/run-ts.mjs gives every bundled file the entry's directory, so look up. */
export const root = (() => {
  let dir = import.meta.dirname;
  while (!existsSync(join(dir, "pnpm-workspace.yaml")) && dirname(dir) !== dir) dir = dirname(dir);
  return existsSync(join(dir, "pnpm-workspace.yaml")) ? dir : process.cwd();
})();
export type ProtocolName = "derby" | "hillingdon";
export const protocolNames: readonly ProtocolName[] = ["derby", "hillingdon"];

export interface BatonDecision extends ComparedDecision {
  trace: readonly { rule: string; status: string }[];
}

/** The compiled module's exports (spec section 9). */
export interface BatonModule {
  decide(input: CaseRecord, options: { today: string; trace?: boolean }): BatonDecision;
  /**
   * For the benchmark only (appended by `loadBaton`, not part of a compiled module; absent with an
   * older runtime given by BENCH_RUNTIME that has no `decideAsGiven`): the two halves
   * of `decide`, to show what each costs. `check`: the test `decide` runs on a record before deciding
   * it in place (the runtime's `readableAsGiven`); `decideChecked`: the decision on a record so checked.
   */
  benchParts?: {
    check(input: CaseRecord): boolean;
    decideChecked(input: CaseRecord, options: { today: string; trace?: boolean }): BatonDecision;
  };
  validate(input: unknown): CaseRecord;
  protocol: {
    name: string;
    teams: readonly { id: string }[];
    events: readonly { id: string }[];
    documents: readonly { id: string }[];
    facts: readonly { id: string }[];
    rules: readonly { name: string }[];
  };
}

export interface LoadedProtocol {
  name: ProtocolName;
  text: string;
  analysis: Analysis;
  module: BatonModule;
}

export async function loadBaton(name: ProtocolName): Promise<LoadedProtocol> {
  const text = readFileSync(join(root, "examples", `${name}.baton`), "utf8");
  // BENCH_RUNTIME: another copy of the runtime's source (say, the last commit's) to compare with.
  const runtime = process.env["BENCH_RUNTIME"] ?? join(root, "packages/runtime/src/index.ts");
  const compiled = compileText(text, { fileName: `${name}.baton`, runtimeImport: runtime });
  if (!compiled.module) throw new Error(`${name}.baton does not compile:\n${compiled.diagnostics.map((d) => d.message).join("\n")}`);
  // esbuild strips the types and bundles the runtime in, as `baton build --bundle` does. It is
  // imported by a name held in a variable so that scripts/run-ts.mjs does not try to bundle it.
  const esbuildName = "esbuild";
  const esbuild = (await import(esbuildName)) as typeof import("esbuild");
  // The module's own schema and rules, with the two runtime functions `decide` calls on a record it
  // can read as given, for `benchParts`.
  const validateFast = JSON.stringify(runtime.replace(/index\.ts$/, "validate-fast.ts"));
  const hasParts = readFileSync(runtime.replace(/index\.ts$/, "decide.ts"), "utf8").includes("export function decideAsGiven");
  const benchParts = !hasParts ? "" : [
    `import { readableAsGiven as benchCheck } from ${validateFast};`,
    `import { decideAsGiven as benchDecide } from ${JSON.stringify(runtime.replace(/index\.ts$/, "decide.ts"))};`,
    "export const benchParts = { check: (input: unknown) => benchCheck(schema, input), decideChecked: (input: Case, options: { today: string; trace?: boolean }) => benchDecide(spec, input as never, options) };",
  ].join("\n");
  const built = await esbuild.build({
    stdin: { contents: `${compiled.module.typescript}\n${benchParts}\n`, loader: "ts", resolveDir: root, sourcefile: `${name}.ts` },
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    write: false,
    logLevel: "error",
  });
  const outDir = join(root, "node_modules/.cache/bench-decide");
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `${name}.${process.pid}.mjs`);
  writeFileSync(file, built.outputFiles[0]!.text);
  const module = (await import(pathToFileURL(file).href)) as BatonModule;
  rmSync(file, { force: true }); // loaded: the file is not needed again
  return { name, text, analysis: analyzeText(text, { analysis: false }), module };
}
