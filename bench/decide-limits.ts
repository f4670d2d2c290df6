// How close could a faster Baton `decide` get to the hand-written code? Not part of `pnpm bench`:
// it answers a planning question and writes bench/decide-limits.json.
//
// The hand-written rules are timed on the records as a system sends them, then on the copies
// Baton's `validate` returns (frozen, and inheriting nothing, so that a fact called `toString` that
// a record leaves out is unknown), then again on those copies with what Baton's `decide` adds around
// any decision: the checks that the record is such a copy and that `today` is a date, and the
// decision written out with all the fields of spec section 9. That last figure is what straight-line
// code emitted per protocol could at best achieve on `validate`'s copies. Same records, rounds and
// CPU-time medians as bench/decide-speed.ts; the figures are read against the hand-written code on
// the records in the same run (how much else runs in the process, and so the garbage collector's
// work and where the copies lie in memory, moves every contender's figure from one harness to
// another: Baton's own figures are those of bench/decide-speed.ts).
// Usage: node scripts/run-ts.mjs bench/decide-limits.ts
import { writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { protocolNames } from "./decide/baton.js";
import type { CaseRecord, ComparedDecision } from "./decide/common.js";
import { contenders } from "./decide/contenders.js";
import { generateRecords } from "./decide/generate.js";

const ROUNDS = 9;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const results: Record<string, Record<string, number>> = {};

for (const name of protocolNames) {
  const c = await contenders(name);
  const baton = c.protocol.module;
  const { today, records } = generateRecords(c.protocol, 10_000);
  const copies = records.map((record) => baton.validate(record));
  const sources = new Map(baton.protocol.rules.map((rule) => [rule.name, (rule as { source?: string }).source]));
  /** The hand-written decision with Baton's envelope: the copy and today checked, every field written. */
  const handInEnvelope = (copy: CaseRecord, options: { today: string }) => {
    if (!Object.isFrozen(copy) || typeof options.today !== "string") throw new Error("not a checked copy");
    const decision: ComparedDecision = c.hand(copy, options.today) as ComparedDecision;
    // Field by field, in the order of spec section 9, as Baton writes a decision.
    const full: Partial<Record<string, unknown>> & { outcome: string } = { outcome: decision.outcome };
    if (decision.rule !== undefined) {
      full.rule = decision.rule;
      full.source = sources.get(decision.rule);
    }
    if (decision.outcome === "transfer") full.from = copy.team;
    if (decision.to !== undefined) full.to = decision.to;
    if (decision.panel !== undefined) full.panel = decision.panel;
    if (decision.due !== undefined) full.due = decision.due;
    if (decision.waitingFor !== undefined) full.waitingFor = decision.waitingFor;
    if (decision.requestBy !== undefined) full.requestBy = decision.requestBy;
    if (decision.jointWorkFrom !== undefined) full.jointWorkFrom = decision.jointWorkFrom;
    full.missing = decision.missing;
    full.needs = decision.needs;
    full.conflicting = [];
    full.trace = [];
    return full;
  };
  const runs: Record<string, [readonly CaseRecord[], (record: CaseRecord) => number]> = {
    handOnRecords: [records, (record) => c.hand(record, today).outcome.length],
    handOnCopies: [copies, (record) => c.hand(record, today).outcome.length],
    handInEnvelopeOnCopies: [copies, (record) => handInEnvelope(record, { today }).outcome.length],
  };
  const samples: Record<string, number[]> = {};
  let checksum = 0;
  const order = Object.keys(runs);
  for (let round = 0; round <= ROUNDS; round++) {
    for (const key of order.map((_, index) => order[(index + round) % order.length]!)) {
      const [list, decide] = runs[key]!;
      const before = process.cpuUsage();
      for (const record of list) checksum += decide(record);
      const used = process.cpuUsage(before);
      if (round > 0) (samples[key] ??= []).push(((used.user + used.system) * 1e3) / list.length);
    }
  }
  if (checksum === 0) throw new Error("nothing was decided");
  results[name] = Object.fromEntries(order.map((key) => [key, Math.round(median(samples[key]!))]));
  const figures = results[name]!;
  console.log(`\n${name}: CPU ns per decision, 10,000 records, median of ${ROUNDS} rounds`);
  for (const key of order) console.log(`  ${key.padEnd(24)} ${figures[key]!.toLocaleString("en-GB").padStart(7)}  ${(figures[key]! / figures["handOnRecords"]!).toFixed(2)}x`);
}
const file = join(import.meta.dirname, "decide-limits.json");
writeFileSync(file, `${JSON.stringify({ command: "node scripts/run-ts.mjs bench/decide-limits.ts", date: new Date().toISOString(), node: process.version, cpu: cpus()[0]?.model, nsPerDecision: results }, null, 2)}\n`);
console.log(`\nwrote ${file}`);
