// Printing diagnostics: the one-line `file:line:column: severity [code] message` form of spec
// section 10, with the source line underneath, and the JSON form for tools.
import { LineIndex, showHiddenCharacters, type Diagnostic } from "@baton/core";

export interface Styles {
  error: (text: string) => string;
  warning: (text: string) => string;
  dim: (text: string) => string;
  bold: (text: string) => string;
}

const plain = (text: string) => text;
export const noStyles: Styles = { error: plain, warning: plain, dim: plain, bold: plain };
export const ansiStyles: Styles = {
  error: (text) => `\u001b[31m${text}\u001b[39m`,
  warning: (text) => `\u001b[33m${text}\u001b[39m`,
  dim: (text) => `\u001b[2m${text}\u001b[22m`,
  bold: (text) => `\u001b[1m${text}\u001b[22m`,
};

export function stylesFor(stream: NodeJS.WriteStream): Styles {
  return stream.isTTY && !process.env["NO_COLOR"] ? ansiStyles : noStyles;
}

export interface JsonDiagnostic {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: "error" | "warning";
  code: string;
  message: string;
  related?: { line: number; column: number; message: string }[];
  fix?: { title: string; edits: { line: number; column: number; endLine: number; endColumn: number; newText: string }[] };
}

export function toJson(file: string, text: string, diagnostics: readonly Diagnostic[]): JsonDiagnostic[] {
  const lines = new LineIndex(text);
  return diagnostics.map((diagnostic) => {
    const { start, end } = lines.range(diagnostic.span);
    const json: JsonDiagnostic = {
      file,
      line: start.line,
      column: start.column,
      endLine: end.line,
      endColumn: end.column,
      severity: diagnostic.severity,
      code: diagnostic.code,
      message: diagnostic.message,
    };
    if (diagnostic.related?.length) {
      json.related = diagnostic.related.map((related) => ({ ...lines.positionAt(related.span.start), message: related.message }));
    }
    if (diagnostic.fix) {
      json.fix = {
        title: diagnostic.fix.title,
        edits: diagnostic.fix.edits.map((edit) => {
          const range = lines.range(edit.span);
          return { line: range.start.line, column: range.start.column, endLine: range.end.line, endColumn: range.end.column, newText: edit.newText };
        }),
      };
    }
    return json;
  });
}

/** The diagnostic in text: its line, then the source line with the range underlined, then related places. */
export function formatDiagnostic(file: string, text: string, lines: LineIndex, diagnostic: Diagnostic, styles: Styles): string {
  const { start, end } = lines.range(diagnostic.span);
  const severity = diagnostic.severity === "error" ? styles.error("error") : styles.warning("warning");
  const out = [`${styles.bold(`${file}:${start.line}:${start.column}:`)} ${severity} [${diagnostic.code}] ${diagnostic.message}`];
  const lineStart = lines.offsetAt({ line: start.line, column: 1 });
  const lineEnd = start.line < lines.lineCount ? lines.offsetAt({ line: start.line + 1, column: 1 }) : text.length;
  const sourceLine = text.slice(lineStart, lineEnd).replace(/\r?\n$|\r$/, "");
  if (sourceLine.trim() !== "" && sourceLine.length <= 200) {
    const gutter = String(start.line);
    // Invisible characters are shown as `<U+202E>`: printed as they are, one could reorder the line on screen.
    const before = showHiddenCharacters(sourceLine.slice(0, start.column - 1));
    const marked = showHiddenCharacters(sourceLine.slice(start.column - 1, end.line === start.line ? end.column - 1 : undefined));
    const width = Math.max(1, marked.length);
    const pad = before.replace(/[^\t]/g, " ");
    out.push(styles.dim(`  ${gutter} | `) + showHiddenCharacters(sourceLine));
    out.push(styles.dim(`  ${" ".repeat(gutter.length)} | `) + pad + (diagnostic.severity === "error" ? styles.error : styles.warning)("^".repeat(width)));
  }
  for (const related of diagnostic.related ?? []) {
    const at = lines.positionAt(related.span.start);
    out.push(styles.dim(`  ${file}:${at.line}:${at.column}: ${related.message}`));
  }
  if (diagnostic.fix) out.push(styles.dim(`  fix: ${diagnostic.fix.title}`));
  return out.join("\n");
}

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}
