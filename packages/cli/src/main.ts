// The `baton` command: finds the command named on the command line and runs it. Exit status 0 for
// success, 1 when the checked input has errors or a test failed, 2 for bad usage or unreadable files.
import { existsSync } from "node:fs";
import { chdir } from "node:process";
import type { Command } from "./command.js";
import { buildCommand } from "./commands/build.js";
import { checkCommand } from "./commands/check.js";
import { evalCommand } from "./commands/eval.js";
import { fmtCommand } from "./commands/fmt.js";
import { lspCommand } from "./commands/lsp.js";
import { testCommand } from "./commands/test.js";
import { UsageError } from "./files.js";

const version = "0.1.0";

/** Every command, in the order `baton --help` lists them. Add a command by adding its module here. */
const commands: Command[] = [checkCommand, buildCommand, evalCommand, testCommand, lspCommand, fmtCommand];

function mainHelp(): string {
  const width = Math.max(...commands.map((command) => command.synopsis.length));
  return `Baton ${version}: case transfer protocols for children's social care, as code.

Usage: baton COMMAND [options]

Commands:
${commands.map((command) => `  ${command.synopsis.padEnd(width)}   ${command.summary}`).join("\n")}

Run \`baton COMMAND --help\` for a command's options.
The language is described in docs/language.md, every diagnostic in docs/diagnostics.md.`;
}

async function run(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "-h" || name === "--help" || name === "help") {
    process.stdout.write(`${mainHelp()}\n`);
    return name === undefined ? 2 : 0;
  }
  if (name === "--version" || name === "-v") {
    process.stdout.write(`${version}\n`);
    return 0;
  }
  const command = commands.find((candidate) => candidate.name === name);
  if (command === undefined) throw new UsageError(`there is no command \`${name}\`; run \`baton --help\` to see the commands`);
  if (rest.includes("--help") || rest.includes("-h")) {
    process.stdout.write(`${command.help}\n`);
    return 0;
  }
  return command.run(rest);
}

// Output piped into a program that stops reading (`baton check x | head`) is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (cause: NodeJS.ErrnoException) => {
    if (cause.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw cause;
  });
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
