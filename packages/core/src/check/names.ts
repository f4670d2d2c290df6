// Declarations: the header, and every team, panel, type, fact, let, event and document entered in
// the one shared namespace; rules and tests by their string names. Duplicates are reported here.
import { forbiddenKeys } from "@baton/runtime";
import { error } from "../diagnostics.js";
import type * as A from "../syntax/ast.js";
import { CheckContext, describeSymbolKind, replaceWith } from "./context.js";
import { calendarNames, type BatonSymbol, type CalendarName, type SymbolKind } from "./model.js";
import { closestName } from "./suggest.js";
import { durationType, errorType, type BatonType, type FieldType } from "./types.js";

export const allocationEvent: BatonSymbol = { kind: "event", name: "allocation", decl: undefined, label: "Allocation to the current team" };

const symbolKinds: Partial<Record<A.Declaration["kind"], SymbolKind>> = {
  Team: "team",
  Panel: "panel",
  TypeDecl: "type",
  Fact: "fact",
  Let: "let",
  Event: "event",
  Document: "document",
};


/** The `reserved-name` error for a fact, event or field that no record could give. */
function refusedKey(name: A.Name, what: string): ReturnType<typeof error> {
  return error(
    "reserved-name",
    name.span,
    `\`${name.text}\` cannot name ${what}: no case record may use \`__proto__\`, \`constructor\` or \`prototype\` as a key (in JavaScript they could change how the record is read), so no case could ever give it. Choose another name.`,
  );
}

export interface HeaderInfo {
  header: A.Header | undefined;
  calendar: CalendarName | undefined;
}

/**
 * The declarations the later passes go through, by kind and in file order: gathered in the one pass
 * `declareAll` makes over the file, so that a file of 100,000 rules is not gone through for each kind.
 */
export interface DeclarationLists {
  headers: A.Header[];
  types: A.TypeDecl[];
  facts: A.FactDecl[];
  lets: A.LetDecl[];
  rules: A.RuleDecl[];
  tests: A.TestDecl[];
  /** Whether every rule and test is named in plain ASCII, which cannot hold a lookalike. */
  plainNames: boolean;
}

/** Not plain ASCII. */
const notAscii = /[^\x00-\x7f]/;

/**
 * Enters every declaration; reports duplicates, pointing at the first declaration. `plainNames`:
 * that every rule and test name is known to be plain ASCII (from the text), so need not be looked at.
 */
export function declareAll(context: CheckContext, file: A.ProtocolFile, plainNames = false): DeclarationLists {
  context.symbols.set(allocationEvent.name, allocationEvent);
  const lists: DeclarationLists = { headers: [], types: [], facts: [], lets: [], rules: [], tests: [], plainNames: true };
  const tests = new Map<string, A.TestDecl>();
  for (const declaration of file.declarations) {
    switch (declaration.kind) {
      case "Header":
        lists.headers.push(declaration);
        break;
      case "TypeDecl":
        lists.types.push(declaration);
        break;
      case "Fact":
        lists.facts.push(declaration);
        break;
      case "Let":
        lists.lets.push(declaration);
        break;
      case "Rule":
        lists.rules.push(declaration);
        break;
      case "Test":
        lists.tests.push(declaration);
        break;
    }
    // Looked at here, where the name is at hand, rather than in another pass over every rule and test.
    if ((declaration.kind === "Rule" || declaration.kind === "Test") && !plainNames && lists.plainNames && notAscii.test(declaration.name.value)) {
      lists.plainNames = false;
    }
    const kind = symbolKinds[declaration.kind];
    if (kind !== undefined && "name" in declaration && declaration.name.kind === "Name") {
      const decl = declaration as BatonSymbol["decl"] & { name: A.Name };
      const name = decl.name;
      const existing = context.symbols.get(name.text);
      if (existing !== undefined) {
        const first = existing.decl?.name.span;
        context.report(
          error(
            "duplicate-name",
            name.span,
            existing.decl === undefined
              ? `\`${name.text}\` is built in (the date the current team took the case), so it cannot be declared again. Choose another name.`
              : `\`${name.text}\` is already declared as ${describeSymbolKind(existing.kind)}. Teams, panels, types, facts, values (\`let\`), events and documents share one set of names: choose another name.`,
            first ? { related: [{ span: first, message: `\`${name.text}\` is first declared here` }] } : {},
          ),
        );
        continue;
      }
      const label = "label" in decl && decl.label ? decl.label.value : "description" in decl && decl.description ? decl.description.value : undefined;
      const symbol: BatonSymbol = { kind, name: name.text, decl, ...(label !== undefined ? { label } : {}) };
      context.symbols.set(name.text, symbol);
      context.references.push({ span: name.span, target: { kind: "symbol", symbol }, declaration: true });
      if ((kind === "fact" || kind === "event") && forbiddenKeys.has(name.text)) context.report(refusedKey(name, kind === "fact" ? "a fact" : "an event"));
    } else if (declaration.kind === "Rule") {
      const existing = context.rules.get(declaration.name.value);
      if (existing !== undefined) {
        context.report(
          error("duplicate-name", declaration.name.span, `There is already a rule called "${declaration.name.value}". Give each rule its own name.`, {
            related: [{ span: existing.name.span, message: "the first rule with this name" }],
          }),
        );
      } else {
        context.rules.set(declaration.name.value, declaration);
        context.references.push({ span: declaration.name.span, target: { kind: "rule", rule: declaration }, declaration: true });
      }
    } else if (declaration.kind === "Test") {
      const existing = tests.get(declaration.name.value);
      if (existing !== undefined) {
        context.report(
          error("duplicate-name", declaration.name.span, `There is already a test called "${declaration.name.value}". Give each test its own name.`, {
            related: [{ span: existing.name.span, message: "the first test with this name" }],
          }),
        );
      } else tests.set(declaration.name.value, declaration);
    }
  }
  return lists;
}

/** The header: exactly one, first in the file, each clause at most once, a known calendar. */
export function checkHeader(
  context: CheckContext,
  file: A.ProtocolFile,
  tokensBeforeHeader: boolean,
  headers: readonly A.Header[] = file.declarations.filter((declaration): declaration is A.Header => declaration.kind === "Header"),
): HeaderInfo {
  const header = headers[0];
  if (header === undefined) {
    const first = file.declarations[0];
    if (first !== undefined || tokensBeforeHeader) {
      context.report(
        error(
          "header",
          first ? firstWordSpan(first) : { start: 0, end: 0 },
          "This file does not start with a protocol header. Add `protocol Name \"Title\"` as its first line.",
          { fix: { title: "Add a protocol header", edits: [{ span: { start: 0, end: 0 }, newText: "protocol Name \"Title\"\n\n" }] } },
        ),
      );
    }
    return { header: undefined, calendar: undefined };
  }
  if (file.declarations[0] !== header) {
    context.report(error("header", firstWordSpan(header), "The `protocol` header must come first in the file, before any other declaration."));
  }
  for (const extra of headers.slice(1)) {
    context.report(
      error("header", firstWordSpan(extra), "A file holds one protocol, but this is a second `protocol` header. Put each protocol in its own file.", {
        related: [{ span: header.name.span, message: "the first header" }],
      }),
    );
  }

  const seen = new Map<string, A.HeaderClause>();
  let calendar: CalendarName | undefined;
  for (const clause of header.clauses) {
    const word = clause.kind.toLowerCase();
    const previous = seen.get(clause.kind);
    if (previous !== undefined) {
      context.report(
        error("header", clause.span, `The header gives \`${word}\` twice; keep one.`, {
          related: [{ span: previous.span, message: `the first \`${word}\`` }],
        }),
      );
      continue;
    }
    seen.set(clause.kind, clause);
    switch (clause.kind) {
      case "Calendar": {
        const text = clause.calendar.text;
        if ((calendarNames as readonly string[]).includes(text)) {
          calendar = text as CalendarName;
        } else {
          const suggestion = closestName(text, calendarNames) ?? calendarNames.find((name) => text.length >= 3 && name.startsWith(text));
          context.report(
            error(
              "unknown-name",
              clause.calendar.span,
              `There is no calendar called \`${text}\`.${suggestion ? ` Did you mean \`${suggestion}\`?` : ""} The calendars are ${calendarNames.map((name) => `\`${name}\``).join(", ")}.`,
              suggestion ? { fix: replaceWith(clause.calendar.span, suggestion) } : {},
            ),
          );
        }
        break;
      }
      case "Otherwise":
        if (clause.outcome.kind === "Refer") context.resolve(clause.outcome.panel, ["panel"], "`otherwise refer to`");
        break;
      case "Version":
      case "Effective":
      case "Source":
      case "Notice":
        break;
      default:
        A_assertNever(clause);
    }
  }
  return { header, calendar };
}

function A_assertNever(value: never): never {
  throw new Error(`Unexpected header clause ${JSON.stringify(value)}`);
}

/** The span of a declaration's first word, a small place to point at. */
export function firstWordSpan(declaration: { span: A.Span }): A.Span {
  return { start: declaration.span.start, end: declaration.span.start + 1 };
}

/** The types of facts and record fields, from their declarations (`types` and `facts` in file order). */
export function resolveDeclaredTypes(context: CheckContext, types: readonly A.TypeDecl[], facts: readonly A.FactDecl[]): void {
  const recordTypes = new Map<A.TypeDecl, Extract<BatonType, { kind: "record" }>>();
  // Record types first, so list facts can refer to them whatever the order in the file.
  for (const declaration of types) {
    if (context.symbols.get(declaration.name.text)?.decl !== declaration) continue;
    if (declaration.definition.kind === "EnumType") {
      checkEnumValues(context, declaration.definition);
      continue;
    }
    const fields = new Map<string, FieldType>();
    recordTypes.set(declaration, { kind: "record", name: declaration.name.text, fields, decl: declaration });
  }
  for (const [declaration, record] of recordTypes) {
    const fields = record.fields as Map<string, FieldType>;
    for (const field of (declaration.definition as A.RecordType).fields) {
      if (fields.has(field.name.text)) {
        context.report(
          error("duplicate-name", field.name.span, `The record ${declaration.name.text} already has a field called \`${field.name.text}\`.`, {
            related: [{ span: fields.get(field.name.text)!.decl.name.span, message: "the first field with this name" }],
          }),
        );
        continue;
      }
      if (forbiddenKeys.has(field.name.text)) context.report(refusedKey(field.name, `a field of the record ${declaration.name.text}`));
      let type = typeFromRef(context, field.type, recordTypes);
      if (type.kind === "record" || type.kind === "list") {
        context.report(
          error(
            "type-mismatch",
            field.type.span,
            "A record's fields can be yes/no, a number, a date, a duration, a team or one of a list of values; records cannot be nested.",
          ),
        );
        type = errorType;
      }
      fields.set(field.name.text, { decl: field, type });
    }
  }
  for (const declaration of facts) {
    if (context.symbols.get(declaration.name.text)?.decl !== declaration) continue;
    let type = typeFromRef(context, declaration.type, recordTypes);
    if (type.kind === "record") {
      context.report(
        error(
          "type-mismatch",
          declaration.type.span,
          `A fact cannot hold a single ${type.name} record. Use \`list of ${type.name}\` for several, or declare each field as its own fact.`,
          { fix: replaceWith(declaration.type.span, `list of ${type.name}`) },
        ),
      );
      type = errorType;
    }
    context.valueTypes.set(declaration.name.text, type);
  }
}

function checkEnumValues(context: CheckContext, definition: A.EnumType): void {
  const seen = new Map<string, A.Name>();
  for (const value of definition.values) {
    const first = seen.get(value.text);
    if (first !== undefined) {
      context.report(
        error("duplicate-name", value.span, `\`${value.text}\` is listed twice among the values.`, {
          related: [{ span: first.span, message: "listed first here" }],
        }),
      );
    } else {
      seen.set(value.text, value);
      context.references.push({ span: value.span, target: { kind: "enum-value", decl: definition, value: value.text }, declaration: true });
    }
  }
}

function typeFromRef(
  context: CheckContext,
  ref: A.TypeRef,
  recordTypes: ReadonlyMap<A.TypeDecl, Extract<BatonType, { kind: "record" }>>,
): BatonType {
  switch (ref.kind) {
    case "PrimitiveType":
      switch (ref.name) {
        case "yes/no":
          return { kind: "yes/no" };
        case "number":
          return { kind: "number" };
        case "date":
          return { kind: "date" };
        case "duration":
          return durationType(false);
        case "team":
          return { kind: "team" };
      }
      break;
    case "EnumType":
      checkEnumValues(context, ref);
      return { kind: "enum", values: ref.values.map((value) => value.text), decl: ref };
    case "NamedType": {
      const symbol = context.resolve(ref.name, ["type"], "a type");
      if (symbol === undefined) return errorType;
      const decl = symbol.decl as A.TypeDecl;
      if (decl.definition.kind === "EnumType") {
        return { kind: "enum", name: decl.name.text, values: decl.definition.values.map((value) => value.text), decl: decl.definition };
      }
      return recordTypes.get(decl) ?? errorType;
    }
    case "ListType": {
      const symbol = context.resolve(ref.element, ["type"], "`list of`");
      if (symbol === undefined) return errorType;
      const record = recordTypes.get(symbol.decl as A.TypeDecl);
      if (record === undefined) {
        context.report(
          error(
            "type-mismatch",
            ref.element.span,
            `\`list of\` needs a record type (\`type ${ref.element.text}: record\` with fields), but ${ref.element.text} is a list of values.`,
          ),
        );
        return errorType;
      }
      return { kind: "list", element: record };
    }
  }
  return errorType;
}

