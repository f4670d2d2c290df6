// What every contender in the decisions benchmark reads and returns, and how two decisions are
// compared. A contender is one way of deciding a case: Baton's compiled module, the rules written
// by hand in TypeScript, json-rules-engine, or FEEL expressions evaluated by feelin.

/** A case record as spec section 9 describes it (the shape Baton's `decide` takes). */
export interface CaseRecord {
  team: string;
  facts: Record<string, unknown>;
  events: Record<string, { held?: string; scheduled?: string }>;
  documents: string[];
}

/**
 * The fields of a decision every contender computes and the equivalence check compares. Left out:
 * `source` and `because` (text looked up by the rule's name), `from` (the record's own team),
 * `conflicting` (neither protocol can give a conflict: `baton check` finds none) and `trace`
 * (only Baton explains itself).
 */
export interface ComparedDecision {
  outcome: "transfer" | "remain" | "refer" | "no-rule" | "conflict" | "needs-information";
  /** The deciding rule. */
  rule?: string;
  to?: string;
  panel?: string;
  due?: string | null;
  waitingFor?: string;
  requestBy?: string | null;
  jointWorkFrom?: string | null;
  /** Required documents not complete, in the order the rule lists them. */
  missing: string[];
  /** Unknown facts that block the decision or its dates, sorted. */
  needs: string[];
}

/** A contender: decides one record on `today`. json-rules-engine is asynchronous. */
export type Decide = (record: CaseRecord, today: string) => ComparedDecision | Promise<ComparedDecision>;

export const comparedFields = ["outcome", "rule", "to", "panel", "due", "waitingFor", "requestBy", "jointWorkFrom", "missing", "needs"] as const;

/** Only the compared fields of any decision (Baton's carries more). */
export function comparable(decision: ComparedDecision): ComparedDecision {
  const result: Record<string, unknown> = {};
  for (const field of comparedFields) {
    const value = decision[field];
    if (value !== undefined) result[field] = Array.isArray(value) ? [...value] : value;
  }
  return result as unknown as ComparedDecision;
}

/** The first field on which two decisions differ, or undefined when they agree. */
export function firstDifference(expected: ComparedDecision, actual: ComparedDecision): string | undefined {
  for (const field of comparedFields) {
    const a = JSON.stringify(expected[field]);
    const b = JSON.stringify(actual[field]);
    if (a !== b) return `${field}: expected ${a ?? "(absent)"}, got ${b ?? "(absent)"}`;
  }
  return undefined;
}

/** A small, fast, seeded generator (mulberry32): the same seed gives the same records everywhere. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * For scale, not a contender: reads every value of a record once (the team, each fact, each event's
 * dates, each document) and tests only what kind of value it is. Any check of the whole record, as
 * Baton's `decide` makes, costs at least this. Returns a count, so the reads are not optimised away.
 */
export function readEveryValue(record: CaseRecord): number {
  let count = typeof record.team === "string" ? 1 : 0;
  const facts = record.facts;
  for (const name in facts) if (facts[name] !== undefined) count++;
  const events = record.events;
  for (const name in events) {
    const dates = events[name]!;
    if (typeof dates.held === "string") count++;
    if (typeof dates.scheduled === "string") count++;
  }
  const documents = record.documents;
  for (let index = 0; index < documents.length; index++) if (typeof documents[index] === "string") count++;
  return count;
}
