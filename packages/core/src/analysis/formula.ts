// Rule conditions as formulas over finite-domain variables, for exact reasoning (spec issue:
// conflicts, gaps, unreachable rules). Each variable is something a case can vary: a yes/no fact,
// an enumeration, the team holding the case, an event's state, a document, or a term compared with
// constants, whose domain is the regions between those constants. Conditions outside this fragment
// become independent yes/no atoms; example cases built from them are always confirmed by running
// the decision procedure before they are reported.
import type { ProtocolModel } from "../check/model.js";
import * as A from "../syntax/ast.js";
import { yesNoLet } from "../compile/structure.js";
import { durationAmounts } from "../compile/structure.js";

/** One value a variable can take, with what the example case needs to realise it. */
export interface DomainValue {
  /** In words, for messages: "child_protection", "yes", "held", "under 16 years". */
  label: string;
  /** The value to give the fact or setting, when it can be realised directly. */
  realise?: Realisation;
}

export type Realisation =
  | { kind: "fact"; fact: string; value: unknown }
  | { kind: "team"; team: string }
  | { kind: "event"; event: string; state: "none" | "held" | "scheduled" }
  | { kind: "document"; document: string; complete: boolean }
  | { kind: "number"; fact: string; value: number }
  | { kind: "date"; holder: DateHolder; offsetDays: number; constant?: string }
  | { kind: "elapsed"; holder: DateHolder; months: number; days: number; shiftDays: number }
  | { kind: "today"; offsetDays: number; constant?: string }
  /** Two dates in order: the first `gapDays` days after the second (before it when negative). */
  | { kind: "order"; first: DateHolder; second: DateHolder; gapDays: -1 | 0 | 1 };

/** What holds a date an example case sets: a date fact, or an event (its date, held or scheduled). */
export type DateHolder = { fact: string } | { event: string };

export interface Variable {
  id: number;
  key: string;
  /** How the variable reads in an example case: "plan", "the team holding the case". */
  name: string;
  domain: DomainValue[];
}

export type Formula =
  | { kind: "const"; value: boolean }
  | { kind: "atom"; variable: Variable; allowed: ReadonlySet<number> }
  | { kind: "and"; parts: Formula[] }
  | { kind: "or"; parts: Formula[] };

export const TRUE: Formula = { kind: "const", value: true };
export const FALSE: Formula = { kind: "const", value: false };

const positionCache = new WeakMap<readonly string[], Map<string, number>>();

/** Where each value is in `values`, worked out once per list. */
function positions(values: readonly string[]): Map<string, number> {
  let found = positionCache.get(values);
  if (found === undefined) {
    found = new Map();
    values.forEach((value, index) => {
      if (!found!.has(value)) found!.set(value, index);
    });
    positionCache.set(values, found);
  }
  return found;
}

export function and(parts: Formula[]): Formula {
  const flat: Formula[] = [];
  for (const part of parts) {
    if (part.kind === "const") {
      if (!part.value) return FALSE;
      continue;
    }
    // One at a time: spreading a list of 100,000 conditions into push() overflows the stack.
    if (part.kind === "and") for (const inner of part.parts) flat.push(inner);
    else flat.push(part);
  }
  return flat.length === 0 ? TRUE : flat.length === 1 ? flat[0]! : { kind: "and", parts: flat };
}

export function or(parts: Formula[]): Formula {
  const flat: Formula[] = [];
  for (const part of parts) {
    if (part.kind === "const") {
      if (part.value) return TRUE;
      continue;
    }
    if (part.kind === "or") for (const inner of part.parts) flat.push(inner);
    else flat.push(part);
  }
  return flat.length === 0 ? FALSE : flat.length === 1 ? flat[0]! : { kind: "or", parts: flat };
}

/** Negation, pushed down to the atoms (whose allowed values are complemented). */
export function not(formula: Formula): Formula {
  switch (formula.kind) {
    case "const":
      return formula.value ? FALSE : TRUE;
    case "atom": {
      const allowed = new Set<number>();
      formula.variable.domain.forEach((_, index) => {
        if (!formula.allowed.has(index)) allowed.add(index);
      });
      return atom(formula.variable, allowed);
    }
    case "and":
      return or(formula.parts.map(not));
    case "or":
      return and(formula.parts.map(not));
  }
}

export function atom(variable: Variable, allowed: ReadonlySet<number>): Formula {
  if (allowed.size === 0) return FALSE;
  if (allowed.size === variable.domain.length) return TRUE;
  return { kind: "atom", variable, allowed };
}

const DAY_CONSTANT = /^\d{4}-\d{2}-\d{2}$/;

/** A comparison read from its other side: `a < b` is `b > a`. */
const mirror = { "<": ">", "<=": ">=", ">": "<", ">=": "<=" } as const;

/** A term compared with constants: its constants, sorted, make the regions of its domain. */
interface RegionTerm {
  key: string;
  name: string;
  kind: "number" | "date" | "elapsed" | "today";
  /** For realising values: the fact behind the term, when it is a fact. */
  fact?: string;
  /** For realising dates: the event whose date the term is (`date of review`, `time since date of review`). */
  event?: string;
  /** For `count xs ...`: the list fact, which an empty list realises as 0. */
  listFact?: string;
  integer: boolean;
  constants: number[];
  /** Constants as written, by value, for labels. */
  written: Map<number, string>;
}

function dayNumber(text: string): number {
  const [y, m, d] = text.split("-").map(Number) as [number, number, number];
  // Days since 1970-01-01 (proleptic Gregorian): only the order matters here.
  const a = Math.floor((14 - m) / 12);
  const yy = y + 4800 - a;
  const mm = m + 12 * a - 3;
  return d + Math.floor((153 * mm + 2) / 5) + 365 * yy + Math.floor(yy / 4) - Math.floor(yy / 100) + Math.floor(yy / 400) - 32045 - 2440588;
}

/** The fact or event an example case sets to give a date a value, if there is one. */
function holderOf(found: { fact?: string; event?: string }): DateHolder | undefined {
  return found.fact ? { fact: found.fact } : found.event ? { event: found.event } : undefined;
}

type DurationUnit = "months" | "days" | "workingDays";

/** Orders durations of one kind: months (years and months) or days (weeks and days), or working days. */
function durationClass(parts: Record<string, number>): { unit: DurationUnit; amount: number } | undefined {
  const months = (parts["years"] ?? 0) * 12 + (parts["months"] ?? 0);
  const days = (parts["weeks"] ?? 0) * 7 + (parts["days"] ?? 0);
  const working = parts["workingDays"] ?? 0;
  if (working > 0) return months === 0 && days === 0 ? { unit: "workingDays", amount: working } : undefined;
  if (months > 0 && days > 0) return undefined;
  return months > 0 ? { unit: "months", amount: months } : { unit: "days", amount: days };
}

export class FormulaBuilder {
  readonly variables: Variable[] = [];
  private readonly byKey = new Map<string, Variable>();
  private readonly regionTerms = new Map<string, RegionTerm>();
  private readonly teams: string[];

  constructor(
    private readonly model: ProtocolModel,
    private readonly text: string,
  ) {
    this.teams = [...model.symbols.values()].filter((symbol) => symbol.kind === "team").map((symbol) => symbol.name);
  }

  private variable(key: string, name: string, domain: () => DomainValue[]): Variable {
    const existing = this.byKey.get(key);
    if (existing !== undefined) return existing;
    const variable: Variable = { id: this.variables.length, key, name, domain: domain() };
    this.variables.push(variable);
    this.byKey.set(key, variable);
    return variable;
  }

  /** The team holding the case. */
  teamVariable(): Variable {
    return this.variable("team", "held by", () => this.teams.map((team) => ({ label: team, realise: { kind: "team", team } })));
  }

  private boolVariable(key: string, name: string, realise: (value: boolean) => Realisation | undefined): Variable {
    return this.variable(key, name, () =>
      [true, false].map((value) => {
        const realisation = realise(value);
        return { label: value ? "yes" : "no", ...(realisation ? { realise: realisation } : {}) };
      }),
    );
  }

  private source(node: { span: A.Span }): string {
    return this.text.slice(node.span.start, node.span.end).replace(/\s+/g, " ").trim();
  }

  /** A canonical text for a term, with lets expanded, so the same term is the same variable. */
  private termKey(expr: A.Expr): string {
    switch (expr.kind) {
      case "Name": {
        const resolution = this.model.resolutions.get(expr);
        if (resolution?.kind === "symbol" && resolution.symbol.kind === "let") return `(${this.termKey((resolution.symbol.decl as A.LetDecl).value)})`;
        return expr.text;
      }
      case "Paren":
        return this.termKey(expr.inner);
      case "Number":
        return String(expr.value);
      case "Date":
        return expr.text;
      case "Duration":
        return JSON.stringify(durationAmounts(expr));
      default:
        return `${expr.kind}:${this.source(expr)}`;
    }
  }

  private factOf(expr: A.Expr): { name: string; kind: string } | undefined {
    let node = expr;
    while (node.kind === "Paren") node = node.inner;
    if (node.kind === "Name") {
      const resolution = this.model.resolutions.get(node);
      if (resolution?.kind === "symbol" && resolution.symbol.kind === "fact") {
        return { name: node.text, kind: this.model.valueTypes.get(node.text)?.kind ?? "error" };
      }
      if (resolution?.kind === "symbol" && resolution.symbol.kind === "let") return this.factOf((resolution.symbol.decl as A.LetDecl).value);
    }
    return undefined;
  }

  /** A constant a term is compared with, as a number on the term's scale, or undefined. */
  private constant(expr: A.Expr, kind: RegionTerm["kind"], unit?: string): { value: number; written: string } | undefined {
    let node = expr;
    while (node.kind === "Paren") node = node.inner;
    if (kind === "number" && node.kind === "Number") return { value: node.value, written: node.text };
    if ((kind === "date" || kind === "today") && node.kind === "Date" && DAY_CONSTANT.test(node.text)) return { value: dayNumber(node.text), written: node.text };
    if (kind === "elapsed" && node.kind === "Duration") {
      const measured = durationClass(durationAmounts(node));
      if (measured && measured.unit === unit) return { value: measured.amount, written: this.source(node) };
    }
    return undefined;
  }

  /**
   * The term side of a comparison with a constant, if it is a term we can reason about exactly.
   * `mirrored`: the comparison reads the other way round on the term (`date of review + 3 days <=
   * today` is `time since date of review >= 3 days`).
   */
  private regionTerm(expr: A.Expr, other: A.Expr): { term: RegionTerm; constant: number; mirrored?: boolean } | undefined {
    const sinceToday = this.sinceToday(expr, other);
    if (sinceToday) return sinceToday;
    let node = expr;
    while (node.kind === "Paren") node = node.inner;
    const type = this.model.expressionTypes.get(expr)?.kind;
    let kind: RegionTerm["kind"];
    let unit: string | undefined;
    let key: string;
    let name: string;
    let holder: { fact?: string; event?: string; listFact?: string } = {};
    if (node.kind === "Today") {
      kind = "today";
      key = "today";
      name = "today";
    } else if (type === "elapsed") {
      let since: A.Expr = node;
      while (since.kind === "Name" && this.model.resolutions.get(since)?.kind === "symbol") {
        const resolution = this.model.resolutions.get(since);
        if (resolution?.kind !== "symbol" || resolution.symbol.kind !== "let") break;
        since = (resolution.symbol.decl as A.LetDecl).value;
      }
      if (since.kind !== "TimeSince") return undefined;
      const otherNode = other.kind === "Paren" ? other.inner : other;
      if (otherNode.kind !== "Duration") return undefined;
      const measured = durationClass(durationAmounts(otherNode));
      if (!measured) return undefined;
      kind = "elapsed";
      unit = measured.unit;
      key = `elapsed:${this.termKey(since.operand)}:${unit}`;
      name = `time since ${this.source(since.operand)}`;
      holder = this.dateHolder(since.operand);
    } else if (type === "number" || type === "date") {
      kind = type;
      key = `${type}:${this.termKey(node)}`;
      name = this.source(node);
      holder = type === "date" ? this.dateHolder(node) : { fact: this.factOf(node)?.name };
      if (node.kind === "Aggregate" && node.aggregate === "count") holder.listFact = this.factOf(node.list)?.name;
    } else {
      return undefined;
    }
    const value = this.constant(other, kind, unit);
    if (value === undefined) return undefined;
    return { term: this.termFor(key, name, kind, node.kind === "Aggregate" || unit === "days" || unit === "workingDays", holder, value), constant: value.value };
  }

  /** The region term `key`, made the first time it is met, with `value` among its constants. */
  private termFor(key: string, name: string, kind: RegionTerm["kind"], counted: boolean, holder: { fact?: string; event?: string; listFact?: string }, value: { value: number; written: string }): RegionTerm {
    let term = this.regionTerms.get(key);
    if (term === undefined) {
      // Dates, counts and whole days only take whole values: no region between two neighbours.
      const integer = kind === "date" || kind === "today" || counted;
      term = { key, name, kind, integer, constants: [], written: new Map() };
      if (holder.fact) term.fact = holder.fact;
      if (holder.event) term.event = holder.event;
      if (holder.listFact) term.listFact = holder.listFact;
      this.regionTerms.set(key, term);
    }
    if (!term.written.has(value.value)) term.constants.push(value.value);
    term.written.set(value.value, value.written);
    return term;
  }

  /** The date fact or event behind a date-valued expression (through lets), for realising it. */
  private dateHolder(expr: A.Expr): { fact?: string; event?: string } {
    const node = this.unwrapLets(expr);
    if (node.kind === "DateOf") return { event: node.event.text };
    return { fact: this.factOf(node)?.name };
  }

  private unwrapLets(expr: A.Expr): A.Expr {
    let node = expr;
    for (;;) {
      if (node.kind === "Paren") node = node.inner;
      else if (node.kind === "Name") {
        const resolution = this.model.resolutions.get(node);
        if (resolution?.kind !== "symbol" || resolution.symbol.kind !== "let") return node;
        node = (resolution.symbol.decl as A.LetDecl).value;
      } else return node;
    }
  }

  /** `X`, `X + D` or `X - D`, D a duration of one kind: X and D's signed amount (0, no unit, for X alone). */
  private shifted(expr: A.Expr): { base: A.Expr; unit?: DurationUnit; amount: number } | undefined {
    const node = this.unwrapLets(expr);
    if (node.kind !== "Arithmetic") return { base: node, amount: 0 };
    if (node.rest.length !== 1) return undefined;
    const step = node.rest[0]!;
    const duration = this.unwrapLets(step.operand);
    if (duration.kind !== "Duration") return undefined;
    const measured = durationClass(durationAmounts(duration));
    if (!measured) return undefined;
    return { base: this.unwrapLets(node.first), unit: measured.unit, amount: step.operator === "+" ? measured.amount : -measured.amount };
  }

  /**
   * `X + a OP today + b`, X a date that is not `today` (a date fact, an event's date) and a, b
   * durations of one kind: the term `time since X`, compared the other way round with a - b
   * (`time since X >= a - b` is `X + (a - b) <= today`, spec section 6). Exact for days. Months and
   * working days are only taken with `today` itself and a >= 0: added and taken away, they do
   * not cancel (a month's end is clamped; a working day skips weekends).
   */
  private sinceToday(dateSide: A.Expr, todaySide: A.Expr): { term: RegionTerm; constant: number; mirrored: true } | undefined {
    const today = this.shifted(todaySide);
    if (today === undefined || today.base.kind !== "Today") return undefined;
    if (this.model.expressionTypes.get(dateSide)?.kind !== "date") return undefined;
    const date = this.shifted(dateSide);
    if (date === undefined || date.base.kind === "Today" || date.base.kind === "Arithmetic") return undefined;
    if (date.unit !== undefined && today.unit !== undefined && date.unit !== today.unit) return undefined;
    const unit = date.unit ?? today.unit ?? "days";
    const amount = date.amount - today.amount;
    if (unit !== "days" && (today.amount !== 0 || amount < 0)) return undefined;
    const key = `elapsed:${this.termKey(date.base)}:${unit}`;
    const written = `${amount} ${unit === "workingDays" ? "working days" : unit}`;
    const term = this.termFor(key, `time since ${this.source(date.base)}`, "elapsed", unit !== "months", this.dateHolder(date.base), { value: amount, written });
    return { term, constant: amount, mirrored: true };
  }

  /** First pass: every constant each term is compared with, so each term's regions are known. */
  collect(expr: A.Expr): void {
    this.visitComparisons(expr, (left, right) => {
      if (!this.regionTerm(left, right)) this.regionTerm(right, left);
    });
  }

  private visitComparisons(expr: A.Expr, visit: (left: A.Expr, right: A.Expr) => void): void {
    switch (expr.kind) {
      case "Paren":
        return this.visitComparisons(expr.inner, visit);
      case "Logical":
        return expr.operands.forEach((operand) => this.visitComparisons(operand, visit));
      case "Not":
        return this.visitComparisons(expr.operand, visit);
      case "Name": {
        const expanded = yesNoLet(this.model, expr);
        if (expanded) this.visitComparisons(expanded.value, visit);
        return;
      }
      case "Compare":
        return visit(expr.left, expr.right);
      case "Is":
        return visit(expr.subject, expr.value);
      case "IsOneOf":
        return expr.values.forEach((value) => visit(expr.subject, value));
      default:
        return;
    }
  }

  /** The variable of a region term, with one value per region between its constants. */
  private regionVariable(term: RegionTerm): Variable {
    return this.variable(`region:${term.key}`, term.name, () => {
      const constants = this.sortedConstants(term);
      const domain: DomainValue[] = [];
      const label = (value: number) => term.written.get(value) ?? String(value);
      const realise = (position: "below" | "at" | "above" | "between", value: number, next?: number): Realisation | undefined => {
        switch (term.kind) {
          case "number": {
            if (term.listFact) {
              // A count is 0 for an empty list: the one value of it that is simply realised.
              const holdsZero = position === "at" ? value === 0 : position === "below" ? 0 < value : position === "above" ? 0 > value : value < 0 && 0 < next!;
              return holdsZero ? { kind: "fact", fact: term.listFact, value: [] } : undefined;
            }
            if (!term.fact) return undefined;
            const chosen = position === "at" ? value : position === "below" ? value - 1 : position === "above" ? value + 1 : (value + next!) / 2;
            return { kind: "number", fact: term.fact, value: chosen };
          }
          case "date":
          case "today": {
            const shift = position === "at" ? 0 : position === "below" ? -1 : position === "above" ? 1 : Math.max(1, Math.floor((next! - value) / 2));
            const constant = term.written.get(value);
            if (term.kind === "today") return { kind: "today", offsetDays: shift, ...(constant ? { constant } : {}) };
            const holder = holderOf(term);
            return holder ? { kind: "date", holder, offsetDays: shift, ...(constant ? { constant } : {}) } : undefined;
          }
          case "elapsed": {
            const holder = holderOf(term);
            if (!holder || term.key.endsWith(":workingDays")) return undefined;
            const inMonths = term.key.endsWith(":months");
            // `time since d` is `value` when d + value = today; a day either side for below/above.
            // Just under, exactly, or just over the duration; between two, just over the lower one.
            const shiftDays = position === "at" ? 0 : position === "below" ? -1 : 1;
            return { kind: "elapsed", holder, months: inMonths ? value : 0, days: inMonths ? 0 : value, shiftDays };
          }
        }
      };
      const push = (labelText: string, realisation: Realisation | undefined) => domain.push({ label: labelText, ...(realisation ? { realise: realisation } : {}) });
      constants.forEach((value, index) => {
        if (index === 0) push(`less than ${label(value)}`, realise("below", value));
        push(label(value), realise("at", value));
        const next = constants[index + 1];
        if (next !== undefined) {
          if (!term.integer || next - value > 1) push(`between ${label(value)} and ${label(next)}`, realise("between", value, next));
        } else {
          push(`more than ${label(value)}`, realise("above", value));
        }
      });
      return domain;
    });
  }

  private readonly sorted = new Map<RegionTerm, number[]>();
  private readonly intervalsOf = new Map<RegionTerm, { low: number; high: number; point: boolean }[]>();

  /** A term's constants in order; sorted once (the first pass has found them all), not at every comparison. */
  private sortedConstants(term: RegionTerm): number[] {
    let constants = this.sorted.get(term);
    if (constants === undefined) {
      constants = [...term.constants].sort((a, b) => a - b);
      this.sorted.set(term, constants);
    }
    return constants;
  }

  /** The regions of `term` where `term OP constant` holds. */
  private regionsWhere(variable: Variable, term: RegionTerm, operator: A.CompareOperator | "is", constant: number): Set<number> {
    let intervals = this.intervalsOf.get(term);
    if (intervals === undefined) {
      const constants = this.sortedConstants(term);
      // Rebuild each region's position as an interval (low, high) with closedness, matching regionVariable.
      const built: { low: number; high: number; point: boolean }[] = [];
      constants.forEach((value, index) => {
        if (index === 0) built.push({ low: -Infinity, high: value, point: false });
        built.push({ low: value, high: value, point: true });
        const next = constants[index + 1];
        if (next !== undefined) {
          if (!term.integer || next - value > 1) built.push({ low: value, high: next, point: false });
        } else built.push({ low: value, high: Infinity, point: false });
      });
      intervals = built;
      this.intervalsOf.set(term, intervals);
    }
    const allowed = new Set<number>();
    intervals.forEach((interval, index) => {
      // A representative value strictly inside the interval, or the point itself.
      const holds = (x: number) => {
        switch (operator) {
          case "<":
            return x < constant;
          case "<=":
            return x <= constant;
          case ">":
            return x > constant;
          case ">=":
            return x >= constant;
          case "is":
            return x === constant;
        }
      };
      const sample = interval.point ? interval.low : interval.low === -Infinity ? interval.high - 0.5 : interval.high === Infinity ? interval.low + 0.5 : (interval.low + interval.high) / 2;
      if (holds(sample)) allowed.add(index);
    });
    if (variable.domain.length !== intervals.length) throw new Error("region domains out of step");
    return allowed;
  }

  /** Where the current team is one of `teams`. */
  teamIn(teams: readonly string[]): Formula {
    const variable = this.teamVariable();
    const allowed = new Set<number>();
    this.teams.forEach((team, index) => {
      if (teams.includes(team)) allowed.add(index);
    });
    return atom(variable, allowed);
  }

  /** An expression the fragment does not cover: an independent yes/no atom. */
  private opaque(expr: A.Expr): Formula {
    let node = expr;
    while (node.kind === "Paren") node = node.inner;
    // `any xs where C` is no, and `all xs where C` yes, for an empty list: that value can be shown.
    const list = node.kind === "Aggregate" && node.aggregate !== "count" ? this.factOf(node.list)?.name : undefined;
    const emptyGives = node.kind === "Aggregate" ? node.aggregate === "all" : undefined;
    const variable = this.boolVariable(`opaque:${this.termKey(expr)}`, this.source(expr), (value) =>
      list !== undefined && value === emptyGives ? { kind: "fact", fact: list, value: [] } : undefined,
    );
    return atom(variable, new Set([0]));
  }

  condition(expr: A.Expr): Formula {
    switch (expr.kind) {
      case "Paren":
        return this.condition(expr.inner);
      case "Boolean":
        return expr.value ? TRUE : FALSE;
      case "Logical": {
        const parts = expr.operands.map((operand) => this.condition(operand));
        return expr.operator === "and" ? and(parts) : or(parts);
      }
      case "Not":
        return not(this.condition(expr.operand));
      case "Name": {
        const expanded = yesNoLet(this.model, expr);
        if (expanded) return this.condition(expanded.value);
        const fact = this.factOf(expr);
        if (fact?.kind === "yes/no") {
          return atom(this.boolVariable(`fact:${fact.name}`, fact.name, (value) => ({ kind: "fact", fact: fact.name, value })), new Set([0]));
        }
        return this.opaque(expr);
      }
      case "Postfix": {
        const name = (expr.subject as A.Name).text;
        if (expr.operator === "complete") {
          const variable = this.boolVariable(`document:${name}`, name, (value) => ({ kind: "document", document: name, complete: value }));
          return atom(variable, new Set([0]));
        }
        const variable = this.variable(`event:${name}`, name, () =>
          (["none", "scheduled", "held"] as const).map((state) => ({
            label: state === "none" ? "not yet scheduled" : state,
            realise: { kind: "event" as const, event: name, state },
          })),
        );
        return atom(variable, new Set([expr.operator === "held" ? 2 : 1]));
      }
      case "Is":
      case "IsOneOf": {
        const values = expr.kind === "Is" ? [expr.value] : expr.values;
        const formula = this.membership(expr.subject, values);
        if (formula === undefined) return this.opaque(expr);
        return expr.negated ? not(formula) : formula;
      }
      case "Compare": {
        // `a OP b` as a condition on a's term, or read the other way round on b's term; a mirrored
        // term (a date against `today`, as the time since it) turns it round once more.
        const left = this.regionTerm(expr.left, expr.right);
        const right = left ? undefined : this.regionTerm(expr.right, expr.left);
        const found = left ?? right;
        if (found === undefined) return this.relation(expr);
        const operator = right !== undefined !== (found.mirrored === true) ? mirror[expr.operator] : expr.operator;
        const variable = this.regionVariable(found.term);
        return atom(variable, this.regionsWhere(variable, found.term, operator, found.constant));
      }
      default:
        return this.opaque(expr);
    }
  }

  /** `a < b` between two terms: one variable per pair, with values less, equal, greater. */
  private relation(expr: A.ExprOf<"Compare">): Formula {
    let a = this.termKey(expr.left);
    let b = this.termKey(expr.right);
    let [first, second] = [expr.left, expr.right];
    let operator = expr.operator;
    if (a > b) {
      [a, b] = [b, a];
      [first, second] = [second, first];
      operator = mirror[operator];
    }
    // Two dates each held by a fact or an event (`date of hearing <= date of review`) can be given
    // dates in that order; other terms have no example.
    const holders = [first, second].map((side) => (this.model.expressionTypes.get(side)?.kind === "date" ? holderOf(this.dateHolder(side)) : undefined));
    const order = (gapDays: -1 | 0 | 1): Realisation | undefined => (holders[0] && holders[1] ? { kind: "order", first: holders[0], second: holders[1], gapDays } : undefined);
    const value = (label: string, gapDays: -1 | 0 | 1): DomainValue => {
      const realise = order(gapDays);
      return realise ? { label, realise } : { label };
    };
    const variable = this.variable(`relation:${a}|${b}`, `${this.source(expr.left)} against ${this.source(expr.right)}`, () => [value("less", -1), value("equal", 0), value("greater", 1)]);
    const allowed = { "<": [0], "<=": [0, 1], ">": [2], ">=": [1, 2] }[operator];
    return atom(variable, new Set(allowed));
  }

  /** `subject is v`, `subject is one of ...`, for enumerations, teams and yes/no; undefined otherwise. */
  private membership(subject: A.Expr, values: A.Expr[]): Formula | undefined {
    let node = subject;
    while (node.kind === "Paren") node = node.inner;
    const names = values.map((value) => (value.kind === "Name" ? value.text : value.kind === "Boolean" ? (value.value ? "yes" : "no") : undefined));
    if (names.some((name) => name === undefined)) {
      // Numbers and dates: equality with constants is a region question.
      const formulas = values.map((value) => {
        // `is` reads the same either way round, so a mirrored term needs nothing more.
        const region = this.regionTerm(subject, value);
        return region ? atom(this.regionVariable(region.term), this.regionsWhere(this.regionVariable(region.term), region.term, "is", region.constant)) : undefined;
      });
      return formulas.every((formula) => formula !== undefined) ? or(formulas as Formula[]) : undefined;
    }
    if (node.kind === "CurrentTeam") {
      if (!names.every((name) => this.teams.includes(name!))) return undefined;
      return this.teamIn(names as string[]);
    }
    const fact = this.factOf(node);
    if (fact === undefined) return undefined;
    const type = this.model.valueTypes.get(fact.name);
    if (type?.kind === "yes/no") {
      if (!names.every((name) => name === "yes" || name === "no")) return undefined;
      const variable = this.boolVariable(`fact:${fact.name}`, fact.name, (value) => ({ kind: "fact", fact: fact.name, value }));
      return atom(variable, new Set(names.map((name) => (name === "yes" ? 0 : 1))));
    }
    const domainValues = type?.kind === "enum" ? type.values : type?.kind === "team" ? this.teams : undefined;
    if (domainValues === undefined) return undefined;
    // By a map, not indexOf: an enumeration of 100,000 values listed in one `is one of` is otherwise quadratic.
    const position = positions(domainValues);
    if (!names.every((name) => position.has(name!))) return undefined;
    const variable = this.variable(`fact:${fact.name}`, fact.name, () => domainValues.map((value) => ({ label: value, realise: { kind: "fact", fact: fact.name, value } })));
    return atom(variable, new Set(names.map((name) => position.get(name!)!)));
  }

  teamsList(): readonly string[] {
    return this.teams;
  }

  /** A team-valued fact as a variable over the teams (creating it if no condition mentions it). */
  teamFactVariable(fact: string): Variable {
    return this.variable(`fact:${fact}`, fact, () => this.teams.map((team) => ({ label: team, realise: { kind: "fact", fact, value: team } })));
  }
}
