// What the compiler and the reference interpreter both need to know about a protocol's structure,
// apart from how values are worked out: which facts and events an expression reads, how a
// condition reads as a requirement, and which rules override which.
import type { ProtocolModel } from "../check/model.js";
import type * as A from "../syntax/ast.js";

export interface ReadSet {
  facts: Set<string>;
  events: Set<string>;
}

/** The facts and events an expression reads, through lets too. */
export class Reads {
  private readonly letReads = new Map<string, ReadSet>();

  constructor(private readonly model: ProtocolModel) {}

  of(expr: A.Expr, into: ReadSet = { facts: new Set(), events: new Set() }): ReadSet {
    const visit = (node: A.Expr): void => {
      switch (node.kind) {
        case "Name": {
          const resolution = this.model.resolutions.get(node);
          const symbol = resolution?.kind === "symbol" ? resolution.symbol : undefined;
          if (symbol?.kind === "fact") into.facts.add(symbol.name);
          else if (symbol?.kind === "let") {
            const reads = this.ofLet(symbol.name);
            reads.facts.forEach((fact) => into.facts.add(fact));
            reads.events.forEach((event) => into.events.add(event));
          }
          return;
        }
        case "Paren":
          return visit(node.inner);
        case "Logical":
          return node.operands.forEach(visit);
        case "Not":
          return visit(node.operand);
        case "Compare":
          visit(node.left);
          return visit(node.right);
        case "Is":
          visit(node.subject);
          return visit(node.value);
        case "IsOneOf":
          visit(node.subject);
          return node.values.forEach(visit);
        case "Arithmetic":
          visit(node.first);
          return node.rest.forEach((step) => visit(step.operand));
        case "TimeSince":
          return visit(node.operand);
        case "DateOf":
          into.events.add(node.event.text);
          return;
        case "Aggregate":
          visit(node.list);
          if (node.where) visit(node.where);
          return;
        default:
          return;
      }
    };
    visit(expr);
    return into;
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
  return text.slice(node.span.start, node.span.end).replace(/\s+/g, " ").trim();
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

/** The yes/no `let` a name stands for, when it does and is small enough: such lets are expanded into condition trees. */
export function yesNoLet(model: ProtocolModel, expr: A.Expr): A.LetDecl | undefined {
  if (expr.kind !== "Name") return undefined;
  const resolution = model.resolutions.get(expr);
  if (resolution?.kind !== "symbol" || resolution.symbol.kind !== "let") return undefined;
  if ((model.letSizes?.get(resolution.symbol.name) ?? 0) > MAX_EXPANDED_LET) return undefined;
  return model.valueTypes.get(resolution.symbol.name)?.kind === "yes/no" ? (resolution.symbol.decl as A.LetDecl) : undefined;
}

/** For every rule, the rules that override it: those that are an exception to it, directly or through a chain. */
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
  const position = new Map(rules.map((rule, index) => [rule, index]));
  const result = new Map<A.RuleDecl, A.RuleDecl[]>();
  for (const rule of rules) {
    const found = new Set<A.RuleDecl>();
    const queue = [...(reverse.get(rule) ?? [])];
    while (queue.length > 0) {
      const next = queue.pop()!;
      if (found.has(next) || next === rule) continue;
      found.add(next);
      for (const overrider of reverse.get(next) ?? []) queue.push(overrider);
    }
    // In file order; sorting the few found, not filtering all rules, keeps this linear in practice.
    result.set(rule, [...found].sort((a, b) => position.get(a)! - position.get(b)!));
  }
  return result;
}

/** A duration literal's amounts by the runtime's unit names. */
export function durationAmounts(expr: A.DurationLiteral): Record<string, number> {
  const parts: Record<string, number> = {};
  for (const part of expr.parts) {
    const key = { day: "days", "working day": "workingDays", week: "weeks", month: "months", year: "years" }[part.unit];
    parts[key] = (parts[key] ?? 0) + part.amount;
  }
  return parts;
}
