// `baton lsp [--stdio]`: the Baton language server, speaking LSP on standard input and output, for
// editors (the VS Code extension, Neovim's built-in client, and any other LSP client).
import type { Command } from "../command.js";
import { UsageError } from "../files.js";

export const lspHelp = `Usage: baton lsp [--stdio]

Starts the Baton language server, which speaks the Language Server Protocol on standard input and
output (--stdio, the default and only transport). Editors start it; it is not meant to be run by
hand. It reports every problem \`baton check\` finds as you type, and offers completion, hover, go to
definition, references, rename, outline, folding, semantic colouring, quick fixes, formatting, and
a code lens on each test showing whether it passes. Setting it up is described in docs/editor.md.

Options:
  --stdio      talk over standard input and output (the default)
  -h, --help   show this help`;

interface LanguageServerModule {
  startServer(options?: { runtimeUrl?: string }): { onExit(handler: () => void): void };
}

export const lspCommand: Command = {
  name: "lsp",
  synopsis: "lsp [--stdio]",
  summary: "start the language server that editors talk to",
  help: lspHelp,
  async run(args) {
    const unknown = args.filter((arg) => arg !== "--stdio");
    if (unknown.length > 0) throw new UsageError(`\`baton lsp\` takes only --stdio, not ${unknown.map((arg) => `\`${arg}\``).join(", ")}`);
    // The server is its own bundle beside this one (dist/language-server.mjs), loaded only for this command.
    const server = (await import(new URL("./language-server.mjs", import.meta.url).href)) as LanguageServerModule;
    const connection = server.startServer({ runtimeUrl: new URL("./runtime.mjs", import.meta.url).href });
    // The client ends the session with `shutdown` and `exit`; the process stays alive until then.
    return new Promise<number>((resolve) => connection.onExit(() => resolve(0)));
  },
};
