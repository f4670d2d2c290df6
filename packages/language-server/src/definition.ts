// Go to definition: from any use of a team, fact, event, document, type, enumeration value or rule
// name to where it is declared.
import type { Location } from "vscode-languageserver";
import { toRange, type AnalysedDocument } from "./documents.js";
import { declarationSpan, referenceAt } from "./locate.js";

export function definition(entry: AnalysedDocument, offset: number): Location | null {
  const reference = referenceAt(entry.analysis, offset);
  if (reference === undefined) return null;
  const span = declarationSpan(reference.target);
  if (span === undefined) return null;
  return { uri: entry.document.uri, range: toRange(entry.document, span) };
}
