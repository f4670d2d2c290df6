// The Baton extension for VS Code: `.baton` files get the grammar, brackets, comments and snippets
// from package.json, and everything else from the Baton language server, started here.
import * as vscode from "vscode";
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from "vscode-languageclient/node";

let client: LanguageClient | undefined;

/** The bundled server, or the `baton` command line named in the `baton.server.path` setting. */
function serverOptions(context: vscode.ExtensionContext): ServerOptions {
  const configured = vscode.workspace.getConfiguration("baton").get<string>("server.path", "").trim();
  if (configured === "") return { module: context.asAbsolutePath("dist/server.mjs"), transport: TransportKind.stdio };
  // A script (baton.mjs) runs under VS Code's own Node; anything else is run as a program.
  if (/\.[cm]?js$/.test(configured)) return { module: configured, args: ["lsp"], transport: TransportKind.stdio };
  // On Windows, `baton` installed by npm or pnpm is a .cmd script, which only a shell runs.
  return { command: configured, args: ["lsp", "--stdio"], options: { shell: process.platform === "win32" } };
}

function createClient(context: vscode.ExtensionContext): LanguageClient {
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "baton" },
      { scheme: "untitled", language: "baton" },
    ],
  };
  return new LanguageClient("baton", "Baton", serverOptions(context), clientOptions);
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  client = createClient(context);
  context.subscriptions.push(
    vscode.commands.registerCommand("baton.restartServer", async () => {
      await client?.stop();
      client = createClient(context);
      await client.start();
    }),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration("baton.server.path")) await vscode.commands.executeCommand("baton.restartServer");
    }),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
