// Where decide's time goes when memory is not the cost: one record of each outcome per protocol,
// decided over and over so that it stays in the processor's cache, by the hand-written code and by
// Baton (on the record as given, on the copy `validate` returned, and the check alone). Set beside
// the decisions table (bench/decide-speed.ts, 10,000 records in turn), it separates the work each
// contender does from its waits on memory. Not part of `pnpm bench`; figures go to
// bench/decide-hot.json. Usage: node scripts/run-ts.mjs bench/decide-hot.ts
import { writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { protocolNames } from "./decide/baton.js";
import { contenders } from "./decide/contenders.js";
import { generateRecords } from "./decide/generate.js";

const REPEATS = 200_000;

/** CPU nanoseconds per call of `run`, after a warm-up. */
function perCall(run: () => number): number {
  let checksum = 0;
  for (let i = 0; i < REPEATS / 10; i++) checksum += run();
  const before = process.cpuUsage();
  for (let i = 0; i < REPEATS; i++) checksum += run();
  const used = process.cpuUsage(before);
  if (checksum === 0) throw new Error("nothing was decided");
  return Math.round(((used.user + used.system) * 1e3) / REPEATS);
}

const results: Record<string, Record<string, Record<string, number>>> = {};
for (const name of protocolNames) {
  const c = await contenders(name);
  const baton = c.protocol.module;
  const parts = baton.benchParts;
  const { today, records } = generateRecords(c.protocol, 10_000);
  const first = new Map<string, number>();
  records.forEach((record, index) => {
    const outcome = baton.decide(record, { today, trace: false }).outcome;
    if (!first.has(outcome)) first.set(outcome, index);
  });
  console.log(`\n${name}: CPU ns per call, one record of each outcome decided ${REPEATS.toLocaleString("en-GB")} times`);
  console.log(`  ${"outcome".padEnd(20)} ${"hand-written".padStart(12)} ${"Baton decide".padStart(12)} ${"on its copy".padStart(12)} ${"the check".padStart(12)}`);
  results[name] = {};
  for (const [outcome, index] of first) {
    const record = records[index]!;
    const copy = baton.validate(record);
    const options = { today, trace: false };
    const row: Record<string, number> = {
      hand: perCall(() => c.hand(record, today).outcome.length),
      decide: perCall(() => baton.decide(record, options).outcome.length),
      decideOnCopy: perCall(() => baton.decide(copy, options).outcome.length),
    };
    if (parts !== undefined) row["check"] = perCall(() => (parts.check(record) ? 1 : 0));
    results[name][outcome] = row;
    const cell = (value: number | undefined) => (value === undefined ? "" : value.toLocaleString("en-GB")).padStart(12);
    console.log(`  ${outcome.padEnd(20)} ${cell(row["hand"])} ${cell(row["decide"])} ${cell(row["decideOnCopy"])} ${cell(row["check"])}`);
  }
}
const file = join(import.meta.dirname, "decide-hot.json");
const output = { command: "node scripts/run-ts.mjs bench/decide-hot.ts", date: new Date().toISOString(), node: process.version, cpu: cpus()[0]?.model, repeats: REPEATS, nsPerCall: results };
writeFileSync(file, `${JSON.stringify(output, null, 2)}\n`);
console.log(`\nwrote ${file}`);
