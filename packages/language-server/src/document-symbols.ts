// Document symbols: the outline of a protocol. The header, then every declaration in file order,
// with enumeration values and record fields under their type.
import { ruleParts, type Declaration, type ProtocolFile, type Span } from "@baton/core";
import { SymbolKind, type DocumentSymbol } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { toRange, type AnalysedDocument } from "./documents.js";

export function documentSymbols(entry: AnalysedDocument): DocumentSymbol[] {
  return symbolsOf(entry.document, entry.analysis.ast);
}

function symbolsOf(document: TextDocument, file: ProtocolFile): DocumentSymbol[] {
  const symbols: DocumentSymbol[] = [];
  const make = (name: string, detail: string | undefined, kind: SymbolKind, span: Span, selection: Span, children?: DocumentSymbol[]): DocumentSymbol => {
    // Clients reject a selection outside the symbol's range; in a broken file, keep it inside.
    const inside = selection.start >= span.start && selection.end <= span.end ? selection : { start: span.start, end: span.start };
    return {
      // An empty name is not allowed by LSP clients; a half-typed declaration still gets an entry.
      name: name.length > 0 ? name : "(unnamed)",
      ...(detail !== undefined && detail.length > 0 ? { detail } : {}),
      kind,
      range: toRange(document, span),
      selectionRange: toRange(document, inside),
      ...(children !== undefined ? { children: children.filter((child) => child.range.start.line >= 0) } : {}),
    };
  };
  for (const declaration of file.declarations) {
    const symbol = symbolOf(declaration, make);
    if (symbol !== undefined) symbols.push(symbol);
  }
  return symbols;
}

type Make = (name: string, detail: string | undefined, kind: SymbolKind, span: Span, selection: Span, children?: DocumentSymbol[]) => DocumentSymbol;

function symbolOf(declaration: Declaration, make: Make): DocumentSymbol | undefined {
  switch (declaration.kind) {
    case "Header":
      return make(declaration.name.text, declaration.title?.value, SymbolKind.Module, declaration.span, declaration.name.span);
    case "Team":
      return make(declaration.name.text, declaration.label?.value ?? "team", SymbolKind.Class, declaration.span, declaration.name.span);
    case "Panel":
      return make(declaration.name.text, declaration.label?.value ?? "panel", SymbolKind.Interface, declaration.span, declaration.name.span);
    case "Holiday":
      return make(declaration.date.text, declaration.label?.value ?? "holiday", SymbolKind.Constant, declaration.span, declaration.date.span);
    case "TypeDecl": {
      const definition = declaration.definition;
      if (definition.kind === "EnumType") {
        const values = definition.values.map((value) => make(value.text, undefined, SymbolKind.EnumMember, value.span, value.span));
        return make(declaration.name.text, "one of", SymbolKind.Enum, declaration.span, declaration.name.span, values);
      }
      const fields = definition.fields.map((field) => make(field.name.text, field.description?.value, SymbolKind.Field, field.span, field.name.span));
      return make(declaration.name.text, "record", SymbolKind.Struct, declaration.span, declaration.name.span, fields);
    }
    case "Fact":
      return make(declaration.name.text, declaration.description?.value ?? "fact", SymbolKind.Field, declaration.span, declaration.name.span);
    case "Let":
      return make(declaration.name.text, "let", SymbolKind.Variable, declaration.span, declaration.name.span);
    case "Event":
      return make(declaration.name.text, declaration.label?.value ?? "event", SymbolKind.Event, declaration.span, declaration.name.span);
    case "Document":
      return make(declaration.name.text, declaration.label?.value ?? "document", SymbolKind.File, declaration.span, declaration.name.span);
    case "Rule":
      return make(declaration.name.value, ruleParts(declaration).source?.value, SymbolKind.Function, declaration.span, declaration.name.span);
    case "Test":
      return make(declaration.name.value, "test", SymbolKind.Method, declaration.span, declaration.name.span);
  }
}
