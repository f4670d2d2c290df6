// json-rules-engine as a team would use it for this protocol: the rules as JSON conditions, the
// derived values (how many children are disabled, ...) as dynamic facts, and a few custom operators.
//
// json-rules-engine's logic is two-valued, but Baton must not decide on a guess (spec section 5).
// So each protocol's conditions are written in negation normal form (no `not`: `not proceedings`
// is `proceedings is false`) and loaded into two engines that differ only in their operators: in
// the "certain" engine a test on a missing fact fails, in the "possible" engine it passes. A rule
// certainly applies if it fires in the first, may apply if it fires only in the second, and does
// not apply if it fires in neither. The second engine runs only for a record that lacks a fact (or
// an event a condition reads): with everything known the two agree.
import { Engine, type RuleProperties, type TopLevelCondition } from "json-rules-engine";
import type { CaseRecord, ComparedDecision } from "./common.js";
import { combine, incomplete, type RuleTable, type Status } from "./engines.js";

/** A condition leaf. `value` may be `{ fact: "other" }`, which the engine resolves. */
export interface Leaf {
  fact: string;
  operator: "is" | "isNot" | "isOneOf" | "isNotOneOf" | "atLeast" | "lessThan" | "moreThan";
  value: unknown;
}
export type Condition = { all: (Condition | Leaf)[] } | { any: (Condition | Leaf)[] };

export interface JreProtocol {
  /** Conditions by rule name (the team part too: `from` is a condition on the fact `team`). */
  conditions: Readonly<Record<string, Condition>>;
  /** Derived facts, computed from the record's facts; undefined when they cannot be worked out. */
  derived: Readonly<Record<string, (record: CaseRecord, today: string) => unknown>>;
}

// Each operator twice: when a value is missing, "certain" says no and "possible" says yes.
type Test = (a: unknown, b: unknown) => boolean;
const tests: Record<Leaf["operator"], Test> = {
  is: (a, b) => a === b,
  isNot: (a, b) => a !== b,
  isOneOf: (a, b) => (b as unknown[]).includes(a),
  isNotOneOf: (a, b) => !(b as unknown[]).includes(a),
  atLeast: (a, b) => (a as number) >= (b as number),
  lessThan: (a, b) => (a as number) < (b as number),
  moreThan: (a, b) => (a as number) > (b as number),
};

function engine(protocol: JreProtocol, table: RuleTable, whenMissing: boolean): Engine {
  const engine = new Engine([], { allowUndefinedFacts: true });
  for (const [name, test] of Object.entries(tests)) {
    engine.addOperator(name, (a: unknown, b: unknown) => (a === undefined || b === undefined ? whenMissing : test(a, b)));
  }
  for (const [name, derive] of Object.entries(protocol.derived)) {
    engine.addFact(name, (_params, almanac) => almanac.factValue<{ record: CaseRecord; today: string }>("case").then(({ record, today }) => derive(record, today)));
  }
  for (const row of table.rules) {
    const condition = protocol.conditions[row.name];
    if (!condition) throw new Error(`json-rules-engine encoding: no condition for rule "${row.name}"`);
    const rule: RuleProperties = { name: row.name, conditions: condition as TopLevelCondition, event: { type: "applies", params: { rule: row.name } } };
    engine.addRule(rule);
  }
  return engine;
}

/** A `decide` for the protocol on json-rules-engine. */
export function jreDecide(protocol: JreProtocol, table: RuleTable): (record: CaseRecord, today: string) => Promise<ComparedDecision> {
  const certain = engine(protocol, table, false);
  const possible = engine(protocol, table, true);
  const index = new Map(table.rules.map((row, i) => [row.name, i]));
  const fired = async (which: Engine, record: CaseRecord, today: string): Promise<boolean[]> => {
    const { results } = await which.run({ ...record.facts, team: record.team, today, case: { record, today } });
    const applies = table.rules.map(() => false);
    for (const result of results) applies[index.get(result.name)!] = true;
    return applies;
  };
  return async (record, today) => {
    const sure = await fired(certain, record, today);
    const maybe = incomplete(table, record) ? await fired(possible, record, today) : sure;
    const statuses: Status[] = sure.map((yes, i) => (yes ? true : maybe[i] ? null : false));
    return combine(table, statuses, record, today);
  };
}

// Small builders, so the encodings read like the protocol.
export const all = (...parts: (Condition | Leaf)[]): Condition => ({ all: parts });
export const any = (...parts: (Condition | Leaf)[]): Condition => ({ any: parts });
export const is = (fact: string, value: unknown): Leaf => ({ fact, operator: "is", value });
export const isNot = (fact: string, value: unknown): Leaf => ({ fact, operator: "isNot", value });
export const isOneOf = (fact: string, ...values: unknown[]): Leaf => ({ fact, operator: "isOneOf", value: values });
export const teamIs = (...teams: string[]): Leaf => ({ fact: "team", operator: "isOneOf", value: teams });
export const atLeast = (fact: string, other: string): Leaf => ({ fact, operator: "atLeast", value: { fact: other } });
export const lessThan = (fact: string, value: unknown): Leaf => ({ fact, operator: "lessThan", value });
export const moreThan = (fact: string, other: string): Leaf => ({ fact, operator: "moreThan", value: { fact: other } });
