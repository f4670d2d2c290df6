// Bundles one TypeScript entry file into an ES module that Node 20 can run, with esbuild: how the
// repository runs its TypeScript scripts (scripts/run-ts.mjs) and the fuzzer's worker threads.
import { build } from "esbuild";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { pathToFileURL } from "node:url";

/** Bundles `source` (an absolute path) into `outfile`, creating its folder. */
export async function bundleTypeScript(source, outfile) {
  mkdirSync(dirname(outfile), { recursive: true });
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
}
