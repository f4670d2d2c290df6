// Decisions against peers (issue 8): Baton's compiled `decide` for the Derby and Hillingdon
// protocols, against the same rules written by hand in TypeScript, encoded for json-rules-engine,
// and written as FEEL evaluated by feelin, over the same 10,000 generated case records per protocol.
//
// 1. Equivalence first: every contender must give Baton's decision on every record it is checked
//    on (bench/decide/common.ts lists the compared fields), or the run stops at the first record
//    that differs. Baton (with and without the trace), the hand-written rules and json-rules-engine
//    are checked on all 10,000 records. feelin takes tens of milliseconds a decision, so it is
//    checked on every FEEL_EVERY-th record (and on every record it is timed on); `--full` checks it
//    on all of them (several minutes).
// 2. Warm-up, then rounds in which the contenders take turns (the order rotates each round). Baton
//    and the hand-written rules decide all records each round; the engines decide a slice of them
//    (a different slice each round). The figure is the median over rounds of ns per decision, in
//    CPU time (process.cpuUsage): on a shared machine, wall time also counts the time other
//    processes had the CPU. Wall-clock figures are written to the JSON file too.
//
// Targets: Baton's decide without trace within 1.25 times the hand-written TypeScript; at least 50
// times faster than json-rules-engine and 20 times faster than feelin; each met only when it holds
// in CPU time and in elapsed time.
// Usage: node scripts/run-ts.mjs bench/decide-speed.ts [--full]; RECORDS, ROUNDS override the sizes;
// BENCH_RUNTIME=/path/to/runtime/src/index.ts times Baton against another copy of the runtime (for
// before/after figures), and BENCH_OUT names the JSON file to write instead of bench/decide-speed.json.
import { writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { protocolNames, type ProtocolName } from "./decide/baton.js";
import { comparedFields, readEveryValue, type CaseRecord } from "./decide/common.js";
import { contenders } from "./decide/contenders.js";
import { checkEquivalence } from "./decide/equivalence.js";
import { generateRecords } from "./decide/generate.js";
import { median } from "./stats.js";

const RECORDS = Number(process.env["RECORDS"] ?? 10_000);
const ROUNDS = Number(process.env["ROUNDS"] ?? 7);
const JRE_PER_ROUND = 250;
const FEEL_PER_ROUND = 12;
const FEEL_EVERY = Number(process.env["FEEL_EVERY"] ?? 40);
const full = process.argv.includes("--full");


type Contender = "batonTrace" | "baton" | "batonCheckOnly" | "readEveryValue" | "batonDecisionOnly" | "batonValidated" | "hand" | "jsonRulesEngine" | "feelin";
const labels: Record<Contender, string> = {
  batonTrace: "Baton decide, with trace",
  baton: "Baton decide, without trace",
  batonCheckOnly: "  its check of the record",
  readEveryValue: "  (reading every value, no check)",
  batonDecisionOnly: "  its decision, once checked",
  batonValidated: "Baton decide, no trace, on records validate returned",
  hand: "hand-written TypeScript",
  jsonRulesEngine: "json-rules-engine",
  feelin: "feelin (FEEL)",
};

async function benchmark(name: ProtocolName) {
  const c = await contenders(name);
  const baton = c.protocol.module;
  const { today, records } = generateRecords(c.protocol, RECORDS);
  const feelRecords = full ? records : records.filter((_, index) => index % FEEL_EVERY === 0);

  let started = performance.now();
  // Baton on the copy `validate` returns: what a system that checks each record once when it
  // arrives (and then asks for decisions) is given; decide takes the frozen copy without a second check.
  const onValidated = (record: CaseRecord, on: string) => baton.decide(baton.validate(record), { today: on, trace: false });
  const report = await checkEquivalence(name, baton, { "hand-written": c.hand, "json-rules-engine": c.jre, "Baton on the copy validate returned": onValidated }, records, today);
  await checkEquivalence(name, baton, { feelin: c.feel }, feelRecords, today);
  // The halves of `decide` are timed on records that pass its check (and so are decided in place).
  const parts = baton.benchParts;
  const unchecked = parts === undefined ? 0 : records.filter((record) => !parts.check(record)).length;
  if (unchecked > 0) throw new Error(`${unchecked} generated ${name} records fail the check decide runs before deciding in place`);
  // Timed on copies made once, beforehand (checked above to decide as the records do).
  const validated = records.map((record) => baton.validate(record));
  const equivalenceSeconds = (performance.now() - started) / 1000;

  // Each contender decides a list of records; the checksum keeps the work from being optimised away.
  let checksum = 0;
  const slice = (size: number, round: number): CaseRecord[] => {
    const start = (round * size) % records.length;
    return records.slice(start, start + size);
  };
  interface Sample {
    cpu: number;
    wall: number;
  }
  const runs: Record<Contender, (round: number) => Promise<Sample> | Sample> = {
    batonTrace: () => timeSync(records, (record) => baton.decide(record, { today }).outcome.length),
    baton: () => timeSync(records, (record) => baton.decide(record, { today, trace: false }).outcome.length),
    // `decide` without trace, in its two halves (records all pass the check, so each is decided in place).
    batonCheckOnly: () => timeSync(records, (record) => (parts!.check(record) ? 1 : 0)),
    readEveryValue: () => timeSync(records, readEveryValue),
    batonDecisionOnly: () => timeSync(records, (record) => parts!.decideChecked(record, { today, trace: false }).outcome.length),
    batonValidated: () => timeSync(validated, (record) => baton.decide(record, { today, trace: false }).outcome.length),
    hand: () => timeSync(records, (record) => c.hand(record, today).outcome.length),
    jsonRulesEngine: async (round) => {
      const chosen = slice(JRE_PER_ROUND, round);
      const cpu = process.cpuUsage();
      const wall = performance.now();
      for (const record of chosen) checksum += (await c.jre(record, today)).outcome.length;
      return perDecision(cpu, wall, chosen.length);
    },
    feelin: (round) => {
      // Every record feelin is timed on is also checked (the check above covers a sample only).
      const chosen = slice(FEEL_PER_ROUND, round);
      return timeSync(chosen, (record) => c.feel(record, today).outcome.length);
    },
  };
  function timeSync(list: readonly CaseRecord[], decide: (record: CaseRecord) => number): Sample {
    const cpu = process.cpuUsage();
    const wall = performance.now();
    for (const record of list) checksum += decide(record);
    return perDecision(cpu, wall, list.length);
  }
  function perDecision(cpuBefore: NodeJS.CpuUsage, wallBefore: number, count: number): Sample {
    const wall = performance.now() - wallBefore;
    const cpu = process.cpuUsage(cpuBefore);
    return { cpu: ((cpu.user + cpu.system) * 1e3) / count, wall: (wall * 1e6) / count };
  }
  const order = (Object.keys(runs) as Contender[]).filter((contender) => parts !== undefined || (contender !== "batonCheckOnly" && contender !== "batonDecisionOnly"));
  const rounds = ROUNDS + 1; // round 0 is the warm-up
  await checkEquivalence(name, baton, { feelin: c.feel }, Array.from({ length: rounds }, (_, round) => slice(FEEL_PER_ROUND, round)).flat(), today);
  const samples = Object.fromEntries(order.map((contender) => [contender, [] as Sample[]])) as Record<Contender, Sample[]>;
  started = performance.now();
  for (let round = 0; round < rounds; round++) {
    const turn = order.map((_, index) => order[(index + round) % order.length]!);
    for (const contender of turn) {
      const sample = await runs[contender](round);
      if (round > 0) samples[contender].push(sample);
    }
  }
  const timingSeconds = (performance.now() - started) / 1000;
  const figures = (which: keyof Sample) =>
    Object.fromEntries(order.map((contender) => [contender, Math.round(median(samples[contender].map((sample) => sample[which])))])) as Record<Contender, number>;
  const ns = figures("cpu");
  const wallNs = figures("wall");
  const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
  const ratios = {
    batonOverHand: ratio(ns.baton, ns.hand),
    batonTraceOverHand: ratio(ns.batonTrace, ns.hand),
    batonCheckOverHand: ratio(ns.batonCheckOnly, ns.hand),
    readEveryValueOverHand: ratio(ns.readEveryValue, ns.hand),
    batonDecisionOverHand: ratio(ns.batonDecisionOnly, ns.hand),
    batonValidatedOverHand: ratio(ns.batonValidated, ns.hand),
    jsonRulesEngineOverBaton: ratio(ns.jsonRulesEngine, ns.baton),
    jsonRulesEngineOverBatonTrace: ratio(ns.jsonRulesEngine, ns.batonTrace),
    feelinOverBaton: ratio(ns.feelin, ns.baton),
    feelinOverBatonTrace: ratio(ns.feelin, ns.batonTrace),
  };
  // A target is met only when it holds in CPU time and in elapsed time alike. CPU time also counts
  // the garbage collector's threads; the hand-written code's CPU figure has ranged from about its
  // elapsed time to over 1.7 times it from one run to the next, which alone turned "missed" into
  // "met" in one run (Derby on validate's copies: 1.09x in CPU time, 1.74x elapsed).
  const wallClockRatios = {
    batonOverHand: ratio(wallNs.baton, wallNs.hand),
    batonValidatedOverHand: ratio(wallNs.batonValidated, wallNs.hand),
    jsonRulesEngineOverBaton: ratio(wallNs.jsonRulesEngine, wallNs.baton),
    feelinOverBaton: ratio(wallNs.feelin, wallNs.baton),
  };
  const targets = {
    "Baton without trace <= 1.25 x hand-written": ratios.batonOverHand <= 1.25 && wallClockRatios.batonOverHand <= 1.25,
    "Baton without trace, on records validate returned, <= 1.25 x hand-written": ratios.batonValidatedOverHand <= 1.25 && wallClockRatios.batonValidatedOverHand <= 1.25,
    "json-rules-engine >= 50 x Baton without trace": ratios.jsonRulesEngineOverBaton >= 50 && wallClockRatios.jsonRulesEngineOverBaton >= 50,
    "feelin >= 20 x Baton without trace": ratios.feelinOverBaton >= 20 && wallClockRatios.feelinOverBaton >= 20,
  };

  console.log(`\n${name}: ${records.length} records, today ${today}; ${c.protocol.module.protocol.rules.length} rules, ${Object.keys(report.decidingRules).filter((rule) => !rule.startsWith("(")).length} of them decide some record`);
  console.log(`  outcomes: ${Object.entries(report.outcomes).map(([outcome, count]) => `${outcome} ${count}`).join(", ")}`);
  console.log(`  equal decisions: Baton with/without trace and on validate's copies, hand-written, json-rules-engine on ${records.length} records; feelin on ${feelRecords.length} + the ${rounds * FEEL_PER_ROUND} it is timed on (${equivalenceSeconds.toFixed(1)} s)`);
  console.log(`  ${"contender".padEnd(30)} ${"CPU ns/dec.".padStart(12)}  ${"x hand".padStart(8)}  ${"x Baton".padStart(8)}  ${"wall ns/dec.".padStart(12)}`);
  for (const contender of order) {
    console.log(`  ${labels[contender].padEnd(30)} ${ns[contender].toLocaleString("en-GB").padStart(12)}  ${ratio(ns[contender], ns.hand).toFixed(2).padStart(8)}  ${ratio(ns[contender], ns.baton).toFixed(2).padStart(8)}  ${wallNs[contender].toLocaleString("en-GB").padStart(12)}`);
  }
  for (const [target, met] of Object.entries(targets)) console.log(`  ${met ? "met    " : "MISSED "} ${target}`);
  if (checksum === 0) throw new Error("no decision was made");
  return {
    records: records.length,
    today,
    rules: c.protocol.module.protocol.rules.length,
    outcomes: report.outcomes,
    decidingRules: Object.fromEntries(Object.entries(report.decidingRules).sort((a, b) => b[1] - a[1])),
    equivalence: {
      comparedFields,
      checkedRecords: { batonWithoutTrace: records.length, batonOnValidateCopies: records.length, handWritten: records.length, jsonRulesEngine: records.length, feelin: feelRecords.length + rounds * FEEL_PER_ROUND },
      seconds: Math.round(equivalenceSeconds * 10) / 10,
    },
    timedRecordsPerRound: { baton: records.length, handWritten: records.length, jsonRulesEngine: JRE_PER_ROUND, feelin: FEEL_PER_ROUND },
    nsPerDecision: ns,
    wallClockNsPerDecision: wallNs,
    wallClockRatios,
    ratios,
    targets,
    timingSeconds: Math.round(timingSeconds * 10) / 10,
  };
}

const started = performance.now();
const results: Record<string, Awaited<ReturnType<typeof benchmark>>> = {};
for (const name of protocolNames) results[name] = await benchmark(name);
const output = {
  command: `${process.env["BENCH_RUNTIME"] ? `BENCH_RUNTIME=${process.env["BENCH_RUNTIME"]} ` : ""}node scripts/run-ts.mjs bench/decide-speed.ts${full ? " --full" : ""}`,
  date: new Date().toISOString(),
  node: process.version,
  cpu: cpus()[0]?.model,
  cpus: cpus().length,
  loadAverage: loadavg().map((load) => Math.round(load * 100) / 100),
  rounds: ROUNDS,
  seconds: Math.round((performance.now() - started) / 100) / 10,
  protocols: results,
};
const outFile = process.env["BENCH_OUT"] ?? join(import.meta.dirname, "decide-speed.json");
writeFileSync(outFile, `${JSON.stringify(output, null, 2)}\n`);
console.log(`\nwrote ${outFile} (${output.seconds} s)`);
