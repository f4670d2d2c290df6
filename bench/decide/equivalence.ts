// Before anything is timed: every contender must give Baton's decision, on the compared fields
// (common.ts), for every generated record. The first record on which one differs stops the run.
import type { BatonModule } from "./baton.js";
import { comparable, firstDifference, type CaseRecord, type ComparedDecision, type Decide } from "./common.js";

export class NotEquivalentError extends Error {
  override readonly name = "NotEquivalentError";
}

export interface EquivalenceReport {
  records: number;
  outcomes: Record<string, number>;
  /** How many records each rule decided ("(otherwise)" when none did, "(needs information)"). */
  decidingRules: Record<string, number>;
}

export async function checkEquivalence(
  protocol: string,
  baton: BatonModule,
  contenders: Readonly<Record<string, Decide>>,
  records: readonly CaseRecord[],
  today: string,
): Promise<EquivalenceReport> {
  const report: EquivalenceReport = { records: records.length, outcomes: {}, decidingRules: {} };
  for (const [index, record] of records.entries()) {
    const expected = comparable(baton.decide(record, { today }));
    // The decision must not depend on the trace being built.
    const untraced = comparable(baton.decide(record, { today, trace: false }));
    const traceDifference = firstDifference(expected, untraced);
    if (traceDifference) fail(protocol, "Baton without the trace", index, record, today, expected, untraced, traceDifference);
    report.outcomes[expected.outcome] = (report.outcomes[expected.outcome] ?? 0) + 1;
    const decider = expected.rule ?? (expected.outcome === "needs-information" ? "(needs information)" : "(otherwise)");
    report.decidingRules[decider] = (report.decidingRules[decider] ?? 0) + 1;
    for (const [name, decide] of Object.entries(contenders)) {
      const actual = comparable(await decide(structuredClone(record), today));
      const difference = firstDifference(expected, actual);
      if (difference) fail(protocol, name, index, record, today, expected, actual, difference);
    }
  }
  return report;
}

function fail(protocol: string, contender: string, index: number, record: CaseRecord, today: string, expected: ComparedDecision, actual: ComparedDecision, difference: string): never {
  throw new NotEquivalentError(
    `${protocol}: ${contender} disagrees with Baton on record ${index} (today ${today}): ${difference}\n` +
      `record:   ${JSON.stringify(record)}\nBaton:    ${JSON.stringify(expected)}\n${contender}: ${JSON.stringify(actual)}`,
  );
}
