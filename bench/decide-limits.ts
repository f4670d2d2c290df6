// How close could a faster Baton `decide` get to the hand-written code? Not part of `pnpm bench`:
// it answers a planning question and writes bench/decide-limits.json.
//
// The hand-written rules are timed on the records as a system sends them, then on the copies
// Baton's `validate` returns (frozen, and inheriting nothing, so that a fact called `toString` that
// a record leaves out is unknown), then on those copies with their arrays (documents, lists of
// children) replaced by unfrozen copies: the hand-written code looks documents up with
// `Array.prototype.includes`, which V8 runs on its slow, general path for a frozen array, and code
// Baton writes need not (it uses `indexOf`). Then again with what Baton's `decide` adds around any
// decision: the checks that the record is such a copy and that `today` is a date, and the
// decision written out with all the fields of spec section 9, as one object literal, the way
// straight-line code emitted per rule would write it (Baton's general procedure builds it field
// by field, which costs more). That last figure, on copies with unfrozen arrays, is roughly what
// straight-line code emitted per protocol could at best achieve on `validate`'s copies. Same
// records, rounds and CPU-time medians as bench/decide-speed.ts; the figures are read against the
// hand-written code on the records in the same run (how much else runs in the process, and so the
// garbage collector's work and where the copies lie in memory, moves every contender's figure from
// one harness to another: Baton's own figures are those of bench/decide-speed.ts).
// Usage: node scripts/run-ts.mjs bench/decide-limits.ts
import { writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { protocolNames } from "./decide/baton.js";
import type { CaseRecord, ComparedDecision } from "./decide/common.js";
import { contenders } from "./decide/contenders.js";
import { generateRecords } from "./decide/generate.js";
import { median } from "./stats.js";

const ROUNDS = 9;
const results: Record<string, Record<string, number>> = {};

for (const name of protocolNames) {
  const c = await contenders(name);
  const baton = c.protocol.module;
  const { today, records } = generateRecords(c.protocol, 10_000);
  const copies = records.map((record) => baton.validate(record));
  const sources = new Map(baton.protocol.rules.map((rule) => [rule.name, (rule as { source?: string }).source]));
  /** The copy with its arrays unfrozen (documents, and each list of entries among the facts). */
  const withPlainArrays = (copy: CaseRecord): CaseRecord => {
    const facts: Record<string, unknown> = Object.create(Object.getPrototypeOf(copy.facts) as object);
    for (const [name, value] of Object.entries(copy.facts)) facts[name] = Array.isArray(value) ? [...value] : value;
    return Object.freeze({ team: copy.team, facts: Object.freeze(facts), events: copy.events, documents: [...copy.documents] }) as CaseRecord;
  };
  const copiesWithPlainArrays = copies.map(withPlainArrays);
  const noEntries: never[] = [];
  /** The hand-written decision with Baton's envelope: the copy and today checked, the decision written as one object. */
  const handInEnvelope = (copy: CaseRecord, options: { today: string }) => {
    if (!Object.isFrozen(copy) || typeof options.today !== "string") throw new Error("not a checked copy");
    const d = c.hand(copy, options.today) as ComparedDecision;
    // Every field of spec section 9, in its order, in one literal (fields that do not apply are undefined).
    return {
      outcome: d.outcome,
      rule: d.rule,
      source: d.rule === undefined ? undefined : sources.get(d.rule),
      from: d.outcome === "transfer" ? copy.team : undefined,
      to: d.to,
      panel: d.panel,
      due: d.due,
      waitingFor: d.waitingFor,
      requestBy: d.requestBy,
      jointWorkFrom: d.jointWorkFrom,
      missing: d.missing,
      needs: d.needs,
      conflicting: noEntries.slice(),
      trace: noEntries.slice(),
    };
  };
  const runs: Record<string, [readonly CaseRecord[], (record: CaseRecord) => number]> = {
    handOnRecords: [records, (record) => c.hand(record, today).outcome.length],
    handOnCopies: [copies, (record) => c.hand(record, today).outcome.length],
    handOnCopiesWithPlainArrays: [copiesWithPlainArrays, (record) => c.hand(record, today).outcome.length],
    handInEnvelopeOnCopies: [copies, (record) => handInEnvelope(record, { today }).outcome.length],
    handInEnvelopeOnCopiesWithPlainArrays: [copiesWithPlainArrays, (record) => handInEnvelope(record, { today }).outcome.length],
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
  for (const key of order) console.log(`  ${key.padEnd(40)} ${figures[key]!.toLocaleString("en-GB").padStart(7)}  ${(figures[key]! / figures["handOnRecords"]!).toFixed(2)}x`);
}
const file = join(import.meta.dirname, "decide-limits.json");
writeFileSync(file, `${JSON.stringify({ command: "node scripts/run-ts.mjs bench/decide-limits.ts", date: new Date().toISOString(), node: process.version, cpu: cpus()[0]?.model, nsPerDecision: results }, null, 2)}\n`);
console.log(`\nwrote ${file}`);
