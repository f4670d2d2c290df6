// `baton eval FILE --case CASE.json [--today DATE] [--explain]`: decide one case.
import { escapeHiddenCharactersInJson, LineIndex, showHiddenCharacters } from "@baton/core";
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import type { Command } from "../command.js";
import { readSource, UsageError } from "../files.js";
import { labelsOf, loadProtocol, loadRuntime } from "../load.js";
import { formatDiagnostic, stylesFor } from "../report.js";

export const evalHelp = `Usage: baton eval FILE --case CASE.json [--today DATE] [--explain]

Decides one case with a protocol and prints the decision as JSON (spec section 9), or in
words with --explain. The case file is a JSON object:
  { "team": "RAT", "facts": { "plan": "child_protection" },
    "events": { "initial_conference": { "held": "2026-01-10" } },
    "documents": ["core_assessment"] }

Options:
  --case CASE.json   the case record (required)
  --today DATE       the date to decide on, YYYY-MM-DD (default: today's date on this computer)
  --explain          print the decision in words, with why each rule did or did not decide
  -h, --help         show this help

Exit status: 0 decided, 1 the protocol has errors or the case record is not valid,
2 bad usage or an unreadable file.`;

export interface EvalOptions {
  paths: string[];
  casePath: string | undefined;
  today: string | undefined;
  explain: boolean;
}

export async function runEval(options: EvalOptions): Promise<number> {
  if (options.paths.length !== 1) throw new UsageError("name one protocol file: `baton eval protocol.baton --case case.json`");
  if (!options.casePath) throw new UsageError("name the case record with --case CASE.json");
  if (options.today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(options.today)) {
    throw new UsageError(`--today must be a date written YYYY-MM-DD, not \`${options.today}\``);
  }
  const source = readSource(options.paths[0]!);
  if ("problem" in source) {
    process.stderr.write(`baton: ${source.problem}\n`);
    return 2;
  }
  let caseText: string;
  try {
    caseText = readFileSync(options.casePath, "utf8");
  } catch {
    process.stderr.write(`baton: cannot read ${options.casePath}: there is no such file\n`);
    return 2;
  }
  let record: unknown;
  try {
    record = JSON.parse(caseText);
  } catch (cause) {
    process.stdout.write(`${options.casePath}: this is not valid JSON (${(cause as Error).message}).\n`);
    return 1;
  }
  const result = await loadProtocol(source.text, source.path);
  const errors = result.diagnostics.filter((diagnostic) => diagnostic.severity === "error");
  if (!result.loaded) {
    const lines = new LineIndex(source.text);
    const styles = stylesFor(process.stdout);
    for (const diagnostic of errors) process.stdout.write(`${formatDiagnostic(source.path, source.text, lines, diagnostic, styles)}\n\n`);
    process.stdout.write(`${source.path} has errors, so it cannot decide cases yet.\n`);
    return 1;
  }
  let decision;
  try {
    decision = result.loaded.decide(record, options.today ? { today: options.today } : {});
  } catch (cause) {
    const error = cause as { name?: string; problems?: { path: string; message: string }[]; message?: string };
    if (error.name === "CaseError" && error.problems) {
      process.stdout.write(`${options.casePath} is not a valid case record for ${result.loaded.protocol.name}:\n`);
      for (const problem of error.problems) process.stdout.write(`  ${showHiddenCharacters(`${problem.path}: ${problem.message}`)}\n`);
      return 1;
    }
    if (error.name === "CalendarCoverageError") {
      process.stdout.write(`Cannot decide: ${error.message}\n`);
      return 1;
    }
    throw cause;
  }
  if (options.explain) {
    const runtime = await loadRuntime();
    // Text from the protocol is shown with any hidden character marked (`<U+202E>`), as diagnostics show it.
    process.stdout.write(`${showHiddenCharacters(runtime.explain(decision, labelsOf(result.loaded.protocol)))}\n`);
  } else {
    process.stdout.write(`${escapeHiddenCharactersInJson(JSON.stringify(decision, null, 2))}\n`);
  }
  return 0;
}

export const evalCommand: Command = {
  name: "eval",
  synopsis: "eval FILE --case CASE.json [--explain]",
  summary: "decide one case and print the decision",
  help: evalHelp,
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        case: { type: "string" },
        today: { type: "string" },
        explain: { type: "boolean", default: false },
        help: { type: "boolean", short: "h" },
      },
    });
    return runEval({ paths: positionals, casePath: values.case, today: values.today, explain: values.explain ?? false });
  },
};
