// Find references: every place the thing under the cursor is named, with or without its declaration.
import type { Location } from "vscode-languageserver";
import { toRange, type AnalysedDocument } from "./documents.js";
import { referenceAt, referencesTo } from "./locate.js";

export function references(entry: AnalysedDocument, offset: number, includeDeclaration: boolean): Location[] {
  const reference = referenceAt(entry.analysis, offset);
  if (reference === undefined) return [];
  return referencesTo(entry.analysis, reference.target)
    .filter((found) => includeDeclaration || !found.declaration)
    .sort((a, b) => a.span.start - b.span.start)
    .map((found) => ({ uri: entry.document.uri, range: toRange(entry.document, found.span) }));
}
