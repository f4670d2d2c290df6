// esbuild options for the server bundle, shared by scripts/build.mjs (the bundle beside the CLI,
// which `baton lsp` loads) and the VS Code extension's package script (the bundle it starts).
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

/**
 * @param {{ outfile: string, standalone?: boolean, quiet?: boolean }} options
 *   standalone: the bundle starts the server itself (for the extension); otherwise it exports `startServer`.
 * @returns {import("esbuild").BuildOptions}
 */
export function serverBuildOptions({ outfile, standalone = false, quiet = false }) {
  return {
    entryPoints: [join(here, standalone ? "src/main.ts" : "src/index.ts")],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    sourcemap: true,
    // esbuild is a native program: running tests loads it from the CLI's dependencies when present.
    external: ["esbuild"],
    logLevel: quiet ? "error" : "warning",
    banner: {
      js: "import { createRequire as __batonCreateRequire } from 'node:module';\nconst require = __batonCreateRequire(import.meta.url);",
    },
    plugins: [
      {
        name: "baton-formatter",
        setup(build) {
          // The plugin formats with Prettier's standalone build: small, and no plugins of its own to load.
          build.onResolve({ filter: /^prettier$/ }, (args) => build.resolve("prettier/standalone", { resolveDir: args.resolveDir, kind: args.kind }));
        },
      },
    ],
  };
}
