// Running the compiled module of a generated program: the TypeScript `emitTypeScript` writes, with
// its types stripped by esbuild, against the runtime bundle the CLI ships (packages/cli/dist/
// runtime.mjs, built by scripts/build.mjs), as `baton eval` and `baton test` run it.
//
// `baton eval` imports the module from a `data:` URL; a fuzzing run loads tens of thousands of
// modules, and an imported module is never freed. So the module is turned into CommonJS instead and
// evaluated as a function whose `require` hands it the runtime: the same generated code, against the
// same runtime, but garbage once it has been used.
import { transform } from "esbuild";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

export const repositoryRoot = join(import.meta.dirname, "..");
const runtimePath = join(repositoryRoot, "packages/cli/dist/runtime.mjs");
/** What the compiled module imports the runtime as; mapped to the bundle by `require`. */
export const runtimeSpecifier = "@baton/runtime";

export interface CompiledProtocol {
  decide(input: unknown, options: { today: string; trace?: boolean }): unknown;
  validate(input: unknown): unknown;
}

let runtime: Promise<unknown> | undefined;

function loadRuntime(): Promise<unknown> {
  if (!existsSync(runtimePath)) throw new Error(`${runtimePath} does not exist: build it first (node scripts/build.mjs)`);
  runtime ??= import(pathToFileURL(runtimePath).href);
  return runtime;
}

/** Loads a compiled module's TypeScript (compiled with `runtimeImport: runtimeSpecifier`). */
export async function loadCompiled(typescript: string): Promise<CompiledProtocol> {
  const [runtimeModule, { code }] = await Promise.all([loadRuntime(), transform(typescript, { loader: "ts", format: "cjs", target: "es2022" })]);
  const module = { exports: {} as Record<string, unknown> };
  const require = (specifier: string) => {
    if (specifier !== runtimeSpecifier) throw new Error(`the compiled module imports ${specifier}; it should import only the runtime`);
    return runtimeModule;
  };
  // The harness evaluates the generated code; the generated code itself never builds code from strings.
  new Function("require", "module", "exports", code)(require, module, module.exports);
  return module.exports as unknown as CompiledProtocol;
}
