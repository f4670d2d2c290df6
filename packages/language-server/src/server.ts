// The Baton language server: one connection, the open documents, and each feature's handler. The
// features live in their own files; this one only says which request goes where.
import {
  CodeActionKind,
  CodeLensRefreshRequest,
  createConnection,
  ProposedFeatures,
  TextDocumentSyncKind,
  type Connection,
  type InitializeResult,
} from "vscode-languageserver/node";
import { codeActions } from "./code-actions.js";
import { runTestsCommand, TestLenses } from "./code-lens.js";
import { completion } from "./completion.js";
import { definition } from "./definition.js";
import { BackgroundWork } from "./background.js";
import { DiagnosticsPublisher, defaultDiagnosticsOptions, type DiagnosticsOptions } from "./diagnostics.js";
import { documentSymbols } from "./document-symbols.js";
import { BatonDocuments } from "./documents.js";
import { foldingRanges } from "./folding.js";
import { format } from "./formatting.js";
import { hover } from "./hover.js";
import { references } from "./references.js";
import { prepareRename, rename } from "./rename.js";
import { semanticTokens, semanticTokensLegend } from "./semantic-tokens.js";

export const serverVersion = "0.1.0";

export interface ServerOptions {
  /** Where to read requests (default: standard input). */
  input?: NodeJS.ReadableStream;
  /** Where to write responses (default: standard output). */
  output?: NodeJS.WritableStream;
  /** The runtime bundle compiled protocols import when tests run (default: `runtime.mjs` beside this module). */
  runtimeUrl?: string;
  diagnostics?: DiagnosticsOptions;
  /**
   * The module a worker thread loads to search for conflicts and gaps and run tests (default: this
   * module, which is right in the bundles); undefined does that work on the main thread.
   */
  workerUrl?: URL | undefined;
}

/** Starts a server on the given streams (standard input and output by default) and returns its connection. */
export function startServer(options: ServerOptions = {}): Connection {
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stdout;
  if (output === process.stdout) {
    // Standard output carries the protocol: anything else printed there would corrupt it.
    console.log = console.error;
    console.info = console.error;
  }
  // Given as streams, the connection also ends the process when the editor closes its end.
  const connection = createConnection(ProposedFeatures.all, input, output);
  const documents = new BatonDocuments();
  const background = new BackgroundWork("workerUrl" in options ? options.workerUrl : new URL(import.meta.url));
  const publisher = new DiagnosticsPublisher(connection, documents, background, options.diagnostics ?? defaultDiagnosticsOptions);
  const lenses = new TestLenses(background, options.runtimeUrl ?? new URL("./runtime.mjs", import.meta.url).href, (uri) => publisher.exactDeepFindings(uri));
  let codeLensRefresh = false;

  connection.onInitialize((params): InitializeResult => {
    codeLensRefresh = params.capabilities.workspace?.codeLens?.refreshSupport === true;
    const settings = params.initializationOptions as { diagnostics?: Partial<DiagnosticsOptions> } | undefined;
    if (settings?.diagnostics !== undefined) publisher.configure(settings.diagnostics);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        completionProvider: { triggerCharacters: [" ", '"', ","], resolveProvider: false },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        documentSymbolProvider: true,
        foldingRangeProvider: true,
        semanticTokensProvider: { legend: semanticTokensLegend, full: true },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        codeLensProvider: { resolveProvider: false },
        executeCommandProvider: { commands: [runTestsCommand] },
        documentFormattingProvider: true,
      },
      serverInfo: { name: "baton-language-server", version: serverVersion },
    };
  });

  connection.onDidOpenTextDocument((params) => {
    documents.opened(params.textDocument.uri, params.textDocument.version, params.textDocument.text);
    publisher.schedule(params.textDocument.uri);
  });
  connection.onDidChangeTextDocument((params) => {
    const changes = documents.changed(params.textDocument.uri, params.textDocument.version, params.contentChanges);
    if (changes !== undefined) publisher.schedule(params.textDocument.uri, changes);
  });
  connection.onDidCloseTextDocument((params) => {
    documents.closed(params.textDocument.uri);
    lenses.forget(params.textDocument.uri);
    publisher.clear(params.textDocument.uri);
  });
  connection.onShutdown(() => background.dispose());

  const at = <T>(uri: string, position: { line: number; character: number }, run: (entry: NonNullable<ReturnType<BatonDocuments["get"]>>, offset: number) => T, none: T): T => {
    const entry = documents.get(uri);
    if (entry === undefined) return none;
    return run(entry, entry.document.offsetAt(position));
  };

  connection.onCompletion((params) => at(params.textDocument.uri, params.position, (entry, offset) => completion(entry, offset, documents.namesFor(entry)), []));
  connection.onHover((params) => at(params.textDocument.uri, params.position, hover, null));
  connection.onDefinition((params) => at(params.textDocument.uri, params.position, definition, null));
  connection.onReferences((params) =>
    at(params.textDocument.uri, params.position, (entry, offset) => references(entry, offset, params.context.includeDeclaration), []),
  );
  connection.onPrepareRename((params) => at(params.textDocument.uri, params.position, prepareRename, null));
  connection.onRenameRequest((params) => at(params.textDocument.uri, params.position, (entry, offset) => rename(entry, offset, params.newName), null));
  connection.onDocumentSymbol((params) => {
    const entry = documents.get(params.textDocument.uri);
    return entry === undefined ? [] : documentSymbols(entry);
  });
  connection.onFoldingRanges((params) => {
    const entry = documents.get(params.textDocument.uri);
    return entry === undefined ? [] : foldingRanges(entry);
  });
  connection.languages.semanticTokens.on((params) => {
    const entry = documents.get(params.textDocument.uri);
    return entry === undefined ? { data: [] } : semanticTokens(entry);
  });
  connection.onCodeAction((params) => {
    const entry = documents.get(params.textDocument.uri);
    return entry === undefined ? [] : codeActions(entry, params.range, publisher.deepFindings(params.textDocument.uri));
  });
  connection.onCodeLens(async (params) => {
    const entry = documents.get(params.textDocument.uri);
    return entry === undefined ? [] : lenses.lenses(entry);
  });
  connection.onExecuteCommand(async (params) => {
    if (params.command !== runTestsCommand) return;
    const uri = params.arguments?.[0];
    if (typeof uri === "string") lenses.forget(uri);
    if (codeLensRefresh) await connection.sendRequest(CodeLensRefreshRequest.type);
  });
  connection.onDocumentFormatting(async (params) => {
    const entry = documents.get(params.textDocument.uri);
    if (entry === undefined) return [];
    const result = await format(entry);
    if ("problem" in result) {
      connection.console.warn(result.problem);
      return [];
    }
    return result.edits;
  });

  connection.listen();
  return connection;
}
