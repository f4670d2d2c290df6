// `baton fmt [--check] FILE|DIR...`: formats protocol files into the canonical layout, through
// Prettier and the Baton plugin (prettier-plugin-baton), as the editor and `prettier` itself do.
import { LineIndex } from "@baton/core";
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
// Prettier's standalone build: what the editor formats with too, so both give the same layout.
import * as prettier from "prettier/standalone";
// The plugin (its TypeScript source, through the package's "module" export), bundled into the CLI.
import batonPlugin, { BatonSyntaxError } from "prettier-plugin-baton";
import type { Command } from "../command.js";
import { collectFiles, readSource, UsageError } from "../files.js";
import { formatDiagnostic, stylesFor } from "../report.js";

export const fmtHelp = `Usage: baton fmt [--check] FILE|FOLDER...

Formats protocol files into Baton's one canonical layout (docs/formatting.md), rewriting the
files that change and listing them. Folders are searched for *.baton files. Formatting changes
only spaces, line breaks and where comments sit: never what the protocol says, and never a comment.
A file with syntax errors is not formatted: its errors are printed and it is left as it is.

Options:
  --check      change nothing; list the files that are not formatted, and exit 1 if there are any
  -h, --help   show this help

Formats with Prettier's default settings (a print width of 80), as the editor does.

Exit status: 0 all files formatted, 1 files not formatted (with --check) or with syntax errors,
2 bad usage or an unreadable file.`;

export interface FmtOptions {
  check: boolean;
  paths: string[];
}

export async function runFmt(options: FmtOptions): Promise<number> {
  if (options.paths.length === 0) throw new UsageError("name the files or folders to format, for example `baton fmt examples`");
  const { files, problems } = collectFiles(options.paths);
  const styles = stylesFor(process.stdout);
  for (const problem of problems) process.stderr.write(`baton: ${problem}\n`);
  let unreadable = problems.length;
  let broken = 0;
  const changed: string[] = [];
  let formattedFiles = 0;

  for (const path of files) {
    const source = readSource(path);
    if ("problem" in source) {
      process.stderr.write(`baton: ${source.problem}\n`);
      unreadable++;
      continue;
    }
    let formatted: string;
    try {
      formatted = await prettier.format(source.text, { parser: "baton", plugins: [batonPlugin] });
    } catch (cause) {
      if (!(cause instanceof BatonSyntaxError)) throw cause;
      broken++;
      // The parser's own words, as `baton check` prints them; Prettier may have read the text
      // with its line breaks made uniform, so positions are shown in that text.
      const text = source.text.replace(/\r\n?/g, "\n").replace(/^\uFEFF/, "");
      const lines = new LineIndex(text);
      const shown = cause.diagnostics.map((diagnostic) => formatDiagnostic(source.path, text, lines, diagnostic, styles));
      process.stdout.write(`${shown.join("\n\n")}\n\n`);
      continue;
    }
    formattedFiles++;
    if (formatted === source.text) continue;
    changed.push(source.path);
    if (!options.check) writeFileSync(path, formatted);
  }

  for (const path of changed) process.stdout.write(`${path}\n`);
  if (formattedFiles + broken > 0) process.stdout.write(`${summary(options.check, formattedFiles, changed.length, broken)}\n`);
  if (unreadable > 0) return 2;
  return broken > 0 || (options.check && changed.length > 0) ? 1 : 0;
}

/** One line: how many files were (or would be) changed, and how many could not be read as protocols. */
function summary(check: boolean, read: number, changed: number, broken: number): string {
  const files = (count: number) => (count === 1 ? "1 file" : `${count} files`);
  const are = (count: number, present: string, past: string) => (count === 1 ? present : past);
  let text: string;
  if (read === 0) text = "";
  else if (check && changed === 0) text = read === 1 ? "The file is formatted." : `All ${read} files are formatted.`;
  else if (check) text = `${files(changed)} of ${read} ${are(changed, "is", "are")} not formatted; run \`baton fmt\` to format ${are(changed, "it", "them")}.`;
  else if (changed === 0) text = read === 1 ? "The file was already formatted." : `All ${read} files were already formatted.`;
  else text = `Formatted ${files(changed)} of ${read}.`;
  if (broken > 0) text += `${text === "" ? "" : " "}${files(broken)} with syntax errors ${are(broken, "was", "were")} left as ${are(broken, "it was", "they were")}.`;
  return text;
}

export const fmtCommand: Command = {
  name: "fmt",
  synopsis: "fmt [--check] FILE|FOLDER...",
  summary: "format protocol files into the canonical layout (through Prettier)",
  help: fmtHelp,
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { check: { type: "boolean", default: false }, help: { type: "boolean", short: "h" } },
    });
    return runFmt({ check: values.check === true, paths: positionals });
  },
};
