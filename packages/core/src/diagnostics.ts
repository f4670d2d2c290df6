// Diagnostics: every problem the parser and checker find, with a stable code, a severity, the
// smallest span that explains it, related places, and a fix where one is obvious.
import type { Span } from "./syntax/ast.js";
import { showHiddenCharacters } from "./syntax/unicode.js";

export type Severity = "error" | "warning";

/** Stable codes, documented one by one in docs/diagnostics.md. */
export type DiagnosticCode =
  | "syntax"
  | "invalid-date"
  | "invalid-string"
  | "invalid-duration"
  | "too-deep"
  | "header"
  | "rule-shape"
  | "unknown-name"
  | "wrong-kind"
  | "duplicate-name"
  | "reserved-name"
  | "type-mismatch"
  | "mixed-and-or"
  | "cyclic-let"
  | "cyclic-exception"
  | "invalid-test"
  | "unused"
  | "self-transfer"
  | "missing-source"
  | "bidi-control"
  | "invisible-character"
  | "confusable-name"
  | "conflict"
  | "unreachable-rule"
  | "gap"
  | "analysis-limit";

export interface TextEdit {
  span: Span;
  newText: string;
}

export interface Fix {
  /** What the fix does, in words: "Change to `CIN`". */
  title: string;
  edits: TextEdit[];
}

export interface RelatedInformation {
  span: Span;
  message: string;
}

export interface Diagnostic {
  code: DiagnosticCode;
  severity: Severity;
  message: string;
  span: Span;
  related?: RelatedInformation[];
  fix?: Fix;
}

export function error(code: DiagnosticCode, span: Span, message: string, extra: Partial<Diagnostic> = {}): Diagnostic {
  return visible({ code, severity: "error", message, span, ...extra });
}

export function warning(code: DiagnosticCode, span: Span, message: string, extra: Partial<Diagnostic> = {}): Diagnostic {
  return visible({ code, severity: "warning", message, span, ...extra });
}

/**
 * Messages quote names and text from the protocol; any invisible character in them is shown as
 * `<U+200B>`, so that a message never hides part of itself or reorders how it is displayed.
 */
function visible(diagnostic: Diagnostic): Diagnostic {
  diagnostic.message = showHiddenCharacters(diagnostic.message);
  if (diagnostic.related) diagnostic.related = diagnostic.related.map((related) => ({ ...related, message: showHiddenCharacters(related.message) }));
  if (diagnostic.fix) diagnostic.fix = { ...diagnostic.fix, title: showHiddenCharacters(diagnostic.fix.title) };
  return diagnostic;
}

/** Diagnostics in reading order: by position, then errors before warnings. */
export function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      a.span.start - b.span.start ||
      a.span.end - b.span.end ||
      (a.severity === b.severity ? 0 : a.severity === "error" ? -1 : 1) ||
      a.code.localeCompare(b.code),
  );
}
