// Diagnostics: everything `baton check` reports, with its code, related places and severity.
//
// Two passes, so that typing stays fast on a large protocol:
// - parsing and checking (syntax, names, types, ...) runs after each change and is published at
//   once; changes arriving in quick succession (a paste, key repeat, a script) are gathered and
//   analysed once, an edit after a pause straight away;
// - the search for conflicts, gaps and unreachable rules runs in a worker once typing pauses and
//   the file has no errors (as in `baton check`), and the diagnostics are published again with its
//   findings. Until then, its findings for the previous version stay shown, moved with the edits;
//   those an edit touched are dropped.
// So a version without errors is published twice (checked, then analysed); a version with errors once.
import type { Diagnostic as BatonDiagnostic, Span } from "@baton/core";
import { DiagnosticSeverity, DiagnosticTag, type Connection, type Diagnostic } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { BackgroundWork } from "./background.js";
import { toRange, type BatonDocuments, type TextChange } from "./documents.js";

/** Codes about text that does nothing, which editors show faded. */
const fadedCodes: ReadonlySet<string> = new Set(["unused", "unreachable-rule"]);

export function toLspDiagnostic(document: TextDocument, diagnostic: BatonDiagnostic): Diagnostic {
  const result: Diagnostic = {
    range: toRange(document, diagnostic.span),
    severity: diagnostic.severity === "error" ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    code: diagnostic.code,
    source: "baton",
    message: diagnostic.message,
  };
  if (diagnostic.related !== undefined && diagnostic.related.length > 0) {
    result.relatedInformation = diagnostic.related.map((related) => ({
      location: { uri: document.uri, range: toRange(document, related.span) },
      message: related.message,
    }));
  }
  if (fadedCodes.has(diagnostic.code)) result.tags = [DiagnosticTag.Unnecessary];
  return result;
}

export interface DiagnosticsOptions {
  /** Changes closer together than this (ms) count as one burst. */
  burstWindow: number;
  /** How long (ms) to wait after the last change of a burst before checking. */
  burstDelay: number;
  /** How long (ms) typing must pause before the search for conflicts and gaps starts. */
  deepDelay: number;
}

export const defaultDiagnosticsOptions: DiagnosticsOptions = { burstWindow: 150, burstDelay: 75, deepDelay: 200 };

interface DeepFindings {
  /** The version they were found in, or moved to. */
  version: number;
  /** False once moved through an edit: shown, but found in an earlier version. */
  exact: boolean;
  diagnostics: BatonDiagnostic[];
}

export class DiagnosticsPublisher {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly deepTimers = new Map<string, NodeJS.Timeout>();
  private readonly lastChange = new Map<string, number>();
  private readonly deep = new Map<string, DeepFindings>();
  private readonly deepRunning = new Map<string, Promise<void>>();

  constructor(
    private readonly connection: Connection,
    private readonly documents: BatonDocuments,
    private readonly background: BackgroundWork,
    private options: DiagnosticsOptions = defaultDiagnosticsOptions,
  ) {}

  /** Timings from the client's `initializationOptions.diagnostics`, for tuning and tests. */
  configure(options: Partial<DiagnosticsOptions>): void {
    const valid = Object.entries(options).filter(([key, value]) => key in defaultDiagnosticsOptions && typeof value === "number" && value >= 0);
    this.options = { ...this.options, ...Object.fromEntries(valid) };
  }

  /** Called on open and on every change (with the change's offsets). */
  schedule(uri: string, changes: readonly TextChange[] = []): void {
    this.moveDeepFindings(uri, changes);
    const deepTimer = this.deepTimers.get(uri);
    if (deepTimer !== undefined) clearTimeout(deepTimer);
    this.deepTimers.delete(uri);

    const now = performance.now();
    const previous = this.lastChange.get(uri);
    this.lastChange.set(uri, now);
    const inBurst = previous !== undefined && now - previous < this.options.burstWindow;
    const existing = this.timers.get(uri);
    if (existing !== undefined) {
      // Already waiting: a burst pushes the check back; a lone change keeps the early slot.
      if (!inBurst) return;
      clearTimeout(existing);
    }
    // Even "straight away" goes through a timer, so changes already queued are applied first.
    const delay = inBurst ? this.options.burstDelay : 0;
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        this.publishChecked(uri);
      }, delay),
    );
  }

  /** The deep analysis's findings shown now for `uri` (possibly from an earlier version, moved). */
  deepFindings(uri: string): BatonDiagnostic[] {
    return this.deep.get(uri)?.diagnostics ?? [];
  }

  /** The deep analysis's findings for the current version, waiting for them if needed. */
  async exactDeepFindings(uri: string): Promise<BatonDiagnostic[] | undefined> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const entry = this.documents.get(uri);
      if (entry === undefined) return undefined;
      if (entry.analysis.diagnostics.some((diagnostic) => diagnostic.severity === "error")) return [];
      const found = this.deep.get(uri);
      if (found !== undefined && found.exact && found.version === entry.version) return found.diagnostics;
      await this.runDeep(uri);
    }
    return undefined;
  }

  private publishChecked(uri: string): void {
    const entry = this.documents.get(uri);
    if (entry === undefined) return;
    const hasErrors = entry.analysis.diagnostics.some((diagnostic) => diagnostic.severity === "error");
    // With errors, `baton check` does not look for conflicts and gaps: neither does the editor.
    if (hasErrors) this.deep.delete(uri);
    this.send(uri);
    if (!hasErrors) {
      this.deepTimers.set(
        uri,
        setTimeout(() => {
          this.deepTimers.delete(uri);
          void this.runDeep(uri);
        }, this.options.deepDelay),
      );
    }
  }

  /**
   * Runs the deep analysis on the current version and publishes; one run at a time per document,
   * a run for a version already outdated being followed by one for the current version.
   */
  private runDeep(uri: string): Promise<void> {
    const running = this.deepRunning.get(uri);
    if (running !== undefined) return running.then(() => this.runDeep(uri));
    const entry = this.documents.get(uri);
    if (entry === undefined || entry.analysis.diagnostics.some((diagnostic) => diagnostic.severity === "error")) return Promise.resolve();
    const known = this.deep.get(uri);
    if (known !== undefined && known.exact && known.version === entry.version) return Promise.resolve();
    const run = this.background
      .deepDiagnostics(entry.text)
      .then((diagnostics) => {
        const current = this.documents.get(uri);
        if (current === undefined || current.version !== entry.version) return;
        this.deep.set(uri, { version: entry.version, exact: true, diagnostics });
        this.send(uri);
      })
      .catch(() => undefined)
      .finally(() => this.deepRunning.delete(uri));
    this.deepRunning.set(uri, run);
    return run;
  }

  private send(uri: string): void {
    const entry = this.documents.get(uri);
    if (entry === undefined) return;
    const all = [...entry.analysis.diagnostics, ...this.deepFindings(uri)].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
    const diagnostics = all.map((diagnostic) => toLspDiagnostic(entry.document, diagnostic));
    void this.connection.sendDiagnostics({ uri, version: entry.version, diagnostics });
  }

  /** Moves the deep findings through edits; a finding whose place was edited is dropped. */
  private moveDeepFindings(uri: string, changes: readonly TextChange[]): void {
    const found = this.deep.get(uri);
    if (found === undefined || changes.length === 0) return;
    let diagnostics = found.diagnostics;
    for (const change of changes) diagnostics = diagnostics.flatMap((diagnostic) => moveDiagnostic(diagnostic, change));
    const entryVersion = this.documents.get(uri)?.version ?? found.version;
    this.deep.set(uri, { version: entryVersion, exact: false, diagnostics });
  }

  /** On close: stop waiting and clear what the editor shows. */
  clear(uri: string): void {
    for (const timers of [this.timers, this.deepTimers]) {
      const timer = timers.get(uri);
      if (timer !== undefined) clearTimeout(timer);
      timers.delete(uri);
    }
    this.lastChange.delete(uri);
    this.deep.delete(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }
}

function moveSpan(span: Span, change: TextChange): Span | undefined {
  if (span.end <= change.start) return span;
  const shift = change.length - (change.end - change.start);
  if (span.start >= change.end) return { start: span.start + shift, end: span.end + shift };
  return undefined;
}

function moveDiagnostic(diagnostic: BatonDiagnostic, change: TextChange): BatonDiagnostic[] {
  const span = moveSpan(diagnostic.span, change);
  if (span === undefined) return [];
  const moved: BatonDiagnostic = { ...diagnostic, span };
  if (diagnostic.related !== undefined) {
    moved.related = diagnostic.related.flatMap((related) => {
      const relatedSpan = moveSpan(related.span, change);
      return relatedSpan === undefined ? [] : [{ ...related, span: relatedSpan }];
    });
  }
  if (diagnostic.fix !== undefined) {
    const edits = diagnostic.fix.edits.map((edit) => ({ ...edit, span: moveSpan(edit.span, change) }));
    if (edits.every((edit) => edit.span !== undefined)) moved.fix = { ...diagnostic.fix, edits: edits as { span: Span; newText: string }[] };
    else delete moved.fix;
  }
  return [moved];
}
