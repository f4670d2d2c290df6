// A small LSP client for tests: starts `baton lsp --stdio` as its own process and talks JSON-RPC to
// it, with Langium-style helpers that find positions from `<|>` cursor markers in the source.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from "vscode-jsonrpc/node";
import type {
  CompletionItem,
  CompletionList,
  Diagnostic,
  InitializeResult,
  Position,
  PublishDiagnosticsParams,
  Range,
  TextDocumentContentChangeEvent,
} from "vscode-languageserver-protocol";

// Tests in the repository's test/ folder take the protocol's types from here (they cannot resolve the package).
export type * from "vscode-languageserver-protocol";

/** The folder holding pnpm-workspace.yaml, found upwards from this file (or the script bundling it). */
export const repositoryRoot = findRoot(dirname(fileURLToPath(import.meta.url)));

function findRoot(start: string): string {
  for (let folder = start; ; folder = dirname(folder)) {
    if (existsSync(join(folder, "pnpm-workspace.yaml"))) return folder;
    if (dirname(folder) === folder) return resolve(start, "../../..");
  }
}
export const cliPath = join(repositoryRoot, "packages/cli/dist/baton.mjs");

/** Text with cursor markers `<|>` removed, and the offsets where they were. */
export function markers(source: string, marker = "<|>"): { text: string; offsets: number[] } {
  const offsets: number[] = [];
  let text = "";
  let rest = source;
  for (;;) {
    const at = rest.indexOf(marker);
    if (at < 0) break;
    text += rest.slice(0, at);
    offsets.push(text.length);
    rest = rest.slice(at + marker.length);
  }
  return { text: text + rest, offsets };
}

/** The 0-based LSP position of an offset (LF, CRLF or CR line breaks). */
export function positionAt(text: string, offset: number): Position {
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    const char = text[i];
    if (char === "\n" || (char === "\r" && text[i + 1] !== "\n")) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, character: offset - lineStart };
}

export function offsetAt(text: string, position: Position): number {
  let line = 0;
  let i = 0;
  while (line < position.line && i < text.length) {
    const char = text[i];
    i++;
    if (char === "\n" || (char === "\r" && text[i] !== "\n")) line++;
  }
  return i + position.character;
}

/** The text a range covers. */
export function textIn(text: string, range: Range): string {
  return text.slice(offsetAt(text, range.start), offsetAt(text, range.end));
}

/** The position of the `occurrence`-th (0-based) appearance of `needle`, plus `delta` characters. */
export function positionOf(text: string, needle: string, occurrence = 0, delta = 0): Position {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`\`${needle}\` occurs fewer than ${occurrence + 1} times`);
  }
  return positionAt(text, at + delta);
}

export function exampleUri(relative: string): string {
  return pathToFileURL(join(repositoryRoot, relative)).href;
}

export function readExample(relative: string): string {
  return readFileSync(join(repositoryRoot, relative), "utf8");
}

export class LspClient {
  readonly diagnostics = new Map<string, PublishDiagnosticsParams[]>();
  private readonly waiters: { uri: string; version: number | undefined; resolve: (params: PublishDiagnosticsParams) => void }[] = [];
  private readonly versions = new Map<string, number>();
  initializeResult!: InitializeResult;
  codeLensRefreshes = 0;
  stderr = "";

  private constructor(
    readonly process: ChildProcessWithoutNullStreams,
    readonly connection: MessageConnection,
  ) {
    process.stderr.on("data", (chunk: Buffer) => (this.stderr += chunk.toString()));
    connection.onNotification("textDocument/publishDiagnostics", (params: PublishDiagnosticsParams) => {
      const list = this.diagnostics.get(params.uri) ?? [];
      list.push(params);
      this.diagnostics.set(params.uri, list);
      for (const waiter of [...this.waiters]) {
        if (waiter.uri === params.uri && (waiter.version === undefined || params.version === waiter.version)) {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          waiter.resolve(params);
        }
      }
    });
    connection.onRequest("workspace/codeLens/refresh", () => {
      this.codeLensRefreshes++;
      return null;
    });
    connection.onRequest("client/registerCapability", () => null);
    connection.onRequest("window/workDoneProgress/create", () => null);
  }

  /**
   * Starts `node packages/cli/dist/baton.mjs lsp --stdio` (build it first), or the Node script and
   * arguments given, and initialises it.
   */
  static async start(options: { capabilities?: Record<string, unknown>; server?: string[]; initializationOptions?: unknown } = {}): Promise<LspClient> {
    const server = options.server ?? [cliPath, "lsp", "--stdio"];
    if (!existsSync(server[0]!)) throw new Error(`${server[0]} does not exist: build it first (node scripts/build.mjs)`);
    if (options.server === undefined && !existsSync(join(dirname(cliPath), "language-server.mjs"))) throw new Error("Build the command line first: node scripts/build.mjs");
    const child = spawn(process.execPath, server, { cwd: repositoryRoot, stdio: "pipe" });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const client = new LspClient(child, connection);
    connection.listen();
    const initialized = connection.sendRequest<InitializeResult>("initialize", {
      processId: process.pid,
      rootUri: pathToFileURL(repositoryRoot).href,
      initializationOptions: options.initializationOptions,
      capabilities: {
        textDocument: {
          publishDiagnostics: { relatedInformation: true, versionSupport: true },
          completion: { completionItem: { snippetSupport: false, labelDetailsSupport: true } },
          hover: { contentFormat: ["markdown", "plaintext"] },
          rename: { prepareSupport: true },
          documentSymbol: { hierarchicalDocumentSymbolSupport: true },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ["quickfix"] } } },
          semanticTokens: { requests: { full: true }, tokenTypes: [], tokenModifiers: [], formats: ["relative"] },
        },
        workspace: { codeLens: { refreshSupport: true } },
        ...options.capabilities,
      },
    });
    // A server that exits instead of answering (not built, or a command line without `lsp`) fails at once.
    const exited = new Promise<never>((_, reject) =>
      child.on("exit", (code) => reject(new Error(`the language server exited (status ${code}) before answering: ${client.stderr.trim()}`))),
    );
    exited.catch(() => undefined); // after a normal start, the exit at the end is expected
    client.initializeResult = await Promise.race([initialized, exited]);
    await connection.sendNotification("initialized", {});
    return client;
  }

  /** Opens a document and resolves with its first diagnostics. */
  open(uri: string, text: string): Promise<PublishDiagnosticsParams> {
    this.versions.set(uri, 1);
    const waiting = this.waitForDiagnostics(uri, 1);
    void this.connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "baton", version: 1, text } });
    return waiting;
  }

  /** Sends one change (incremental or whole) and returns the new version. */
  change(uri: string, changes: TextDocumentContentChangeEvent[]): number {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    void this.connection.sendNotification("textDocument/didChange", { textDocument: { uri, version }, contentChanges: changes });
    return version;
  }

  close(uri: string): void {
    void this.connection.sendNotification("textDocument/didClose", { textDocument: { uri } });
  }

  /** Resolves with the next diagnostics for `uri` (of that version, when given). */
  waitForDiagnostics(uri: string, version?: number): Promise<PublishDiagnosticsParams> {
    const already = this.diagnostics.get(uri)?.find((params) => version !== undefined && params.version === version);
    if (already) return Promise.resolve(already);
    return new Promise((resolve) => this.waiters.push({ uri, version, resolve }));
  }

  /**
   * The diagnostics of `version` once the server is done with it: a version without errors is
   * published twice (checked, then with the search for conflicts and gaps), one with errors once.
   */
  async settledDiagnostics(uri: string, version: number): Promise<PublishDiagnosticsParams> {
    const first = await this.waitForDiagnostics(uri, version);
    if (first.diagnostics.some((diagnostic) => diagnostic.severity === 1)) return first;
    const count = () => (this.diagnostics.get(uri) ?? []).filter((params) => params.version === version).length;
    if (count() >= 2) return (this.diagnostics.get(uri) ?? []).filter((params) => params.version === version)[1]!;
    return new Promise((resolve) => {
      const check = () => {
        const published = (this.diagnostics.get(uri) ?? []).filter((params) => params.version === version);
        if (published.length >= 2) resolve(published[1]!);
        else setTimeout(check, 10);
      };
      check();
    });
  }

  /** Opens a document and resolves with its diagnostics once the server is done with them. */
  async openSettled(uri: string, text: string): Promise<PublishDiagnosticsParams> {
    await this.open(uri, text);
    return this.settledDiagnostics(uri, 1);
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  async completion(uri: string, position: Position): Promise<CompletionItem[]> {
    const result = await this.request<CompletionItem[] | CompletionList | null>("textDocument/completion", { textDocument: { uri }, position });
    if (result === null) return [];
    return Array.isArray(result) ? result : result.items;
  }

  async stop(): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => this.process.on("exit", (code) => resolve(code)));
    try {
      await this.connection.sendRequest("shutdown");
      await this.connection.sendNotification("exit");
    } catch {
      this.process.kill();
    }
    const code = await exited;
    this.connection.dispose();
    return code;
  }
}

/** Diagnostics as `code@line:character`, compact enough to compare in tests. */
export function summarise(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((diagnostic) => `${diagnostic.code}@${diagnostic.range.start.line + 1}:${diagnostic.range.start.character + 1}`);
}
