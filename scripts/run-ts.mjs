// Runs a TypeScript script from the repository (benchmarks, generators) by bundling it with esbuild
// first: Node 20 cannot run TypeScript itself. Usage: node scripts/run-ts.mjs FILE.ts [args...]
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { bundleTypeScript } from "./bundle-ts.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error("usage: node scripts/run-ts.mjs FILE.ts [args...]");
  process.exit(2);
}
const source = resolve(entry);
const outfile = join(root, "node_modules/.cache/run-ts", `${basename(source, ".ts")}.mjs`);
await bundleTypeScript(source, outfile);
process.argv = [process.argv[0], source, ...args];
await import(pathToFileURL(outfile).href);
