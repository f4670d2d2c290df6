// The main job (`pnpm demo`): reads every example protocol in examples/, checks it, and prints what
// each one declares. It grows as Baton does: compiling the protocols and deciding sample cases next.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { analyzeText, LineIndex, ruleParts } from "../packages/core/src/index.js";

const examples = join(import.meta.dirname, "../examples");
const files = readdirSync(examples).filter((name) => name.endsWith(".baton")).sort();
const rows: string[][] = [];
let errors = 0;

console.log("Baton: case transfer protocols for children's social care, as code.\n");
console.log(`Checking the ${files.length} example protocols in examples/ ...\n`);

for (const file of files) {
  const text = readFileSync(join(examples, file), "utf8");
  const started = performance.now();
  const { ast, model, diagnostics } = analyzeText(text);
  const elapsed = performance.now() - started;
  const fileErrors = diagnostics.filter((d) => d.severity === "error");
  const warnings = diagnostics.length - fileErrors.length;
  errors += fileErrors.length;
  const rules = [...model.rules.values()];
  const transfers = rules.filter((rule) => ruleParts(rule).action?.kind === "Transfer").length;
  const count = (kind: string) => [...model.symbols.values()].filter((symbol) => symbol.kind === kind && symbol.decl).length;
  rows.push([
    model.header?.name.text ?? file,
    String(count("team")),
    String(rules.length),
    String(transfers),
    String(model.tests.length),
    fileErrors.length === 0 ? (warnings === 0 ? "clean" : `${warnings} warning(s)`) : `${fileErrors.length} error(s)`,
    `${elapsed.toFixed(0)} ms`,
  ]);
  const lines = new LineIndex(text);
  for (const diagnostic of diagnostics) {
    const { line, column } = lines.positionAt(diagnostic.span.start);
    console.log(`  examples/${file}:${line}:${column}: ${diagnostic.severity} [${diagnostic.code}] ${diagnostic.message}`);
  }
  const title = ast.declarations[0]?.kind === "Header" ? ast.declarations[0].title?.value : undefined;
  if (title) console.log(`  ${model.header?.name.text}: ${title}`);
}

const header = ["protocol", "teams", "rules", "transfers", "tests", "check", "time"];
const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
const format = (row: string[]) => row.map((cell, column) => cell.padEnd(widths[column]!)).join("  ");
console.log(`\n${format(header)}\n${widths.map((width) => "-".repeat(width)).join("  ")}`);
for (const row of rows) console.log(format(row));
console.log(
  `\n${errors === 0 ? "Every example protocol checks without errors." : `${errors} error(s) found.`} ` +
    "Try it yourself: `pnpm baton check examples`, or open a .baton file and break something.",
);
process.exitCode = errors === 0 ? 0 : 1;
