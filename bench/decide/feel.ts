// FEEL (the expression language of DMN) evaluated by feelin, as a team keeping its decision logic
// in DMN would: one FEEL context per protocol whose entries are the protocol's derived values and,
// last, the list of every rule's condition in rule order. FEEL's logic is three-valued like
// Baton's (`false and null` is false, `not(null)` is null), so a missing fact, passed as null,
// leaves exactly the rules that depend on it null. FEEL's `=` is two-valued (`null = "a"` is
// false), so comparisons with a value that may be missing go through a small FEEL function `is`.
// feelin parses the expression on every call; it offers no way to keep a parsed expression.
import { evaluate } from "feelin";
import type { CaseRecord, ComparedDecision } from "./common.js";
import { combine, type RuleTable, type Status } from "./engines.js";

export interface FeelProtocol {
  /** A FEEL expression giving a list with one boolean or null per rule, in rule order. */
  expression: string;
  /** Values beyond the facts, `team` and `today`: event dates a condition reads. */
  context?: (record: CaseRecord) => Record<string, unknown>;
}

/** A `decide` for the protocol on feelin. */
export function feelDecide(protocol: FeelProtocol, table: RuleTable): (record: CaseRecord, today: string) => ComparedDecision {
  return (record, today) => {
    const context: Record<string, unknown> = { team: record.team, today, ...protocol.context?.(record) };
    for (const fact of table.facts) context[fact] = record.facts[fact] ?? null;
    const { value } = evaluate(protocol.expression, context);
    if (!Array.isArray(value) || value.length !== table.rules.length) {
      throw new Error(`the FEEL expression gave ${JSON.stringify(value)}, not one answer per rule`);
    }
    return combine(table, value as Status[], record, today);
  };
}
