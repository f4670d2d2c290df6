// Writes grammar/syntax-diagrams.html from the parser's grammar (Chevrotain's createSyntaxDiagramsCode).
// `--check` exits 1 when the committed file is out of date instead of writing it.
import { build } from "esbuild";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bundle = join(root, "node_modules/.cache/baton-diagrams.mjs");
await build({
  entryPoints: [join(root, "packages/core/src/syntax/diagrams.ts")],
  outfile: bundle,
  bundle: true,
  platform: "node",
  format: "esm",
  logLevel: "error",
});
const { syntaxDiagramsHtml } = await import(pathToFileURL(bundle).href);
rmSync(bundle);
const target = join(root, "grammar/syntax-diagrams.html");
const html = syntaxDiagramsHtml();
if (process.argv.includes("--check")) {
  let current = "";
  try {
    current = readFileSync(target, "utf8");
  } catch {}
  if (current !== html) {
    console.error("grammar/syntax-diagrams.html is out of date: run `pnpm diagrams`.");
    process.exit(1);
  }
  console.log("grammar/syntax-diagrams.html is up to date.");
} else {
  writeFileSync(target, html);
  console.log("wrote grammar/syntax-diagrams.html");
}
