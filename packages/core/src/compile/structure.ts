// What the compiler and the reference interpreter both need to know about a protocol's structure,
// apart from how values are worked out: which facts and events an expression reads, how a
// condition reads as a requirement, and which rules override which.
import type { ProtocolModel, Resolution } from "../check/model.js";
import type * as A from "../syntax/ast.js";

export interface ReadSet {
  facts: Set<string>;
  events: Set<string>;
}

/** The facts and events an expression reads, through lets too. */
export class Reads {
  private readonly letReads = new Map<string, ReadSet>();

  /** `resolve` looks a name up (by default in `model.resolutions`; the compiler remembers recent ones). */
  constructor(
    private readonly model: ProtocolModel,
    private readonly resolve: (name: A.Name) => Resolution | undefined = (name) => model.resolutions.get(name),
  ) {}

  of(expr: A.Expr, into: ReadSet = { facts: new Set(), events: new Set() }): ReadSet {
    this.visit(expr, into);
    return into;
  }

  private visit(node: A.Expr, into: ReadSet): void {
    switch (node.kind) {
      case "Name": {
        const resolution = this.resolve(node);
        const symbol = resolution?.kind === "symbol" ? resolution.symbol : undefined;
        if (symbol?.kind === "fact") into.facts.add(symbol.name);
        else if (symbol?.kind === "let") {
          const reads = this.ofLet(symbol.name);
          for (const fact of reads.facts) into.facts.add(fact);
          for (const event of reads.events) into.events.add(event);
        }
        return;
      }
      case "Paren":
        return this.visit(node.inner, into);
      case "Logical":
        for (const operand of node.operands) this.visit(operand, into);
        return;
      case "Not":
        return this.visit(node.operand, into);
      case "Compare":
        this.visit(node.left, into);
        return this.visit(node.right, into);
      case "Is":
        this.visit(node.subject, into);
        return this.visit(node.value, into);
      case "IsOneOf":
        this.visit(node.subject, into);
        for (const value of node.values) this.visit(value, into);
        return;
      case "Arithmetic":
        this.visit(node.first, into);
        for (const step of node.rest) this.visit(step.operand, into);
        return;
      case "TimeSince":
        return this.visit(node.operand, into);
      case "DateOf":
        into.events.add(node.event.text);
        return;
      case "Aggregate":
        this.visit(node.list, into);
        if (node.where) this.visit(node.where, into);
        return;
      default:
        return;
    }
  }

  ofLet(name: string): ReadSet {
    const known = this.letReads.get(name);
    if (known !== undefined) return known;
    const reads: ReadSet = { facts: new Set(), events: new Set() };
    this.letReads.set(name, reads);
    const decl = this.model.symbols.get(name)?.decl as A.LetDecl;
    this.of(decl.value, reads);
    return reads;
  }
}

/** An expression's text as written, on one line. */
export function sourceText(text: string, node: { span: A.Span }): string {
  const { start, end } = node.span;
  if (singleSpaced(text, start, Math.min(end, text.length))) return text.slice(start, end);
  return text.slice(start, end).replace(/\s+/g, " ").trim();
}

/**
 * Whether `text` from `start` to `end` is printable ASCII with single spaces between words, as
 * nearly every expression is: then it is already on one line (and, with `noQuotes`, holding no `"`
 * or backslash, it is a string literal as it is, between quotes). Checked by hand, as the compiler takes
 * the text of every condition and value in the protocol.
 */
export function singleSpaced(text: string, start: number, end: number, noQuotes = false): boolean {
  if (start >= end) return false;
  // Starting as if after a space, so that a space at the start fails as a double space does.
  let previous = 0x20;
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    // Other white space (tabs, line breaks, and some characters beyond ASCII) is left to the regular expression.
    if (code === 0x20 ? previous === 0x20 : code < 0x21 || code > 0x7e || (noQuotes && (code === 0x22 || code === 0x5c))) return false;
    previous = code;
  }
  return previous !== 0x20;
}

/**
 * A test's key (the runtime's ConditionKey) when it can only be true while a fact holds certain
 * values: `fact is v` and `fact is one of a, b` (yes, no, an enumeration value or a team), and a
 * yes/no fact on its own. Anything else (a `let`, a negation, another fact as the value) has none.
 * The compiler writes it and the reference interpreter builds it, so both skip the same rules.
 */
export function conditionKey(
  model: ProtocolModel,
  expr: A.Expr,
  resolve: (name: A.Name) => Resolution | undefined = (name) => model.resolutions.get(name),
): { fact: string; values: (string | boolean)[] } | undefined {
  const factOf = (subject: A.Expr) => {
    const resolution = subject.kind === "Name" ? resolve(subject) : undefined;
    return resolution?.kind === "symbol" && resolution.symbol.kind === "fact" ? resolution.symbol.name : undefined;
  };
  const constant = (value: A.Expr): string | boolean | undefined => {
    if (value.kind === "Boolean") return value.value;
    if (value.kind !== "Name") return undefined;
    const resolution = resolve(value);
    if (resolution?.kind === "enum-value") return value.text;
    return resolution?.kind === "symbol" && resolution.symbol.kind === "team" ? value.text : undefined;
  };
  let subject: A.Expr;
  const values: (string | boolean)[] = [];
  if ((expr.kind === "Is" || expr.kind === "IsOneOf") && !expr.negated) {
    for (const value of expr.kind === "Is" ? [expr.value] : expr.values) {
      const known = constant(value);
      if (known === undefined) return undefined;
      values.push(known);
    }
    subject = expr.subject;
  } else if (expr.kind === "Name" && model.expressionTypes.get(expr)?.kind === "yes/no") {
    subject = expr;
    values.push(true);
  } else return undefined;
  const fact = factOf(subject);
  return fact === undefined ? undefined : { fact, values };
}

/** How a yes/no condition reads as a requirement: `proceedings` reads "proceedings is yes". */
export function requirementText(text: string, expr: A.Expr, negated: boolean): string {
  const inner = expr.kind === "Paren" ? expr.inner : expr;
  if (inner.kind === "Name") return `${inner.text} is ${negated ? "no" : "yes"}`;
  return negated ? `not (${sourceText(text, inner)})` : sourceText(text, inner);
}

/**
 * Past this size (in conditions, with the lets under it written out too), a yes/no `let` is not
 * expanded into the condition trees of the rules using it, but called: a protocol that reuses
 * values many times over would otherwise give a module exponentially larger than itself.
 */
export const MAX_EXPANDED_LET = 1_000;

/**
 * The yes/no `let` a name stands for, when it does and is small enough: such lets are expanded into
 * condition trees. `resolve` looks the name up (by default in `model.resolutions`).
 */
export function yesNoLet(
  model: ProtocolModel,
  expr: A.Expr,
  resolve: (name: A.Name) => Resolution | undefined = (name) => model.resolutions.get(name),
): A.LetDecl | undefined {
  if (expr.kind !== "Name") return undefined;
  const resolution = resolve(expr);
  if (resolution?.kind !== "symbol" || resolution.symbol.kind !== "let") return undefined;
  if ((model.letSizes?.get(resolution.symbol.name) ?? 0) > MAX_EXPANDED_LET) return undefined;
  return model.valueTypes.get(resolution.symbol.name)?.kind === "yes/no" ? (resolution.symbol.decl as A.LetDecl) : undefined;
}

/**
 * For every rule, the rules that override it: those that are an exception to it, directly or
 * through a chain. Rules that nothing overrides (most) are left out.
 */
export function overridersByRule(model: ProtocolModel): Map<A.RuleDecl, A.RuleDecl[]> {
  const reverse = new Map<A.RuleDecl, A.RuleDecl[]>();
  for (const [from, targets] of model.exceptionTo) {
    for (const target of targets) {
      const overriders = reverse.get(target);
      if (overriders === undefined) reverse.set(target, [from]);
      else overriders.push(from);
    }
  }
  const rules = [...model.rules.values()];
  let position: Map<A.RuleDecl, number> | undefined;
  const result = new Map<A.RuleDecl, A.RuleDecl[]>();
  for (const rule of rules) {
    if (!reverse.has(rule)) continue;
    const found = new Set<A.RuleDecl>();
    const queue = [...(reverse.get(rule) ?? [])];
    while (queue.length > 0) {
      const next = queue.pop()!;
      if (found.has(next) || next === rule) continue;
      found.add(next);
      for (const overrider of reverse.get(next) ?? []) queue.push(overrider);
    }
    // In file order; sorting the few found, not filtering all rules, keeps this linear in practice.
    if (found.size > 1) {
      const order = (position ??= new Map(rules.map((rule, index) => [rule, index])));
      result.set(rule, [...found].sort((a, b) => order.get(a)! - order.get(b)!));
    } else result.set(rule, [...found]);
  }
  return result;
}

/** The runtime's name for each unit of a duration. */
export const durationUnitNames = { day: "days", "working day": "workingDays", week: "weeks", month: "months", year: "years" } as const;

/** A duration literal's amounts by the runtime's unit names. */
export function durationAmounts(expr: A.DurationLiteral): Record<string, number> {
  const parts: Record<string, number> = {};
  for (const part of expr.parts) {
    const key = durationUnitNames[part.unit];
    parts[key] = (parts[key] ?? 0) + part.amount;
  }
  return parts;
}
