// `baton check FILE|DIR...`: parse and check protocol files, print every problem, exit 1 on errors.
import { analyzeText, LineIndex, type Diagnostic } from "@baton/core";
import { parseArgs } from "node:util";
import type { Command } from "../command.js";
import { readSources, UsageError } from "../files.js";
import { formatDiagnostic, plural, stylesFor, toJson, type JsonDiagnostic } from "../report.js";

export const checkHelp = `Usage: baton check [--format text|json] FILE|FOLDER...

Parses and checks protocol files and prints every problem found, as
  file:line:column: error|warning [code] message
followed by a summary line. Folders are searched for *.baton files.

Options:
  --format text   one line per problem, with the source line underneath (default)
  --format json   a JSON array of {file, line, column, endLine, endColumn, severity, code, message}
  -h, --help      show this help

Exit status: 0 no errors (warnings allowed), 1 errors found, 2 bad usage or an unreadable file.
Every diagnostic code is explained in docs/diagnostics.md.`;

export interface CheckOptions {
  format: "text" | "json";
  paths: string[];
}

export function runCheck(options: CheckOptions): number {
  if (options.paths.length === 0) throw new UsageError("name the files or folders to check, for example `baton check examples`");
  const { sources, unreadable } = readSources(options.paths);
  const out: string[] = [];
  const json: JsonDiagnostic[] = [];
  let errors = 0;
  let warnings = 0;
  const styles = stylesFor(process.stdout);
  for (const source of sources) {
    const diagnostics: Diagnostic[] = analyzeText(source.text).diagnostics;
    errors += diagnostics.filter((diagnostic) => diagnostic.severity === "error").length;
    warnings += diagnostics.filter((diagnostic) => diagnostic.severity === "warning").length;
    if (options.format === "json") {
      json.push(...toJson(source.path, source.text, diagnostics));
    } else {
      const lines = new LineIndex(source.text);
      for (const diagnostic of diagnostics) out.push(formatDiagnostic(source.path, source.text, lines, diagnostic, styles));
    }
  }

  const checked = sources.length;
  if (options.format === "json") {
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
  } else if (checked > 0) {
    if (out.length > 0) process.stdout.write(`${out.join("\n\n")}\n\n`);
    const summary =
      errors === 0 && warnings === 0
        ? `No problems found in ${plural(checked, "file")}.`
        : `${plural(errors, "error")} and ${plural(warnings, "warning")} in ${plural(checked, "file")}.`;
    process.stdout.write(`${summary}\n`);
  }
  if (unreadable > 0) return 2;
  return errors > 0 ? 1 : 0;
}

export const checkCommand: Command = {
  name: "check",
  synopsis: "check FILE|FOLDER...",
  summary: "parse and check protocol files, and print every problem found",
  help: checkHelp,
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { format: { type: "string", default: "text" }, help: { type: "boolean", short: "h" } },
    });
    if (values.format !== "text" && values.format !== "json") {
      throw new UsageError(`--format must be \`text\` or \`json\`, not \`${values.format}\``);
    }
    return runCheck({ format: values.format, paths: positionals });
  },
};
