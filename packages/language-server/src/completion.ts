// Completion by context: declaration and clause keywords where one may start, teams after `from`
// and `to`, facts and values in conditions, enumeration values after `is`, events after `at` and
// `of`, documents after `requires`, rule names after `exception to` and `expect rule`. The context
// is read from the tokens before the cursor, so it works in a file that does not parse yet.
import { calendarNames, describeType, type Analysis, type BatonSymbol, type BatonType, type SymbolKind } from "@baton/core";
import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem, type Range } from "vscode-languageserver";
import type { AnalysedDocument } from "./documents.js";
import { quote } from "./rename.js";
import { tokenIndexAfter, tokensOf, type SourceToken } from "./locate.js";

const declarationKeywords = ["team", "panel", "holiday", "type", "fact", "let", "event", "document", "rule", "test"];
const headerClauses = ["version", "effective", "calendar", "notice", "otherwise", "source"];
const testLines = ["today", "team", "given", "expect"];
/** Rule clauses in the order the language wants them; the action is one of three. */
const ruleClauses: { keyword: string; order: number }[] = [
  { keyword: "source", order: 0 },
  { keyword: "exception to", order: 1 },
  { keyword: "when", order: 2 },
  { keyword: "unless", order: 3 },
  { keyword: "transfer", order: 4 },
  { keyword: "remain", order: 4 },
  { keyword: "refer to", order: 4 },
  { keyword: "request", order: 5 },
  { keyword: "requires", order: 6 },
  { keyword: "because", order: 7 },
];
const clauseOrder = new Map<string, number>([
  ["source", 0], ["exception", 1], ["when", 2], ["unless", 3], ["transfer", 4], ["remain", 4], ["refer", 4], ["request", 5], ["requires", 6], ["because", 7],
]);
const expectations = ["transfer to", "remain", "refer to", "no rule", "conflict", "needs", "missing", "rule"];
const expressionStarters = ["not", "today", "time since", "current team", "date of", "count", "any", "all"];
const declarationStarters = new Set(["protocol", ...declarationKeywords]);

interface Context {
  entry: AnalysedDocument;
  /** Where names come from: the analysis, or the text before an unfinished last declaration. */
  names: Analysis;
  tokens: SourceToken[];
  /** Index of the last token before the word being typed. */
  previous: number;
  /** What the completion replaces: the word (or string) being typed. */
  range: Range;
  offset: number;
  /** The string token the cursor is in, if any. */
  inString: boolean;
  atLineStart: boolean;
}

export function completion(entry: AnalysedDocument, offset: number, names: Analysis = entry.analysis): CompletionItem[] {
  const { analysis, text, document } = entry;
  if (analysis.ast.comments.some((comment) => comment.span.start < offset && offset <= comment.span.end)) return [];
  const tokens = tokensOf(analysis);
  let index = tokenIndexAfter(tokens, offset);
  // The word or string being typed: the token the cursor is in, or the one it touches on the left.
  let typed: SourceToken | undefined;
  const after = tokens[index];
  if (after !== undefined && after.start < offset) typed = after;
  else {
    const before = tokens[index - 1];
    if (before !== undefined && before.end === offset && /^[A-Za-z_"]/.test(before.image)) {
      typed = before;
      index--;
    }
  }
  const inString = typed !== undefined && typed.image.startsWith('"');
  if (typed !== undefined && !inString && !/^[A-Za-z_]/.test(typed.image)) return [];
  const replaceStart = typed?.start ?? offset;
  const replaceEnd = inString ? typed!.end : offset;
  const context: Context = {
    entry,
    names,
    offset,
    tokens,
    previous: index - 1,
    range: { start: document.positionAt(replaceStart), end: document.positionAt(replaceEnd) },
    inString,
    atLineStart: isLineStart(text, replaceStart),
  };
  return itemsFor(context);
}

function itemsFor(context: Context): CompletionItem[] {
  const { tokens } = context;
  const previous = tokens[context.previous];
  const word = (index: number) => tokens[index]?.image;
  const block = enclosingBlock(context);

  if (context.inString) {
    // Only rule names are offered inside quotes.
    const owner = listOwner(context, context.previous);
    if ((owner !== undefined && word(owner) === "to" && word(owner - 1) === "exception") || (previous?.image === "rule" && word(context.previous - 1) === "expect")) {
      return ruleItems(context);
    }
    return [];
  }
  if (previous === undefined) return keywordItems(context, ["protocol"]);

  const owner = listOwner(context, context.previous) ?? context.previous;
  const ownerWord = word(owner);
  const beforeOwner = word(owner - 1);
  switch (ownerWord) {
    case "from":
      return beforeOwner === "work" ? anchorItems(context) : symbolItems(context, ["team"]);
    case "to":
      if (beforeOwner === "exception") return ruleItems(context);
      if (beforeOwner === "refer") return symbolItems(context, ["panel"]);
      return [...symbolItems(context, ["team"]), ...(block.keyword === "rule" ? valueItems(context, (type) => type.kind === "team") : [])];
    case "with":
      return symbolItems(context, ["team"]);
    case "at":
      return symbolItems(context, ["event"]);
    case "of":
      if (beforeOwner === "date") return symbolItems(context, ["event"]);
      if (beforeOwner === "one") {
        // `x is one of`, `x is not one of`: the values of x.
        if (word(owner - 2) === "is") return isValueItems(context, owner - 2);
        if (word(owner - 2) === "not" && word(owner - 3) === "is") return isValueItems(context, owner - 3);
        return [];
      }
      if (beforeOwner === "list") return typeItems(context, true);
      return anchorItems(context);
    case "after":
    case "before":
      return anchorItems(context);
    case "on":
      if (block.keyword === "test") return [];
      return [...valueItems(context, (type) => type.kind === "date"), ...keywordItems(context, ["today"])];
    case "requires":
    case "missing":
      return symbolItems(context, ["document"]);
    case "needs":
      return symbolItems(context, ["fact"]);
    case "is":
      return [...isValueItems(context, owner), ...keywordItems(context, ["not", "one of"])];
    case "not":
      if (beforeOwner === "is") return [...isValueItems(context, owner - 1), ...keywordItems(context, ["one of"])];
      return conditionItems(context);
    case "=":
      return block.keyword === "test" ? isValueItems(context, owner) : conditionItems(context);
    case "when":
    case "unless":
    case "and":
    case "or":
    case "(":
    case "where":
    case "<":
    case "<=":
    case ">":
    case ">=":
      return conditionItems(context);
    case "since":
      return [...valueItems(context, (type) => type.kind === "date"), ...keywordItems(context, ["date of", "today"])];
    case "count":
    case "any":
    case "all":
      return valueItems(context, (type) => type.kind === "list");
    case "given":
      return symbolItems(context, ["fact", "event", "document"]);
    case "expect":
      return keywordItems(context, expectations);
    case "rule":
      return beforeOwner === "expect" ? ruleItems(context) : [];
    case "team":
      // `team RAT` as a line of a test; not `team X` declaring a team, nor `current team`.
      if (block.keyword === "test" && !isAtColumnZero(context, owner) && beforeOwner !== "current") return symbolItems(context, ["team"]);
      return [];
    case "calendar":
      return calendarNames.map((name) => ({ label: name, kind: CompletionItemKind.EnumMember, textEdit: { range: context.range, newText: name } }));
    case "otherwise":
      return keywordItems(context, ["remain", "refer to"]);
    case ":":
      if (block.keyword === "type" && owner === block.index + 2) return keywordItems(context, ["one of", "record"]);
      return typeItems(context, false);
    default:
      break;
  }
  if (context.atLineStart) return lineStartItems(context, block);
  // After a value in a condition: what can follow it.
  if (previous.type === "Identifier" && (block.keyword === "rule" || block.keyword === "let")) return followItems(context, previous.image);
  return [];
}

/** At the start of a line: the clauses that may still come in this declaration, then new declarations. */
function lineStartItems(context: Context, block: { keyword: string | undefined; index: number }): CompletionItem[] {
  const items: CompletionItem[] = [];
  const indented = !isAtColumnZeroOffset(context.entry.text, context.entry.document.offsetAt(context.range.start));
  const rank = (clause: boolean) => (clause === indented ? "0" : "1");
  const { tokens } = context;
  switch (block.keyword) {
    case "rule": {
      let last = -1;
      for (let i = block.index + 1; i <= context.previous; i++) {
        const order = clauseOrder.get(tokens[i]!.image);
        if (order !== undefined && isLineStart(context.entry.text, tokens[i]!.start)) last = Math.max(last, order);
      }
      const next = ruleClauses.filter((clause) => clause.order > last || (clause.order === 6 && last === 6));
      items.push(...keywordItems(context, next.map((clause) => clause.keyword), rank(true)));
      break;
    }
    case "test":
      items.push(...keywordItems(context, testLines, rank(true)));
      break;
    case "protocol":
      items.push(...keywordItems(context, headerClauses, rank(true)));
      break;
    default:
      break;
  }
  const hasHeader = context.names.ast.declarations.some((declaration) => declaration.kind === "Header");
  items.push(...keywordItems(context, hasHeader ? declarationKeywords : ["protocol"], rank(false)));
  return items;
}

/** The declaration the cursor is in: the last declaration keyword at the start of an unindented line. */
function enclosingBlock(context: Context): { keyword: string | undefined; index: number } {
  for (let i = context.previous; i >= 0; i--) {
    const token = context.tokens[i]!;
    if (declarationStarters.has(token.image) && isAtColumnZero(context, i)) return { keyword: token.image, index: i };
  }
  return { keyword: undefined, index: -1 };
}

function isAtColumnZero(context: Context, index: number): boolean {
  return isAtColumnZeroOffset(context.entry.text, context.tokens[index]!.start);
}

function isAtColumnZeroOffset(text: string, offset: number): boolean {
  return offset === 0 || text[offset - 1] === "\n" || text[offset - 1] === "\r";
}

function isLineStart(text: string, offset: number): boolean {
  for (let i = offset - 1; i >= 0; i--) {
    const char = text[i];
    if (char === "\n" || char === "\r") return true;
    if (char !== " " && char !== "\t") return false;
  }
  return true;
}

/**
 * In a list (`from A, B, |`, `requires a, |`, `exception to "x", |`, `is one of a, |`), the keyword
 * that starts it; undefined when `index` is not in a list.
 */
function listOwner(context: Context, index: number): number | undefined {
  const owners = new Set(["from", "requires", "to", "of", "needs", "missing", "given"]);
  let i = index;
  if (context.tokens[i]?.image !== ",") return context.tokens[i] !== undefined && owners.has(context.tokens[i]!.image) ? i : undefined;
  for (; i >= 0; i--) {
    const image = context.tokens[i]!.image;
    if (owners.has(image)) return i;
    // Items of a list: names, strings, values, `=` and the words of `given e held on DATE`.
    if (image === "," || image === "=" || image === "held" || image === "scheduled" || image === "complete" || image === "yes" || image === "no") continue;
    if (/^[A-Za-z_"0-9]/.test(image) && !declarationStarters.has(image) && !clauseOrder.has(image)) continue;
    return undefined;
  }
  return undefined;
}

// ---- items ----

const symbolKinds: Record<SymbolKind, CompletionItemKind> = {
  team: CompletionItemKind.Class,
  panel: CompletionItemKind.Interface,
  type: CompletionItemKind.TypeParameter,
  fact: CompletionItemKind.Field,
  let: CompletionItemKind.Variable,
  event: CompletionItemKind.Event,
  document: CompletionItemKind.File,
};

function symbolItem(context: Context, symbol: BatonSymbol, sortPrefix = "0"): CompletionItem {
  const type = context.names.model.valueTypes.get(symbol.name);
  const detail = type !== undefined ? `${symbol.kind}: ${describeType(type)}` : symbol.kind;
  const item: CompletionItem = {
    label: symbol.name,
    kind: symbolKinds[symbol.kind],
    detail,
    sortText: `${sortPrefix}${symbol.name}`,
    textEdit: { range: context.range, newText: symbol.name },
  };
  if (symbol.label !== undefined) {
    item.labelDetails = { description: symbol.label };
    item.documentation = { kind: MarkupKind.PlainText, value: symbol.label };
  }
  return item;
}

function symbols(analysis: Analysis, kinds: readonly SymbolKind[]): BatonSymbol[] {
  return [...analysis.model.symbols.values()].filter((symbol) => kinds.includes(symbol.kind));
}

function symbolItems(context: Context, kinds: readonly SymbolKind[]): CompletionItem[] {
  return symbols(context.names, kinds).map((symbol) => symbolItem(context, symbol, String(kinds.indexOf(symbol.kind))));
}

/** Facts and lets whose type passes `accept`. */
function valueItems(context: Context, accept: (type: BatonType) => boolean, sortPrefix = "0"): CompletionItem[] {
  const model = context.names.model;
  return symbols(context.names, ["fact", "let"])
    .filter((symbol) => {
      const type = model.valueTypes.get(symbol.name);
      return type !== undefined && accept(type);
    })
    .map((symbol) => symbolItem(context, symbol, sortPrefix));
}

/** Where a condition may start: facts and lets first, then events, documents and keywords. */
function conditionItems(context: Context): CompletionItem[] {
  return [
    ...symbolItems(context, ["fact", "let"]).map((item) => ({ ...item, sortText: `0${item.label}` })),
    ...symbolItems(context, ["event", "document"]).map((item) => ({ ...item, sortText: `1${item.label}` })),
    ...keywordItems(context, expressionStarters, "2"),
  ];
}

/** After `within 3 days of`, `after`, `before`, `joint work from`: an event, or a date. */
function anchorItems(context: Context): CompletionItem[] {
  return [
    ...symbolItems(context, ["event"]),
    ...valueItems(context, (type) => type.kind === "date", "1"),
    ...keywordItems(context, ["today", "date of"], "2"),
  ];
}

/** The values `x is ...` can compare with, from the type of the subject before `is` at `isIndex`. */
function isValueItems(context: Context, isIndex: number): CompletionItem[] {
  const analysis = context.names;
  const subject = context.tokens[isIndex - 1];
  if (subject === undefined) return [];
  let type: BatonType | undefined;
  if (subject.image === "team" && context.tokens[isIndex - 2]?.image === "current") type = { kind: "team" };
  else {
    type = analysis.model.valueTypes.get(subject.image);
    if (type === undefined) {
      for (const [name, resolution] of context.entry.analysis.model.resolutions) {
        if (resolution.kind === "field" && name.span.start === subject.start) type = resolution.field.type;
      }
    }
    if (type === undefined) {
      // A record field in a test's `given` list, or a field whose `where` did not parse: any field of that name.
      for (const symbol of analysis.model.symbols.values()) {
        if (symbol.decl?.kind === "TypeDecl" && symbol.decl.definition.kind === "RecordType") {
          const field = symbol.decl.definition.fields.find((candidate) => candidate.name.text === subject.image);
          const fieldType = field !== undefined ? recordFieldType(analysis, symbol.name, field.name.text) : undefined;
          if (fieldType !== undefined) type = fieldType;
        }
      }
    }
  }
  if (type === undefined) return [];
  switch (type.kind) {
    case "enum": {
      const owner = type.name;
      return type.values.map((value) => ({
        label: value,
        kind: CompletionItemKind.EnumMember,
        detail: owner !== undefined ? `a value of ${owner}` : "a value",
        textEdit: { range: context.range, newText: value },
      }));
    }
    case "team":
      return symbolItems(context, ["team"]);
    case "yes/no":
      return keywordItems(context, ["yes", "no"]);
    default:
      return [];
  }
}

function recordFieldType(analysis: Analysis, record: string, field: string): BatonType | undefined {
  for (const type of analysis.model.valueTypes.values()) {
    if (type.kind === "list" && type.element.name === record) return type.element.fields.get(field)?.type;
  }
  return undefined;
}

/** Type names after `fact x:` (or a record field's `:`). */
function typeItems(context: Context, recordsOnly: boolean): CompletionItem[] {
  const declared = symbols(context.names, ["type"]).filter((symbol) =>
    recordsOnly ? symbol.decl?.kind === "TypeDecl" && symbol.decl.definition.kind === "RecordType" : true,
  );
  const items = declared.map((symbol) => symbolItem(context, symbol));
  if (!recordsOnly) items.push(...keywordItems(context, ["yes/no", "number", "date", "duration", "team", "one of", "list of"], "1"));
  return items;
}

/** Rule names, written in quotes. */
function ruleItems(context: Context): CompletionItem[] {
  const rules = [...context.names.model.rules.values()].filter((rule) => !(rule.span.start <= context.offset && context.offset <= rule.span.end));
  return rules.map((rule) => {
    const newText = quote(rule.name.value);
    const source = rule.clauses.find((clause) => clause.kind === "Source");
    const item: CompletionItem = {
      label: rule.name.value,
      kind: CompletionItemKind.Function,
      detail: "rule",
      filterText: newText,
      textEdit: { range: context.range, newText },
    };
    if (source?.kind === "Source") {
      item.labelDetails = { description: source.text.value };
      item.documentation = { kind: MarkupKind.PlainText, value: `Source: ${source.text.value}` };
    }
    return item;
  });
}

function keywordItems(context: Context, keywords: readonly string[], sortPrefix = "0"): CompletionItem[] {
  return keywords.map((keyword, index) => ({
    label: keyword,
    kind: CompletionItemKind.Keyword,
    sortText: `${sortPrefix}${String(index).padStart(2, "0")}`,
    insertTextFormat: InsertTextFormat.PlainText,
    textEdit: { range: context.range, newText: keyword },
  }));
}

/** What can follow a name in a condition, by its kind and type. */
function followItems(context: Context, name: string): CompletionItem[] {
  const { model } = context.names;
  const symbol = model.symbols.get(name);
  if (symbol?.kind === "event") return keywordItems(context, ["held", "scheduled"]);
  if (symbol?.kind === "document") return keywordItems(context, ["complete"]);
  const type = model.valueTypes.get(name);
  if (type === undefined) return [];
  switch (type.kind) {
    case "yes/no":
      return keywordItems(context, ["and", "or", "is"]);
    case "enum":
    case "team":
      return keywordItems(context, ["is", "is not", "is one of", "is not one of"]);
    case "number":
    case "date":
    case "elapsed":
      return keywordItems(context, ["<", "<=", ">", ">=", "is"]);
    default:
      return [];
  }
}
