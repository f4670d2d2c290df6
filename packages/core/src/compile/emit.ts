// Compiles a checked protocol into a TypeScript module (spec section 9): types derived from the
// declarations, one function per rule with its source in a comment, and `decide`, `validate` and
// `protocol` exports. Rules become data plus compiled tests that @baton/runtime's decision procedure
// runs; every string from the protocol is escaped, so no label can break out of the code.
import { allowedValues, keyFact, type ConditionKey } from "@baton/runtime";
import type { ProtocolModel, Resolution } from "../check/model.js";
import type { BatonType } from "../check/types.js";
import * as A from "../syntax/ast.js";
import { conditionKey, durationAmounts, durationUnitNames, overridersByRule, Reads, requirementText, singleSpaced, sourceText, yesNoLet } from "./structure.js";

export interface CompileOptions {
  /** The protocol file's name, for the header comment. */
  fileName?: string;
  /** Where the runtime is imported from (default `@baton/runtime`). */
  runtimeImport?: string;
}

/**
 * Characters written as escapes in generated code, so that a reviewer reading it sees them and no
 * editor or tool takes one for the end of a line: the line and paragraph separators, the C1
 * controls (U+0085 is a line break to some editors), bidirectional controls and other invisible
 * characters (tag characters are two UTF-16 units).
 */
const invisibleInLiteral = /[\u007f-\u009f\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb]|\udb40[\udc00-\udc7f]/;
const invisibleInLiteralEverywhere = new RegExp(invisibleInLiteral.source, "g");

/**
 * Whether every character is printable ASCII (space to `~`): such text needs no escape in a
 * comment, nor in a string literal unless it holds a quote or backslash. Most of a protocol's
 * text is, and checking is much faster than the escaping below.
 */
function printableAscii(text: string, forLiteral: boolean): boolean {
  // A regular expression scans long text faster than a loop; a loop is faster for short names.
  if (text.length > 16) return (forLiteral ? printableInLiteral : printableInComment).test(text);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code > 0x7e || (forLiteral && (code === 0x22 || code === 0x5c))) return false;
  }
  return true;
}

const printableInLiteral = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;
const printableInComment = /^[\x20-\x7e]*$/;

/** A string literal that is safe in generated code, whatever the text holds. */
export function literal(text: string): string {
  // Names (facts, teams, events, documents) are written thousands of times in a large protocol:
  // short texts are remembered. Longer text is quicker to quote than to look up, if it needs no escapes.
  const short = text.length <= 24;
  if (short) {
    const known = literals.get(text);
    if (known !== undefined) return known;
  }
  // Text that needs no escapes is quoted as JSON.stringify would.
  const plain = printableAscii(text, true);
  if (plain && !short) return `"${text}"`;
  // JSON escapes quotes, backslashes, control characters and lone surrogates; the characters
  // above are escaped too.
  let json = plain ? `"${text}"` : JSON.stringify(text);
  if (!plain && invisibleInLiteral.test(json)) {
    json = json.replace(invisibleInLiteralEverywhere, (chars) => chars.split("").map((char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`).join(""));
  }
  if (text.length <= 64) {
    if (literals.size >= 20_000) literals.clear();
    literals.set(text, json);
  }
  return json;
}
/** Short strings already written as literals; bounded, so a long-running editor does not keep them all. */
const literals = new Map<string, string>();

/** Text as a string literal and as comment text: looked through once when it needs no escapes, as most does. */
function literalAndComment(text: string): [literal: string, comment: string] {
  return printableAscii(text, true) ? [`"${text}"`, text] : [literal(text), commentText(text)];
}

/** Names every object has (`toString`, `constructor`...). */
const inheritedNames: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype));

/**
 * One entry of the case schema. TypeScript does not type a property named like one every object
 * has (a fact called `toString`) from the record it is in, so such an entry is marked `as const`.
 */
function schemaEntry(name: string, schema: string): string {
  return `${literal(name)}: ${schema}${inheritedNames.has(name) ? " as const" : ""}`;
}

/** Text for a `//` comment: one line, no characters that could end it or hide what follows. */
export function commentText(text: string): string {
  if (printableAscii(text, false)) return text;
  const escape = (char: string) => `\\u{${char.codePointAt(0)!.toString(16)}}`;
  // Control characters, lone surrogates (which cannot be written to a UTF-8 file), and the characters above.
  return text.replace(/[\u0000-\u001f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, escape).replace(invisibleInLiteralEverywhere, escape);
}

/** Names that the generated module declares or uses; a protocol type with one of them is renamed. */
const takenTypeNames = new Set([
  "Case", "Facts", "FactValues", "FactId", "Team", "Panel", "EventId", "DocumentId", "Decision", "Duration", "DurationParts",
  "Evaluation", "Condition", "RuleSpec", "ProtocolSpec", "ProtocolInfo", "CaseSchema", "Truth", "ValueSpec", "Array", "Record", "Partial",
  "String", "Number", "Boolean", "Object", "Date", "Map", "Set", "Promise", "Error", "Function", "Symbol", "BigInt",
  "any", "unknown", "never", "string", "number", "boolean", "object", "undefined", "null", "void", "symbol", "bigint",
]);

/**
 * Words TypeScript reserves, or gives a meaning in a type, or that a module in strict mode cannot
 * declare; a protocol type with one of these names is renamed in the generated code.
 */
const reservedInTypeScript = new Set([
  "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do", "else", "enum", "export",
  "extends", "false", "finally", "for", "function", "if", "import", "in", "instanceof", "new", "null", "return", "super",
  "switch", "this", "throw", "true", "try", "typeof", "var", "void", "while", "with", "yield", "let", "static",
  "implements", "interface", "package", "private", "protected", "public", "await", "arguments", "eval", "as", "asserts",
  "infer", "is", "keyof", "readonly", "unique", "satisfies", "declare", "namespace", "module", "type", "global",
  "intrinsic", "abstract", "accessor", "out", "override", "globalThis", "Readonly", "ReadonlyArray", "Pick", "Omit",
  "Exclude", "Extract", "NonNullable", "ReturnType", "Parameters", "Required", "Awaited", "PropertyKey",
]);

function sameEnumKey(type: Extract<BatonType, { kind: "enum" }>): string {
  return type.values.map(literal).join(" | ");
}

/** What the generated module may import from the runtime. */
const runtimeValues = [
  "add", "addMissingReads", "all", "and3", "any", "compare", "complete", "count", "decideCase", "duration", "elapsed", "equals",
  "eventDate", "held", "needsInformation", "not3", "noteUnknown", "oneOf", "or3", "scheduled", "shift", "validateAndDecide", "validateCase",
];
/** The start of a call to each runtime function, `name(`, and of one taking the evaluation first, `name(e, `: written many times over. */
const callStarts = new Map(runtimeValues.map((name) => [name, `${name}(`]));
const callStartsWithEvaluation = new Map(runtimeValues.map((name) => [name, `${name}(e, `]));

/** Groups of more rules than this are decided the full way (a rule is a bit of a 32-bit integer), as in decide.ts. */
const QUICK_GROUP_LIMIT = 31;

const runtimeTypes = [
  "CaseSchema", "Decision", "Duration", "DurationParts", "Evaluation", "ProtocolInfo", "ProtocolSpec", "RuleSpec", "Truth", "Unknowns", "UnknownsFunction",
];

/**
 * Runtime types the module imports when the code outside the rules' functions names them (the
 * rules' functions name only `RuleSpec`). Whole words only: a match can be no other match's part.
 */
const runtimeTypeNames = new RegExp(`\\b(?:${runtimeTypes.filter((name) => name !== "RuleSpec").join("|")})\\b`, "g");

/** Indentation by depth, made once. */
const indentation = ["", "  ", "    ", "      ", "        "];

/**
 * A rule's function name before any number is added to tell it from another: `rule` and the
 * letters and digits of the rule's name, word by word in camel case (`Rule 4: move` gives
 * `ruleRule4Move`).
 */
function ruleFunctionBase(name: string): string {
  // Plain ASCII is done by hand, character by character: Unicode normalisation leaves it as it
  // is, and a large protocol has thousands of rules.
  if (name.length > 1_000) return ruleFunctionBaseUnicode(name);
  const codes = [0x72, 0x75, 0x6c, 0x65]; // "rule"
  let inWord = false;
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i);
    if (code >= 0x80) return ruleFunctionBaseUnicode(name);
    const digit = code >= 0x30 && code <= 0x39;
    const upper = code >= 0x41 && code <= 0x5a;
    const lower = code >= 0x61 && code <= 0x7a;
    if (!digit && !upper && !lower) inWord = false;
    else {
      // A word's first letter in upper case, the others in lower case.
      codes.push(!inWord && lower ? code - 0x20 : inWord && upper ? code + 0x20 : code);
      inWord = true;
    }
  }
  return codes.length === 4 ? "ruleUnnamed" : String.fromCharCode(...codes);
}

/** `ruleFunctionBase` for any name: accented letters lose their accents first (`é` gives `e`). */
function ruleFunctionBaseUnicode(name: string): string {
  const words = name.normalize("NFKD").replace(/[^A-Za-z0-9]+/g, " ").trim().split(" ").filter(Boolean);
  const base = `rule${words.map((word) => word[0]!.toUpperCase() + word.slice(1).toLowerCase()).join("")}`;
  return base === "rule" ? "ruleUnnamed" : base;
}

/**
 * The model's resolutions of names, remembering the last few looked up: a test's names are looked
 * up for its key, its code and what it reads in turn, and in a large protocol each lookup in the
 * model's map (an entry for every name in the protocol) is slow, as it is rarely in the CPU's cache.
 */
class RecentResolutions {
  private readonly names = new Array<A.Name | undefined>(8).fill(undefined);
  private readonly resolutions = new Array<Resolution | undefined>(8).fill(undefined);
  /** Where the next name looked up is remembered, replacing the oldest. */
  private next = 0;

  constructor(private readonly all: ReadonlyMap<A.Name, Resolution>) {}

  get(name: A.Name): Resolution | undefined {
    for (let i = 0; i < 8; i++) if (this.names[i] === name) return this.resolutions[i];
    const resolution = this.all.get(name);
    this.names[this.next] = name;
    this.resolutions[this.next] = resolution;
    this.next = (this.next + 1) & 7;
    return resolution;
  }
}

/**
 * Text made of many short pieces, such as the rules' functions of a large protocol: one array of
 * millions of short strings is far slower to build and to collect than the same text joined a
 * batch at a time. Batches are joined again in groups of a quarter of a megabyte or more, strings
 * large enough that the garbage collector never copies them.
 */
class LargeText {
  /** Where pieces are written; emptied after each batch. */
  readonly pieces: string[] = [];
  private batches: string[] = [];
  private batchesLength = 0;
  private readonly groups: string[] = [];

  /** Joins the pieces written so far when they make a batch; called between whole parts (rules). */
  checkpoint(): void {
    if (this.pieces.length >= 1_024) this.joinPieces();
  }

  /** The text, in a few large strings. */
  finish(): string[] {
    this.joinPieces();
    this.joinBatches();
    return this.groups;
  }

  private joinPieces(): void {
    const batch = this.pieces.join("");
    this.pieces.length = 0;
    this.batches.push(batch);
    this.batchesLength += batch.length;
    if (this.batchesLength >= 262_144) this.joinBatches();
  }

  private joinBatches(): void {
    this.groups.push(this.batches.join(""));
    this.batches = [];
    this.batchesLength = 0;
  }
}

/** Whether a rule has a condition (`when` or `unless`); one without always applies. */
function hasCondition(rule: A.RuleDecl): boolean {
  const parts = A.ruleParts(rule);
  return parts.when !== undefined || parts.unless !== undefined;
}

/** A test's `key` (`conditionKey`, structure.ts) as the code of its field. */
function keyCode(key: ConditionKey): string {
  const values = key.values.map((value) => (typeof value === "boolean" ? String(value) : literal(value))).join(", ");
  return `, key: { fact: ${literal(key.fact)}, values: [${values}] }`;
}

/** A rule's action as far as it is plain from the protocol, to compare actions without a case (`quick`). */
interface PlainAction {
  readonly outcome: "transfer" | "remain" | "refer";
  /** The team (a transfer's target named in the protocol, or a `remain with` team); null when a fact or let gives it. */
  readonly to: string | null | undefined;
  readonly panel?: string;
}

function quickAction(action: A.Action, isTeam: (name: string) => boolean): PlainAction {
  switch (action.kind) {
    case "Remain":
      return { outcome: "remain", to: action.team?.text };
    case "Refer":
      return { outcome: "refer", to: undefined, panel: action.panel.text };
    case "Transfer":
      return { outcome: "transfer", to: isTeam(action.target.text) ? action.target.text : null };
  }
}

function quickOtherwiseAction(otherwise: A.HeaderClause | undefined): PlainAction | undefined {
  if (otherwise?.kind !== "Otherwise") return undefined;
  return otherwise.outcome.kind === "Remain" ? { outcome: "remain", to: undefined } : { outcome: "refer", to: undefined, panel: otherwise.outcome.panel.text };
}

/**
 * The runtime's `differsPlainly` (decide.ts) for an unknown rule's action against the action
 * decided on, worked out from the protocol: true when it plainly differs (so the rule matters),
 * false when it is plainly the same (a remain or a referral), undefined when the runtime would
 * work both out and compare them (two transfers to the same team, or to a team a fact gives).
 */
function differsPlainly(action: PlainAction, other: PlainAction): boolean | undefined {
  if (action.outcome !== other.outcome) return true;
  if (action.outcome === "refer") return action.panel !== other.panel;
  if (action.outcome === "remain") return (action.to ?? "") !== (other.to ?? "");
  if (action.to === null || other.to === null || action.to === other.to) return undefined;
  return true;
}

/**
 * Writes the module. The code is written in order as pieces pushed onto an array (`out`; for the
 * rules, a `LargeText`) and joined at the end: for a large protocol (many megabytes of code),
 * building each line from joined strings first spent most of the time copying strings and
 * collecting them. The parts that can only be written later (the imports, durations and lets,
 * which depend on what the rules use) have a place kept for them in the array.
 */
class Emitter {
  private out: string[] = [];
  /** The constant for each duration used, by its arguments (`weeks: 8`). */
  private readonly durations = new Map<string, string>();
  /** The same for durations of one unit, by unit and amount. */
  private readonly singleUnitDurations = new Map<string, Map<number, string>>();
  private readonly readsOf: Reads;
  private readonly resolutions: RecentResolutions;
  private readonly resolve: (name: A.Name) => Resolution | undefined;
  private readonly overriders: Map<A.RuleDecl, A.RuleDecl[]>;
  private readonly typeNames = new Map<string, string>();
  /** The function written for each rule, in the order of `model.rules`. */
  private readonly ruleFunctionNames: string[] = [];
  /**
   * The condition tree of each expanded yes/no `let`, written once: the same for every rule using
   * it (its durations are named and its uses recorded the first time).
   */
  private readonly expandedLets = new Map<A.LetDecl, { tree: string; keys: ConditionKey[] }>();
  /**
   * While a rule's `when` is written, the keys (`conditionKey`) of the tests it is an `and` of,
   * collected as they are written for `quick`'s split (the runtime's `keyedTests` of the same
   * tree); undefined where a test binds nothing (under `or` and `not`, and in `unless`).
   */
  private keysBeingCollected: ConditionKey[] | undefined;
  /** Each rule's keys, in the order of `model.rules`, as `emitRule` collected them. */
  private readonly keysOfRules: ConditionKey[][] = [];
  /**
   * Code written the same way many times over, made once: a fact's value (`facts(e)["plan"]`), an
   * event's anchor, and what an expression reads when that is one fact, one event or nothing.
   */
  private readonly factValues = new Map<string, string>();
  private readonly eventAnchors = new Map<string, string>();
  private readonly factReads = new Map<string, string>();
  private readonly eventReads = new Map<string, string>();
  /** For each let called: its use (`let:age`) and its call (`let_age(e)`). */
  private readonly letCalls = new Map<string, [use: string, code: string]>();
  /**
   * Each rule's entry in `protocol.rules` (`{ name, source, because }`), written with its function,
   * which has the same string literals.
   */
  private readonly ruleEntries = new LargeText();
  private depth = 0;
  /**
   * What the code written so far calls: runtime functions (`compare`), lets (`let:age`), duration
   * constants (`duration:duration2`) and the `facts` helper. Recorded as the code is written, so
   * the imports and constants a module needs are known without searching the code it makes (many
   * megabytes for a large protocol). Each let's body is recorded apart, as it is written only when called.
   */
  private uses = new Set<string>();

  constructor(
    private readonly model: ProtocolModel,
    private readonly text: string,
    private readonly options: CompileOptions,
  ) {
    this.resolutions = new RecentResolutions(model.resolutions);
    this.resolve = (name) => this.resolutions.get(name);
    this.readsOf = new Reads(model, this.resolve);
    this.overriders = overridersByRule(model);
    this.nameTypes();
    const used = new Set<string>();
    for (const rule of model.rules.values()) {
      const base = ruleFunctionBase(rule.name.value);
      let name = base;
      for (let i = 2; used.has(name); i++) name = `${base}${i}`;
      used.add(name);
      this.ruleFunctionNames.push(name);
    }
  }

  /**
   * The TypeScript name of each protocol type. A Baton name can be a word TypeScript reserves
   * (`class`, `await`), a name the module itself declares (`Case`) or imports, or clash with the
   * `...Values` interface of a record type; such types get `Type` (and if need be a number) added.
   * Names that need no change are kept first, so renaming one type never renames another.
   */
  private nameTypes(): void {
    const types = [...this.model.symbols.values()].filter((symbol) => symbol.kind === "type");
    const claims = (name: string, symbol: (typeof types)[number]) =>
      (symbol.decl as A.TypeDecl).definition.kind === "RecordType" ? [name, `${name}Values`] : [name];
    const claimed = new Set<string>();
    const free = (names: string[]) => names.every((name) => !claimed.has(name) && !takenTypeNames.has(name) && !reservedInTypeScript.has(name));
    const renamed: typeof types = [];
    for (const symbol of types) {
      const names = claims(symbol.name, symbol);
      if (free(names)) {
        for (const name of names) claimed.add(name);
        this.typeNames.set(symbol.name, symbol.name);
      } else renamed.push(symbol);
    }
    for (const symbol of renamed) {
      let name = `${symbol.name}Type`;
      for (let i = 2; !free(claims(name, symbol)); i++) name = `${symbol.name}Type${i}`;
      for (const taken of claims(name, symbol)) claimed.add(taken);
      this.typeNames.set(symbol.name, name);
    }
  }

  /** Writes one line at the current depth. */
  private line(text = ""): void {
    if (text !== "" && this.depth > 0) this.out.push(indentation[this.depth] ?? "  ".repeat(this.depth));
    this.out.push(text, "\n");
  }

  /** Runs `write` with what it writes kept apart, and returns that code. */
  private capture(write: () => void): string {
    const outer = this.out;
    this.out = [];
    try {
      write();
      return this.out.join("");
    } finally {
      this.out = outer;
    }
  }

  /** Writes the names as string literals separated by commas (the inside of an array). */
  private nameLiterals(names: readonly { text: string }[]): void {
    for (let i = 0; i < names.length; i++) {
      if (i > 0) this.out.push(", ");
      this.out.push(literal(names[i]!.text));
    }
  }

  /** Writes `values` as string literals separated by commas (the inside of an array). */
  private literals(values: Iterable<string>): void {
    const out = this.out;
    let first = true;
    for (const value of values) {
      if (!first) out.push(", ");
      out.push(literal(value));
      first = false;
    }
  }

  private source(node: { span: A.Span }): string {
    return sourceText(this.text, node);
  }

  /**
   * `literal(this.source(node))`, looking through the text once when, as for nearly every
   * expression, it is printable ASCII with single spaces and no quote or backslash: then it is the
   * source as written, and needs no escapes.
   */
  private sourceLiteral(node: { span: A.Span }): string {
    const { start, end } = node.span;
    const text = this.text;
    return end <= text.length && singleSpaced(text, start, end, true) ? `"${text.slice(start, end)}"` : literal(this.source(node));
  }

  private symbolsOf(kind: string): string[] {
    return [...this.model.symbols.values()].filter((symbol) => symbol.kind === kind).map((symbol) => symbol.name);
  }

  private union(names: string[]): string {
    return names.length === 0 ? "never" : names.map(literal).join(" | ");
  }

  // ---- types ----

  /** The TypeScript type of a value of `type` (`internal`: durations as the runtime holds them). */
  private tsType(type: BatonType, internal: boolean): string {
    switch (type.kind) {
      case "yes/no":
        return "boolean";
      case "number":
        return "number";
      case "date":
      case "elapsed":
        return "string";
      case "duration":
        return internal ? "Duration" : "DurationParts";
      case "team":
        return "Team";
      case "enum":
        return type.name ? this.typeNames.get(type.name)! : `(${sameEnumKey(type)})`;
      case "record":
        return this.typeNames.get(type.name)!;
      case "list":
        return `${this.typeNames.get(type.element.name)!}${internal ? "Values" : ""}[]`;
      default:
        return "never";
    }
  }

  private emitTypes(): void {
    this.line("// ---- types: what a case record holds for this protocol ----");
    this.line();
    this.line(`export type Team = ${this.union(this.symbolsOf("team"))};`);
    this.line(`export type Panel = ${this.union(this.symbolsOf("panel"))};`);
    this.line(`export type EventId = ${this.union(this.symbolsOf("event"))};`);
    this.line(`export type DocumentId = ${this.union(this.symbolsOf("document"))};`);
    for (const symbol of this.model.symbols.values()) {
      if (symbol.kind !== "type") continue;
      const decl = symbol.decl as A.TypeDecl;
      const name = this.typeNames.get(symbol.name)!;
      if (decl.definition.kind === "EnumType") {
        this.line(`export type ${name} = ${this.union(decl.definition.values.map((value) => value.text))};`);
      } else {
        const holdsDuration = decl.definition.fields.some((field) => this.fieldType(decl, field.name.text).kind === "duration");
        for (const internal of holdsDuration ? [false, true] : [false]) {
          this.line(`export interface ${name}${internal ? "Values" : ""} {`);
          this.depth++;
          for (const field of decl.definition.fields) {
            const type = this.fieldType(decl, field.name.text);
            if (field.description && !internal) this.line(`/** ${commentText(field.description.value).replace(/\*\//g, "*\\/")} */`);
            this.line(`readonly ${literal(field.name.text)}?: ${this.tsType(type, internal)};`);
          }
          this.depth--;
          this.line("}");
        }
        if (!holdsDuration) this.line(`export type ${name}Values = ${name};`);
      }
    }
    const factTypes = [...this.model.symbols.values()].filter((symbol) => symbol.kind === "fact").map((symbol) => this.model.valueTypes.get(symbol.name)!);
    const holdsDuration = factTypes.some((type) => type.kind === "duration" || (type.kind === "list" && [...type.element.fields.values()].some((field) => field.type.kind === "duration")));
    for (const internal of holdsDuration ? [false, true] : [false]) {
      this.line(internal ? "/** The facts as `validate` returns them: durations counted in months, days and working days. */" : "/** The facts of a case; each may be left out when it is not known. */");
      this.line(`export interface ${internal ? "FactValues" : "Facts"} {`);
      this.depth++;
      for (const symbol of this.model.symbols.values()) {
        if (symbol.kind !== "fact") continue;
        if (symbol.label && !internal) this.line(`/** ${commentText(symbol.label).replace(/\*\//g, "*\\/")} */`);
        this.line(`readonly ${literal(symbol.name)}: ${this.tsType(this.model.valueTypes.get(symbol.name)!, internal)};`);
      }
      this.depth--;
      this.line("}");
    }
    if (!holdsDuration) this.line("type FactValues = Facts;");
    this.line("export type FactId = keyof Facts;");
    this.line("export interface Case {");
    this.line("  readonly team: Team;");
    this.line("  readonly facts: Partial<Facts>;");
    this.line("  readonly events?: Partial<Record<EventId, { readonly held?: string; readonly scheduled?: string }>>;");
    this.line("  readonly documents?: readonly DocumentId[];");
    this.line("}");
    this.line();
  }

  private fieldType(decl: A.TypeDecl, field: string): BatonType {
    for (const type of this.model.valueTypes.values()) {
      if (type.kind === "list" && type.element.decl === decl) return type.element.fields.get(field)?.type ?? { kind: "error" };
    }
    // A record type no fact uses: work its field types out from the declaration.
    const fieldDecl = (decl.definition as A.RecordType).fields.find((f) => f.name.text === field)!;
    if (fieldDecl.type.kind === "PrimitiveType") return { kind: fieldDecl.type.name, ...(fieldDecl.type.name === "duration" ? { working: false } : {}) } as BatonType;
    if (fieldDecl.type.kind === "EnumType") return { kind: "enum", values: fieldDecl.type.values.map((v) => v.text), decl: fieldDecl.type };
    if (fieldDecl.type.kind === "NamedType") {
      const named = this.model.symbols.get(fieldDecl.type.name.text)?.decl as A.TypeDecl | undefined;
      if (named?.definition.kind === "EnumType") {
        return { kind: "enum", name: named.name.text, values: named.definition.values.map((v) => v.text), decl: named.definition };
      }
    }
    return { kind: "error" };
  }

  // ---- expressions ----

  private use(name: string): string {
    this.uses.add(name);
    return name;
  }

  /** Records a call to a runtime function, and gives its start: `name(`, or `name(e, ` with the evaluation as first argument. */
  private call(name: string, withEvaluation = false): string {
    this.uses.add(name);
    return (withEvaluation ? callStartsWithEvaluation : callStarts).get(name) ?? `${name}(${withEvaluation ? "e, " : ""}`;
  }

  private duration(expr: A.DurationLiteral): string {
    const name = this.durationConstant(expr);
    this.use(`duration:${name}`);
    return name;
  }

  private durationConstant(expr: A.DurationLiteral): string {
    // Most durations have one unit (`8 weeks`): those already named are found by unit and amount.
    const single = expr.parts.length === 1 ? expr.parts[0]! : undefined;
    const known = single && this.singleUnitDurations.get(single.unit)?.get(single.amount);
    if (known !== undefined) return known;
    let args = "";
    if (single) args = `${durationUnitNames[single.unit]}: ${single.amount}`;
    else {
      const parts = durationAmounts(expr);
      for (const key in parts) args += `${args === "" ? "" : ", "}${key}: ${parts[key]!}`;
    }
    let name = this.durations.get(args);
    if (name === undefined) this.durations.set(args, (name = `duration${this.durations.size + 1}`));
    if (single) {
      let byAmount = this.singleUnitDurations.get(single.unit);
      if (byAmount === undefined) this.singleUnitDurations.set(single.unit, (byAmount = new Map()));
      byAmount.set(single.amount, name);
    }
    return name;
  }

  private typeOf(expr: A.Expr): BatonType {
    return this.model.expressionTypes.get(expr) ?? { kind: "error" };
  }

  /**
   * Whether an expression's type is `kind`. A literal's type is known without looking it up in the
   * model's map, which is slow in a large protocol; most comparisons have a literal on one side.
   */
  private typeIs(expr: A.Expr, kind: "elapsed" | "date"): boolean {
    switch (expr.kind) {
      case "Number":
      case "Duration":
      case "Boolean":
        return false;
      case "Date":
      case "Today":
        return kind === "date";
      default:
        return this.typeOf(expr).kind === kind;
    }
  }

  /**
   * Writes JavaScript for an expression's value: `undefined` when unknown. `scope` names the
   * `where` entries. Parts are written in reading order, which is also the order durations are
   * first met in and so numbered.
   */
  private expr(expr: A.Expr, scope: readonly string[]): void {
    const out = this.out;
    switch (expr.kind) {
      case "Name":
        return this.name(expr, scope);
      case "Number":
        out.push(String(expr.value));
        return;
      case "Date":
        out.push(literal(expr.text));
        return;
      case "Duration":
        out.push(this.duration(expr));
        return;
      case "Boolean":
        out.push(expr.value ? "true" : "false");
        return;
      case "Paren":
        return this.expr(expr.inner, scope);
      case "Logical":
        out.push(this.call(expr.operator === "and" ? "and3" : "or3"));
        this.exprs(expr.operands, scope);
        out.push(")");
        return;
      case "Not":
        out.push(this.call("not3"));
        this.expr(expr.operand, scope);
        out.push(")");
        return;
      case "Compare": {
        const leftElapsed = this.typeIs(expr.left, "elapsed");
        if (leftElapsed || this.typeIs(expr.right, "elapsed")) {
          const [since, amount, operator] =
            leftElapsed
              ? [expr.left, expr.right, expr.operator]
              : [expr.right, expr.left, ({ "<": ">", "<=": ">=", ">": "<", ">=": "<=" } as const)[expr.operator]];
          out.push(this.call("elapsed", true));
          this.expr(since, scope);
          out.push(", ", literal(operator), ", ");
          this.expr(amount, scope);
          out.push(", calendar, holidays)");
          return;
        }
        out.push(this.call("compare"));
        this.expr(expr.left, scope);
        out.push(", ", literal(expr.operator), ", ");
        this.expr(expr.right, scope);
        out.push(")");
        return;
      }
      case "Is":
        if (expr.negated) out.push(this.call("not3"));
        out.push(this.call("equals"));
        this.expr(expr.subject, scope);
        out.push(", ");
        this.expr(expr.value, scope);
        out.push(expr.negated ? "))" : ")");
        return;
      case "IsOneOf":
        if (expr.negated) out.push(this.call("not3"));
        out.push(this.call("oneOf"));
        this.expr(expr.subject, scope);
        out.push(", [");
        this.exprs(expr.values, scope);
        out.push(expr.negated ? "]))" : "])");
        return;
      case "Postfix": {
        const name = (expr.subject as A.Name).text;
        out.push(this.call(expr.operator, true), literal(name), ")");
        return;
      }
      case "Arithmetic": {
        // `a + b - c` is `add(add(a, 1, b), -1, c)`: every step's call opens before `a`.
        const isDate = this.typeIs(expr.first, "date");
        const call = isDate ? "shift" : "add";
        for (let i = 0; i < expr.rest.length; i++) out.push(this.call(call));
        this.expr(expr.first, scope);
        for (const step of expr.rest) {
          out.push(step.operator === "+" ? ", 1, " : ", -1, ");
          this.expr(step.operand, scope);
          out.push(isDate ? ", calendar, holidays)" : ")");
        }
        return;
      }
      case "Today":
        out.push("e.today");
        return;
      case "TimeSince":
        // An elapsed time is carried as the date it runs from; comparisons add the duration to it.
        return this.expr(expr.operand, scope);
      case "DateOf":
        out.push(this.call("eventDate", true), literal(expr.event.text), ")");
        return;
      case "CurrentTeam":
        out.push("e.input.team");
        return;
      case "Aggregate": {
        if (expr.where === undefined) {
          out.push(this.call("count"));
          this.name(expr.list, scope);
          out.push(")");
          return;
        }
        const entry = `x${scope.length + 1}`;
        out.push(this.call(expr.aggregate));
        this.name(expr.list, scope);
        out.push(", (", entry, ") => ");
        this.expr(expr.where, [...scope, entry]);
        out.push(")");
        return;
      }
      case "Missing":
        throw new Error("A protocol with syntax errors cannot be compiled.");
    }
  }

  /** Writes expressions separated by commas. */
  private exprs(exprs: readonly A.Expr[], scope: readonly string[]): void {
    for (let i = 0; i < exprs.length; i++) {
      if (i > 0) this.out.push(", ");
      this.expr(exprs[i]!, scope);
    }
  }

  private name(name: A.Name, scope: readonly string[]): void {
    const out = this.out;
    const resolution = this.resolutions.get(name);
    if (resolution?.kind === "field") {
      out.push(scope[scope.length - 1]!, "[", literal(name.text), "]");
      return;
    }
    if (resolution?.kind === "enum-value") {
      out.push(literal(name.text));
      return;
    }
    const symbol = resolution?.kind === "symbol" ? resolution.symbol : this.model.symbols.get(name.text);
    switch (symbol?.kind) {
      case "fact": {
        this.use("facts");
        let code = this.factValues.get(name.text);
        if (code === undefined) this.factValues.set(name.text, (code = `facts(e)[${literal(name.text)}]`));
        out.push(code);
        return;
      }
      case "let": {
        let call = this.letCalls.get(name.text);
        if (call === undefined) this.letCalls.set(name.text, (call = [`let:${name.text}`, `let_${name.text}(e)`]));
        this.use(call[0]);
        out.push(call[1]);
        return;
      }
      default:
        // A team, or anything else named.
        out.push(literal(name.text));
        return;
    }
  }

  /** The fact `expr` names, if it is a fact on its own (`proceedings`, often a condition): it reads just that fact. */
  private factNamed(expr: A.Expr): string | undefined {
    const resolution = expr.kind === "Name" ? this.resolutions.get(expr) : undefined;
    return resolution?.kind === "symbol" && resolution.symbol.kind === "fact" ? resolution.symbol.name : undefined;
  }

  /** The facts and events a test reads, in the order `reads` writes them. */
  private readsLists(expr: A.Expr): [facts: string[], events: string[]] {
    const fact = this.factNamed(expr);
    if (fact !== undefined) return [[fact], []];
    const reads = this.readsOf.of(expr);
    return [[...reads.facts], [...reads.events]];
  }

  /** Writes the facts and events an expression reads, as the field `, reads: { facts: [...], events: [...] }`. */
  private reads(expr: A.Expr): void {
    const fact = this.factNamed(expr);
    if (fact !== undefined) {
      this.out.push(this.readsOne(this.factReads, fact, ", reads: { facts: [", "], events: [] }"));
      return;
    }
    const reads = this.readsOf.of(expr);
    const [facts, events] = [reads.facts.size, reads.events.size];
    if (facts === 0 && events === 0) this.out.push(", reads: { facts: [], events: [] }");
    else if (facts === 1 && events === 0) this.out.push(this.readsOne(this.factReads, reads.facts.values().next().value!, ", reads: { facts: [", "], events: [] }"));
    else if (facts === 0 && events === 1) this.out.push(this.readsOne(this.eventReads, reads.events.values().next().value!, ", reads: { facts: [], events: [", "] }"));
    else {
      this.out.push(", reads: { facts: [");
      this.literals(reads.facts);
      this.out.push("], events: [");
      this.literals(reads.events);
      this.out.push("] }");
    }
  }

  /** What an expression reads when it is one fact or event: the same few each time. */
  private readsOne(made: Map<string, string>, name: string, before: string, after: string): string {
    let code = made.get(name);
    if (code === undefined) made.set(name, (code = `${before}${literal(name)}${after}`));
    return code;
  }

  // ---- conditions ----

  private requirement(expr: A.Expr, negated: boolean): string {
    return requirementText(this.text, expr, negated);
  }

  /** `literal(this.requirement(expr, false))`: the expression's source, unless it is a name (`proceedings is yes`). */
  private requirementLiteral(expr: A.Expr): string {
    const inner = expr.kind === "Paren" ? expr.inner : expr;
    return inner.kind === "Name" ? literal(this.requirement(expr, false)) : this.sourceLiteral(inner);
  }

  /** Writes the condition tree for a yes/no expression. */
  private condition(expr: A.Expr): void {
    const out = this.out;
    switch (expr.kind) {
      case "Paren":
        return this.condition(expr.inner);
      case "Name": {
        // A yes/no `let` is expanded into the tree, so its parts are told apart: with `a and b` known
        // false through `a`, an unknown `b` is not asked for.
        const expanded = yesNoLet(this.model, expr, this.resolve);
        if (expanded === undefined) return this.leaf(expr);
        let written = this.expandedLets.get(expanded);
        if (written === undefined) {
          const outerKeys = this.keysBeingCollected;
          const keys: ConditionKey[] = (this.keysBeingCollected = []);
          try {
            written = { tree: this.capture(() => this.condition(expanded.value)), keys };
          } finally {
            this.keysBeingCollected = outerKeys;
          }
          this.expandedLets.set(expanded, written);
        }
        out.push(written.tree);
        if (this.keysBeingCollected !== undefined) for (const key of written.keys) this.keysBeingCollected.push(key);
        return;
      }
      case "Logical": {
        const outerKeys = this.keysBeingCollected;
        if (expr.operator === "and") out.push(`{ kind: "and", parts: [`);
        else {
          out.push(`{ kind: "or", text: `, this.sourceLiteral(expr), ", parts: [");
          this.keysBeingCollected = undefined;
        }
        try {
          for (let i = 0; i < expr.operands.length; i++) {
            if (i > 0) out.push(", ");
            this.condition(expr.operands[i]!);
          }
        } finally {
          this.keysBeingCollected = outerKeys;
        }
        out.push("] }");
        return;
      }
      case "Not":
        this.not(expr.operand);
        return;
      default:
        return this.leaf(expr);
    }
  }

  /** Writes the condition that `expr` is false (`not`, or an `unless` clause). */
  private not(expr: A.Expr): void {
    this.out.push(`{ kind: "not", text: `, literal(this.requirement(expr, true)), ", part: ");
    const outerKeys = this.keysBeingCollected;
    this.keysBeingCollected = undefined;
    try {
      this.condition(expr);
    } finally {
      this.keysBeingCollected = outerKeys;
    }
    this.out.push(" }");
  }

  private leaf(expr: A.Expr): void {
    const key = conditionKey(this.model, expr, this.resolve);
    if (key !== undefined) this.keysBeingCollected?.push(key);
    this.out.push(`{ kind: "test", text: `, this.requirementLiteral(expr), ", test: (e) => ");
    this.expr(expr, []);
    this.reads(expr);
    if (key !== undefined) this.out.push(keyCode(key));
    this.out.push(" }");
  }

  /** Writes a value with its text and what it reads: `{ text, value: (e) => ..., reads }`. */
  private value(expr: A.Expr): void {
    this.out.push("{ text: ", this.sourceLiteral(expr), ", value: (e) => ");
    this.expr(expr, []);
    this.reads(expr);
    this.out.push(" }");
  }

  /** Writes the value of an event's date (the day it is held). */
  private eventAnchor(event: string): void {
    let code = this.eventAnchors.get(event);
    if (code === undefined) {
      const name = literal(event);
      code = `{ text: ${name}, value: (e) => eventDate(e, ${name}), reads: { facts: [], events: [${name}] } }`;
      this.eventAnchors.set(event, code);
    }
    this.use("eventDate");
    this.out.push(code);
  }

  /** The event `expr` names, if it is an event's name (an anchor written `vcm` is that event's date). */
  private eventNamed(expr: A.Expr): string | undefined {
    if (expr.kind !== "Name") return undefined;
    const resolution = this.resolutions.get(expr);
    return resolution?.kind === "symbol" && resolution.symbol.kind === "event" ? expr.text : undefined;
  }

  private anchor(expr: A.Expr): void {
    const event = this.eventNamed(expr);
    if (event !== undefined) this.eventAnchor(event);
    else this.value(expr);
  }

  private timing(timing: A.Timing): void {
    const out = this.out;
    switch (timing.kind) {
      case "Immediately":
        out.push("{}");
        return;
      case "AtEvent":
        out.push("{ anchor: ");
        this.eventAnchor(timing.event.text);
        out.push(" }");
        return;
      case "OnDate":
        out.push("{ anchor: ");
        this.anchor(timing.date);
        out.push(" }");
        return;
      case "Within":
      case "After":
      case "Before":
        out.push("{ anchor: ");
        this.anchor(timing.anchor);
        out.push(timing.kind === "Before" ? ", offset: { sign: -1, duration: " : ", offset: { sign: 1, duration: ");
        this.value(timing.duration);
        out.push(" } }");
        return;
    }
  }

  private jointWork(joint: A.JointWork): void {
    this.out.push("{ anchor: ");
    this.anchor(joint.anchor);
    if (joint.kind !== "JointFrom") {
      this.out.push(", offset: { sign: -1, duration: ");
      this.value(joint.duration);
      this.out.push(" }");
    }
    this.out.push(" }");
  }

  private action(action: A.Action): void {
    const out = this.out;
    switch (action.kind) {
      case "Remain":
        if (action.team) out.push(`{ kind: "remain", team: `, literal(action.team.text), " }");
        else out.push(`{ kind: "remain" }`);
        return;
      case "Refer":
        out.push(`{ kind: "refer", panel: `, literal(action.panel.text), " }");
        return;
      case "Transfer": {
        out.push(`{ kind: "transfer", to: `);
        const targetSymbol = this.model.symbols.get(action.target.text);
        if (targetSymbol?.kind === "team") out.push(literal(action.target.text));
        else this.value(action.target);
        // The joint work is compiled before the timing, though written after it: durations are
        // numbered in the order they are first met, and were always met in this order.
        const joint = action.jointWork ? this.capture(() => this.jointWork(action.jointWork!)) : undefined;
        out.push(", timing: ");
        this.timing(action.timing);
        if (joint !== undefined) out.push(", jointWork: ", joint);
        out.push(" }");
        return;
      }
    }
  }

  /** Writes a rule's `when` condition, collecting its keys into `keysOfRules`. */
  private conditionWithKeys(when: A.Expr): void {
    const keys: ConditionKey[] = (this.keysBeingCollected = []);
    try {
      this.condition(when);
    } finally {
      this.keysBeingCollected = undefined;
    }
    this.keysOfRules.push(keys);
  }

  /** Writes a rule's function. Each field is written with the end of the one before, `,\n    `. */
  private emitRule(rule: A.RuleDecl, parts: A.RuleParts, functionName: string): void {
    const out = this.out;
    const [name, nameComment] = literalAndComment(rule.name.value);
    const [source, sourceComment] = parts.source ? literalAndComment(parts.source.value) : [];
    const because = parts.because ? literal(parts.because.value) : undefined;
    this.ruleEntries.pieces.push("    { name: ", name);
    if (source) this.ruleEntries.pieces.push(", source: ", source);
    if (because) this.ruleEntries.pieces.push(", because: ", because);
    this.ruleEntries.pieces.push(" },\n");
    out.push("// Rule ", nameComment);
    if (sourceComment !== undefined) out.push("\n// Source: ", sourceComment);
    out.push("\nfunction ", functionName, "(): RuleSpec {\n  return {\n    name: ", name);
    if (source) out.push(",\n    source: ", source);
    if (because) out.push(",\n    because: ", because);
    const action = parts.action!;
    if (action.kind === "Transfer" && action.from.length > 0) {
      out.push(",\n    from: [");
      this.nameLiterals(action.from);
      out.push("]");
    }
    out.push(",\n    condition: ");
    if (parts.when && parts.unless) {
      out.push(`{ kind: "and", parts: [`);
      this.conditionWithKeys(parts.when);
      out.push(", ");
      this.not(parts.unless);
      out.push("] }");
    } else if (parts.when) this.conditionWithKeys(parts.when);
    else if (parts.unless) this.not(parts.unless);
    else out.push(`{ kind: "always" }`);
    if (!parts.when) this.keysOfRules.push([]);
    const overriders = this.overriders.get(rule) ?? [];
    if (overriders.length === 0) out.push(",\n    overriddenBy: [],\n    action: ");
    else {
      out.push(",\n    overriddenBy: [");
      this.literals(overriders.map((overrider) => overrider.name.value));
      out.push("],\n    action: ");
    }
    this.action(action);
    if (parts.request) {
      out.push(",\n    request: ");
      this.timing(parts.request);
    }
    out.push(",\n    requires: [");
    this.nameLiterals(parts.requires);
    out.push("],\n  };\n}\n\n");
  }

  // ---- the quick way to decisions without a trace ----

  /**
   * Writes `quick`: for each team, a switch on its key fact's value to the function of the group of
   * rules (at most QUICK_GROUP_LIMIT) that value leaves to evaluate. That function evaluates their
   * conditions as straight-line code, works out which apply and are not overridden, and when at
   * most one does builds the decision as one object (or, when unknown conditions plainly matter,
   * the needs-information decision). Anything else (two rules that apply, an unknown rule whose
   * dates would have to be compared, a date or target that is not known) gives undefined, and the
   * runtime's full procedure decides instead; it does too when `quick` throws (a date past the bank
   * holiday data).
   */
  private quick(rules: readonly A.RuleDecl[], noticeCode: string | undefined, otherwise: A.HeaderClause | undefined): string[] {
    const position = new Map(rules.map((rule, i) => [rule, i]));
    // For each rule, the values each fact binding it allows (its keys, collected by `emitRule`).
    const allowedOf = this.keysOfRules.map((keys) => allowedValues(keys));
    const written = new Set<A.RuleDecl>();
    const ruleLines: string[] = [];
    const groupLines: string[] = [];
    const cases: string[] = [];
    // Each group of rules once, by their places in `spec.rules`: the same rules have the same code
    // whichever team and key value leave them to evaluate.
    const groupNames = new Map<string, string>();
    const isTeam = (name: string) => this.model.symbols.get(name)?.kind === "team";
    const otherwiseAction = quickOtherwiseAction(otherwise);
    /** How a case whose team and key value leave `list` to evaluate is decided: a call to the group's function. */
    const group = (list: readonly A.RuleDecl[]): string => {
      if (list.length > QUICK_GROUP_LIMIT) return "undefined";
      const indexes = list.map((rule) => position.get(rule)!).join(", ");
      let name = groupNames.get(indexes);
      if (name !== undefined) return `${name}(e)`;
      groupNames.set(indexes, (name = `group${groupNames.size}`));
      for (const rule of list) {
        if (written.has(rule)) continue;
        written.add(rule);
        ruleLines.push(this.quickRule(rule, String(position.get(rule)!), noticeCode));
      }
      const lines = [
        `const ${name}Unknowns: readonly (UnknownsFunction | undefined)[] = [${list.map((rule) => (hasCondition(rule) ? `unknowns${position.get(rule)!}` : "undefined")).join(", ")}];`,
        `function ${name}(e: Evaluation): Decision | undefined {`,
        ...(list.some(hasCondition) ? ["  let v: Truth;"] : []),
        "  let bits = 0;",
        "  let unknown = 0;",
      ];
      // Bit k: `list[k]` applies (`bits`), or its condition is unknown (`unknown`).
      list.forEach((rule, k) => {
        if (!hasCondition(rule)) lines.push(`  bits |= ${1 << k};`);
        else lines.push(`  if ((v = when${position.get(rule)!}(e)) === undefined) unknown |= ${1 << k}; else if (v) bits |= ${1 << k};`);
      });
      // A rule is overridden, applying or unknown, when a rule that is an exception to it applies.
      lines.push("  let live = bits;");
      const overriddenBy = list.map((rule) => {
        let mask = 0;
        for (const overrider of this.overriders.get(rule) ?? []) {
          const j = list.indexOf(overrider);
          if (j >= 0) mask |= 1 << j;
        }
        return mask;
      });
      overriddenBy.forEach((mask, k) => {
        if (mask !== 0) lines.push(`  if ((bits & ${mask}) !== 0) {`, `    live &= ${~(1 << k)};`, `    unknown &= ${~(1 << k)};`, "  }");
      });
      // At most one rule applies. The unknown rules that matter (spec section 5, as decide.ts's
      // `decideWith` works them out) make it a needs-information decision; where whether one
      // matters depends on the dates of two transfers, the full procedure decides.
      const needs = (mask: string) => `${this.call("needsInformation")}e, ${name}Unknowns, ${mask})`;
      const actions = list.map((rule) => quickAction(A.ruleParts(rule).action!, isTeam));
      let unplain = 0;
      actions.forEach((action, i) => {
        if (otherwiseAction === undefined || differsPlainly(action, otherwiseAction) === true) unplain |= 1 << i;
      });
      lines.push("  switch (live) {", `    case 0: return (unknown & ${unplain}) === 0 ? otherwise() : ${needs(`unknown & ${unplain}`)};`);
      list.forEach((rule, c) => {
        let matters = 0;
        let compare = 0;
        actions.forEach((action, i) => {
          if (i === c) return;
          if ((overriddenBy[c]! & (1 << i)) !== 0) matters |= 1 << i;
          else {
            const differs = differsPlainly(action, actions[c]!);
            if (differs === true) matters |= 1 << i;
            else if (differs === undefined) compare |= 1 << i;
          }
        });
        const check = compare === 0 ? "" : `(unknown & ${compare}) !== 0 ? undefined : `;
        const decided = `${check}then${position.get(rule)!}(e)`;
        if (matters === 0) lines.push(`    case ${1 << c}: return ${decided};`);
        else lines.push(`    case ${1 << c}: {`, `      const d = ${decided};`, `      return d === undefined || (unknown & ${matters}) === 0 ? d : ${needs(`unknown & ${matters}`)};`, "    }");
      });
      lines.push("  }", "  return undefined;", "}", "");
      groupLines.push(lines.join("\n"));
      return `${name}(e)`;
    };
    // Each rule's `from` teams; undefined when any team's cases can meet it.
    const fromTeams = rules.map((rule) => {
      const action = A.ruleParts(rule).action;
      return action?.kind === "Transfer" && action.from.length > 0 ? new Set(action.from.map((from) => from.text)) : undefined;
    });
    for (const team of this.symbolsOf("team")) {
      const list = rules.filter((_, i) => fromTeams[i]?.has(team) ?? true);
      // The rules split by the fact that binds the most of them, by the runtime's own `keyFact`, as
      // `keyedRulesFor` (decide.ts) splits them: both evaluate the same rules.
      const allowed = list.map((rule) => allowedOf[position.get(rule)!]!);
      const split = keyFact(allowed);
      if (split === undefined) {
        cases.push(`    case ${literal(team)}: return ${group(list)};`);
        continue;
      }
      const key = split.fact;
      const lines = [`    case ${literal(team)}:`, `      switch (e.facts[${literal(key)}]) {`, `        case undefined: return ${group(list)};`];
      for (const value of split.values) {
        const allowing = list.filter((_, k) => allowed[k]!.get(key)?.has(value) ?? true);
        lines.push(`        case ${typeof value === "boolean" ? String(value) : literal(value)}: return ${group(allowing)};`);
      }
      lines.push(`        default: return ${group(list.filter((_, k) => !allowed[k]!.has(key)))};`, "      }");
      cases.push(lines.join("\n"));
    }
    if (groupNames.size === 0) return [];
    return [
      "// ---- decisions without a trace, the quick way (the runtime decides in full when these give undefined) ----",
      "",
      ...ruleLines,
      "function otherwise(): Decision {",
      `  return ${this.quickOtherwise(otherwise)};`,
      "}",
      "",
      ...groupLines,
      "function quick(e: Evaluation): Decision | undefined {",
      "  switch (e.input.team) {",
      ...cases,
      "  }",
      "  return undefined;",
      "}",
      "",
    ];
  }

  private quickOtherwise(otherwise: A.HeaderClause | undefined): string {
    const rest = "missing: [], needs: [], conflicting: [], trace: [] }";
    if (otherwise?.kind !== "Otherwise") return `{ outcome: "no-rule", ${rest}`;
    return otherwise.outcome.kind === "Remain" ? `{ outcome: "remain", ${rest}` : `{ outcome: "refer", panel: ${literal(otherwise.outcome.panel.text)}, ${rest}`;
  }

  /** A rule's `when<N>` (its condition, three-valued, if it has one) and `then<N>` (its decision) functions, N its place in `spec.rules`. */
  private quickRule(rule: A.RuleDecl, name: string, noticeCode: string | undefined): string {
    const parts = A.ruleParts(rule);
    const lines = [`// Rule ${literalAndComment(rule.name.value)[1]}`];
    if (hasCondition(rule)) {
      this.temporaries = 0;
      const body = this.capture(() => {
        if (parts.when && parts.unless) {
          const when = this.temporary();
          const unless = this.temporary();
          this.out.push("(", when, " = ");
          this.truth(parts.when);
          this.out.push(") === false || (", unless, " = ");
          this.negated(parts.unless);
          this.out.push(`) === false ? false : ${when} === undefined || ${unless} === undefined ? undefined : true`);
        } else if (parts.when) this.truth(parts.when);
        else this.negated(parts.unless!);
      });
      lines.push(`function when${name}(e: Evaluation): Truth {`);
      if (this.temporaries > 0) lines.push(`  let ${Array.from({ length: this.temporaries }, (_, i) => `t${i}: Truth`).join(", ")};`);
      lines.push(`  return ${body};`, "}");
      lines.push(...this.quickUnknowns(parts, name));
    }
    lines.push(`function then${name}(e: Evaluation): Decision | undefined {`);
    const action = parts.action!;
    const fields: string[] = [];
    const head = [`outcome: ${literal(action.kind === "Transfer" ? "transfer" : action.kind === "Remain" ? "remain" : "refer")}`, `rule: ${literal(rule.name.value)}`];
    if (parts.source) head.push(`source: ${literal(parts.source.value)}`);
    if (parts.because) head.push(`because: ${literal(parts.because.value)}`);
    let waiting: string | undefined;
    if (action.kind === "Transfer") {
      head.push("from: e.input.team");
      if (this.model.symbols.get(action.target.text)?.kind === "team") head.push(`to: ${literal(action.target.text)}`);
      else {
        lines.push(`  const to = ${this.capture(() => this.expr(action.target, []))};`, "  if (to === undefined) return undefined;");
        head.push("to");
      }
      waiting = this.quickTiming(lines, "due", action.timing);
      head.push("due");
      if (parts.request) {
        this.quickTiming(lines, "requestBy", parts.request);
        fields.push("requestBy");
      } else if (noticeCode !== undefined) {
        lines.push(`  const requestBy = due === null ? null : ${this.call("shift")}due, -1, ${noticeCode}, calendar, holidays)!;`);
        fields.push("requestBy");
      }
      if (action.jointWork) {
        const joint = action.jointWork;
        this.quickTiming(lines, "jointWorkFrom", joint.kind === "JointFrom" ? { kind: "OnDate", date: joint.anchor, span: joint.span } : { kind: "Before", duration: joint.duration, anchor: joint.anchor, span: joint.span });
        fields.push("jointWorkFrom");
      }
    } else if (action.kind === "Remain") {
      if (action.team) head.push(`to: ${literal(action.team.text)}`);
    } else head.push(`panel: ${literal(action.panel.text)}`);
    const requires = [...new Set(parts.requires.map((document) => document.text))];
    lines.push("  const missing: string[] = [];");
    for (const document of requires) {
      const quoted = literal(document);
      lines.push(`  if (!${this.call("complete", true)}${quoted})) missing.push(${quoted});`);
    }
    const tail = [...fields, "missing", "needs: []", "conflicting: []", "trace: []"];
    const object = (extra: string[]) => `{ ${[...head, ...extra, ...tail].join(", ")} }`;
    if (waiting !== undefined) lines.push(`  return due === null ? ${object([`waitingFor: ${literal(waiting)}`])} : ${object([])};`);
    else lines.push(`  return ${object([])};`);
    lines.push("}", "");
    return lines.join("\n");
  }

  /**
   * Writes `const NAME = ...;`: the date `timing` gives, or null when it waits on an event not yet
   * held or scheduled; returns that event, if it can. Any other value not known gives undefined
   * (the full procedure then says which facts are needed).
   */
  private quickTiming(lines: string[], name: string, timing: A.Timing): string | undefined {
    let anchor: A.Expr | undefined;
    let event: string | undefined;
    switch (timing.kind) {
      case "Immediately":
        lines.push(`  const ${name} = e.today;`);
        return undefined;
      case "AtEvent":
        event = timing.event.text;
        break;
      case "OnDate":
        anchor = timing.date;
        break;
      default:
        anchor = timing.anchor;
    }
    if (anchor !== undefined) event = this.eventNamed(anchor);
    const at = `${name}At`;
    if (event !== undefined) lines.push(`  const ${at} = ${this.call("eventDate", true)}${literal(event)});`);
    else lines.push(`  const ${at} = ${this.capture(() => this.expr(anchor!, []))};`, `  if (${at} === undefined) return undefined;`);
    if (timing.kind === "Within" || timing.kind === "After" || timing.kind === "Before") {
      const amount = `${name}By`;
      lines.push(`  const ${amount} = ${this.capture(() => this.expr(timing.duration, []))};`, `  if (${amount} === undefined) return undefined;`);
      const shifted = `${this.call("shift")}${at}, ${timing.kind === "Before" ? -1 : 1}, ${amount}, calendar, holidays)!`;
      lines.push(event !== undefined ? `  const ${name} = ${at} === undefined ? null : ${shifted};` : `  const ${name} = ${shifted};`);
    } else lines.push(event !== undefined ? `  const ${name} = ${at} ?? null;` : `  const ${name} = ${at};`);
    return event;
  }

  /**
   * `unknowns<N>`: for rule N's condition tree once it is known to be unknown, `unknownsOfUnknown`
   * (condition.ts) written out: each part of an `and` or `or` whose value is unknown is looked
   * into, in order, down to the tests, whose missing facts and events are noted.
   */
  private quickUnknowns(parts: A.RuleParts, name: string): string[] {
    this.temporaries = 0;
    const body: string[] = [];
    if (parts.when && parts.unless) {
      // The tree is `and` of the `when` and of `not` the `unless`: `not` is unknown when its part is.
      for (const part of [parts.when, parts.unless]) {
        body.push(`  if (${this.capture(() => this.truth(part))} === undefined) {`);
        this.unknownsOf(part, body, "    ");
        body.push("  }");
      }
    } else this.unknownsOf((parts.when ?? parts.unless)!, body, "  ");
    const lines = [`function unknowns${name}(e: Evaluation, into: Unknowns): void {`];
    if (this.temporaries > 0) lines.push(`  let ${Array.from({ length: this.temporaries }, (_, i) => `t${i}: Truth`).join(", ")};`);
    lines.push(...body, "}");
    return lines;
  }

  /** Writes, into `lines`, what leaves `expr` unknown (its condition tree is, as `condition` writes it). */
  private unknownsOf(expr: A.Expr, lines: string[], indent: string): void {
    switch (expr.kind) {
      case "Paren":
        return this.unknownsOf(expr.inner, lines, indent);
      case "Name": {
        const expanded = yesNoLet(this.model, expr, this.resolve);
        if (expanded !== undefined) return this.unknownsOf(expanded.value, lines, indent);
        break;
      }
      case "Logical":
        for (const operand of expr.operands) {
          lines.push(`${indent}if (${this.capture(() => this.truth(operand))} === undefined) {`);
          this.unknownsOf(operand, lines, `${indent}  `);
          lines.push(`${indent}}`);
        }
        return;
      case "Not":
        return this.unknownsOf(expr.operand, lines, indent);
    }
    const [facts, events] = this.readsLists(expr);
    // A test reading one fact and no event needs that fact whether it is missing or incomplete.
    if (facts.length === 1 && events.length === 0) lines.push(`${indent}${this.call("noteUnknown")}into.facts, ${literal(facts[0]!)});`);
    else lines.push(`${indent}${this.call("addMissingReads")}{ facts: [${facts.map(literal).join(", ")}], events: [${events.map(literal).join(", ")}] }, e, into);`);
  }

  /** Temporaries used so far by the condition being written. */
  private temporaries = 0;

  private temporary(): string {
    return `t${this.temporaries++}`;
  }

  /** Writes the three-valued value of a yes/no expression, straight-line, as the condition tree evaluates it. */
  private truth(expr: A.Expr): void {
    switch (expr.kind) {
      case "Paren":
        return this.truth(expr.inner);
      case "Name": {
        const expanded = yesNoLet(this.model, expr, this.resolve);
        if (expanded !== undefined) return this.truth(expanded.value);
        break;
      }
      case "Logical": {
        const out = this.out;
        const isAnd = expr.operator === "and";
        const stop = isAnd ? ") === false" : ") === true";
        const names: string[] = [];
        out.push("(");
        for (let i = 0; i < expr.operands.length; i++) {
          const name = this.temporary();
          names.push(name);
          out.push(i === 0 ? "(" : " || (", name, " = ");
          this.truth(expr.operands[i]!);
          out.push(stop);
        }
        out.push(isAnd ? " ? false : " : " ? true : ", names.join(" === undefined || "), isAnd ? " === undefined ? undefined : true)" : " === undefined ? undefined : false)");
        return;
      }
      case "Not":
        return this.negated(expr.operand);
    }
    this.out.push("(");
    this.expr(expr, []);
    this.out.push(")");
  }

  /** Writes the three-valued value of `not expr`. */
  private negated(expr: A.Expr): void {
    const name = this.temporary();
    this.out.push("((", name, " = ");
    this.truth(expr);
    this.out.push(") === undefined ? undefined : !", name, ")");
  }

  /**
   * The functions for the lets that the code calls (yes/no lets in conditions are expanded into
   * the condition tree instead), each with the `let` as its comment.
   */
  private letFunctions(): string[] {
    const lets = [...this.model.symbols.values()].filter((symbol) => symbol.kind === "let");
    const bodies = new Map<string, { lines: string[]; uses: Set<string> }>();
    const outer = this.uses;
    for (const symbol of lets) {
      const decl = symbol.decl as A.LetDecl;
      const type = this.model.valueTypes.get(symbol.name)!;
      const returns = type.kind === "yes/no" ? "Truth" : `${this.tsType(type, true)} | undefined`;
      this.uses = new Set();
      // Worked out once per decision: kept in the evaluation's `lets` (when it has them) by position.
      const slot = bodies.size;
      const lines = [
        `// ${commentText(this.source(decl))}`,
        `function let_${symbol.name}(e: Evaluation): ${returns} {`,
        "  const lets = e.lets;",
        `  let value = lets?.[${slot}] as ${returns};`,
        "  if (value === undefined) {",
        `    value = ${this.capture(() => this.expr(decl.value, []))};`,
        `    if (lets !== undefined) lets[${slot}] = value;`,
        "  }",
        "  return value;",
        "}",
        "",
      ];
      bodies.set(symbol.name, { lines, uses: this.uses });
    }
    this.uses = outer;
    // A let is needed when needed code calls it; lets call lets. What a needed let calls is needed too.
    const needed = new Set<string>();
    const waiting = [...outer].filter((use) => use.startsWith("let:")).map((use) => use.slice("let:".length));
    while (waiting.length > 0) {
      const name = waiting.pop()!;
      const body = bodies.get(name);
      if (body === undefined || needed.has(name)) continue;
      needed.add(name);
      for (const use of body.uses) {
        outer.add(use);
        if (use.startsWith("let:")) waiting.push(use.slice("let:".length));
      }
    }
    const kept = lets.filter((symbol) => needed.has(symbol.name)).flatMap((symbol) => bodies.get(symbol.name)!.lines);
    return kept.length > 0 ? ["// ---- values worked out from the facts (`let`) ----", "", ...kept] : [];
  }

  private schemaOf(type: BatonType): string {
    switch (type.kind) {
      case "enum":
        return `{ kind: "enum", values: [${type.values.map(literal).join(", ")}] }`;
      case "list": {
        const fields = [...type.element.fields].map(([name, field]) => schemaEntry(name, this.schemaOf(field.type)));
        return `{ kind: "list", fields: { ${fields.join(", ")} } }`;
      }
      case "elapsed":
        return `{ kind: "date" }`;
      default:
        return `{ kind: ${literal(type.kind)} }`;
    }
  }

  emit(): CompiledModule {
    const model = this.model;
    const out = this.out;
    const header = model.header!;
    const headerClause = <K extends A.HeaderClause["kind"]>(kind: K) =>
      header.clauses.find((clause): clause is Extract<A.HeaderClause, { kind: K }> => clause.kind === kind);
    const runtime = this.options.runtimeImport ?? "@baton/runtime";
    const headerLines = [
      `// Generated by Baton from ${commentText(this.options.fileName ?? "a protocol file")}: protocol ${header.name.text}.`,
      "// Do not edit: change the protocol and build it again.",
    ];
    for (const text of headerLines) this.line(text);
    // Places kept for what is known only once the rules are written.
    const importAt = out.push("") - 1;
    this.line();
    const typesStart = out.length;
    this.emitTypes();
    const typeSection = out.slice(typesStart).join("");

    const calendar = model.calendar ?? "england-and-wales";
    const holidays = model.file.declarations.filter((d): d is A.HolidayDecl => d.kind === "Holiday").map((d) => literal(d.date.text));
    this.line("// ---- the protocol's calendar ----");
    this.line();
    this.line(`const calendar = ${literal(calendar)};`);
    this.line(`const holidays: readonly string[] = [${holidays.join(", ")}];`);
    const factsAt = out.push("") - 1;
    this.line();
    const durationsAt = out.push("") - 1;

    this.line("// ---- rules, one function each ----");
    this.line();
    const rules = [...model.rules.values()];
    const ruleFunctions = new LargeText();
    this.out = ruleFunctions.pieces;
    for (let i = 0; i < rules.length; i++) {
      this.emitRule(rules[i]!, A.ruleParts(rules[i]!), this.ruleFunctionNames[i]!);
      ruleFunctions.checkpoint();
      this.ruleEntries.checkpoint();
    }
    this.out = out;
    for (const text of ruleFunctions.finish()) out.push(text);
    // The header's notice is a duration too: compiled now, so its constant is written with the rules'.
    const notice = headerClause("Notice");
    const noticeCode = notice ? this.capture(() => this.expr(notice.duration, [])) : undefined;
    // Written before the lets and durations are listed: it calls the same ones as the rules.
    const otherwise = headerClause("Otherwise");
    const quickLines = this.quick(rules, noticeCode, otherwise);
    const letLines = this.letFunctions();
    const durationLines = [...this.durations]
      .filter(([, name]) => this.uses.has(`duration:${name}`))
      .map(([args, name]) => `const ${name} = duration({ ${args} });`);
    const inserted = [...(durationLines.length ? ["// ---- durations the rules use ----", "", ...durationLines, ""] : []), ...letLines];
    out[durationsAt] = inserted.map((text) => `${text}\n`).join("");
    // Import exactly what the module uses, so it compiles under any settings for unused names.
    if (this.uses.has("facts")) out[factsAt] = "const facts = (e: Evaluation): Partial<FactValues> => e.facts as Partial<FactValues>;\n";

    // What follows the rules is written apart too, to be searched for type names below.
    this.out = [];
    for (const text of quickLines) this.line(text);
    this.line("const spec: ProtocolSpec = {");
    this.line("  calendar,");
    this.line("  holidays,");
    if (noticeCode !== undefined) this.line(`  notice: ${noticeCode},`);
    if (otherwise) {
      this.line(
        otherwise.outcome.kind === "Remain"
          ? `  otherwise: { kind: "remain" },`
          : `  otherwise: { kind: "refer", panel: ${literal(otherwise.outcome.panel.text)} },`,
      );
    }
    this.line(`  rules: [${this.ruleFunctionNames.map((name) => `${name}()`).join(", ")}],`);
    if (quickLines.length > 0) this.line("  quick,");
    this.line("};");
    this.line();

    this.line("const schema: CaseSchema = {");
    this.line(`  teams: [${this.symbolsOf("team").map(literal).join(", ")}],`);
    this.line(`  events: [${this.symbolsOf("event").map(literal).join(", ")}],`);
    this.line(`  documents: [${this.symbolsOf("document").map(literal).join(", ")}],`);
    this.line("  facts: {");
    for (const name of this.symbolsOf("fact")) this.line(`    ${schemaEntry(name, this.schemaOf(model.valueTypes.get(name)!))},`);
    this.line("  },");
    this.line("};");
    this.line();

    const labelled = (kind: string) =>
      [...model.symbols.values()]
        .filter((symbol) => symbol.kind === kind)
        .map((symbol) => `{ id: ${literal(symbol.name)}${symbol.label !== undefined ? `, label: ${literal(symbol.label)}` : ""} }`)
        .join(", ");
    const version = headerClause("Version");
    const effective = headerClause("Effective");
    this.line("/** What this protocol declares: its teams, panels, events, documents and rules with their sources. */");
    this.line("export const protocol: ProtocolInfo = {");
    this.line(`  name: ${literal(header.name.text)},`);
    if (header.title) this.line(`  title: ${literal(header.title.value)},`);
    if (version) this.line(`  version: ${literal(version.value.value)},`);
    if (effective) this.line(`  effective: ${literal(effective.date.text)},`);
    this.line(`  calendar: ${literal(calendar)},`);
    this.line(`  teams: [${labelled("team")}],`);
    this.line(`  panels: [${labelled("panel")}],`);
    this.line(`  events: [${labelled("event")}],`);
    this.line(`  documents: [${labelled("document")}],`);
    this.line(`  facts: [${labelled("fact")}],`);
    this.line("  rules: [");
    for (const text of this.ruleEntries.finish()) this.out.push(text);
    this.line("  ],");
    this.line("};");
    this.line();
    this.line("/** Checks a case record against the protocol; throws a `CaseError` listing every problem with its JSON path. */");
    this.line("export function validate(input: unknown): Case {");
    this.line("  return validateCase(schema, input) as unknown as Case;");
    this.line("}");
    this.line();
    this.line("/** What the protocol says should happen to this case. `today` defaults to the computer's date. */");
    this.line("export function decide(");
    this.line("  input: Case,");
    this.line("  options: { readonly today?: string; readonly trace?: boolean } = {},");
    this.line("): Decision<Team, Panel, EventId, DocumentId, FactId> {");
    this.line("  const today = options.today ?? localToday();");
    this.line("  return validateAndDecide(schema, spec, input, { today, trace: options.trace ?? true }) as Decision<Team, Panel, EventId, DocumentId, FactId>;");
    this.line("}");
    this.line();
    this.line("function localToday(): string {");
    this.line("  const now = new globalThis.Date();");
    this.line("  const pad = (n: number) => String(n).padStart(2, \"0\");");
    this.line("  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;");
    this.line("}");
    const tail = this.out.join("");
    this.out = out;
    out.push(tail);

    const alwaysCalled = new Set(["validateAndDecide", "validateCase", ...(durationLines.length > 0 ? ["duration"] : [])]);
    const values = runtimeValues.filter((name) => alwaysCalled.has(name) || this.uses.has(name));
    // Type names are searched for, but not in the rules' functions (most of the module), whose
    // only type is `RuleSpec`.
    const rulesStart = durationsAt + 1;
    const named = new Set<string>();
    for (const text of [out.slice(0, rulesStart).join(""), tail]) for (const [name] of text.matchAll(runtimeTypeNames)) named.add(name);
    const types = runtimeTypes.filter((name) => (name === "RuleSpec" ? rules.length > 0 : named.has(name)));
    out[importAt] = `import { ${[...values, ...types.map((type) => `type ${type}`)].join(", ")} } from ${literal(runtime)};\n`;
    const typeImports = ["Decision", "ProtocolInfo", ...(typeSection.match(/\bDuration(Parts)?\b/g) ?? [])];
    const declarations = [
      ...headerLines,
      `import type { ${[...new Set(typeImports)].sort().join(", ")} } from ${literal(runtime)};`,
      "",
      // The type section's lines end with their line breaks already.
      typeSection +
        "/** What this protocol declares: its teams, panels, events, documents and rules with their sources. */",
      "export declare const protocol: ProtocolInfo;",
      "/** Checks a case record against the protocol; throws a `CaseError` listing every problem with its JSON path. */",
      "export declare function validate(input: unknown): Case;",
      "/** What the protocol says should happen to this case. `today` defaults to the computer's date. */",
      "export declare function decide(",
      "  input: Case,",
      "  options?: { readonly today?: string; readonly trace?: boolean },",
      "): Decision<Team, Panel, EventId, DocumentId, FactId>;",
      "",
    ].join("\n");
    return { typescript: out.join(""), declarations };
  }
}

export interface CompiledModule {
  /** The module, in TypeScript. */
  typescript: string;
  /** Its declarations, for a `.d.ts` beside the JavaScript it compiles to. */
  declarations: string;
}

/** The TypeScript module for a protocol that checked without errors. */
export function emitTypeScript(model: ProtocolModel, text: string, options: CompileOptions = {}): CompiledModule {
  if (model.header === undefined) throw new Error("A protocol needs its `protocol` header to be compiled.");
  return new Emitter(model, text, options).emit();
}
