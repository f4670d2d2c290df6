// The `baton` command: parses arguments and hands each command to its module. Exit status 0 for
// success, 1 when the checked input has errors or a test failed, 2 for bad usage or unreadable files.
import { chdir } from "node:process";
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { buildHelp, runBuild } from "./commands/build.js";
import { checkHelp, runCheck } from "./commands/check.js";
import { evalHelp, runEval } from "./commands/eval.js";
import { runTests, testHelp } from "./commands/test.js";
import { UsageError } from "./files.js";

const version = "0.1.0";

const mainHelp = `Baton ${version}: case transfer protocols for children's social care, as code.

Usage: baton COMMAND [options]

Commands:
  check FILE|FOLDER...                      parse and check protocol files, and print every problem found
  build FILE|FOLDER... --out-dir DIR        compile protocols to modules that decide cases
  eval FILE --case CASE.json [--explain]    decide one case and print the decision
  test [FILE|FOLDER...] [--coverage]        run the protocols' test blocks

Run \`baton COMMAND --help\` for a command's options.
The language is described in docs/language.md, every diagnostic in docs/diagnostics.md.`;

async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "-h" || command === "--help" || command === "help") {
    process.stdout.write(`${mainHelp}\n`);
    return command === undefined ? 2 : 0;
  }
  if (command === "--version" || command === "-v") {
    process.stdout.write(`${version}\n`);
    return 0;
  }
  switch (command) {
    case "check": {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { format: { type: "string", default: "text" }, help: { type: "boolean", short: "h" } },
      });
      if (values.help) {
        process.stdout.write(`${checkHelp}\n`);
        return 0;
      }
      if (values.format !== "text" && values.format !== "json") {
        throw new UsageError(`--format must be \`text\` or \`json\`, not \`${values.format}\``);
      }
      return runCheck({ format: values.format, paths: positionals });
    }
    case "build": {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: {
          "out-dir": { type: "string" },
          js: { type: "boolean", default: false },
          bundle: { type: "boolean", default: false },
          help: { type: "boolean", short: "h" },
        },
      });
      if (values.help) return help(buildHelp);
      return runBuild({ paths: positionals, outDir: values["out-dir"], js: values.js ?? false, bundle: values.bundle ?? false });
    }
    case "eval": {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: {
          case: { type: "string" },
          today: { type: "string" },
          explain: { type: "boolean", default: false },
          help: { type: "boolean", short: "h" },
        },
      });
      if (values.help) return help(evalHelp);
      return runEval({ paths: positionals, casePath: values.case, today: values.today, explain: values.explain ?? false });
    }
    case "test": {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { coverage: { type: "boolean", default: false }, help: { type: "boolean", short: "h" } },
      });
      if (values.help) return help(testHelp);
      return runTests({ paths: positionals, coverage: values.coverage ?? false });
    }
    default:
      throw new UsageError(`there is no command \`${command}\`; run \`baton --help\` to see the commands`);
  }
}

function help(text: string): number {
  process.stdout.write(`${text}\n`);
  return 0;
}

// `pnpm baton` runs from the repository root; paths on the command line are meant from where the user is.
const startedIn = process.env["INIT_CWD"];
if (startedIn && existsSync(startedIn)) chdir(startedIn);

let status: number;
try {
  status = await run(process.argv.slice(2));
} catch (cause) {
  if (cause instanceof UsageError || (cause instanceof Error && "code" in cause && String(cause.code).startsWith("ERR_PARSE_ARGS"))) {
    process.stderr.write(`baton: ${cause.message}\n`);
    status = 2;
  } else {
    process.stderr.write(`baton: an internal error occurred; please report it with the file that caused it.\n${cause instanceof Error ? cause.stack : String(cause)}\n`);
    status = 70;
  }
}
process.exitCode = status;
