// How the rules of a protocol combine into one decision for one case (spec section 5). Compiled
// protocols describe their rules as data plus compiled tests; this procedure is shared by all.
import { addDuration, subtractDuration, type Duration } from "./duration.js";
import type { CalendarName } from "./calendars.js";
import { bareObject, inheritsNothing, type CaseInput } from "./case-input.js";
import {
  addMissingReads,
  allowedValues,
  conditionFunction,
  keyFact,
  keyedTests,
  failedKey,
  unknownsOfUnknown,
  emptyUnknowns,
  noteUnknown,
  failedRequirement,
  type Condition,
  type ConditionFunction,
  type Evaluation,
  type Reads,
  type Unknowns,
  type UnknownsFunction,
} from "./condition.js";
import type { Decision, TraceEntry } from "./decision.js";
import { complete } from "./ops.js";
import { isCheckedCopy, refuseWrongToday, validateCase, type CaseSchema } from "./validate.js";
import { readableAsGiven } from "./validate-fast.js";

/** A value worked out from the case (a date, a duration, a team), and what it reads. */
export interface ValueSpec<T> {
  readonly text: string;
  readonly value: (e: Evaluation) => T | undefined;
  readonly reads: Reads;
}

/**
 * When something happens: on `anchor` (an event's date or a date expression; `today` when absent,
 * for `immediately`), moved by `offset` (`within`/`after` add it, `before` takes it away).
 */
export interface TimingSpec {
  readonly anchor?: ValueSpec<string>;
  readonly offset?: { readonly sign: 1 | -1; readonly duration: ValueSpec<Duration> };
}

export type ActionSpec =
  | {
      readonly kind: "transfer";
      /** A team's id, or a fact or let whose value is a team. */
      readonly to: string | ValueSpec<string>;
      readonly timing: TimingSpec;
      readonly jointWork?: TimingSpec;
    }
  | { readonly kind: "remain"; readonly team?: string }
  | { readonly kind: "refer"; readonly panel: string };

export interface RuleSpec {
  readonly name: string;
  readonly source?: string;
  readonly because?: string;
  /** With `from`: the teams whose cases the rule is about. */
  readonly from?: readonly string[];
  /** `when` and `unless` together. */
  readonly condition: Condition;
  /** Every rule that is an exception to this one, directly or through a chain (worked out by the compiler). */
  readonly overriddenBy: readonly string[];
  readonly action: ActionSpec;
  readonly request?: TimingSpec;
  readonly requires: readonly string[];
}

export interface ProtocolSpec {
  readonly calendar: CalendarName;
  /** The protocol's own `holiday` dates. */
  readonly holidays: readonly string[];
  /** The header's minimum notice between request and transfer. */
  readonly notice?: Duration;
  readonly otherwise?: { readonly kind: "remain" } | { readonly kind: "refer"; readonly panel: string };
  readonly rules: readonly RuleSpec[];
  /**
   * Written by the compiler (emit.ts, `quick`): the decision without a trace in straight-line code,
   * for the cases it can settle (at most one rule applying and not overridden, its target and dates
   * known, and plain from the rules which unknown conditions matter), else undefined. What it gives
   * is what the full procedure gives; the full procedure decides whenever it gives undefined or throws.
   */
  readonly quick?: (e: Evaluation) => Decision | undefined;
}

export interface DecideOptions {
  /** The evaluation date, `YYYY-MM-DD`. */
  readonly today: string;
  /** Build the trace (default true); turn it off for bulk use. */
  readonly trace?: boolean;
}

/** A rule's action worked out for this case. */
interface ActionValue {
  outcome: "transfer" | "remain" | "refer";
  to?: string;
  panel?: string;
  due?: string | null;
  waitingFor?: string;
  requestBy?: string | null;
  jointWorkFrom?: string | null;
  /** Unknowns the action needs: facts for its target or dates. Left out when there are none. */
  unknowns?: Unknowns;
  /** The target team is itself unknown, so the action cannot be taken. */
  targetUnknown: boolean;
}

/** Where `dateOf` puts what it found missing; the sets are made only when something is. */
interface UnknownsSink {
  unknowns?: Unknowns;
}

/**
 * What the decision procedure works out once per protocol rather than once per case: rules by
 * index, each rule's overriders as indexes, and which rules a case held by a given team can meet
 * (a rule whose `from` does not list the team never applies, so its condition is not evaluated).
 */
interface PreparedProtocol {
  readonly rules: readonly RuleSpec[];
  /** For each rule, the indexes of the rules named in its `overriddenBy`, in that order. */
  readonly overriders: readonly (readonly number[])[];
  /** For each rule, its condition as one function (`conditionFunction`). */
  readonly conditions: readonly ConditionFunction[];
  /** For each rule, the documents it requires, each once. */
  readonly requires: readonly (readonly string[])[];
  /** The header's `otherwise` as an action, to compare rules' actions with. */
  readonly otherwise: ActionValue | undefined;
  /** For each rule, its `from` teams as the trace words them. */
  readonly fromText: readonly string[];
  /** Rule indexes, in order, for the cases of each team seen so far. */
  readonly byTeam: Map<string, readonly number[]>;
  /** For the decisions without a trace: the rules to evaluate for each team's cases, by key fact. */
  readonly keyedByTeam: Map<string, KeyedRules>;
  /**
   * Per-rule working arrays, reused from one decision to the next (a decision runs to its end
   * before the next starts; `busy` covers a decision started while one is under way).
   * `applies`: 0 false, 1 true, 2 unknown; `overrider`: the index of the rule overriding it, or -1.
   * Between decisions every entry is 0, resp. -1.
   */
  readonly scratch: { applies: Uint8Array; overrider: Int32Array; busy: boolean };
  /** For the trace: why each rule does not apply to a team's case because of its `from`, by team. */
  readonly heldBy: Map<string, readonly string[]>;
}

/**
 * A team's rules split by the value of one fact that many of their conditions test (`case_type is
 * s20`): a rule whose condition requires other values is false for the case without being read.
 * `fact` undefined: no condition of the team's rules has a key, so every rule is evaluated.
 */
interface KeyedRules {
  readonly fact: string | undefined;
  /** The team's rules to evaluate when the fact holds this value... */
  readonly byValue: Map<unknown, RuleGroup>;
  /** ...when it holds a value no condition names: the rules not bound by the fact. */
  readonly unbound: RuleGroup;
  /** ...and when it is not known: all of them. */
  readonly all: RuleGroup;
}

/** The rules a case's team and key fact leave to evaluate, in order, and how to decide on them quickly. */
interface RuleGroup {
  readonly rules: readonly number[];
  /** Null when the group has more rules than `settledQuickly` can hold in a bit mask. */
  readonly quick: QuickGroup | null;
}

/**
 * For deciding without a trace a case whose group of rules is settled: every condition true or
 * false. Bit k stands for `rules[k]`.
 */
interface QuickGroup {
  /** Each rule's condition, by position. */
  readonly conditions: readonly ConditionFunction[];
  /** For each position, the bits of the rules in the group that are exceptions to it (those outside it are false). */
  readonly overriddenBy: readonly number[];
}

/** At most this many rules in a group decided through `QuickGroup` (bits of a 32-bit integer). */
const QUICK_GROUP_LIMIT = 31;

function ruleGroup(prepared: Pick<PreparedProtocol, "conditions" | "overriders">, rules: readonly number[]): RuleGroup {
  if (rules.length > QUICK_GROUP_LIMIT) return { rules, quick: null };
  const position = new Map(rules.map((rule, k) => [rule, k]));
  const overriddenBy = rules.map((rule) => {
    let bits = 0;
    for (const j of prepared.overriders[rule]!) {
      const p = position.get(j);
      if (p !== undefined) bits |= 1 << p;
    }
    return bits;
  });
  return { rules, quick: { conditions: rules.map((rule) => prepared.conditions[rule]!), overriddenBy } };
}

const preparedProtocols = new WeakMap<ProtocolSpec, PreparedProtocol>();
/** Teams remembered per protocol; past this (only possible when calling decideCase by hand) lists are not kept. */
const MAX_TEAMS_REMEMBERED = 256;

/** The protocol prepared last, looked at before `preparedProtocols` (most calls decide for the same protocol as the last). */
let lastPrepared: { readonly protocol: ProtocolSpec; readonly prepared: PreparedProtocol } | undefined;

/** A spec is data the compiler writes once; a different (or resized) rules array is prepared anew. */
function preparedAsIs(prepared: PreparedProtocol, protocol: ProtocolSpec): boolean {
  return prepared.rules === protocol.rules && prepared.overriders.length === protocol.rules.length;
}

function prepare(protocol: ProtocolSpec): PreparedProtocol {
  const last = lastPrepared;
  if (last !== undefined && last.protocol === protocol && preparedAsIs(last.prepared, protocol)) return last.prepared;
  const prepared = preparedFor(protocol);
  lastPrepared = { protocol, prepared };
  return prepared;
}

function preparedFor(protocol: ProtocolSpec): PreparedProtocol {
  let prepared = preparedProtocols.get(protocol);
  if (prepared === undefined || !preparedAsIs(prepared, protocol)) {
    const rules = protocol.rules;
    const index = new Map<string, number>();
    rules.forEach((rule, i) => index.set(rule.name, i));
    prepared = {
      rules,
      overriders: rules.map((rule) => rule.overriddenBy.map((name) => index.get(name)).filter((i): i is number => i !== undefined)),
      conditions: rules.map((rule) => conditionFunction(rule.condition)),
      fromText: rules.map((rule) => rule.from?.join(" or ") ?? ""),
      requires: rules.map((rule) => [...new Set(rule.requires)]),
      otherwise: protocol.otherwise && { outcome: protocol.otherwise.kind, panel: protocol.otherwise.kind === "refer" ? protocol.otherwise.panel : undefined, targetUnknown: false },
      byTeam: new Map(),
      keyedByTeam: new Map(),
      scratch: { applies: new Uint8Array(rules.length), overrider: new Int32Array(rules.length).fill(-1), busy: false },
      heldBy: new Map(),
    };
    preparedProtocols.set(protocol, prepared);
  }
  return prepared;
}

function rulesFor(prepared: PreparedProtocol, team: string): readonly number[] {
  let list = prepared.byTeam.get(team);
  if (list === undefined) {
    const indexes: number[] = [];
    prepared.rules.forEach((rule, i) => {
      if (rule.from === undefined || rule.from.includes(team)) indexes.push(i);
    });
    list = indexes;
    if (prepared.byTeam.size < MAX_TEAMS_REMEMBERED) prepared.byTeam.set(team, list);
  }
  return list;
}

/**
 * The team's rules keyed by the fact that binds the most of them (the first such fact, on a tie).
 * A rule is listed under a value when its condition allows the value, and under every value when
 * its condition does not test the fact.
 */
function keyedRulesFor(prepared: PreparedProtocol, team: string): KeyedRules {
  let keyed = prepared.keyedByTeam.get(team);
  if (keyed !== undefined) return keyed;
  const all = rulesFor(prepared, team);
  // For each rule, each fact that binds it and the values its condition allows.
  const allowed = all.map((i) => allowedValues(keyedTests(prepared.rules[i]!.condition).map((test) => test.key)));
  const key = keyFact(allowed);
  const fact = key?.fact;
  const lists = new Map<unknown, number[]>();
  const unbound: number[] = [];
  if (key !== undefined) {
    for (const value of key.values) lists.set(value, []);
    all.forEach((rule, k) => {
      const allows = allowed[k]!.get(key.fact);
      if (allows === undefined) unbound.push(rule);
      for (const [value, list] of lists) if (allows === undefined || allows.has(value as string | boolean)) list.push(rule);
    });
  }
  const byValue = new Map<unknown, RuleGroup>();
  for (const [value, list] of lists) byValue.set(value, ruleGroup(prepared, list));
  keyed = { fact, byValue, unbound: ruleGroup(prepared, unbound), all: ruleGroup(prepared, all) };
  if (prepared.keyedByTeam.size < MAX_TEAMS_REMEMBERED) prepared.keyedByTeam.set(team, keyed);
  return keyed;
}

/** A rule's condition for this case, in the per-rule working array. */
const FALSE = 0;
const TRUE = 1;
const UNKNOWN = 2;

/** Two rules agree when they give the same outcome, target and timing (spec section 5, step 3). */
function sameAction(a: ActionValue, b: ActionValue): boolean {
  return (
    a.outcome === b.outcome &&
    (a.to ?? "") === (b.to ?? "") &&
    (a.panel ?? "") === (b.panel ?? "") &&
    (a.due ?? "") === (b.due ?? "") &&
    (a.waitingFor ?? "") === (b.waitingFor ?? "")
  );
}

/**
 * True when a rule's action certainly differs from an action worked out for another rule (or from
 * `otherwise`), seen from the action alone: another outcome, or another team or panel named in the
 * protocol. So its dates are not worked out for the comparison (a date that cannot be, a
 * working-day sum past the bank holiday data, does not stop the decision). False says nothing for
 * a transfer, whose dates must then be compared (`sameAction`); for a `remain` or a referral it
 * means the two are the same.
 */
function differsPlainly(action: ActionSpec, other: ActionValue): boolean {
  if (action.kind !== other.outcome) return true;
  if (action.kind === "refer") return action.panel !== (other.panel ?? "");
  if (action.kind === "remain") return (action.team ?? "") !== (other.to ?? "");
  return typeof action.to === "string" && action.to !== (other.to ?? "");
}

/** How a `Decider` reads its record. */
interface Reading {
  /** The record was found readable as it is (`readableAsGiven`): its facts are read in place. */
  readonly asGiven?: boolean;
  /** Try `settledQuickly` first, when deciding without a trace (off only to test it against `decideWith`). */
  readonly quick?: boolean;
}

class Decider {
  private readonly e: Evaluation;
  private readonly quick: boolean;

  constructor(
    private readonly protocol: ProtocolSpec,
    private readonly input: CaseInput,
    private readonly options: DecideOptions,
    reading: Reading = {},
  ) {
    this.quick = reading.quick ?? true;
    // Only the record's own facts: one called `toString` that the record leaves out is unknown.
    // (A record read as given has no fact that could be inherited, and may leave `facts` out.)
    const facts = reading.asGiven
      ? (input.facts ?? noFacts)
      : inheritsNothing(input.facts)
        ? input.facts
        : Object.assign(bareObject<unknown>(), input.facts);
    this.e = { input, facts, today: options.today, lets: [] };
  }

  private dateOf(timing: TimingSpec, sink: UnknownsSink): string | null {
    let date: string | undefined = this.options.today;
    if (timing.anchor) {
      date = timing.anchor.value(this.e);
      if (date === undefined) addMissingReads(timing.anchor.reads, this.e, (sink.unknowns ??= emptyUnknowns()));
    }
    if (timing.offset) {
      const amount = timing.offset.duration.value(this.e);
      if (amount === undefined) addMissingReads(timing.offset.duration.reads, this.e, (sink.unknowns ??= emptyUnknowns()));
      if (date === undefined || amount === undefined) return null;
      const { calendar, holidays } = this.protocol;
      date = timing.offset.sign > 0 ? addDuration(date, amount, calendar, holidays) : subtractDuration(date, amount, calendar, holidays);
    }
    return date ?? null;
  }

  private actionOf(rule: RuleSpec): ActionValue {
    const action = rule.action;
    switch (action.kind) {
      case "remain":
        return action.team ? { outcome: "remain", to: action.team, targetUnknown: false } : { outcome: "remain", targetUnknown: false };
      case "refer":
        return { outcome: "refer", panel: action.panel, targetUnknown: false };
      case "transfer": {
        const sink: UnknownsSink = {};
        let to: string | undefined;
        if (typeof action.to === "string") to = action.to;
        else {
          to = action.to.value(this.e);
          if (to === undefined) addMissingReads(action.to.reads, this.e, (sink.unknowns ??= emptyUnknowns()));
        }
        const timing: UnknownsSink = {};
        const due = this.dateOf(action.timing, timing);
        const value: ActionValue = { outcome: "transfer", due, targetUnknown: to === undefined };
        if (to !== undefined) value.to = to;
        if (due === null && (timing.unknowns === undefined || timing.unknowns.facts.length === 0)) {
          const event = timing.unknowns?.events[0];
          if (event !== undefined) value.waitingFor = event;
        }
        if (timing.unknowns !== undefined && timing.unknowns.facts.length > 0) {
          const unknowns = (sink.unknowns ??= emptyUnknowns());
          for (const fact of timing.unknowns.facts) noteUnknown(unknowns.facts, fact);
        }
        if (rule.request) {
          value.requestBy = this.dateOf(rule.request, sink);
        } else if (this.protocol.notice) {
          value.requestBy = due === null ? null : subtractDuration(due, this.protocol.notice, this.protocol.calendar, this.protocol.holidays);
        }
        if (action.jointWork) value.jointWorkFrom = this.dateOf(action.jointWork, sink);
        if (sink.unknowns !== undefined) value.unknowns = sink.unknowns;
        return value;
      }
    }
  }

  decide(): Decision {
    const prepared = prepare(this.protocol);
    // The rules whose conditions are evaluated: the team's rules that the case's value of the key
    // fact allows (`keyedRulesFor`). The others are false without being evaluated, with a trace or
    // without, so that both decide alike even where evaluating such a rule would fail (a date past
    // the bank holiday data, say).
    const group = this.group(prepared);
    const traced = this.options.trace !== false;
    if (!traced && this.quick) {
      const settled = this.settledQuickly(prepared, group);
      if (settled !== undefined) return settled;
    }
    // The rules the decision looks at: with a trace, all those whose `from` lists the team (the
    // trace says why each does or does not apply); without, only the evaluated ones.
    const considered = traced ? rulesFor(prepared, this.input.team) : group.rules;
    const scratch = prepared.scratch;
    if (scratch.busy) {
      // Only if a decision is started while another is under way: work on arrays of its own.
      const rules = prepared.rules.length;
      return this.decideWith(prepared, { applies: new Uint8Array(rules), overrider: new Int32Array(rules).fill(-1), busy: true }, considered, group.rules);
    }
    scratch.busy = true;
    try {
      return this.decideWith(prepared, scratch, considered, group.rules);
    } finally {
      for (const i of considered) {
        scratch.applies[i] = 0;
        scratch.overrider[i] = -1;
      }
      scratch.busy = false;
    }
  }

  /** The group of the team's rules that the case's value of the key fact leaves to evaluate. */
  private group(prepared: PreparedProtocol): RuleGroup {
    const keyed = keyedRulesFor(prepared, this.input.team);
    if (keyed.fact === undefined) return keyed.all;
    const value = this.e.facts[keyed.fact];
    if (value === undefined) return keyed.all;
    return keyed.byValue.get(value) ?? keyed.unbound;
  }

  /**
   * The decision without a trace when it is settled simply: every rule to evaluate is true or
   * false, at most one of the true ones is not overridden, and its target team is known. This is
   * what `decideWith` gives in that case (no unknown rule can matter, no candidates to compare),
   * reached without its working arrays. Undefined otherwise: `decideWith` then decides.
   */
  private settledQuickly(prepared: PreparedProtocol, rulesGroup: RuleGroup): Decision | undefined {
    const group = rulesGroup.quick;
    if (group === null) return undefined;
    const { conditions, overriddenBy } = group;
    const e = this.e;
    const count = conditions.length;
    let truths = 0;
    for (let k = 0; k < count; k++) {
      const value = conditions[k]!(e);
      if (value === true) truths |= 1 << k;
      else if (value !== false) return undefined;
    }
    let chosen = -1;
    for (let k = 0; k < count; k++) {
      if ((truths & (1 << k)) === 0 || (truths & overriddenBy[k]!) !== 0) continue;
      if (chosen !== -1) return undefined;
      chosen = k;
    }
    if (chosen === -1) return this.otherwise([]);
    const rules = prepared.rules;
    const index = rulesGroup.rules[chosen]!;
    const action = this.actionOf(rules[index]!);
    if (action.targetUnknown) return undefined;
    return this.fromRules(prepared, [index], action, []);
  }

  private decideWith(
    prepared: PreparedProtocol,
    scratch: PreparedProtocol["scratch"],
    considered: readonly number[],
    evaluated: readonly number[],
  ): Decision {
    const e = this.e;
    const rules = prepared.rules;
    const { applies, overrider } = scratch;

    // Step 1: which rules apply. A rule whose `from` does not list the team does not (false), nor
    // does one its key fact rules out (left at false: every entry is false between decisions).
    const conditions = prepared.conditions;
    for (const i of evaluated) {
      const value = conditions[i]!(e);
      applies[i] = value === true ? TRUE : value === false ? FALSE : UNKNOWN;
    }

    // Step 2: a rule is overridden by any rule that certainly applies and is an exception to it,
    // directly or through a chain, whether or not the rules in between apply.
    const candidates: number[] = [];
    let unknown: number[] | undefined;
    for (const i of considered) {
      if (applies[i] === FALSE) continue;
      for (const j of prepared.overriders[i]!) {
        if (applies[j] === TRUE) {
          overrider[i] = j;
          break;
        }
      }
      if (overrider[i] !== -1) continue;
      if (applies[i] === TRUE) candidates.push(i);
      else (unknown ??= []).push(i);
    }
    const actions: ActionValue[] = [];
    for (const i of candidates) actions.push(this.actionOf(rules[i]!));

    // Step 3: the candidates agree, disagree (a conflict), or there are none (step 4: otherwise).
    // `agreeing`: the candidates when they all agree (each one's action is the first's).
    let agreeing: number[] | undefined = candidates.length > 0 ? candidates : undefined;
    for (let k = 1; k < candidates.length; k++) {
      if (!sameAction(actions[k]!, actions[0]!)) agreeing = undefined;
    }
    let groupCount = agreeing !== undefined ? 1 : 0;
    if (candidates.length > 1 && agreeing === undefined) {
      const distinct: ActionValue[] = [];
      for (const action of actions) if (!distinct.some((other) => sameAction(other, action))) distinct.push(action);
      groupCount = distinct.length;
    }

    // Step 5: an unknown rule matters when it could change the decision: it could override a
    // candidate, or add an action where there is none or a different one from the agreed action.
    let needed: Unknowns | undefined;
    let mattering: number[] | undefined;
    for (const i of unknown ?? []) {
      let matters = false;
      for (const candidate of candidates) {
        if (prepared.overriders[candidate]!.includes(i)) {
          matters = true;
          break;
        }
      }
      if (matters) {
        // it could override a candidate
      } else if (groupCount === 0) {
        // Nothing applies yet, so `otherwise` would decide: the rule matters unless it would do the
        // same. A transfer never does, and a `remain` or a referral is the same unless it plainly differs.
        matters = prepared.otherwise === undefined || differsPlainly(rules[i]!.action, prepared.otherwise);
      } else if (agreeing !== undefined) {
        // A rule whose outcome or named team differs from the agreed action's needs no working out.
        const agreed = actions[0]!;
        if (differsPlainly(rules[i]!.action, agreed)) matters = true;
        else {
          const action = this.actionOf(rules[i]!);
          matters = action.targetUnknown || !sameAction(action, agreed);
        }
      } // else already a conflict, and another rule would not settle it
      if (matters) {
        (mattering ??= []).push(i);
        unknownsOfUnknown(rules[i]!.condition, e, (needed ??= emptyUnknowns())); // its condition is unknown
      }
    }
    // A candidate whose target team is an unknown fact cannot be acted on either.
    for (let k = 0; k < candidates.length; k++) {
      const action = actions[k]!;
      if (action.targetUnknown) {
        (mattering ??= []).push(candidates[k]!);
        const into = (needed ??= emptyUnknowns());
        for (const fact of action.unknowns?.facts ?? []) noteUnknown(into.facts, fact);
      }
    }

    const trace = this.options.trace === false ? [] : this.trace(prepared, considered, applies, overrider, mattering ?? [], candidates);

    // The outcomes' fields are in the order of spec section 9.
    if (mattering !== undefined) return needsDecision([...needed!.facts].sort(), needed!.events[0], trace);
    if (groupCount > 1) {
      return { outcome: "conflict", missing: [], needs: [], conflicting: candidates.map((i) => rules[i]!.name), trace };
    }
    if (agreeing !== undefined) return this.fromRules(prepared, agreeing, actions[0]!, trace);
    return this.otherwise(trace);
  }

  /** The decision when no rule applies and none could (spec section 5, step 4). */
  private otherwise(trace: Decision["trace"]): Decision {
    const otherwise = this.protocol.otherwise;
    if (otherwise?.kind === "remain") return { outcome: "remain", missing: [], needs: [], conflicting: [], trace };
    if (otherwise?.kind === "refer") return { outcome: "refer", panel: otherwise.panel, missing: [], needs: [], conflicting: [], trace };
    return { outcome: "no-rule", missing: [], needs: [], conflicting: [], trace };
  }

  /** The decision when the applicable rules agree: the first of them decides; all their paperwork is needed. */
  private fromRules(
    prepared: PreparedProtocol,
    agreeing: readonly number[],
    action: ActionValue,
    trace: Decision["trace"],
  ): Decision {
    const rule = prepared.rules[agreeing[0]!]!;
    let required = prepared.requires[agreeing[0]!]!;
    if (agreeing.length > 1) {
      const all: string[] = [];
      for (const i of agreeing) {
        for (const document of prepared.requires[i]!) if (!all.includes(document)) all.push(document);
      }
      required = all;
    }
    // Built in the order of spec section 9, so printed decisions read top to bottom.
    const decision: Partial<{ -readonly [K in keyof Decision]: Decision[K] }> = { outcome: action.outcome, rule: rule.name };
    if (rule.source !== undefined) decision.source = rule.source;
    if (rule.because !== undefined) decision.because = rule.because;
    if (action.outcome === "transfer") decision.from = this.input.team;
    if (action.to !== undefined) decision.to = action.to;
    if (action.panel !== undefined) decision.panel = action.panel;
    if (action.due !== undefined) decision.due = action.due;
    if (action.waitingFor !== undefined) decision.waitingFor = action.waitingFor;
    if (action.requestBy !== undefined) decision.requestBy = action.requestBy;
    if (action.jointWorkFrom !== undefined) decision.jointWorkFrom = action.jointWorkFrom;
    // The documents not yet complete, as `d complete` tells them.
    const missing: string[] = [];
    for (const document of required) if (!complete(this.e, document)) missing.push(document);
    decision.missing = missing;
    decision.needs = action.unknowns === undefined ? [] : [...action.unknowns.facts].sort();
    decision.conflicting = [];
    decision.trace = trace;
    return decision as Decision;
  }

  /**
   * Which requirement of a false condition failed (`failedRequirement`). A condition its key fact
   * rules out was not evaluated; if evaluating it fails, the reason is the test of its key.
   */
  private failedPart(condition: Condition): string | undefined {
    try {
      return failedRequirement(condition, this.e);
    } catch (error) {
      const key = failedKey(condition, this.e);
      if (key === undefined) throw error;
      return key;
    }
  }

  private trace(
    prepared: PreparedProtocol,
    considered: readonly number[],
    applies: Uint8Array,
    overrider: Int32Array,
    mattering: readonly number[],
    candidates: readonly number[],
  ): TraceEntry[] {
    const rules = prepared.rules;
    const team = this.input.team;
    const matters = new Set(mattering);
    const isConsidered = new Set(considered);
    let heldBy = prepared.heldBy.get(team);
    if (heldBy === undefined) {
      heldBy = prepared.fromText.map((from) => `the case is held by ${team}, not ${from}`);
      if (prepared.heldBy.size < MAX_TEAMS_REMEMBERED) prepared.heldBy.set(team, heldBy);
    }
    return rules.map((spec, i): TraceEntry => {
      const rule = spec.name;
      const by = overrider[i]!;
      if (by !== -1) {
        const name = rules[by]!.name;
        return { rule, status: "overridden", by: name, reason: `"${name}" is an exception to it and applies` };
      }
      if (applies[i] === FALSE) {
        const reason = isConsidered.has(i) ? this.failedPart(spec.condition) : heldBy[i]!;
        return { rule, status: "not-applicable", ...(reason ? { reason } : {}) };
      }
      if (applies[i] === UNKNOWN) {
        const unknowns = emptyUnknowns();
        unknownsOfUnknown(spec.condition, this.e, unknowns); // its condition is unknown
        const what = [...[...unknowns.facts].sort(), ...[...unknowns.events].map((event) => `the date of ${event}`)].join(", ");
        const reason = matters.has(i)
          ? `it may apply: ${what || "something"} is not known`
          : `it may apply (${what || "something"} is not known), but that would not change the decision`;
        return { rule, status: "unknown", reason };
      }
      if (matters.has(i)) return { rule, status: "unknown", reason: "it applies, but the team it sends the case to is not known" };
      return { rule, status: candidates.includes(i) ? "applied" : "not-applicable" };
    });
  }
}

/** What the protocol says should happen to this case (spec section 5). */
export function decideCase(protocol: ProtocolSpec, input: CaseInput, options: DecideOptions): Decision {
  return new Decider(protocol, input, options).decide();
}

/**
 * `decideCase` without `settledQuickly`: every decision goes through the full procedure. For the
 * tests and the fuzzer, which check that both ways decide alike.
 */
export function decideCaseInFull(protocol: ProtocolSpec, input: CaseInput, options: DecideOptions): Decision {
  return new Decider(protocol, input, options, { quick: false }).decide();
}

const noFacts: Readonly<Record<string, unknown>> = Object.freeze(Object.create(null) as Record<string, unknown>);

/** Decides a record that `readableAsGiven` accepted for the protocol's schema, reading it in place. */
export function decideAsGiven(protocol: ProtocolSpec, input: CaseInput, options: DecideOptions): Decision {
  return decideChecked(protocol, input, options, true);
}

/**
 * Decides a record checked against the protocol's schema (`asGiven`: read in place, as
 * `readableAsGiven` found it): without a trace, the module's `quick` first; else, or when it gives
 * nothing, the full procedure.
 */
function decideChecked(protocol: ProtocolSpec, record: CaseInput, options: DecideOptions, asGiven: boolean): Decision {
  if (options.trace === false && protocol.quick !== undefined) {
    const decision = quickly(protocol.quick, record, options.today);
    if (decision !== undefined) return decision;
  }
  return new Decider(protocol, record, options, { asGiven }).decide();
}

/**
 * Validates a case record and decides it, as a compiled protocol's `decide` does: a record that
 * `validateCase` returned for this schema is decided without a second check (it is frozen); one
 * that `readableAsGiven` accepts is decided as it is, without the clean copy `validateCase` makes
 * (it is only read, never changed); any other is copied, or refused with the same `CaseError`.
 */
export function validateAndDecide(schema: CaseSchema, protocol: ProtocolSpec, input: unknown, options: DecideOptions): Decision {
  refuseWrongToday(schema, input, options.today);
  let record: CaseInput;
  let asGiven = false;
  // A record `validate` returned was checked then and frozen: it needs no second check.
  if (isCheckedCopy(schema, input)) record = input as CaseInput;
  else if (readableAsGiven(schema, input)) {
    record = input as CaseInput;
    asGiven = true;
  } else record = validateCase(schema, input);
  return decideChecked(protocol, record, options, asGiven);
}

/**
 * For the compiled `quick` functions: the needs-information decision when the rules whose unknown
 * conditions matter are bit k of `mask`, `unknowns[k]` being the compiled `unknownsOfUnknown` of
 * rule k's condition: what `decideWith` builds from the same rules, in the same order.
 */
export function needsInformation(e: Evaluation, unknowns: readonly (UnknownsFunction | undefined)[], mask: number): Decision {
  const needed = emptyUnknowns();
  for (let k = 0; k < unknowns.length; k++) {
    if ((mask & (1 << k)) !== 0) unknowns[k]!(e, needed);
  }
  return needsDecision(needed.facts.sort(), needed.events[0], []);
}

/** The needs-information decision: the facts needed (sorted), or else the first event without a date, waited for. */
function needsDecision(needs: string[], event: string | undefined, trace: Decision["trace"]): Decision {
  return needs.length === 0 && event !== undefined
    ? { outcome: "needs-information", waitingFor: event, missing: [], needs, conflicting: [], trace }
    : { outcome: "needs-information", missing: [], needs, conflicting: [], trace };
}

/** The protocol's `quick` decision, or undefined when it has none for the case or fails. */
function quickly(quick: (e: Evaluation) => Decision | undefined, input: CaseInput, today: string): Decision | undefined {
  try {
    return quick({ input, facts: input.facts ?? noFacts, today, lets: [] });
  } catch {
    return undefined;
  }
}
