// The language server under random edits: `baton lsp --stdio` is started as its own process, as an
// editor starts it, the example protocols are opened, and thousands of random edits are sent through
// `textDocument/didChange` (characters and tokens typed and deleted, lines copied and removed,
// chunks pasted, the whole file put back as it was), with requests at random places now and then.
//
// Checked throughout: the server stays alive and answers every request without an error; every
// range it sends (diagnostics and their related places, hovers, definitions, symbols, folding
// ranges, semantic tokens, completion edits, formatting) lies inside the document as it was; and
// the diagnostics published for a version are exactly what the checker finds in that text (the
// search for conflicts and gaps aside, which the server runs later and moves through edits). The
// server's memory (resident set, from /proc) is read as the edits go.
//
// The edits come from a seeded generator, so a seed gives the same edits again (the server's timing
// may differ).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { analyzeText } from "../packages/core/src/index.js";
import {
  exampleUri,
  LspClient,
  positionAt,
  repositoryRoot,
  type Diagnostic as LspDiagnostic,
  type Position,
  type PublishDiagnosticsParams,
  type Range,
  type TextDocumentContentChangeEvent,
} from "../packages/language-server/test/lsp-client.js";
import { roughTokens, vocabulary } from "./mutate.js";
import { random as seededRandom } from "../packages/prettier-plugin/test/generate.js";

export interface LspOptions {
  edits: number;
  seed: number;
  /** Called now and then with the number of edits sent. */
  onProgress?: (edits: number) => void;
}

export interface MemoryReading {
  edits: number;
  rssMB: number;
}

export interface LspResult {
  seed: number;
  edits: number;
  requests: number;
  /** Diagnostics publications checked against the text of their version. */
  publicationsChecked: number;
  /** Of those, compared with an analysis of the same text in this process. */
  publicationsCompared: number;
  failures: string[];
  /** Output the server wrote to standard error, if any. */
  stderr: string;
  memory: { afterOpenMB: number; afterEditsMB: number; peakMB: number; readings: MemoryReading[] };
  seconds: number;
  /** Processor time the server process used. */
  serverCpuSeconds: number;
}

/** Resident memory of a process, in MB (VmRSS and the peak VmHWM from /proc). */
export function processMemory(pid: number): { rssMB: number; peakMB: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN);
    return { rssMB: Math.round(kb("VmRSS") / 102.4) / 10, peakMB: Math.round(kb("VmHWM") / 102.4) / 10 };
  } catch {
    return { rssMB: NaN, peakMB: NaN };
  }
}

/** CPU time a process has used, in seconds (from /proc), to tell a busy server from an idle one. */
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return Math.round((Number(fields[11]) + Number(fields[12])) / 10) / 10;
  } catch {
    return NaN;
  }
}

/** Saves the texts of a document's last versions (the one before the burst included) for replaying a failure. */
function saveTexts(document: { uri: string; version: number; versions: Map<number, string> }, burst: number): string {
  const folder = join(repositoryRoot, "fuzz/failures", `lsp-${document.uri.split("/").at(-1)!.replace(/\.baton$/, "")}-v${document.version}`);
  mkdirSync(folder, { recursive: true });
  for (let version = document.version - burst; version <= document.version; version++) {
    const text = document.versions.get(version);
    if (text !== undefined) writeFileSync(join(folder, `v${version}.baton`), text);
  }
  return folder.slice(repositoryRoot.length + 1);
}

/** The lines of a text as the LSP counts them (LF, CRLF or CR), with their lengths in UTF-16 units. */
function lineLengths(text: string): number[] {
  return text.split(/\r\n|\r|\n/).map((line) => line.length);
}

function rangeInside(lines: number[], range: Range | undefined): boolean {
  if (range === undefined) return false;
  const inside = (position: Position) =>
    Number.isInteger(position.line) && Number.isInteger(position.character) && position.line >= 0 && position.line < lines.length && position.character >= 0 && position.character <= lines[position.line]!;
  const ordered = range.start.line < range.end.line || (range.start.line === range.end.line && range.start.character <= range.end.character);
  return inside(range.start) && inside(range.end) && ordered;
}

const deepCodes: ReadonlySet<string> = new Set(["conflict", "gap", "unreachable-rule", "analysis-limit"]);

/** A diagnostic in a few words, to compare the server's with the checker's. */
function described(code: unknown, range: Range, message: string): string {
  return `${String(code)}@${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character} ${message}`;
}

interface OpenDocument {
  uri: string;
  original: string;
  text: string;
  version: number;
  /** The text of recent versions, until their diagnostics are checked. */
  versions: Map<number, string>;
  /** How many of the publications received for this document have been checked. */
  checked: number;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer to ${what} within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * The change that replaces `[start, end)` of `text` with `inserted`, and the text after it. No
 * position lies between the two characters of a `\r\n` line break: the protocol reads a position
 * there as the end of the line, before the `\r`, where an editor's cursor would be. So an offset
 * between them is moved before the `\r`, and the edit is made there on both sides (once, the
 * fuzzer made it after the `\r` and the server before, and their texts went apart).
 */
export function replacement(text: string, start: number, end: number, inserted: string): { change: { range: Range; text: string }; after: string; replaced: string } {
  const beforeBreak = (offset: number) => (text[offset - 1] === "\r" && text[offset] === "\n" ? offset - 1 : offset);
  start = beforeBreak(start);
  end = Math.max(start, beforeBreak(end));
  const change = { range: { start: positionAt(text, start), end: positionAt(text, end) }, text: inserted };
  return { change, after: text.slice(0, start) + inserted + text.slice(end), replaced: text.slice(start, end) };
}

export async function runLspEdits(options: LspOptions): Promise<LspResult> {
  const started = performance.now();
  const random = seededRandom(options.seed);
  const chance = (percent: number) => random(100) < percent;
  const failures: string[] = [];
  const fail = (message: string) => {
    if (failures.length < 20) failures.push(message);
  };
  const files = ["camden", "derby", "hillingdon", "hull", "oxfordshire"].map((name) => `examples/${name}.baton`);
  const originals = files.map((file) => readFileSync(join(repositoryRoot, file), "utf8"));
  const client = await LspClient.start();
  const pid = client.process.pid!;
  let exited: string | undefined;
  const exit = new Promise<never>((_, reject) =>
    client.process.on("exit", (code, signal) => {
      exited = `the server exited (status ${code}, signal ${signal})`;
      reject(new Error(exited));
    }),
  );
  exit.catch(() => undefined);
  /** Waits for the server, but not past its exit. */
  const answer = <T>(promise: Promise<T>, what: string) => withTimeout(Promise.race([promise, exit]), 30_000, what);
  const dead = () =>
    exited ?? (client.process.exitCode !== null || client.process.signalCode !== null ? `the server exited (status ${client.process.exitCode}, signal ${client.process.signalCode})` : undefined);
  const documents: OpenDocument[] = [];
  for (const [index, file] of files.entries()) {
    const uri = exampleUri(file);
    const text = originals[index]!;
    documents.push({ uri, original: text, text, version: 1, versions: new Map([[1, text]]), checked: 0 });
    await withTimeout(client.open(uri, text), 30_000, `opening ${file}`);
  }
  const afterOpen = processMemory(pid);
  const readings: MemoryReading[] = [{ edits: 0, rssMB: afterOpen.rssMB }];
  let requests = 0;
  let publicationsChecked = 0;
  let publicationsCompared = 0;
  /** The last edits, described, for a failure report. */
  const recent: string[] = [];

  /** Checks every publication received so far against the text of its version. */
  const checkPublications = (compare: boolean) => {
    for (const document of documents) {
      const published = client.diagnostics.get(document.uri) ?? [];
      for (const params of published.slice(document.checked)) checkPublication(document, params, compare);
      document.checked = published.length;
      // Keep the client's record from growing through a long run.
      if (published.length > 50) {
        published.splice(0, published.length - 10);
        document.checked = published.length;
      }
    }
  };

  const checkPublication = (document: OpenDocument, params: PublishDiagnosticsParams, compare: boolean) => {
    if (params.version === undefined) return;
    const text = document.versions.get(params.version);
    if (text === undefined) return; // a version already forgotten: nothing to check it against
    publicationsChecked++;
    const lines = lineLengths(text);
    for (const diagnostic of params.diagnostics) {
      if (!rangeInside(lines, diagnostic.range)) fail(`${document.uri} version ${params.version}: the range of "${diagnostic.message}" ${JSON.stringify(diagnostic.range)} is outside the document`);
      for (const related of diagnostic.relatedInformation ?? []) {
        if (related.location.uri !== document.uri || !rangeInside(lines, related.location.range)) fail(`${document.uri} version ${params.version}: a related place of "${diagnostic.message}" is outside the document`);
      }
    }
    if (!compare) return;
    // What the checker finds in the same text, in this process: the server must publish just that.
    publicationsCompared++;
    const expected = analyzeText(text, { analysis: false })
      .diagnostics.filter((diagnostic) => !deepCodes.has(diagnostic.code))
      .map((diagnostic) => described(diagnostic.code, { start: positionAt(text, diagnostic.span.start), end: positionAt(text, diagnostic.span.end) }, diagnostic.message));
    const actual = params.diagnostics.filter((diagnostic: LspDiagnostic) => !deepCodes.has(String(diagnostic.code))).map((diagnostic) => described(diagnostic.code, diagnostic.range, typeof diagnostic.message === "string" ? diagnostic.message : diagnostic.message.value));
    if (expected.join("\n") !== actual.join("\n")) {
      const missing = expected.filter((line) => !actual.includes(line));
      const extra = actual.filter((line) => !expected.includes(line));
      fail(
        `${document.uri} version ${params.version}: the server's diagnostics differ from the checker's on the same text` +
          `\n  checker only: ${missing.slice(0, 5).join("\n    ") || "(none)"}\n  server only: ${extra.slice(0, 5).join("\n    ") || "(none)"}` +
          `\n  last edits: ${recent.slice(-5).join("; ")}`,
      );
    }
  };

  /** One random edit to a document: the change to send, applied to our copy of the text. */
  const edit = (document: OpenDocument): TextDocumentContentChangeEvent[] => {
    const text = document.text;
    const offset = random(text.length + 1);
    const replace = (start: number, end: number, inserted: string): TextDocumentContentChangeEvent[] => {
      const { change, after, replaced } = replacement(text, start, end, inserted);
      document.text = after;
      recent.push(`${JSON.stringify(replaced.slice(0, 30))} at ${JSON.stringify(change.range.start)} -> ${JSON.stringify(inserted.slice(0, 30))}`);
      return [change];
    };
    const roll = random(100);
    if (roll < 25) {
      // Type a character: mostly letters, digits and spaces; sometimes punctuation, a quote, a line break.
      const characters = 'abcdefghijklmnopqrstuvwxyz_0123456789     ABCRT"#(),:=<>+-\n\n\t{}[]é😀\r';
      const characterList = [...characters];
      return replace(offset, offset, characterList[random(characterList.length)]!);
    }
    if (roll < 45) return replace(offset, Math.min(text.length, offset + 1 + random(3)), ""); // delete a few characters (backspace, delete)
    if (roll < 55) return replace(offset, offset, `${vocabulary[random(vocabulary.length)]!}${chance(50) ? " " : ""}`); // a word or symbol
    if (roll < 63) {
      // Delete the token at a place (a word, a string, a comment, a run of spaces).
      let at = 0;
      for (const token of roughTokens(text)) {
        if (at + token.length > offset) return replace(at, at + token.length, "");
        at += token.length;
      }
      return replace(offset, offset, "");
    }
    if (roll < 70) {
      // Copy a line of any example to a line start.
      const source = originals[random(originals.length)]!.split("\n");
      const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
      return replace(lineStart, lineStart, `${source[random(source.length)]!}\n`);
    }
    if (roll < 77) {
      // Delete a line, or several.
      const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
      let lineEnd = lineStart;
      for (let count = 1 + random(3); count > 0 && lineEnd < text.length; count--) {
        const next = text.indexOf("\n", lineEnd);
        lineEnd = next < 0 ? text.length : next + 1;
      }
      return replace(lineStart, lineEnd, "");
    }
    if (roll < 85) {
      // Paste a chunk of an example, or replace a selection with one.
      const source = originals[random(originals.length)]!;
      const from = random(source.length);
      const chunk = source.slice(from, from + 1 + random(400));
      const end = chance(50) ? offset : Math.min(text.length, offset + random(200));
      return replace(offset, end, chunk);
    }
    if (roll < 95) {
      // Cut a selection.
      return replace(offset, Math.min(text.length, offset + random(300)), "");
    }
    if (roll < 98 || document.text === document.original) {
      // Replace a selection with random bytes of text (invalid UTF-8 turned into U+FFFD, NUL, lone surrogates).
      const pieces = ["\u0000", "\uFFFD", "\uD83D", "\uDE00", "\u2028", "\r\n", "\r", '"', "#", "\\"];
      const inserted = Array.from({ length: 1 + random(5) }, () => pieces[random(pieces.length)]!).join("");
      return replace(offset, Math.min(text.length, offset + random(3)), inserted);
    }
    // Undo everything: back to the original text, as a whole-document change or as one edit.
    recent.push("back to the original");
    document.text = document.original;
    if (chance(50)) return [{ text: document.original }];
    return [{ range: { start: { line: 0, character: 0 }, end: positionAt(text, text.length) }, text: document.original }];
  };

  /** A request at a random place of the document, with its answer's ranges checked. */
  const request = async (document: OpenDocument) => {
    const text = document.text;
    const lines = lineLengths(text);
    const position = positionAt(text, random(text.length + 1));
    const textDocument = { uri: document.uri };
    const method = [
      "textDocument/completion",
      "textDocument/hover",
      "textDocument/definition",
      "textDocument/references",
      "textDocument/documentSymbol",
      "textDocument/foldingRange",
      "textDocument/semanticTokens/full",
      "textDocument/codeAction",
      "textDocument/codeLens",
      "textDocument/formatting",
      "textDocument/prepareRename",
      "textDocument/rename",
    ][random(12)]!;
    const params: Record<string, unknown> = { textDocument, position };
    if (method === "textDocument/references") params["context"] = { includeDeclaration: chance(50) };
    if (method === "textDocument/codeAction") {
      const end = positionAt(text, Math.min(text.length, random(text.length + 1) + random(200)));
      const start = position.line < end.line || (position.line === end.line && position.character <= end.character) ? position : end;
      params["range"] = { start, end: start === position ? end : position };
      params["context"] = { diagnostics: [] };
    }
    if (method === "textDocument/formatting") params["options"] = { tabSize: 2, insertSpaces: true };
    if (method === "textDocument/rename") params["newName"] = ["renamed", "x_1", "RAT", "not a name"][random(4)];
    requests++;
    let result: unknown;
    try {
      result = await answer(client.request<unknown>(method, params), method);
    } catch (error) {
      // Renaming is refused, in words (RequestFailed), where there is nothing to rename or the new
      // name will not do; any other error is the server failing.
      const code = (error as { code?: number }).code;
      if ((method === "textDocument/rename" || method === "textDocument/prepareRename") && code === -32803) return;
      fail(`${method} at ${JSON.stringify(position)} in ${document.uri} failed: ${(error as Error).message}\n  last edits: ${recent.slice(-5).join("; ")}`);
      return;
    }
    const check = (range: Range | undefined, what: string) => {
      if (!rangeInside(lines, range)) fail(`${method} at ${JSON.stringify(position)}: ${what} ${JSON.stringify(range)} is outside the document\n  last edits: ${recent.slice(-5).join("; ")}`);
    };
    if (result === null || result === undefined) return;
    switch (method) {
      case "textDocument/hover": {
        const hover = result as { range?: Range };
        if (hover.range) check(hover.range, "the hover's range");
        break;
      }
      case "textDocument/definition":
      case "textDocument/references":
        for (const location of (Array.isArray(result) ? result : [result]) as { uri: string; range: Range }[]) check(location.range, "a location");
        break;
      case "textDocument/documentSymbol": {
        const visit = (symbols: { range: Range; selectionRange: Range; children?: unknown[] }[]) => {
          for (const symbol of symbols) {
            check(symbol.range, "a symbol's range");
            check(symbol.selectionRange, "a symbol's selection range");
            visit((symbol.children ?? []) as never);
          }
        };
        visit(result as never);
        break;
      }
      case "textDocument/foldingRange":
        for (const range of result as { startLine: number; endLine: number }[]) {
          if (range.startLine < 0 || range.startLine > range.endLine || range.endLine >= lines.length) fail(`a folding range ${JSON.stringify(range)} is outside the document`);
        }
        break;
      case "textDocument/semanticTokens/full": {
        const data = (result as { data: number[] }).data;
        let line = 0;
        let character = 0;
        for (let i = 0; i + 4 < data.length; i += 5) {
          line += data[i]!;
          character = data[i] === 0 ? character + data[i + 1]! : data[i + 1]!;
          const length = data[i + 2]!;
          if (line >= lines.length || character + length > lines[line]!) {
            fail(`a semantic token at line ${line}, character ${character}, length ${length} is outside the document\n  last edits: ${recent.slice(-5).join("; ")}`);
            break;
          }
        }
        break;
      }
      case "textDocument/completion": {
        const items = Array.isArray(result) ? result : (result as { items: unknown[] }).items;
        for (const item of items as { textEdit?: { range?: Range } }[]) if (item.textEdit?.range) check(item.textEdit.range, "a completion's edit");
        break;
      }
      case "textDocument/formatting":
        for (const change of result as { range: Range }[]) check(change.range, "the formatting edit");
        break;
      case "textDocument/codeLens":
        for (const lens of result as { range: Range }[]) check(lens.range, "a code lens");
        break;
      case "textDocument/prepareRename": {
        const answer = result as { range?: Range; start?: Position };
        if (answer.range) check(answer.range, "the rename range");
        else if (answer.start) check(answer as Range, "the rename range");
        break;
      }
      case "textDocument/rename": {
        const changes = (result as { changes?: Record<string, { range: Range }[]> }).changes ?? {};
        for (const edits of Object.values(changes)) for (const change of edits) check(change.range, "a rename edit");
        break;
      }
      case "textDocument/codeAction":
        break;
    }
  };

  let sent = 0;
  while (sent < options.edits && dead() === undefined) {
    const document = documents[random(documents.length)]!;
    // A burst of edits, sent without waiting, as fast typing, a paste or a script sends them.
    const burst = 1 + random(chance(20) ? 40 : 8);
    let version = document.version;
    for (let i = 0; i < burst && sent < options.edits; i++) {
      const changes = edit(document);
      version = client.change(document.uri, changes);
      document.version = version;
      document.versions.set(version, document.text);
      sent++;
      if (recent.length > 20) recent.splice(0, recent.length - 20);
      if (sent % 250 === 0) options.onProgress?.(sent);
      if (sent % 1000 === 0) readings.push({ edits: sent, rssMB: processMemory(pid).rssMB });
    }
    // The server publishes for the last version of the burst; its diagnostics are checked, and
    // compared with the checker's one time in three (an analysis here of a large file takes a while).
    try {
      await answer(client.waitForDiagnostics(document.uri, version), `the diagnostics of version ${version} of ${document.uri}`);
    } catch (error) {
      const saved = saveTexts(document, burst);
      fail(`${(error as Error).message}${dead() ? `: ${dead()}; it wrote: ${client.stderr.trim().slice(0, 2000)}` : ""} (server CPU time ${cpuSeconds(pid)} s)\n  last edits: ${recent.slice(-5).join("; ")}\n  the texts of the last versions are saved in ${saved}`);
      break;
    }
    checkPublications(chance(35));
    for (const other of documents) {
      // Forget texts whose diagnostics can no longer come (a version is published once checked, or skipped).
      for (const known of other.versions.keys()) if (known < other.version - 200) other.versions.delete(known);
    }
    if (chance(40)) {
      const count = 1 + random(4);
      for (let i = 0; i < count; i++) await request(document);
    }
    // Now and then a pause long enough for the search for conflicts and gaps to run and publish.
    if (chance(3)) await new Promise((resolve) => setTimeout(resolve, 300));
    if (failures.length >= 20) break;
  }
  options.onProgress?.(sent);
  checkPublications(false);
  if (dead() !== undefined) fail(`${dead()}; it wrote: ${client.stderr.trim().slice(0, 2000)}`);
  // Read before shutting down; a server that has died leaves its last reading.
  const measured = processMemory(pid);
  const serverCpuSeconds = cpuSeconds(pid);
  const lastReading = readings.at(-1)!;
  const afterEdits = Number.isNaN(measured.rssMB) ? { rssMB: lastReading.rssMB, peakMB: Math.max(...readings.map((reading) => reading.rssMB)) } : measured;
  if (lastReading.edits !== sent && !Number.isNaN(measured.rssMB)) readings.push({ edits: sent, rssMB: measured.rssMB });
  const stderr = client.stderr;
  if (dead() === undefined) {
    for (const document of documents) client.close(document.uri);
    const status = await withTimeout(client.stop(), 30_000, "shutdown").catch((error: Error) => error.message);
    if (status !== 0) fail(`the server did not shut down cleanly: ${status}`);
  }
  return {
    seed: options.seed,
    edits: sent,
    requests,
    publicationsChecked,
    publicationsCompared,
    failures,
    stderr,
    memory: { afterOpenMB: afterOpen.rssMB, afterEditsMB: afterEdits.rssMB, peakMB: afterEdits.peakMB, readings },
    seconds: Math.round((performance.now() - started) / 100) / 10,
    serverCpuSeconds,
  };
}
