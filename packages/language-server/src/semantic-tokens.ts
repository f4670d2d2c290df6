// Semantic tokens: colours from what each name is (team, fact, event, ...), as the checker resolved
// it, on top of the keywords, strings, numbers and comments the TextMate grammar already colours.
import { reservedWords, type Analysis, type BatonSymbol } from "@baton/core";
import { SemanticTokensBuilder, type SemanticTokens, type SemanticTokensLegend } from "vscode-languageserver";
import type { AnalysedDocument } from "./documents.js";
import { tokensOf } from "./locate.js";

export const tokenTypes = ["keyword", "operator", "string", "number", "comment", "class", "interface", "type", "variable", "property", "event", "struct", "enumMember", "function"] as const;
export const tokenModifiers = ["declaration", "readonly", "defaultLibrary"] as const;

type TokenType = (typeof tokenTypes)[number];
type TokenModifier = (typeof tokenModifiers)[number];

export const semanticTokensLegend: SemanticTokensLegend = { tokenTypes: [...tokenTypes], tokenModifiers: [...tokenModifiers] };

const symbolTokenTypes: Record<BatonSymbol["kind"], TokenType> = {
  team: "class",
  panel: "interface",
  type: "type",
  fact: "variable",
  let: "variable",
  event: "event",
  document: "struct",
};

interface Classified {
  start: number;
  end: number;
  type: TokenType;
  modifiers: TokenModifier[];
}

/** What each named place is, by start offset, from the checker's references and resolutions. */
function namedPlaces(analysis: Analysis): Map<number, Classified> {
  const places = new Map<number, Classified>();
  for (const reference of analysis.model.references) {
    const { span, target } = reference;
    const modifiers: TokenModifier[] = reference.declaration ? ["declaration"] : [];
    switch (target.kind) {
      case "symbol":
        if (target.symbol.kind === "let") modifiers.push("readonly");
        if (target.symbol.decl === undefined) modifiers.push("defaultLibrary");
        places.set(span.start, { start: span.start, end: span.end, type: symbolTokenTypes[target.symbol.kind], modifiers });
        break;
      case "rule":
        places.set(span.start, { start: span.start, end: span.end, type: "function", modifiers });
        break;
      case "enum-value":
        places.set(span.start, { start: span.start, end: span.end, type: "enumMember", modifiers });
        break;
    }
  }
  for (const [name, resolution] of analysis.model.resolutions) {
    if (resolution.kind === "field" && !places.has(name.span.start)) {
      places.set(name.span.start, { start: name.span.start, end: name.span.end, type: "property", modifiers: [] });
    }
  }
  return places;
}

function classifyToken(type: string, image: string): TokenType | undefined {
  if (type === "StringLiteral" || type === "UnterminatedString" || type === "MisquotedString") return "string";
  if (type === "NumberLiteral" || type === "DateLiteral" || type === "ShortDate") return "number";
  if (type === "CalendarName") return "enumMember";
  if (type === "YesNoType") return "type";
  if (reservedWords.has(image)) return "keyword";
  if (/^[<>=+\-]/.test(image)) return "operator";
  return undefined;
}

export function semanticTokens(entry: AnalysedDocument): SemanticTokens {
  const { analysis, document } = entry;
  const places = namedPlaces(analysis);
  const classified: Classified[] = [];
  for (const token of tokensOf(analysis)) {
    const named = places.get(token.start);
    if (named !== undefined) {
      classified.push(named);
      continue;
    }
    const type = classifyToken(token.type, token.image);
    if (type !== undefined) classified.push({ start: token.start, end: token.end, type, modifiers: [] });
  }
  for (const comment of analysis.ast.comments) classified.push({ start: comment.span.start, end: comment.span.end, type: "comment", modifiers: [] });
  classified.sort((a, b) => a.start - b.start);

  const builder = new SemanticTokensBuilder();
  let lastEnd = -1;
  for (const item of classified) {
    if (item.start < lastEnd || item.end <= item.start) continue;
    const position = document.positionAt(item.start);
    const end = document.positionAt(item.end);
    // Tokens never span lines in Baton; guard anyway, since clients reject multi-line tokens.
    if (end.line !== position.line) continue;
    const modifiers = item.modifiers.reduce((bits, modifier) => bits | (1 << tokenModifiers.indexOf(modifier)), 0);
    builder.push(position.line, position.character, end.character - position.character, tokenTypes.indexOf(item.type), modifiers);
    lastEnd = item.end;
  }
  return builder.build();
}
