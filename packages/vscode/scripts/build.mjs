// Builds the extension into dist/: the language client (CommonJS, as VS Code loads it), the
// language server bundle it starts, the runtime beside the server (for running tests), and the
// grammar and language configuration from the repository's grammar/ folder.
import { build } from "esbuild";
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { serverBuildOptions } from "../../language-server/bundle.mjs";

const here = join(dirname(fileURLToPath(import.meta.url)), "..");
const root = join(here, "../..");
const dist = join(here, "dist");
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

await build({
  entryPoints: [join(here, "src/extension.ts")],
  outfile: join(dist, "extension.cjs"),
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node18",
  external: ["vscode"],
  minify: true,
  logLevel: "warning",
});
await build(serverBuildOptions({ outfile: join(dist, "server.mjs"), standalone: true }));
await build({
  entryPoints: [join(root, "packages/runtime/src/index.ts")],
  outfile: join(dist, "runtime.mjs"),
  bundle: true,
  platform: "neutral",
  format: "esm",
  target: "es2022",
  logLevel: "warning",
});
for (const file of ["baton.tmLanguage.json", "language-configuration.json"]) copyFileSync(join(root, "grammar", file), join(dist, file));
console.log("built packages/vscode/dist: extension.cjs, server.mjs, runtime.mjs, grammar and language configuration");
