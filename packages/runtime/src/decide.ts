// How the rules of a protocol combine into one decision for one case (spec section 5). Compiled
// protocols describe their rules as data plus compiled tests; this procedure is shared by all.
import { addDuration, subtractDuration, type Duration } from "./duration.js";
import type { CalendarName } from "./calendars.js";
import type { CaseInput } from "./case-input.js";
import {
  addMissingReads,
  conditionUnknowns,
  emptyUnknowns,
  evaluateCondition,
  failedRequirement,
  type Condition,
  type Evaluation,
  type Reads,
  type Unknowns,
} from "./condition.js";
import type { Decision, TraceEntry } from "./decision.js";
import type { Truth } from "./logic.js";

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
  /** Unknowns the action needs: facts for its target or dates. */
  unknowns: Unknowns;
  /** The target team is itself unknown, so the action cannot be taken. */
  targetUnknown: boolean;
}

interface RuleState {
  rule: RuleSpec;
  applies: Truth;
  /** Why it does not apply, when it does not. */
  reason?: string;
  overriddenBy?: string;
  action?: ActionValue;
}

class Decider {
  private readonly e: Evaluation;

  constructor(
    private readonly protocol: ProtocolSpec,
    private readonly input: CaseInput,
    private readonly options: DecideOptions,
  ) {
    this.e = { input, facts: input.facts, today: options.today };
  }

  private dateOf(timing: TimingSpec, unknowns: Unknowns): string | null {
    let date: string | undefined = this.options.today;
    if (timing.anchor) {
      date = timing.anchor.value(this.e);
      if (date === undefined) addMissingReads(timing.anchor.reads, this.e, unknowns);
    }
    if (timing.offset) {
      const amount = timing.offset.duration.value(this.e);
      if (amount === undefined) addMissingReads(timing.offset.duration.reads, this.e, unknowns);
      if (date === undefined || amount === undefined) return null;
      const { calendar, holidays } = this.protocol;
      date = timing.offset.sign > 0 ? addDuration(date, amount, calendar, holidays) : subtractDuration(date, amount, calendar, holidays);
    }
    return date ?? null;
  }

  private actionOf(rule: RuleSpec): ActionValue {
    const action = rule.action;
    const unknowns = emptyUnknowns();
    switch (action.kind) {
      case "remain":
        return { outcome: "remain", ...(action.team ? { to: action.team } : {}), unknowns, targetUnknown: false };
      case "refer":
        return { outcome: "refer", panel: action.panel, unknowns, targetUnknown: false };
      case "transfer": {
        let to: string | undefined;
        if (typeof action.to === "string") to = action.to;
        else {
          to = action.to.value(this.e);
          if (to === undefined) addMissingReads(action.to.reads, this.e, unknowns);
        }
        const timingUnknowns = emptyUnknowns();
        const due = this.dateOf(action.timing, timingUnknowns);
        const value: ActionValue = { outcome: "transfer", due, unknowns, targetUnknown: to === undefined };
        if (to !== undefined) value.to = to;
        if (due === null && timingUnknowns.facts.size === 0) {
          const [event] = timingUnknowns.events;
          if (event !== undefined) value.waitingFor = event;
        }
        for (const fact of timingUnknowns.facts) unknowns.facts.add(fact);
        if (rule.request) {
          value.requestBy = this.dateOf(rule.request, unknowns);
        } else if (this.protocol.notice) {
          value.requestBy = due === null ? null : subtractDuration(due, this.protocol.notice, this.protocol.calendar, this.protocol.holidays);
        }
        if (action.jointWork) value.jointWorkFrom = this.dateOf(action.jointWork, unknowns);
        return value;
      }
    }
  }

  /** Two rules agree when they give the same outcome, target and timing (spec section 5, step 3). */
  private static actionKey(action: ActionValue): string {
    return [action.outcome, action.to ?? "", action.panel ?? "", action.due ?? "", action.waitingFor ?? ""].join("\u0000");
  }

  decide(): Decision {
    const { input, protocol } = this;
    const states: RuleState[] = protocol.rules.map((rule) => {
      if (rule.from !== undefined && !rule.from.includes(input.team)) {
        return { rule, applies: false, reason: `the case is held by ${input.team}, not ${rule.from.join(" or ")}` };
      }
      const applies = evaluateCondition(rule.condition, this.e);
      const state: RuleState = { rule, applies };
      if (applies === false) {
        const reason = failedRequirement(rule.condition, this.e);
        if (reason !== undefined) state.reason = reason;
      }
      return state;
    });
    const byName = new Map(states.map((state) => [state.rule.name, state]));

    // Step 2: a rule is overridden by any rule that certainly applies and is an exception to it,
    // directly or through a chain, whether or not the rules in between apply.
    for (const state of states) {
      if (state.applies === false) continue;
      const overrider = state.rule.overriddenBy.find((name) => byName.get(name)?.applies === true);
      if (overrider !== undefined) state.overriddenBy = overrider;
    }
    const candidates = states.filter((state) => state.applies === true && state.overriddenBy === undefined);
    for (const candidate of candidates) candidate.action = this.actionOf(candidate.rule);

    // Step 3: the candidates agree, disagree (a conflict), or there are none (step 4: otherwise).
    const groups = new Map<string, RuleState[]>();
    for (const candidate of candidates) {
      const key = Decider.actionKey(candidate.action!);
      groups.set(key, [...(groups.get(key) ?? []), candidate]);
    }
    const single = groups.size === 1 ? [...groups.values()][0]! : undefined;

    // Step 5: an unknown rule matters when it could change the decision: it could override a
    // candidate, or add an action where there is none or a different one from the agreed action.
    const needed = emptyUnknowns();
    const mattering: RuleState[] = [];
    for (const state of states) {
      if (state.applies !== undefined || state.overriddenBy !== undefined) continue;
      let matters: boolean;
      if (candidates.some((candidate) => candidate.rule.overriddenBy.includes(state.rule.name))) matters = true;
      else if (groups.size === 0) {
        // Nothing applies yet, so `otherwise` would decide: the rule matters unless it would do the same.
        const fallback = protocol.otherwise;
        const action = this.actionOf(state.rule);
        const same =
          fallback !== undefined &&
          !action.targetUnknown &&
          Decider.actionKey(action) ===
            Decider.actionKey({ outcome: fallback.kind, ...(fallback.kind === "refer" ? { panel: fallback.panel } : {}), unknowns: emptyUnknowns(), targetUnknown: false });
        matters = !same;
      }
      else if (single !== undefined) {
        const action = this.actionOf(state.rule);
        matters = action.targetUnknown || Decider.actionKey(action) !== Decider.actionKey(single[0]!.action!);
      } else matters = false; // already a conflict, and another rule would not settle it
      if (matters) {
        mattering.push(state);
        conditionUnknowns(state.rule.condition, this.e, needed);
      }
    }
    // A candidate whose target team is an unknown fact cannot be acted on either.
    for (const candidate of candidates) {
      if (candidate.action!.targetUnknown) {
        mattering.push(candidate);
        for (const fact of candidate.action!.unknowns.facts) needed.facts.add(fact);
      }
    }

    const trace = this.options.trace === false ? [] : this.trace(states, mattering, candidates);
    const base = { missing: [] as string[], needs: [] as string[], conflicting: [] as string[], trace };

    if (mattering.length > 0) {
      const [event] = needed.events;
      const waiting = needed.facts.size === 0 && event !== undefined ? { waitingFor: event } : {};
      return { outcome: "needs-information", ...waiting, ...base, needs: [...needed.facts].sort() };
    }
    if (groups.size > 1) {
      return { outcome: "conflict", ...base, conflicting: candidates.map((candidate) => candidate.rule.name) };
    }
    if (single !== undefined) return this.fromRules(single, base);
    if (protocol.otherwise?.kind === "remain") return { outcome: "remain", ...base };
    if (protocol.otherwise?.kind === "refer") return { outcome: "refer", panel: protocol.otherwise.panel, ...base };
    return { outcome: "no-rule", ...base };
  }

  /** The decision when the applicable rules agree: the first of them decides; all their paperwork is needed. */
  private fromRules(agreeing: RuleState[], base: Pick<Decision, "missing" | "needs" | "conflicting" | "trace">): Decision {
    const first = agreeing[0]!;
    const rule = first.rule;
    const action = first.action!;
    const complete = new Set(this.input.documents ?? []);
    const required = [...new Set(agreeing.flatMap((state) => state.rule.requires))];
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
    decision.missing = required.filter((document) => !complete.has(document));
    decision.needs = [...action.unknowns.facts].sort();
    decision.conflicting = base.conflicting;
    decision.trace = base.trace;
    return decision as Decision;
  }

  private trace(states: RuleState[], mattering: RuleState[], candidates: RuleState[]): TraceEntry[] {
    const matters = new Set(mattering);
    return states.map((state): TraceEntry => {
      const rule = state.rule.name;
      if (state.overriddenBy !== undefined) {
        return { rule, status: "overridden", by: state.overriddenBy, reason: `"${state.overriddenBy}" is an exception to it and applies` };
      }
      if (state.applies === false) return { rule, status: "not-applicable", ...(state.reason ? { reason: state.reason } : {}) };
      if (state.applies === undefined) {
        const unknowns = conditionUnknowns(state.rule.condition, this.e);
        const what = [...[...unknowns.facts].sort(), ...[...unknowns.events].map((event) => `the date of ${event}`)].join(", ");
        const reason = matters.has(state)
          ? `it may apply: ${what || "something"} is not known`
          : `it may apply (${what || "something"} is not known), but that would not change the decision`;
        return { rule, status: "unknown", reason };
      }
      if (matters.has(state)) return { rule, status: "unknown", reason: "it applies, but the team it sends the case to is not known" };
      return { rule, status: candidates.includes(state) ? "applied" : "not-applicable" };
    });
  }
}

/** What the protocol says should happen to this case (spec section 5). */
export function decideCase(protocol: ProtocolSpec, input: CaseInput, options: DecideOptions): Decision {
  return new Decider(protocol, input, options).decide();
}
