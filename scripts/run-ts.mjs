// Runs a TypeScript script from the repository (benchmarks, generators) by bundling it with esbuild
// first: Node 20 cannot run TypeScript itself. Usage: node scripts/run-ts.mjs FILE.ts [args...]
import { build } from "esbuild";
import { mkdirSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error("usage: node scripts/run-ts.mjs FILE.ts [args...]");
  process.exit(2);
}
const source = resolve(entry);
const outDir = join(root, "node_modules/.cache/run-ts");
mkdirSync(outDir, { recursive: true });
const outfile = join(outDir, `${basename(source, ".ts")}.mjs`);
await build({
  entryPoints: [source],
  outfile,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: "inline",
  logLevel: "error",
  // esbuild's own API finds its native program beside its files, so it cannot be bundled (fuzz/ uses it).
  external: ["esbuild"],
  // import.meta.url must keep pointing at the source, so files are found beside it.
  define: { "import.meta.url": JSON.stringify(pathToFileURL(source).href), "import.meta.dirname": JSON.stringify(dirname(source)) },
  banner: { js: "import { createRequire as __batonRequire } from 'node:module'; const require = __batonRequire(import.meta.url);" },
});
process.argv = [process.argv[0], source, ...args];
await import(pathToFileURL(outfile).href);
