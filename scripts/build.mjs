// Bundles the command-line tool with esbuild so `pnpm baton` runs plain JavaScript on Node 20.
// Run by `pnpm install` (prepare) and before every `pnpm baton`, `pnpm demo` and `pnpm test`.
import { build } from "esbuild";
import { chmodSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const quiet = process.argv.includes("--quiet");

const started = performance.now();
const outfile = join(root, "packages/cli/dist/baton.mjs");
await build({
  entryPoints: [join(root, "packages/cli/src/main.ts")],
  outfile,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: true,
  // esbuild is a native program; the CLI loads it from its own dependencies when it compiles.
  external: ["esbuild"],
  logLevel: quiet ? "error" : "warning",
  banner: {
    // esbuild's ESM output needs `require` for the CommonJS parts of dependencies.
    js: "#!/usr/bin/env node\nimport { createRequire as __batonCreateRequire } from 'node:module';\nconst require = __batonCreateRequire(import.meta.url);",
  },
});
chmodSync(outfile, 0o755);
// The runtime beside the CLI: what protocols compiled by \`baton eval\`/\`test\` import, and what
// \`baton build --bundle\` puts inside each bundle.
await build({
  entryPoints: [join(root, "packages/runtime/src/index.ts")],
  outfile: join(root, "packages/cli/dist/runtime.mjs"),
  bundle: true,
  platform: "neutral",
  format: "esm",
  target: "es2022",
  logLevel: quiet ? "error" : "warning",
});
if (!quiet) {
  console.log(`built packages/cli/dist/baton.mjs and runtime.mjs in ${Math.round(performance.now() - started)} ms`);
}
// The language server beside the CLI: `baton lsp` loads it, and its tests find runtime.mjs next to it.
const { serverBuildOptions } = await import("../packages/language-server/bundle.mjs");
await build(serverBuildOptions({ outfile: join(root, "packages/cli/dist/language-server.mjs"), quiet }));
// The Prettier plugin as JavaScript, for the Prettier command line (`prettier --plugin
// prettier-plugin-baton`): Prettier itself stays outside, the plugin uses the Prettier that loads it.
await build({
  entryPoints: [join(root, "packages/prettier-plugin/src/index.ts")],
  outfile: join(root, "packages/prettier-plugin/dist/index.mjs"),
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  external: ["prettier", "prettier/*"],
  logLevel: quiet ? "error" : "warning",
});
