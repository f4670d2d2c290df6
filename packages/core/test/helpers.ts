// Test helpers in the style of Langium's: write a protocol with «markers» around the text a
// diagnostic should point at, and assert on codes, ranges and wording in one line.
import { expect } from "vitest";
import { analyzeText, LineIndex, type Analysis, type Diagnostic, type DiagnosticCode } from "../src/index.js";

/** A minimal valid header and declarations that most snippets need. */
export const prelude = `protocol Test "A test protocol"
  calendar england-and-wales
`;

export interface Marked {
  text: string;
  /** The spans between « and », in order. */
  marks: { start: number; end: number }[];
}

export function stripMarks(source: string): Marked {
  const marks: { start: number; end: number }[] = [];
  const open: number[] = [];
  let text = "";
  for (const char of source) {
    if (char === "«") open.push(text.length);
    else if (char === "»") marks.push({ start: open.pop()!, end: text.length });
    else text += char;
  }
  return { text, marks: marks.sort((a, b) => a.start - b.start) };
}

/** The checker's findings, without the static analysis (analysis.test.ts tests that on its own). */
export function analyze(source: string): Analysis {
  return analyzeText(source, { analysis: false });
}

/** `line:column code: message` for each diagnostic, for snapshots that read like the CLI. */
export function describeDiagnostics(text: string, diagnostics: readonly Diagnostic[] = analyze(text).diagnostics): string[] {
  const lines = new LineIndex(text);
  return diagnostics.map((diagnostic) => {
    const { line, column } = lines.positionAt(diagnostic.span.start);
    return `${line}:${column} ${diagnostic.severity} [${diagnostic.code}] ${diagnostic.message}`;
  });
}

/**
 * Asserts the file has exactly one diagnostic per «mark», each with `code`, at that mark, in order;
 * returns them for further assertions on wording and fixes.
 */
export function expectDiagnosticsAt(source: string, code: DiagnosticCode): Diagnostic[] {
  const { text, marks } = stripMarks(source);
  // The analysis's own codes need the analysis; the checker's are tested without it.
  const analysisCodes: DiagnosticCode[] = ["conflict", "unreachable-rule", "gap", "analysis-limit"];
  const found = analyzeText(text, { analysis: analysisCodes.includes(code) }).diagnostics.filter((diagnostic) => diagnostic.code === code);
  expect(
    found.map((diagnostic) => text.slice(diagnostic.span.start, diagnostic.span.end)),
    describeDiagnostics(text).join("\n"),
  ).toEqual(marks.map((mark) => text.slice(mark.start, mark.end)));
  expect(found.map((diagnostic) => diagnostic.span)).toEqual(marks);
  return found;
}

/** Asserts the file has no diagnostics at all, showing them if it has. */
export function expectClean(text: string): Analysis {
  const analysis = analyzeText(text);
  expect(describeDiagnostics(text, analysis.diagnostics)).toEqual([]);
  return analysis;
}

/** Applies a diagnostic's fix to the text. */
export function applyFix(text: string, diagnostic: Diagnostic): string {
  const edits = [...(diagnostic.fix?.edits ?? [])].sort((a, b) => b.span.start - a.span.start);
  let result = text;
  for (const edit of edits) result = result.slice(0, edit.span.start) + edit.newText + result.slice(edit.span.end);
  return result;
}
