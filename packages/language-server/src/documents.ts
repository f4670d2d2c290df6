// The open protocol files and their analyses. Each text version is parsed and checked once by
// @baton/core, when a feature first asks for it. Parsing reuses the previous version's parse and
// reads again only the declarations an edit touched (core's `reparse`, which gives the same result
// as a full parse); checking is done in full. The slower search for conflicts, gaps and unreachable
// rules is not part of this: see diagnostics.ts and background.ts.
import { analyzeText, type Analysis, type PreviousParse, type Span } from "@baton/core";
import type { Position, Range, TextDocumentContentChangeEvent } from "vscode-languageserver";
import { TextDocument } from "vscode-languageserver-textdocument";

/** One version of an open file with its analysis. */
export interface AnalysedDocument {
  document: TextDocument;
  /** The version analysed (the document object itself is updated in place by later changes). */
  version: number;
  text: string;
  analysis: Analysis;
  /** See `BatonDocuments.namesFor`. */
  beforeLastDeclaration?: Analysis;
}

/** One change as offsets in the text before it: `[start, end)` replaced by `length` characters. */
export interface TextChange {
  start: number;
  end: number;
  length: number;
}

export class BatonDocuments {
  private readonly open = new Map<string, TextDocument>();
  private readonly analysed = new Map<string, AnalysedDocument>();
  /** The last parse of each document, kept through edits until the next analysis reuses it. */
  private readonly previous = new Map<string, PreviousParse>();

  opened(uri: string, version: number, text: string): void {
    this.open.set(uri, TextDocument.create(uri, "baton", version, text));
    this.analysed.delete(uri);
    this.previous.delete(uri);
  }

  /** Applies changes in order; returns each as offsets, for moving positions computed before them. */
  changed(uri: string, version: number, changes: readonly TextDocumentContentChangeEvent[]): TextChange[] | undefined {
    const document = this.open.get(uri);
    if (document === undefined) return undefined;
    // The old analysis is of no use now, except its parse; letting the rest go spares memory.
    const analysed = this.analysed.get(uri);
    if (analysed !== undefined) this.previous.set(uri, { text: analysed.text, parse: analysed.analysis.parse });
    this.analysed.delete(uri);
    const applied: TextChange[] = [];
    for (const change of changes) {
      if ("range" in change) {
        applied.push({ start: document.offsetAt(change.range.start), end: document.offsetAt(change.range.end), length: change.text.length });
      } else {
        applied.push({ start: 0, end: document.getText().length, length: change.text.length });
      }
      TextDocument.update(document, [change], version);
    }
    return applied;
  }

  closed(uri: string): void {
    this.open.delete(uri);
    this.analysed.delete(uri);
    this.previous.delete(uri);
  }

  uris(): string[] {
    return [...this.open.keys()];
  }

  /** The analysis of the document's current version (computed now if it has not been yet). */
  get(uri: string): AnalysedDocument | undefined {
    const document = this.open.get(uri);
    if (document === undefined) return undefined;
    const cached = this.analysed.get(uri);
    if (cached !== undefined && cached.version === document.version) return cached;
    const text = document.getText();
    const previous = this.previous.get(uri);
    const entry: AnalysedDocument = { document, version: document.version, text, analysis: analyzeText(text, { analysis: false, previous }) };
    this.analysed.set(uri, entry);
    this.previous.delete(uri);
    return entry;
  }

  /**
   * The analysis to take names from while the end of the file is being typed. When the last
   * declaration is unfinished, the parser can lose every declaration of the file; the text before
   * that declaration still says which teams, facts and rules exist.
   */
  namesFor(entry: AnalysedDocument): Analysis {
    if (entry.analysis.ast.declarations.length > 0 || entry.analysis.parse.tokens.length === 0) return entry.analysis;
    if (entry.beforeLastDeclaration !== undefined) return entry.beforeLastDeclaration;
    const starts = /^(?:protocol|team|panel|holiday|type|fact|let|event|document|rule|test)\b/gm;
    let last = 0;
    for (const match of entry.text.matchAll(starts)) if (match.index > 0) last = match.index;
    entry.beforeLastDeclaration = last > 0 ? analyzeText(entry.text.slice(0, last), { analysis: false }) : entry.analysis;
    return entry.beforeLastDeclaration;
  }
}

/** A span of the source as an LSP range (0-based lines, UTF-16 columns). */
export function toRange(document: TextDocument, span: Span): Range {
  return { start: document.positionAt(span.start), end: document.positionAt(span.end) };
}

export function toOffset(document: TextDocument, position: Position): number {
  return document.offsetAt(position);
}

/** The file name in a document URI, for messages and the compiled module's header. */
export function fileNameOf(uri: string): string {
  const path = uri.replace(/[?#].*$/, "");
  const last = path.slice(path.lastIndexOf("/") + 1);
  try {
    return decodeURIComponent(last) || "protocol.baton";
  } catch {
    return last || "protocol.baton";
  }
}
