// Folding ranges: every declaration that spans several lines (the header, rules, tests, record
// types), and runs of comment lines.
import { FoldingRangeKind, type FoldingRange } from "vscode-languageserver";
import type { AnalysedDocument } from "./documents.js";

export function foldingRanges(entry: AnalysedDocument): FoldingRange[] {
  const { document, analysis } = entry;
  const lineOf = (offset: number) => document.positionAt(offset).line;
  const ranges: FoldingRange[] = [];
  for (const declaration of analysis.ast.declarations) {
    const start = lineOf(declaration.span.start);
    const end = lineOf(declaration.span.end);
    if (end > start) ranges.push({ startLine: start, endLine: end });
  }
  let run: { start: number; end: number } | undefined;
  const flush = () => {
    if (run !== undefined && run.end > run.start) ranges.push({ startLine: run.start, endLine: run.end, kind: FoldingRangeKind.Comment });
    run = undefined;
  };
  for (const comment of analysis.ast.comments) {
    const line = lineOf(comment.span.start);
    // Only whole-line comments make a block; one after code ends it.
    const ownLine = /^[ \t]*$/.test(entry.text.slice(document.offsetAt({ line, character: 0 }), comment.span.start));
    if (!ownLine) {
      flush();
      continue;
    }
    if (run !== undefined && line === run.end + 1) run.end = line;
    else {
      flush();
      run = { start: line, end: line };
    }
  }
  flush();
  return ranges.sort((a, b) => a.startLine - b.startLine);
}
