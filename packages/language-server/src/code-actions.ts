// Code actions: the fixes the checker proposes ("did you mean", parentheses for mixed `and`/`or`,
// a `source` clause for a rule without one, ...), and declaring a name that is not declared yet.
import type { Declaration, Diagnostic as BatonDiagnostic, SymbolKind } from "@baton/core";
import { CodeActionKind, type CodeAction, type Range } from "vscode-languageserver";
import { toLspDiagnostic } from "./diagnostics.js";
import { toRange, type AnalysedDocument } from "./documents.js";
import { roleOfName, type NameRole } from "./name-roles.js";

/** `more`: diagnostics found outside the entry's analysis (the search for conflicts and gaps). */
export function codeActions(entry: AnalysedDocument, range: Range, more: readonly BatonDiagnostic[] = []): CodeAction[] {
  const { analysis, document } = entry;
  const start = document.offsetAt(range.start);
  const end = document.offsetAt(range.end);
  const actions: CodeAction[] = [];
  for (const diagnostic of [...analysis.diagnostics, ...more]) {
    if (diagnostic.span.end < start || diagnostic.span.start > end) continue;
    const lspDiagnostic = toLspDiagnostic(document, diagnostic);
    if (diagnostic.fix !== undefined) {
      actions.push({
        title: diagnostic.fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [lspDiagnostic],
        isPreferred: true,
        edit: {
          changes: {
            [document.uri]: diagnostic.fix.edits.map((edit) => ({ range: toRange(document, edit.span), newText: edit.newText })),
          },
        },
      });
    }
    if (diagnostic.code === "unknown-name") {
      const declare = declareAction(entry, diagnostic);
      if (declare !== undefined) actions.push({ ...declare, diagnostics: [lspDiagnostic] });
    }
  }
  return actions;
}

const declarationKinds: Record<SymbolKind, Declaration["kind"]> = {
  team: "Team",
  panel: "Panel",
  type: "TypeDecl",
  fact: "Fact",
  let: "Let",
  event: "Event",
  document: "Document",
};

/** "Declare team `X`": a declaration written after the others of its kind. */
function declareAction(entry: AnalysedDocument, diagnostic: BatonDiagnostic): CodeAction | undefined {
  const { analysis, document, text } = entry;
  const name = text.slice(diagnostic.span.start, diagnostic.span.end);
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return undefined;
  const role = roleOfName(analysis.ast, analysis.model, diagnostic.span);
  if (role === undefined || role.kind === "type" || role.kind === "let") return undefined;
  const declarationText = declarationFor(role, name);
  const declarations = analysis.ast.declarations;
  const sameKind = declarations.filter((declaration) => declaration.kind === declarationKinds[role.kind]);
  let insert: { offset: number; newText: string };
  const last = sameKind[sameKind.length - 1];
  if (last !== undefined) {
    insert = { offset: lineEnd(text, last.span.end), newText: `\n${declarationText}` };
  } else {
    // After the last declaration that is not a rule or test (the header at least), in a block of its own.
    const simple = declarations.filter((declaration) => declaration.kind !== "Rule" && declaration.kind !== "Test" && declaration.span.start < diagnostic.span.start);
    const after = simple[simple.length - 1];
    insert = after !== undefined ? { offset: lineEnd(text, after.span.end), newText: `\n\n${declarationText}` } : { offset: 0, newText: `${declarationText}\n\n` };
  }
  const position = document.positionAt(insert.offset);
  return {
    title: `Declare ${role.kind} \`${name}\``,
    kind: CodeActionKind.QuickFix,
    edit: { changes: { [document.uri]: [{ range: { start: position, end: position }, newText: insert.newText }] } },
  };
}

function declarationFor(role: NameRole, name: string): string {
  const label = JSON.stringify(name.replace(/_/g, " "));
  if (role.kind === "fact") return `fact ${name}: ${role.factType ?? "yes/no"} ${label}`;
  return `${role.kind} ${name} ${label}`;
}

/** The end of the line holding `offset` (before its line break), so a trailing comment stays put. */
function lineEnd(text: string, offset: number): number {
  let at = offset;
  while (at < text.length && text[at] !== "\n" && text[at] !== "\r") at++;
  return at;
}
