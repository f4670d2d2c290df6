// Compiles a checked protocol into a TypeScript module (spec section 9): types derived from the
// declarations, one function per rule with its source in a comment, and `decide`, `validate` and
// `protocol` exports. Rules become data plus compiled tests that @baton/runtime's decision procedure
// runs; every string from the protocol is escaped, so no label can break out of the code.
import type { ProtocolModel } from "../check/model.js";
import type { BatonType } from "../check/types.js";
import * as A from "../syntax/ast.js";
import { durationAmounts, overridersByRule, Reads, requirementText, sourceText, yesNoLet } from "./structure.js";

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

/** A string literal that is safe in generated code, whatever the text holds. */
export function literal(text: string): string {
  // The same names (facts, teams, events) are written thousands of times in a large protocol.
  const known = literals.get(text);
  if (known !== undefined) return known;
  // JSON escapes quotes, backslashes, control characters and lone surrogates; the characters
  // above are escaped too.
  let json = JSON.stringify(text);
  if (invisibleInLiteral.test(json)) {
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
  "add", "all", "and3", "any", "compare", "complete", "count", "decideCase", "duration", "elapsed", "equals",
  "eventDate", "held", "not3", "oneOf", "or3", "scheduled", "shift", "validateAndDecide", "validateCase",
];
const runtimeTypes = ["CaseSchema", "Decision", "Duration", "DurationParts", "Evaluation", "ProtocolInfo", "ProtocolSpec", "RuleSpec", "Truth"];

class Emitter {
  private readonly lines: string[] = [];
  private readonly durations = new Map<string, string>();
  private readonly readsOf: Reads;
  private readonly overriders: Map<A.RuleDecl, A.RuleDecl[]>;
  private readonly typeNames = new Map<string, string>();
  private readonly ruleFunctionNames = new Map<A.RuleDecl, string>();
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
    this.readsOf = new Reads(model);
    this.overriders = overridersByRule(model);
    this.nameTypes();
    const used = new Set<string>();
    for (const rule of model.rules.values()) {
      const words = rule.name.value.normalize("NFKD").replace(/[^A-Za-z0-9]+/g, " ").trim().split(" ").filter(Boolean);
      let base = `rule${words.map((word) => word[0]!.toUpperCase() + word.slice(1).toLowerCase()).join("")}`;
      if (base === "rule") base = "ruleUnnamed";
      let name = base;
      for (let i = 2; used.has(name); i++) name = `${base}${i}`;
      used.add(name);
      this.ruleFunctionNames.set(rule, name);
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

  private line(text = ""): void {
    this.lines.push(text === "" ? "" : `${"  ".repeat(this.depth)}${text}`);
  }

  private source(node: { span: A.Span }): string {
    return sourceText(this.text, node);
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

  private duration(expr: A.DurationLiteral): string {
    const name = this.durationConstant(expr);
    this.use(`duration:${name}`);
    return name;
  }

  private durationConstant(expr: A.DurationLiteral): string {
    const parts = durationAmounts(expr);
    const args = Object.entries(parts).map(([key, value]) => `${key}: ${value}`).join(", ");
    const name = `duration${this.durations.size + 1}`;
    const existing = this.durations.get(args);
    if (existing !== undefined) return existing;
    this.durations.set(args, name);
    return name;
  }

  private typeOf(expr: A.Expr): BatonType {
    return this.model.expressionTypes.get(expr) ?? { kind: "error" };
  }

  /** JavaScript for an expression's value: `undefined` when unknown. `scope` names the `where` entries. */
  private expr(expr: A.Expr, scope: readonly string[]): string {
    switch (expr.kind) {
      case "Name":
        return this.name(expr, scope);
      case "Number":
        return String(expr.value);
      case "Date":
        return literal(expr.text);
      case "Duration":
        return this.duration(expr);
      case "Boolean":
        return expr.value ? "true" : "false";
      case "Paren":
        return this.expr(expr.inner, scope);
      case "Logical":
        return `${this.use(expr.operator === "and" ? "and3" : "or3")}(${expr.operands.map((operand) => this.expr(operand, scope)).join(", ")})`;
      case "Not":
        return `${this.use("not3")}(${this.expr(expr.operand, scope)})`;
      case "Compare": {
        const left = this.typeOf(expr.left);
        const right = this.typeOf(expr.right);
        if (left.kind === "elapsed" || right.kind === "elapsed") {
          const [since, amount, operator] =
            left.kind === "elapsed"
              ? [expr.left, expr.right, expr.operator]
              : [expr.right, expr.left, ({ "<": ">", "<=": ">=", ">": "<", ">=": "<=" } as const)[expr.operator]];
          return `${this.use("elapsed")}(e, ${this.expr(since, scope)}, ${literal(operator)}, ${this.expr(amount, scope)}, calendar, holidays)`;
        }
        return `${this.use("compare")}(${this.expr(expr.left, scope)}, ${literal(expr.operator)}, ${this.expr(expr.right, scope)})`;
      }
      case "Is": {
        const test = `${this.use("equals")}(${this.expr(expr.subject, scope)}, ${this.expr(expr.value, scope)})`;
        return expr.negated ? `${this.use("not3")}(${test})` : test;
      }
      case "IsOneOf": {
        const test = `${this.use("oneOf")}(${this.expr(expr.subject, scope)}, [${expr.values.map((value) => this.expr(value, scope)).join(", ")}])`;
        return expr.negated ? `${this.use("not3")}(${test})` : test;
      }
      case "Postfix": {
        const name = (expr.subject as A.Name).text;
        return `${this.use(expr.operator)}(e, ${literal(name)})`;
      }
      case "Arithmetic": {
        let code = this.expr(expr.first, scope);
        const isDate = this.typeOf(expr.first).kind === "date";
        for (const step of expr.rest) {
          const sign = step.operator === "+" ? "1" : "-1";
          code = isDate
            ? `${this.use("shift")}(${code}, ${sign}, ${this.expr(step.operand, scope)}, calendar, holidays)`
            : `${this.use("add")}(${code}, ${sign}, ${this.expr(step.operand, scope)})`;
        }
        return code;
      }
      case "Today":
        return "e.today";
      case "TimeSince":
        // An elapsed time is carried as the date it runs from; comparisons add the duration to it.
        return this.expr(expr.operand, scope);
      case "DateOf":
        return `${this.use("eventDate")}(e, ${literal(expr.event.text)})`;
      case "CurrentTeam":
        return "e.input.team";
      case "Aggregate": {
        const list = this.name(expr.list, scope);
        if (expr.where === undefined) return `${this.use("count")}(${list})`;
        const entry = `x${scope.length + 1}`;
        return `${this.use(expr.aggregate)}(${list}, (${entry}) => ${this.expr(expr.where, [...scope, entry])})`;
      }
      case "Missing":
        throw new Error("A protocol with syntax errors cannot be compiled.");
    }
  }

  private name(name: A.Name, scope: readonly string[]): string {
    const resolution = this.model.resolutions.get(name);
    if (resolution?.kind === "field") return `${scope[scope.length - 1]!}[${literal(name.text)}]`;
    if (resolution?.kind === "enum-value") return literal(name.text);
    const symbol = resolution?.kind === "symbol" ? resolution.symbol : this.model.symbols.get(name.text);
    switch (symbol?.kind) {
      case "fact":
        this.use("facts");
        return `facts(e)[${literal(name.text)}]`;
      case "let":
        this.use(`let:${name.text}`);
        return `let_${name.text}(e)`;
      case "team":
        return literal(name.text);
      default:
        return literal(name.text);
    }
  }

  private readsLiteral(expr: A.Expr | undefined, extra: { facts?: string[]; events?: string[] } = {}): string {
    const reads = expr ? this.readsOf.of(expr) : { facts: new Set<string>(), events: new Set<string>() };
    extra.facts?.forEach((fact) => reads.facts.add(fact));
    extra.events?.forEach((event) => reads.events.add(event));
    return `{ facts: [${[...reads.facts].map(literal).join(", ")}], events: [${[...reads.events].map(literal).join(", ")}] }`;
  }

  // ---- conditions ----

  private requirement(expr: A.Expr, negated: boolean): string {
    return requirementText(this.text, expr, negated);
  }

  private condition(expr: A.Expr): string {
    switch (expr.kind) {
      case "Paren":
        return this.condition(expr.inner);
      case "Name": {
        // A yes/no `let` is expanded into the tree, so its parts are told apart: with `a and b` known
        // false through `a`, an unknown `b` is not asked for.
        const expanded = yesNoLet(this.model, expr);
        return expanded ? this.condition(expanded.value) : this.leaf(expr);
      }
      case "Logical":
        if (expr.operator === "and") return `{ kind: "and", parts: [${expr.operands.map((operand) => this.condition(operand)).join(", ")}] }`;
        return `{ kind: "or", text: ${literal(this.source(expr))}, parts: [${expr.operands.map((operand) => this.condition(operand)).join(", ")}] }`;
      case "Not":
        return `{ kind: "not", text: ${literal(this.requirement(expr.operand, true))}, part: ${this.condition(expr.operand)} }`;
      default:
        return this.leaf(expr);
    }
  }

  private leaf(expr: A.Expr): string {
    return `{ kind: "test", text: ${literal(this.requirement(expr, false))}, test: (e) => ${this.expr(expr, [])}, reads: ${this.readsLiteral(expr)} }`;
  }

  private value(expr: A.Expr): string {
    return `{ text: ${literal(this.source(expr))}, value: (e) => ${this.expr(expr, [])}, reads: ${this.readsLiteral(expr)} }`;
  }

  private anchor(expr: A.Expr): string {
    const resolution = expr.kind === "Name" ? this.model.resolutions.get(expr) : undefined;
    if (expr.kind === "Name" && resolution?.kind === "symbol" && resolution.symbol.kind === "event") {
      return `{ text: ${literal(expr.text)}, value: (e) => ${this.use("eventDate")}(e, ${literal(expr.text)}), reads: ${this.readsLiteral(undefined, { events: [expr.text] })} }`;
    }
    return this.value(expr);
  }

  private timing(timing: A.Timing): string {
    switch (timing.kind) {
      case "Immediately":
        return "{}";
      case "AtEvent":
        return `{ anchor: { text: ${literal(timing.event.text)}, value: (e) => ${this.use("eventDate")}(e, ${literal(timing.event.text)}), reads: ${this.readsLiteral(undefined, { events: [timing.event.text] })} } }`;
      case "OnDate":
        return `{ anchor: ${this.anchor(timing.date)} }`;
      case "Within":
      case "After":
      case "Before":
        return `{ anchor: ${this.anchor(timing.anchor)}, offset: { sign: ${timing.kind === "Before" ? -1 : 1}, duration: ${this.value(timing.duration)} } }`;
    }
  }

  private jointWork(joint: A.JointWork): string {
    return joint.kind === "JointFrom"
      ? `{ anchor: ${this.anchor(joint.anchor)} }`
      : `{ anchor: ${this.anchor(joint.anchor)}, offset: { sign: -1, duration: ${this.value(joint.duration)} } }`;
  }

  private action(action: A.Action): string {
    switch (action.kind) {
      case "Remain":
        return action.team ? `{ kind: "remain", team: ${literal(action.team.text)} }` : `{ kind: "remain" }`;
      case "Refer":
        return `{ kind: "refer", panel: ${literal(action.panel.text)} }`;
      case "Transfer": {
        const targetSymbol = this.model.symbols.get(action.target.text);
        const to = targetSymbol?.kind === "team" ? literal(action.target.text) : this.value(action.target);
        const joint = action.jointWork ? `, jointWork: ${this.jointWork(action.jointWork)}` : "";
        return `{ kind: "transfer", to: ${to}, timing: ${this.timing(action.timing)}${joint} }`;
      }
    }
  }

  private emitRule(rule: A.RuleDecl): void {
    const parts = A.ruleParts(rule);
    const name = this.ruleFunctionNames.get(rule)!;
    this.line(`// Rule ${commentText(rule.name.value)}`);
    if (parts.source) this.line(`// Source: ${commentText(parts.source.value)}`);
    this.line(`function ${name}(): RuleSpec {`);
    this.depth++;
    this.line("return {");
    this.depth++;
    this.line(`name: ${literal(rule.name.value)},`);
    if (parts.source) this.line(`source: ${literal(parts.source.value)},`);
    if (parts.because) this.line(`because: ${literal(parts.because.value)},`);
    const action = parts.action!;
    if (action.kind === "Transfer" && action.from.length > 0) this.line(`from: [${action.from.map((team) => literal(team.text)).join(", ")}],`);
    let condition: string;
    if (parts.when && parts.unless) {
      condition = `{ kind: "and", parts: [${this.condition(parts.when)}, { kind: "not", text: ${literal(this.requirement(parts.unless, true))}, part: ${this.condition(parts.unless)} }] }`;
    } else if (parts.when) condition = this.condition(parts.when);
    else if (parts.unless) condition = `{ kind: "not", text: ${literal(this.requirement(parts.unless, true))}, part: ${this.condition(parts.unless)} }`;
    else condition = `{ kind: "always" }`;
    this.line(`condition: ${condition},`);
    this.line(`overriddenBy: [${(this.overriders.get(rule) ?? []).map((overrider) => literal(overrider.name.value)).join(", ")}],`);
    this.line(`action: ${this.action(action)},`);
    if (parts.request) this.line(`request: ${this.timing(parts.request)},`);
    this.line(`requires: [${parts.requires.map((document) => literal(document.text)).join(", ")}],`);
    this.depth--;
    this.line("};");
    this.depth--;
    this.line("}");
    this.line();
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
      const lines = [
        `// ${commentText(this.source(decl))}`,
        `function let_${symbol.name}(e: Evaluation): ${returns} {`,
        `  return ${this.expr(decl.value, [])};`,
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
    const header = model.header!;
    const headerClause = <K extends A.HeaderClause["kind"]>(kind: K) =>
      header.clauses.find((clause): clause is Extract<A.HeaderClause, { kind: K }> => clause.kind === kind);
    const runtime = this.options.runtimeImport ?? "@baton/runtime";
    this.line(`// Generated by Baton from ${commentText(this.options.fileName ?? "a protocol file")}: protocol ${header.name.text}.`);
    this.line("// Do not edit: change the protocol and build it again.");
    const importAt = this.lines.length;
    this.line();
    const typesStart = this.lines.length;
    this.emitTypes();
    const typesEnd = this.lines.length;

    const calendar = model.calendar ?? "england-and-wales";
    const holidays = model.file.declarations.filter((d): d is A.HolidayDecl => d.kind === "Holiday").map((d) => literal(d.date.text));
    this.line("// ---- the protocol's calendar ----");
    this.line();
    this.line(`const calendar = ${literal(calendar)};`);
    this.line(`const holidays: readonly string[] = [${holidays.join(", ")}];`);
    const factsAt = this.lines.length;
    this.line();

    const durationsAt = this.lines.length;
    this.line("// ---- rules, one function each ----");
    this.line();
    const rules = [...model.rules.values()];
    for (const rule of rules) this.emitRule(rule);
    const rulesEnd = this.lines.length;
    // The header's notice is a duration too: compiled now, so its constant is written with the rules'.
    const notice = headerClause("Notice");
    const noticeCode = notice ? this.expr(notice.duration, []) : undefined;
    const letLines = this.letFunctions();
    const durationLines = [...this.durations]
      .filter(([, name]) => this.uses.has(`duration:${name}`))
      .map(([args, name]) => `const ${name} = duration({ ${args} });`);
    // Not splice(..., ...lines): spreading 100,000 lines into one call overflows the stack.
    const inserted = [...(durationLines.length ? ["// ---- durations the rules use ----", "", ...durationLines, ""] : []), ...letLines];
    const after = this.lines.splice(durationsAt);
    for (const line of inserted) this.lines.push(line);
    for (const line of after) this.lines.push(line);

    const otherwise = headerClause("Otherwise");
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
    this.line(`  rules: [${rules.map((rule) => `${this.ruleFunctionNames.get(rule)!}()`).join(", ")}],`);
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
    for (const rule of rules) {
      const parts = A.ruleParts(rule);
      const fields = [`name: ${literal(rule.name.value)}`];
      if (parts.source) fields.push(`source: ${literal(parts.source.value)}`);
      if (parts.because) fields.push(`because: ${literal(parts.because.value)}`);
      this.line(`    { ${fields.join(", ")} },`);
    }
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
    // Import exactly what the module uses, so it compiles under any settings for unused names.
    if (this.uses.has("facts")) {
      // Spliced in after the rules were placed: the rules' lines move down by one.
      this.lines.splice(factsAt, 0, "const facts = (e: Evaluation): Partial<FactValues> => e.facts as Partial<FactValues>;");
    }
    const alwaysCalled = new Set(["validateAndDecide", "validateCase", ...(durationLines.length > 0 ? ["duration"] : [])]);
    const values = runtimeValues.filter((name) => alwaysCalled.has(name) || this.uses.has(name));
    // Type names are searched for, but not in the rules' functions (most of the module), whose
    // only type is `RuleSpec`.
    const factsHelper = this.uses.has("facts") ? 1 : 0;
    const firstRuleLine = durationsAt + inserted.length + factsHelper;
    const ruleLineCount = rulesEnd - durationsAt;
    const outsideRules = [...this.lines.slice(0, firstRuleLine), ...this.lines.slice(firstRuleLine + ruleLineCount)].join("\n");
    const types = runtimeTypes.filter((name) => (name === "RuleSpec" ? rules.length > 0 : new RegExp(`\\b${name}\\b`).test(outsideRules)));
    const typeSection = this.lines.slice(typesStart, typesEnd);
    this.lines.splice(importAt, 0, `import { ${[...values, ...types.map((type) => `type ${type}`)].join(", ")} } from ${literal(runtime)};`);
    const typeImports = ["Decision", "ProtocolInfo", ...(typeSection.join("\n").match(/\bDuration(Parts)?\b/g) ?? [])];
    const declarations = [
      this.lines[0]!,
      this.lines[1]!,
      `import type { ${[...new Set(typeImports)].sort().join(", ")} } from ${literal(runtime)};`,
      "",
      ...typeSection,
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
    return { typescript: `${this.lines.join("\n")}\n`, declarations };
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
