// What a team putting the rules in a rules engine writes around it. The engine answers one
// question per rule: does its condition hold (true), not hold (false), or depend on a fact the
// record lacks (null)? The rest is the team's own TypeScript, shared here by both engines:
//
// - the rule table (targets, timings, required documents, exceptions and the facts each condition
//   reads) is plain data any team would copy from the protocol; it is extracted from the .baton
//   file's syntax tree when the benchmark starts, so it cannot drift from the protocol;
// - `combine` turns the rules' answers into one decision as spec section 5 says (exceptions through
//   chains, agreement, unknown rules that could change the answer, the protocol's `otherwise`);
// - dates are worked out with the same helpers as the hand-written rules (hand-dates.ts).
//
// Only the conditions are written in each engine's own language: derby.jre.ts,
// hillingdon.jre.ts, derby.feel.ts and hillingdon.feel.ts, written by hand from the protocols.
import type { Expr, JointWork, LetDecl, Timing } from "../../packages/core/src/index.js";
import { ruleParts } from "../../packages/core/src/index.js";
import type { LoadedProtocol } from "./baton.js";
import type { CaseRecord, ComparedDecision } from "./common.js";
import { addDays, addMonths, addWorkingDays } from "./hand-dates.js";

/** A rule's condition as an engine evaluates it: true, false, or null when it depends on a missing fact. */
export type Status = boolean | null;

interface Offset {
  sign: 1 | -1;
  months: number;
  days: number;
  workingDays: number;
}

/** A date: `today` (immediately), an event's date, or a date fact plus months; then an offset. */
interface DateSpec {
  event?: string;
  fact?: string;
  factMonths?: number;
  offset?: Offset;
}

interface RuleRow {
  name: string;
  action: { kind: "transfer"; to: string; due: DateSpec; jointWork?: DateSpec } | { kind: "remain"; team?: string } | { kind: "refer"; panel: string };
  request?: DateSpec;
  requires: string[];
  /** Every rule that is an exception to this one, directly or through a chain. */
  overriddenBy: number[];
  /** Facts and events the condition reads (lets expanded). */
  readsFacts: string[];
  readsEvents: string[];
}

export interface RuleTable {
  rules: RuleRow[];
  otherwise?: { kind: "remain" } | { kind: "refer"; panel: string };
  facts: string[];
  /** Events some condition reads (not timings): a record without one is incomplete. */
  conditionEvents: string[];
}

/** The rule table, read from the protocol's syntax tree. */
export function ruleTable(protocol: LoadedProtocol): RuleTable {
  const { model } = protocol.analysis;
  const declared = [...model.rules.values()];
  const index = new Map(declared.map((rule, i) => [rule.name.value, i]));
  const symbol = (expr: Expr) => {
    const resolution = expr.kind === "Name" ? model.resolutions.get(expr) : undefined;
    return resolution?.kind === "symbol" ? resolution.symbol : undefined;
  };
  const offsetOf = (sign: 1 | -1, expr: Expr): Offset => {
    if (expr.kind !== "Duration") throw new Error(`the rule table needs a written duration, not ${expr.kind}`);
    const offset: Offset = { sign, months: 0, days: 0, workingDays: 0 };
    for (const part of expr.parts) {
      if (part.unit === "year") offset.months += 12 * part.amount;
      else if (part.unit === "month") offset.months += part.amount;
      else if (part.unit === "week") offset.days += 7 * part.amount;
      else if (part.unit === "day") offset.days += part.amount;
      else offset.workingDays += part.amount;
    }
    return offset;
  };
  const dateOf = (expr: Expr): DateSpec => {
    if (expr.kind === "DateOf") return { event: expr.event.text };
    if (expr.kind === "Paren") return dateOf(expr.inner);
    if (expr.kind === "Arithmetic") {
      const base = dateOf(expr.first);
      const [step, ...more] = expr.rest;
      if (!step || more.length > 0 || base.fact === undefined || base.factMonths !== 0) throw new Error("the rule table reads `fact + duration` only");
      const offset = offsetOf(step.operator === "+" ? 1 : -1, step.operand);
      return { fact: base.fact, factMonths: offset.sign * offset.months };
    }
    const named = symbol(expr);
    if (named?.kind === "event") return { event: named.name };
    if (named?.kind === "fact") return { fact: named.name, factMonths: 0 };
    if (named?.kind === "let") return dateOf((named.decl as LetDecl).value);
    throw new Error(`the rule table cannot read the date ${expr.kind}`);
  };
  const timing = (t: Timing): DateSpec => {
    switch (t.kind) {
      case "Immediately":
        return {};
      case "AtEvent":
        return { event: t.event.text };
      case "OnDate":
        return dateOf(t.date);
      case "Within":
      case "After":
        return { ...dateOf(t.anchor), offset: offsetOf(1, t.duration) };
      case "Before":
        return { ...dateOf(t.anchor), offset: offsetOf(-1, t.duration) };
    }
  };
  const jointWork = (joint: JointWork): DateSpec =>
    joint.kind === "JointFrom" ? dateOf(joint.anchor) : { ...dateOf(joint.anchor), offset: offsetOf(-1, joint.duration) };
  const reads = (expr: Expr | undefined, facts: Set<string>, events: Set<string>): void => {
    if (expr === undefined) return;
    const named = symbol(expr);
    if (named?.kind === "fact") facts.add(named.name);
    else if (named?.kind === "let") reads((named.decl as LetDecl).value, facts, events);
    else if (named?.kind === "event") events.add(named.name);
    switch (expr.kind) {
      case "Paren":
        return reads(expr.inner, facts, events);
      case "Logical":
        return expr.operands.forEach((operand) => reads(operand, facts, events));
      case "Not":
        return reads(expr.operand, facts, events);
      case "Compare":
        reads(expr.left, facts, events);
        return reads(expr.right, facts, events);
      case "Is":
        reads(expr.subject, facts, events);
        return reads(expr.value, facts, events);
      case "IsOneOf":
        return reads(expr.subject, facts, events);
      case "Arithmetic":
        reads(expr.first, facts, events);
        return expr.rest.forEach((step) => reads(step.operand, facts, events));
      case "TimeSince":
        return reads(expr.operand, facts, events);
      case "DateOf":
        events.add(expr.event.text);
        return;
      case "Aggregate":
        return reads(expr.list, facts, events);
      default:
        return;
    }
  };
  const direct = declared.map(() => [] as number[]); // direct[i]: the rules that are exceptions to rule i
  const rows: RuleRow[] = declared.map((rule, i) => {
    const parts = ruleParts(rule);
    for (const name of parts.exceptionTo) direct[index.get(name.value)!]!.push(i);
    const action = parts.action!;
    const facts = new Set<string>();
    const events = new Set<string>();
    reads(parts.when, facts, events);
    reads(parts.unless, facts, events);
    const row: RuleRow = {
      name: rule.name.value,
      action:
        action.kind === "Transfer"
          ? { kind: "transfer", to: action.target.text, due: timing(action.timing), ...(action.jointWork ? { jointWork: jointWork(action.jointWork) } : {}) }
          : action.kind === "Remain"
            ? { kind: "remain", ...(action.team ? { team: action.team.text } : {}) }
            : { kind: "refer", panel: action.panel.text },
      requires: [...new Set(parts.requires.map((name) => name.text))],
      overriddenBy: [],
      readsFacts: [...facts],
      readsEvents: [...events],
    };
    if (parts.request) row.request = timing(parts.request);
    return row;
  });
  // Exceptions through chains, whether or not the rules in between apply.
  rows.forEach((row, i) => {
    const seen = new Set<number>();
    const stack = [...direct[i]!];
    while (stack.length > 0) {
      const next = stack.pop()!;
      if (seen.has(next)) continue;
      seen.add(next);
      stack.push(...direct[next]!);
    }
    row.overriddenBy = [...seen].sort((a, b) => a - b);
  });
  const otherwise = protocol.analysis.model.header?.clauses.find((clause) => clause.kind === "Otherwise");
  const table: RuleTable = {
    rules: rows,
    facts: protocol.module.protocol.facts.map((fact) => fact.id),
    conditionEvents: [...new Set(rows.flatMap((row) => row.readsEvents))],
  };
  if (otherwise?.kind === "Otherwise") table.otherwise = otherwise.outcome.kind === "Remain" ? { kind: "remain" } : { kind: "refer", panel: otherwise.outcome.panel.text };
  return table;
}

/** Whether a record lacks a fact or an event some condition reads (then the engine has to look twice). */
export function incomplete(table: RuleTable, record: CaseRecord): boolean {
  for (const fact of table.facts) if (record.facts[fact] === undefined) return true;
  for (const event of table.conditionEvents) if (eventDate(record, event) === undefined) return true;
  return false;
}

function eventDate(record: CaseRecord, event: string): string | undefined {
  const dates = record.events[event];
  return dates?.held ?? dates?.scheduled;
}

/** A rule's action worked out for a record: the compared decision but for its rule and missing documents. */
type Action = Omit<ComparedDecision, "outcome" | "rule" | "missing"> & { outcome: "transfer" | "remain" | "refer" };

/** A date spec for this record: the date, or null with the missing fact or event. */
function dateFor(spec: DateSpec, record: CaseRecord, today: string): { date: string | null; fact?: string; event?: string } {
  let date: string | undefined = today;
  if (spec.event !== undefined) {
    date = eventDate(record, spec.event);
    if (date === undefined) return { date: null, event: spec.event };
  } else if (spec.fact !== undefined) {
    const value = record.facts[spec.fact] as string | undefined;
    if (value === undefined) return { date: null, fact: spec.fact };
    date = spec.factMonths ? addMonths(value, spec.factMonths) : value;
  }
  const offset = spec.offset;
  if (offset) {
    if (offset.workingDays > 0) date = addWorkingDays(date, offset.workingDays);
    else {
      if (offset.months !== 0) date = addMonths(date, offset.sign * offset.months);
      if (offset.days !== 0) date = addDays(date, offset.sign * offset.days);
    }
  }
  return { date };
}

function actionOf(row: RuleRow, record: CaseRecord, today: string): Action {
  const action = row.action;
  if (action.kind === "remain") return { outcome: "remain", ...(action.team ? { to: action.team } : {}), needs: [] };
  if (action.kind === "refer") return { outcome: "refer", panel: action.panel, needs: [] };
  const needs: string[] = [];
  const due = dateFor(action.due, record, today);
  const result: Action = { outcome: "transfer", to: action.to, due: due.date, needs };
  if (due.fact) needs.push(due.fact);
  else if (due.event) result.waitingFor = due.event;
  if (row.request) {
    const request = dateFor(row.request, record, today);
    result.requestBy = request.date;
    if (request.fact) needs.push(request.fact);
  }
  if (action.jointWork) {
    const joint = dateFor(action.jointWork, record, today);
    result.jointWorkFrom = joint.date;
    if (joint.fact) needs.push(joint.fact);
  }
  return result;
}

const sameAction = (a: Action, b: Action) => a.outcome === b.outcome && a.to === b.to && a.panel === b.panel && a.due === b.due && a.waitingFor === b.waitingFor;

/** One decision from the rules' answers (spec section 5). */
export function combine(table: RuleTable, statuses: readonly Status[], record: CaseRecord, today: string): ComparedDecision {
  const rules = table.rules;
  const overridden = rules.map((row, i) => statuses[i] !== false && row.overriddenBy.some((j) => statuses[j] === true));
  const candidates: number[] = [];
  rules.forEach((_, i) => {
    if (statuses[i] === true && !overridden[i]) candidates.push(i);
  });
  const actions = new Map(candidates.map((i) => [i, actionOf(rules[i]!, record, today)]));
  const agreed = candidates.length > 0 && candidates.every((i) => sameAction(actions.get(i)!, actions.get(candidates[0]!)!)) ? actions.get(candidates[0]!) : undefined;
  const otherwise: Action | undefined = table.otherwise && { outcome: table.otherwise.kind, ...(table.otherwise.kind === "refer" ? { panel: table.otherwise.panel } : {}), needs: [] };

  // An unknown rule matters when it could override a candidate, or would act differently from what is decided.
  const needs = new Set<string>();
  const waiting = new Set<string>();
  let matters = false;
  rules.forEach((row, i) => {
    if (statuses[i] !== null || overridden[i]) return;
    const action = candidates.length === 0 || agreed ? actionOf(row, record, today) : undefined;
    const could =
      candidates.some((c) => rules[c]!.overriddenBy.includes(i)) ||
      (candidates.length === 0 ? !(otherwise && sameAction(action!, otherwise)) : agreed !== undefined && !sameAction(action!, agreed));
    if (!could) return;
    matters = true;
    for (const fact of row.readsFacts) if (record.facts[fact] === undefined) needs.add(fact);
    for (const event of row.readsEvents) if (eventDate(record, event) === undefined) waiting.add(event);
  });
  if (matters) {
    const decision: ComparedDecision = { outcome: "needs-information", missing: [], needs: [...needs].sort() };
    const [event] = waiting;
    if (needs.size === 0 && event !== undefined) decision.waitingFor = event;
    return decision;
  }
  if (candidates.length > 1 && agreed === undefined) return { outcome: "conflict", missing: [], needs: [] };
  if (agreed) {
    const first = candidates[0]!;
    const required = [...new Set(candidates.flatMap((i) => rules[i]!.requires))];
    const { needs: actionNeeds, ...rest } = agreed;
    return { ...rest, rule: rules[first]!.name, missing: required.filter((document) => !record.documents.includes(document)), needs: [...new Set(actionNeeds)].sort() };
  }
  if (otherwise) return { outcome: otherwise.outcome, ...(otherwise.panel ? { panel: otherwise.panel } : {}), missing: [], needs: [] };
  return { outcome: "no-rule", missing: [], needs: [] };
}
