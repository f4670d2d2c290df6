// Types every expression (spec section 4), resolving names as it goes: facts and lets, record
// fields inside `where`, enumeration values after `is`, teams, events and documents.
import { error } from "../diagnostics.js";
import type * as A from "../syntax/ast.js";
import { CheckContext, describeSymbolKind, replaceWith } from "./context.js";
import type { BatonSymbol } from "./model.js";
import { closestName } from "./suggest.js";
import {
  dateType,
  describeType,
  documentType,
  durationType,
  elapsedType,
  errorType,
  eventType,
  hasValue,
  numberType,
  sameType,
  teamType,
  yesNo,
  type BatonType,
  type FieldType,
} from "./types.js";

/** Record fields in scope inside `where`; innermost first. */
export type Scope = readonly ReadonlyMap<string, FieldType>[];

/** No record fields in scope: shared, so that typing a condition outside `where` makes no array. */
export const noScope: Scope = [];

// What the checker passes to `resolve` and as roles, made once rather than at each of
// hundreds of thousands of calls (they are only read when there is a mistake to report).
const factKinds = ["fact"] as const;
const eventKinds = ["event"] as const;
const documentKinds = ["document"] as const;
const letFactKinds = ["fact", "let"] as const;
const operatorRoles: Record<A.ExprOf<"Logical">["operator"] | A.ExprOf<"Postfix">["operator"] | A.ExprOf<"Aggregate">["aggregate"], string> = {
  and: "`and`",
  or: "`or`",
  held: "`held`",
  scheduled: "`scheduled`",
  complete: "`complete`",
  count: "`count`",
  any: "`any`",
  all: "`all`",
};

/** Longer chains of `let`s than any protocol needs; past it, evaluating one could exhaust the stack. */
export const MAX_LET_CHAIN = 256;
/**
 * A `let` that would be this many conditions long written out in full (or longer than the file, if
 * that is more) takes too long to work out. Only a let that uses other lets many times over can be
 * longer than the file: `let b = a and (a or x)`, `let c = b and (b or x)`, ... doubles each time.
 */
export const MAX_LET_SIZE = 100_000;
/**
 * How deeply a `let` may be nested, counting the brackets and operators of the lets under it too:
 * the compiler and the analysis walk it to this depth.
 */
export const MAX_LET_LEVELS = 512;

/** What working out a `let` costs: the longest chain of lets under it, its depth and its size written out in full. */
interface LetCost {
  chain: number;
  levels: number;
  size: number;
  /** It, or a let under it, is already reported as too deep. */
  refused: boolean;
}

export class ExpressionChecker {
  private readonly letStack: BatonSymbol[] = [];
  private readonly cyclicLets = new Set<BatonSymbol>();
  private readonly letCosts = new Map<BatonSymbol, LetCost>();
  /** The cost of each let being worked out, innermost last. */
  private readonly costFrames: (LetCost & { base: number })[] = [];
  /** How deeply nested the expression being typed is. */
  private level = 0;

  constructor(private readonly context: CheckContext) {}

  /** The type of a `let`, worked out on first use; a cycle is reported once, on every let in it. */
  letType(symbol: BatonSymbol): BatonType {
    const known = this.context.valueTypes.get(symbol.name);
    if (known !== undefined) return known;
    const decl = symbol.decl as A.LetDecl;
    const cycleStart = this.letStack.indexOf(symbol);
    if (cycleStart >= 0) {
      const cycle = this.letStack.slice(cycleStart);
      const names = [...cycle, symbol].map((member) => `\`${member.name}\``);
      for (const member of cycle) {
        if (this.cyclicLets.has(member)) continue;
        this.cyclicLets.add(member);
        const memberDecl = member.decl as A.LetDecl;
        this.context.report(
          error(
            "cyclic-let",
            memberDecl.name.span,
            cycle.length === 1
              ? `\`${member.name}\` is worked out from itself. A value must be worked out from facts, or from other values that do not lead back to it.`
              : `\`${member.name}\` depends on itself: ${names.join(" uses ")}. Break the circle by working one of them out from facts.`,
            {
              related: cycle
                .filter((other) => other !== member)
                .map((other) => ({ span: (other.decl as A.LetDecl).name.span, message: `\`${other.name}\` is part of the circle` })),
            },
          ),
        );
      }
      return errorType;
    }
    if (this.letStack.length >= MAX_LET_CHAIN) {
      // Far past any real protocol; stops a generated chain of lets from exhausting the stack.
      this.refuseLet(symbol, this.chainMessage());
      return errorType;
    }
    this.letStack.push(symbol);
    this.costFrames.push({ chain: 0, levels: 0, size: 0, refused: false, base: this.level });
    const type = this.typeOf(decl.value, noScope);
    const frame = this.costFrames.pop()!;
    this.letStack.pop();
    if (this.context.valueTypes.has(symbol.name)) return this.context.valueTypes.get(symbol.name)!;
    // The chain and the size are counted whatever order the lets are declared in, so that
    // compiling, analysing and deciding a protocol that passes stays within bounds.
    const cost = { chain: frame.chain + 1, levels: frame.levels, size: frame.size, refused: frame.refused };
    if (frame.refused) {
      this.letCosts.set(symbol, cost);
      this.context.valueTypes.set(symbol.name, errorType);
      return errorType;
    }
    if (cost.chain > MAX_LET_CHAIN) return this.refuseLet(symbol, this.chainMessage());
    if (cost.levels > MAX_LET_LEVELS) {
      return this.refuseLet(
        symbol,
        `This value is nested more than ${MAX_LET_LEVELS} levels deep, counting the brackets of the values it is worked out from. Work it out from facts more directly.`,
      );
    }
    const maxSize = Math.max(MAX_LET_SIZE, this.context.text.length);
    if (cost.size > maxSize) {
      return this.refuseLet(
        symbol,
        `This value, written out in full with the values it is worked out from, would be more than ${maxSize.toLocaleString("en-GB")} conditions long, because it uses other values many times over. Work it out from facts more directly.`,
      );
    }
    this.letCosts.set(symbol, cost);
    this.context.valueTypes.set(symbol.name, this.cyclicLets.has(symbol) ? errorType : type);
    return this.context.valueTypes.get(symbol.name)!;
  }

  private chainMessage(): string {
    return `This value is worked out through more than ${MAX_LET_CHAIN} other \`let\` values. Work it out from facts more directly.`;
  }

  /** Reports a let as too deep, once; the lets worked out from it are refused without another message. */
  private refuseLet(symbol: BatonSymbol, message: string): BatonType {
    this.context.report(error("too-deep", (symbol.decl as A.LetDecl).name.span, message));
    this.letCosts.set(symbol, { chain: 0, levels: 0, size: 0, refused: true });
    this.context.valueTypes.set(symbol.name, errorType);
    return errorType;
  }

  /** Each let's size written out in full, by name. */
  letSizes(): Map<string, number> {
    return new Map([...this.letCosts].filter(([, cost]) => !cost.refused).map(([symbol, cost]) => [symbol.name, cost.size]));
  }

  /** A let named inside the let being worked out: its cost counts towards that let's. */
  private addLetCost(symbol: BatonSymbol): void {
    const frame = this.costFrames.at(-1);
    const cost = this.letCosts.get(symbol);
    if (frame === undefined || cost === undefined) return;
    frame.chain = Math.max(frame.chain, cost.chain);
    frame.levels = Math.max(frame.levels, this.level - frame.base + cost.levels);
    frame.size += cost.size;
    frame.refused ||= cost.refused;
  }

  typeOf(expr: A.Expr, scope: Scope): BatonType {
    const level = ++this.level;
    if (this.costFrames.length > 0) {
      const frame = this.costFrames[this.costFrames.length - 1]!;
      frame.size++;
      frame.levels = Math.max(frame.levels, level - frame.base);
    }
    let type: BatonType;
    try {
      type = this.compute(expr, scope);
    } finally {
      this.level = level - 1;
    }
    this.context.expressionTypes.set(expr, type);
    return type;
  }

  /** Checks that `expr` is a yes/no condition; `role` says where it stands ("`when`"). */
  expectCondition(expr: A.Expr, scope: Scope, role: string): void {
    const type = this.typeOf(expr, scope);
    if (type.kind === "yes/no" || type.kind === "error") return;
    this.context.report(error("type-mismatch", expr.span, this.notAConditionMessage(expr, type, role)));
  }

  private notAConditionMessage(expr: A.Expr, type: BatonType, role: string): string {
    const shown = this.shown(expr);
    switch (type.kind) {
      case "enum": {
        const example = type.values[0] ?? "...";
        return `\`${shown}\` is ${describeType(type)}, not yes or no. To test it, write \`${shown} is ${example}\`.`;
      }
      case "event":
        return `\`${shown}\` is an event, not yes or no. Write \`${shown} held\` or \`${shown} scheduled\`.`;
      case "document":
        return `\`${shown}\` is a document, not yes or no. Write \`${shown} complete\`.`;
      case "team":
        return `\`${shown}\` is a team, not yes or no. To test which team holds the case, write \`current team is ${shown}\`.`;
      default:
        return `${role} needs a condition that is yes or no, but \`${shown}\` is ${describeType(type)}.`;
    }
  }

  /** The source text of an expression, shortened for a message. */
  shown(expr: A.Expr): string {
    const text = this.context.text.slice(expr.span.start, expr.span.end).replace(/\s+/g, " ");
    return text.length > 50 ? `${text.slice(0, 47)}...` : text;
  }

  /** Checks `expr` has the type `expected` (by kind), reporting `role` when not; returns its type. */
  expectKind(expr: A.Expr, scope: Scope, expected: BatonType["kind"], role: string): BatonType {
    const type = this.typeOf(expr, scope);
    if (type.kind === expected || type.kind === "error") return type;
    const wanted = describeType(expected === "duration" ? durationType(false) : ({ kind: expected } as BatonType));
    let hint = "";
    if (expected === "date" && type.kind === "event") {
      hint = ` For the date of an event, write \`date of ${this.shown(expr)}\`.`;
    } else if (expected === "duration" && type.kind === "number") {
      hint = " Give it a unit, such as `6 weeks` or `3 working days`.";
    }
    this.context.report(
      error("type-mismatch", expr.span, `${role} needs ${wanted}, but \`${this.shown(expr)}\` is ${describeType(type)}.${hint}`),
    );
    return errorType;
  }

  private compute(expr: A.Expr, scope: Scope): BatonType {
    switch (expr.kind) {
      case "Name":
        return this.nameType(expr, scope);
      case "Number":
        return numberType;
      case "Date":
        return dateType;
      case "Duration": {
        let working = false;
        for (const part of expr.parts) if (part.unit === "working day") working = true;
        return durationType(working);
      }
      case "Boolean":
        return yesNo;
      case "Missing":
        return errorType;
      case "Paren":
        return this.typeOf(expr.inner, scope);
      case "Logical":
        for (const operand of expr.operands) this.expectCondition(operand, scope, operatorRoles[expr.operator]);
        return yesNo;
      case "Not":
        this.expectCondition(expr.operand, scope, "`not`");
        return yesNo;
      case "Compare":
        return this.compareType(expr, scope);
      case "Is":
        this.checkIsValue(expr.subject, this.typeOf(expr.subject, scope), expr.value, scope, expr);
        return yesNo;
      case "IsOneOf": {
        const subject = this.typeOf(expr.subject, scope);
        for (const value of expr.values) this.checkIsValue(expr.subject, subject, value, scope, expr);
        return yesNo;
      }
      case "Postfix":
        return this.postfixType(expr);
      case "Arithmetic":
        return this.arithmeticType(expr, scope);
      case "Today":
        return dateType;
      case "TimeSince":
        this.expectKind(expr.operand, scope, "date", "`time since`");
        return elapsedType;
      case "DateOf":
        this.context.resolve(expr.event, eventKinds, "`date of`");
        return dateType;
      case "CurrentTeam":
        return teamType;
      case "Aggregate":
        return this.aggregateType(expr, scope);
    }
  }

  private nameType(name: A.Name, scope: Scope): BatonType {
    for (const fields of scope) {
      const field = fields.get(name.text);
      if (field !== undefined) {
        this.context.noteField(name, field);
        return field.type;
      }
    }
    const symbol = this.context.symbols.get(name.text);
    if (symbol === undefined) {
      const owner = this.enumOwning(name.text);
      if (owner !== undefined) {
        this.context.report(
          error(
            "unknown-name",
            name.span,
            `\`${name.text}\` is one of the values of ${owner.subject}, not something that is yes or no by itself. Write \`${owner.subject} is ${name.text}\`.`,
            { fix: replaceWith(name.span, `${owner.subject} is ${name.text}`) },
          ),
        );
        return errorType;
      }
      const fieldNames = scope.flatMap((fields) => [...fields.keys()]);
      this.context.reportUnknown(name, letFactKinds, fieldNames);
      return errorType;
    }
    this.context.noteUse(name, symbol);
    switch (symbol.kind) {
      case "fact":
        return this.context.valueTypes.get(symbol.name) ?? errorType;
      case "let": {
        const type = this.letType(symbol);
        this.addLetCost(symbol);
        return type;
      }
      case "team":
        return teamType;
      case "event":
        return eventType;
      case "document":
        return documentType;
      case "panel":
      case "type":
        this.context.report(
          error(
            "wrong-kind",
            name.span,
            `\`${name.text}\` is ${describeSymbolKind(symbol.kind)}, which has no value to use in a condition.${symbol.kind === "panel" ? " Panels are used in `refer to`." : ""}`,
          ),
        );
        return errorType;
    }
  }

  /** A fact (or let) whose enumeration has `value` among its values, to suggest `fact is value`. */
  private enumOwning(value: string): { subject: string } | undefined {
    for (const [name, type] of this.context.valueTypes) {
      if (type.kind === "enum" && hasValue(type.values, value)) return { subject: name };
    }
    return undefined;
  }

  private compareType(expr: A.ExprOf<"Compare">, scope: Scope): BatonType {
    const left = this.typeOf(expr.left, scope);
    const right = this.typeOf(expr.right, scope);
    if (left.kind === "error" || right.kind === "error") return yesNo;
    const ok =
      (left.kind === "number" && right.kind === "number") ||
      (left.kind === "date" && right.kind === "date") ||
      (left.kind === "elapsed" && right.kind === "duration") ||
      (left.kind === "duration" && right.kind === "elapsed");
    if (ok) return yesNo;
    let message: string;
    if (left.kind === "elapsed" || right.kind === "elapsed") {
      const other = left.kind === "elapsed" ? expr.right : expr.left;
      message = `A time since a date can only be compared with a duration, such as \`8 weeks\`, but \`${this.shown(other)}\` is ${describeType(left.kind === "elapsed" ? right : left)}.`;
    } else if (left.kind === "duration" && right.kind === "duration") {
      message =
        "Two durations cannot be compared, because months and days do not convert exactly. Compare `time since` a date with a duration instead.";
    } else if (left.kind === "date" && right.kind === "duration") {
      message = `\`${this.shown(expr.left)}\` is a date and \`${this.shown(expr.right)}\` is a duration. To ask how long ago a date was, write \`time since ${this.shown(expr.left)} ${expr.operator} ${this.shown(expr.right)}\`.`;
    } else if (!["number", "date"].includes(left.kind)) {
      message = `\`${expr.operator}\` compares numbers, dates, or a time since a date with a duration, but \`${this.shown(expr.left)}\` is ${describeType(left)}.${left.kind === "enum" ? ` To test its value, write \`${this.shown(expr.left)} is ...\`.` : ""}`;
    } else {
      message = `\`${this.shown(expr.left)}\` is ${describeType(left)} but \`${this.shown(expr.right)}\` is ${describeType(right)}, so they cannot be compared.`;
    }
    this.context.report(error("type-mismatch", expr.span, message));
    return yesNo;
  }

  /** `subject is value`: the value must be of the subject's type; names are read as its values first. */
  private checkIsValue(subjectExpr: A.Expr, subject: BatonType, value: A.Expr, scope: Scope, whole: A.Expr): void {
    if (subject.kind === "enum" && value.kind === "Name") {
      if (this.context.noteEnumValue(value, subject)) {
        this.context.expressionTypes.set(value, subject);
        return;
      }
      const symbol = this.context.symbols.get(value.text);
      const isSameEnumValue = symbol && (symbol.kind === "fact" || symbol.kind === "let");
      if (!isSameEnumValue) {
        const suggestion = closestName(value.text, subject.values, this.context.suggestions);
        this.context.report(
          error(
            "type-mismatch",
            value.span,
            `\`${value.text}\` is not one of the values of \`${this.shown(subjectExpr)}\`, which is ${describeType(subject)}.${suggestion ? ` Did you mean \`${suggestion}\`?` : ""}`,
            suggestion ? { fix: replaceWith(value.span, suggestion) } : {},
          ),
        );
        return;
      }
    }
    if (subject.kind === "error" && value.kind === "Name" && !this.context.symbols.has(value.text)) {
      return; // most likely a value of the subject's type, which is itself unknown
    }
    if (subject.kind === "team" && value.kind === "Name" && !this.context.symbols.has(value.text)) {
      this.context.reportUnknown(value, ["team"]);
      return;
    }
    if (subject.kind === "elapsed") {
      this.context.report(
        error("type-mismatch", whole.span, "A time since a date is never exactly equal to a duration: compare it with `<`, `<=`, `>` or `>=`."),
      );
      this.typeOf(value, scope);
      return;
    }
    if (subject.kind === "event" || subject.kind === "document" || subject.kind === "list" || subject.kind === "record") {
      const hint =
        subject.kind === "event"
          ? ` Write \`${this.shown(subjectExpr)} held\` or \`date of ${this.shown(subjectExpr)}\`.`
          : subject.kind === "document"
            ? ` Write \`${this.shown(subjectExpr)} complete\`.`
            : " Use `count`, `any` or `all` with `where`.";
      this.context.report(error("type-mismatch", subjectExpr.span, `\`${this.shown(subjectExpr)}\` is ${describeType(subject)}, which cannot be compared with \`is\`.${hint}`));
      this.typeOf(value, scope);
      return;
    }
    const valueType = this.typeOf(value, scope);
    if (!sameType(subject, valueType)) {
      this.context.report(
        error(
          "type-mismatch",
          value.span,
          `\`${this.shown(subjectExpr)}\` is ${describeType(subject)}, so it cannot be \`${this.shown(value)}\`, which is ${describeType(valueType)}.`,
        ),
      );
    }
  }

  private postfixType(expr: A.ExprOf<"Postfix">): BatonType {
    const wanted = expr.operator === "complete" ? "document" : "event";
    if (expr.subject.kind !== "Name") {
      this.context.report(
        error("type-mismatch", expr.subject.span, `Only ${wanted === "event" ? "an event" : "a document"} can be \`${expr.operator}\`; write its name before \`${expr.operator}\`.`),
      );
      return yesNo;
    }
    const symbol = this.context.symbols.get(expr.subject.text);
    if (symbol !== undefined && symbol.kind !== wanted) {
      this.context.noteUse(expr.subject, symbol);
      const hint =
        symbol.kind === "document"
          ? ` A document is \`complete\`: write \`${symbol.name} complete\`.`
          : symbol.kind === "event"
            ? ` An event is \`held\` or \`scheduled\`: write \`${symbol.name} held\`.`
            : "";
      this.context.report(
        error("wrong-kind", expr.subject.span, `\`${symbol.name}\` is ${describeSymbolKind(symbol.kind)}, so it cannot be \`${expr.operator}\`.${hint}`),
      );
      return yesNo;
    }
    const role = operatorRoles[expr.operator];
    if (wanted === "event") {
      this.context.resolve(expr.subject, eventKinds, role);
      this.context.expressionTypes.set(expr.subject, eventType);
    } else {
      this.context.resolve(expr.subject, documentKinds, role);
      this.context.expressionTypes.set(expr.subject, documentType);
    }
    return yesNo;
  }

  private arithmeticType(expr: A.ExprOf<"Arithmetic">, scope: Scope): BatonType {
    let type = this.typeOf(expr.first, scope);
    let left: A.Expr = expr.first;
    for (const step of expr.rest) {
      const operand = this.typeOf(step.operand, scope);
      if (type.kind === "error" || operand.kind === "error") {
        // Already reported: type the remaining operands for their own mistakes, then give up quietly.
        for (const later of expr.rest.slice(expr.rest.indexOf(step) + 1)) this.typeOf(later.operand, scope);
        return errorType;
      } else if (type.kind === "date" && operand.kind === "duration") {
        type = dateType;
      } else if (type.kind === "number" && operand.kind === "number") {
        type = numberType;
      } else {
        let message: string;
        if (type.kind === "date" && operand.kind === "date") {
          message = "One date cannot be taken from another. To measure how long ago a date was, write `time since DATE` and compare it with a duration, such as `time since closure_date < 8 weeks`.";
        } else if (type.kind === "duration" && operand.kind === "date") {
          message = `Write the date first and the duration second: \`${this.shown(step.operand)} ${step.operator} ${this.shown(left)}\`.`;
        } else if (type.kind === "duration" && operand.kind === "duration") {
          message = "Write a duration with all its units together instead of adding durations: `15 years 9 months`.";
        } else {
          message = `\`${step.operator}\` adds a duration to a date, or numbers together, but here it has ${describeType(type)} and ${describeType(operand)}.`;
        }
        this.context.report(error("type-mismatch", { start: left.span.start, end: step.operand.span.end }, message));
        return errorType;
      }
      left = step.operand;
    }
    return type;
  }

  private aggregateType(expr: A.ExprOf<"Aggregate">, scope: Scope): BatonType {
    const result = expr.aggregate === "count" ? numberType : yesNo;
    const symbol = this.context.resolve(expr.list, factKinds, operatorRoles[expr.aggregate]);
    let fields: ReadonlyMap<string, FieldType> | undefined;
    if (symbol !== undefined) {
      const type = this.context.valueTypes.get(symbol.name) ?? errorType;
      if (type.kind === "list") fields = type.element.fields;
      else if (type.kind !== "error") {
        this.context.report(
          error("type-mismatch", expr.list.span, `\`${expr.aggregate}\` goes through a list, but \`${expr.list.text}\` is ${describeType(type)}.`),
        );
      }
    }
    if (expr.where !== undefined) {
      this.expectCondition(expr.where, fields ? [fields, ...scope] : scope, "`where`");
    } else if (expr.aggregate !== "count") {
      this.context.report(
        error(
          "type-mismatch",
          expr.span,
          `\`${expr.aggregate} ${expr.list.text}\` needs \`where\` and a condition, such as \`${expr.aggregate} ${expr.list.text} where ...\`.`,
        ),
      );
    }
    return result;
  }
}
