// Rule conditions as small trees whose leaves are compiled tests. The tree is what lets a decision
// say which unknown facts matter (only those that could change the answer) and, when a rule does
// not apply, which part of its condition failed, in the protocol's own words.
import type { Truth } from "./logic.js";
import type { CaseInput } from "./case-input.js";

/** What a leaf reads from the case, to tell which unknowns made it unknown. */
export interface Reads {
  readonly facts: readonly string[];
  readonly events: readonly string[];
}

/** The case being decided, as the compiled tests see it. */
export interface Evaluation {
  readonly input: CaseInput;
  /** The case's facts (never undefined, possibly empty). */
  readonly facts: Readonly<Record<string, unknown>>;
  readonly today: string;
  /**
   * The values of the protocol's lets worked out so far for this case, by position: a compiled
   * let reads its value here, or works it out and keeps it (a let several rules test, such as a
   * count over a list, is worked out once per decision). Without it, lets are worked out each time.
   */
  readonly lets?: unknown[];
}

export type Condition =
  | { readonly kind: "always" }
  /** A test that is not itself an and/or/not: `plan is child_protection`, `age < 18 years`. */
  | {
      readonly kind: "test";
      readonly text: string;
      readonly test: (e: Evaluation) => Truth;
      readonly reads: Reads;
      /**
       * Set by the compiler when the test can only be true while a fact holds one of these values
       * (`case_type is s20`, `plan is one of a, b`, a yes/no fact on its own): when the fact is
       * known and holds another value, the test is false. Lets `decide` skip rules without reading them.
       */
      readonly key?: ConditionKey;
    }
  | { readonly kind: "and"; readonly parts: readonly Condition[] }
  | { readonly kind: "or"; readonly text: string; readonly parts: readonly Condition[] }
  /** `not C`, and `unless C`; `text` is how the requirement reads ("proceedings is no"). */
  | { readonly kind: "not"; readonly text: string; readonly part: Condition };

/** A fact whose value alone can make a test false: any value other than these, when it is known. */
export interface ConditionKey {
  readonly fact: string;
  readonly values: readonly (string | boolean)[];
}

/** A test the compiler gave a key. */
export type KeyedTest = Extract<Condition, { kind: "test" }> & { readonly key: ConditionKey };

/**
 * The keyed tests a condition is bound by: its own test, or those of any part of an `and` (the
 * whole is false when one part is). A key inside an `or` or `not` would not bind the whole.
 */
export function keyedTests(condition: Condition, into: KeyedTest[] = []): KeyedTest[] {
  if (condition.kind === "test" && condition.key !== undefined) into.push(condition as KeyedTest);
  else if (condition.kind === "and") for (const part of condition.parts) keyedTests(part, into);
  return into;
}

/**
 * For each fact that keys bind, the values all of them on that fact allow (a condition keyed twice
 * on a fact allows only the values both keys allow).
 */
export function allowedValues(keys: Iterable<ConditionKey>): Map<string, Set<string | boolean>> {
  const byFact = new Map<string, Set<string | boolean>>();
  for (const key of keys) {
    const values = new Set(key.values);
    const earlier = byFact.get(key.fact);
    byFact.set(key.fact, earlier === undefined ? values : new Set([...earlier].filter((value) => values.has(value))));
  }
  return byFact;
}

/**
 * How a team's rules are split by key (`decide`, and the compiler's quick code, which must evaluate
 * the same rules): the fact that binds the most of them (the first such, on a tie), and every value
 * their conditions allow it, in order. `allowed` is each rule's `allowedValues`. Undefined when no
 * rule is bound by a fact.
 */
export function keyFact(allowed: readonly ReadonlyMap<string, ReadonlySet<string | boolean>>[]): { fact: string; values: Set<string | boolean> } | undefined {
  const counts = new Map<string, number>();
  for (const byFact of allowed) for (const fact of byFact.keys()) counts.set(fact, (counts.get(fact) ?? 0) + 1);
  let fact: string | undefined;
  for (const [candidate, count] of counts) if (fact === undefined || count > counts.get(fact)!) fact = candidate;
  if (fact === undefined) return undefined;
  const values = new Set<string | boolean>();
  for (const byFact of allowed) for (const value of byFact.get(fact) ?? []) values.add(value);
  return { fact, values };
}

export function evaluateCondition(condition: Condition, e: Evaluation): Truth {
  switch (condition.kind) {
    case "always":
      return true;
    case "test":
      return condition.test(e);
    case "and": {
      let result: Truth = true;
      for (const part of condition.parts) {
        const value = evaluateCondition(part, e);
        if (value === false) return false;
        if (value === undefined) result = undefined;
      }
      return result;
    }
    case "or": {
      let result: Truth = false;
      for (const part of condition.parts) {
        const value = evaluateCondition(part, e);
        if (value === true) return true;
        if (value === undefined) result = undefined;
      }
      return result;
    }
    case "not": {
      const value = evaluateCondition(condition.part, e);
      return value === undefined ? undefined : !value;
    }
  }
}

/** A condition's truth for a case, as `evaluateCondition` gives it. */
export type ConditionFunction = (e: Evaluation) => Truth;

/**
 * The condition as one function giving exactly what `evaluateCondition` gives, made once per rule
 * so that deciding a case does not walk the tree: a test is its own compiled function, and an
 * `and`, `or` or `not` calls its parts' functions directly, in the same order, stopping at the same part.
 */
export function conditionFunction(condition: Condition): ConditionFunction {
  switch (condition.kind) {
    case "always":
      return () => true;
    case "test":
      return condition.test;
    case "not": {
      const part = conditionFunction(condition.part);
      return (e) => {
        const value = part(e);
        return value === undefined ? undefined : !value;
      };
    }
    case "and": {
      const parts = condition.parts.map(conditionFunction);
      if (parts.length === 2) {
        const [first, second] = parts as [ConditionFunction, ConditionFunction];
        return (e) => {
          const a = first(e);
          if (a === false) return false;
          const b = second(e);
          if (b === false) return false;
          return a === undefined || b === undefined ? undefined : true;
        };
      }
      return (e) => {
        let result: Truth = true;
        for (let i = 0; i < parts.length; i++) {
          const value = parts[i]!(e);
          if (value === false) return false;
          if (value === undefined) result = undefined;
        }
        return result;
      };
    }
    case "or": {
      const parts = condition.parts.map(conditionFunction);
      if (parts.length === 2) {
        const [first, second] = parts as [ConditionFunction, ConditionFunction];
        return (e) => {
          const a = first(e);
          if (a === true) return true;
          const b = second(e);
          if (b === true) return true;
          return a === undefined || b === undefined ? undefined : false;
        };
      }
      return (e) => {
        let result: Truth = false;
        for (let i = 0; i < parts.length; i++) {
          const value = parts[i]!(e);
          if (value === true) return true;
          if (value === undefined) result = undefined;
        }
        return result;
      };
    }
  }
}

/**
 * What is unknown about a case, that a condition or a value needed: each fact and event once, in
 * the order first found (the first event is the one a decision waits for). Arrays, not sets: a
 * decision names a few.
 */
export interface Unknowns {
  facts: string[];
  events: string[];
}

export function emptyUnknowns(): Unknowns {
  return { facts: [], events: [] };
}

/** Adds `name` to a list of unknowns, unless it is there already. */
export function noteUnknown(list: string[], name: string): void {
  if (!list.includes(name)) list.push(name);
}

/** Adds to `into` what is missing among `reads`: absent facts, and events with no date. */
export function addMissingReads(reads: Reads, e: Evaluation, into: Unknowns): void {
  let found = false;
  for (const fact of reads.facts) {
    if (e.facts[fact] === undefined) {
      noteUnknown(into.facts, fact);
      found = true;
    }
  }
  for (const event of reads.events) {
    const record = e.input.events?.[event];
    if (record?.held === undefined && record?.scheduled === undefined) {
      noteUnknown(into.events, event);
      found = true;
    }
  }
  // Every fact it reads is there, so something inside one is incomplete (a list entry missing a
  // field): the whole fact is what has to be completed.
  if (!found) for (const fact of reads.facts) noteUnknown(into.facts, fact);
}

/** A rule's `unknownsOfUnknown`, written out by the compiler for `quick`: adds to `into` what leaves its condition unknown. */
export type UnknownsFunction = (e: Evaluation, into: Unknowns) => void;

/**
 * The unknowns that leave `condition` unknown for this case: only those in parts that could still
 * decide it (in `a and b` with `a` false, nothing in `b` matters). Empty when the condition is known.
 */
export function conditionUnknowns(condition: Condition, e: Evaluation, into: Unknowns = emptyUnknowns()): Unknowns {
  if (evaluateCondition(condition, e) === undefined) unknownsOfUnknown(condition, e, into);
  return into;
}

/**
 * `conditionUnknowns` for a condition already known to be unknown. An unknown `and` has no false
 * part and an unknown `or` no true one, so the parts that matter are exactly the unknown ones:
 * each part is evaluated once, and only those are looked into.
 */
export function unknownsOfUnknown(condition: Condition, e: Evaluation, into: Unknowns): void {
  switch (condition.kind) {
    case "always":
      break;
    case "test":
      addMissingReads(condition.reads, e, into);
      break;
    case "and":
    case "or":
      for (const part of condition.parts) if (evaluateCondition(part, e) === undefined) unknownsOfUnknown(part, e, into);
      break;
    case "not":
      unknownsOfUnknown(condition.part, e, into);
      break;
  }
}

/**
 * For a condition whose key rules it out: the first of its `keyedTests` whose key the case's known
 * value of the fact does not allow, in the protocol's words; undefined when no key rules it out.
 */
export function failedKey(condition: Condition, e: Evaluation): string | undefined {
  return keyedTests(condition).find(({ key }) => {
    const value = e.facts[key.fact];
    return value !== undefined && !key.values.includes(value as string | boolean);
  })?.text;
}

/** For a condition that is false: the requirement that failed, in the protocol's words. */
export function failedRequirement(condition: Condition, e: Evaluation): string | undefined {
  switch (condition.kind) {
    case "always":
      return undefined;
    case "test":
      return condition.text;
    case "and":
      for (const part of condition.parts) {
        if (evaluateCondition(part, e) === false) return failedRequirement(part, e);
      }
      return undefined;
    case "or":
    case "not":
      return condition.text;
  }
}
