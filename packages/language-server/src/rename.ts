// Rename: a team, panel, type, fact, let, event, document, enumeration value or rule, everywhere it
// is named (a rule in `exception to` and `expect rule` too). A new name that would not be valid, or
// that is taken, is refused with a message saying why.
import { reservedWords } from "@baton/core";
import { LSPErrorCodes, ResponseError, type Range, type TextEdit, type WorkspaceEdit } from "vscode-languageserver";
import { toRange, type AnalysedDocument } from "./documents.js";
import { identifierPattern, referenceAt, referencesTo, type Target } from "./locate.js";

function refuse(message: string): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestFailed, message);
}

/** The range to rename and its current name; refuses places that cannot be renamed. */
export function prepareRename(entry: AnalysedDocument, offset: number): { range: Range; placeholder: string } {
  const reference = referenceAt(entry.analysis, offset);
  if (reference === undefined) throw refuse("Only the name of a team, panel, type, fact, value, event, document, enumeration value or rule can be renamed.");
  const target = reference.target;
  if (target.kind === "symbol" && target.symbol.decl === undefined) throw refuse(`\`${target.symbol.name}\` is built in and cannot be renamed.`);
  if (target.kind === "rule") {
    // Inside the quotes: the editor shows the name itself.
    const span = { start: reference.span.start + 1, end: Math.max(reference.span.start + 1, reference.span.end - 1) };
    return { range: toRange(entry.document, span), placeholder: target.rule.name.value };
  }
  return { range: toRange(entry.document, reference.span), placeholder: entry.text.slice(reference.span.start, reference.span.end) };
}

export function rename(entry: AnalysedDocument, offset: number, newName: string): WorkspaceEdit {
  const reference = referenceAt(entry.analysis, offset);
  if (reference === undefined) throw refuse("There is no name here to rename.");
  const target = reference.target;
  const problem = renameProblem(entry, target, newName);
  if (problem !== undefined) throw refuse(problem);
  const newText = target.kind === "rule" ? quote(newName) : newName;
  const edits: TextEdit[] = referencesTo(entry.analysis, target).map((found) => ({ range: toRange(entry.document, found.span), newText }));
  return { changes: { [entry.document.uri]: edits } };
}

/** Why `newName` cannot be used, or undefined when it can. */
export function renameProblem(entry: AnalysedDocument, target: Target, newName: string): string | undefined {
  const model = entry.analysis.model;
  switch (target.kind) {
    case "rule": {
      if (newName.length === 0) return "A rule's name cannot be empty.";
      if (/[\r\n\u2028\u2029]/.test(newName)) return "A rule's name must fit on one line.";
      const existing = model.rules.get(newName);
      if (existing !== undefined && existing !== target.rule) return `There is already a rule called "${newName}".`;
      return undefined;
    }
    case "symbol":
    case "enum-value": {
      if (!identifierPattern.test(newName)) {
        return `\`${newName}\` is not a valid name: use letters, digits and underscores, starting with a letter or underscore.`;
      }
      if (reservedWords.has(newName)) return `\`${newName}\` is a reserved word of the language and cannot be used as a name.`;
      if (target.kind === "symbol") {
        const existing = model.symbols.get(newName);
        if (existing !== undefined && existing !== target.symbol) return `\`${newName}\` is already declared; choose another name.`;
      } else if (newName !== target.value && target.decl.values.some((value) => value.text === newName)) {
        return `\`${newName}\` is already one of the values of this type.`;
      }
      return undefined;
    }
  }
}

/** A rule name as a Baton string literal. */
export function quote(name: string): string {
  const escaped = name.replace(/[\\"\t\u0000-\u001f\u007f]/g, (char) => {
    if (char === "\\") return "\\\\";
    if (char === '"') return '\\"';
    if (char === "\t") return "\\t";
    return `\\u{${char.codePointAt(0)!.toString(16)}}`;
  });
  return `"${escaped}"`;
}
