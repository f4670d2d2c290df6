// The decisions benchmark (bench/decide-speed.ts) compares Baton with the same rules written by
// hand, for json-rules-engine and in FEEL. Its figures mean something only while every contender
// decides like Baton: this checks it on a few hundred generated records per protocol (the benchmark
// checks 10,000). No timings here.
import { describe, expect, it } from "vitest";
import { protocolNames } from "../bench/decide/baton.js";
import { contenders, type Contenders } from "../bench/decide/contenders.js";
import { checkEquivalence } from "../bench/decide/equivalence.js";
import { generateRecords } from "../bench/decide/generate.js";

const RECORDS = 300;
/** feelin takes tens of milliseconds a decision: it is checked on every 10th record. */
const FEEL_EVERY = 10;

const loaded = new Map<string, Promise<Contenders>>();
const load = (name: (typeof protocolNames)[number]) => {
  if (!loaded.has(name)) loaded.set(name, contenders(name));
  return loaded.get(name)!;
};

describe.each(protocolNames)("the %s protocol", (name) => {
  it("is decided alike by Baton (with and without trace, and on validate's copy), the hand-written rules and json-rules-engine", async () => {
    const c = await load(name);
    const { today, records } = generateRecords(c.protocol, RECORDS);
    const baton = c.protocol.module;
    // Also Baton on the frozen copy `validate` returns, which `decide` takes without checking it again.
    const onValidated = (record: (typeof records)[number], on: string) => baton.decide(baton.validate(record), { today: on, trace: false });
    const report = await checkEquivalence(name, baton, { "hand-written": c.hand, "json-rules-engine": c.jre, "Baton on the copy validate returned": onValidated }, records, today);
    // The records exercise the protocol: most rules decide some, and some records lack a fact.
    const deciding = Object.keys(report.decidingRules).filter((rule) => !rule.startsWith("("));
    expect(deciding.length).toBeGreaterThan(c.protocol.module.protocol.rules.length * 0.6);
    expect(report.outcomes["needs-information"]).toBeGreaterThan(0);
    expect(report.outcomes["transfer"]).toBeGreaterThan(0);
  });

  it("is decided alike by feelin", async () => {
    const c = await load(name);
    const { today, records } = generateRecords(c.protocol, RECORDS);
    await checkEquivalence(name, c.protocol.module, { feelin: c.feel }, records.filter((_, index) => index % FEEL_EVERY === 0), today);
  });

  it("validates each record as the full validator does (the quick path makes the same clean copy)", async () => {
    const c = await load(name);
    const { records } = generateRecords(c.protocol, RECORDS);
    // A record that is not a plain object is left to the full validator, which reads only own keys.
    class Wrapped {}
    // With documents listed twice too (the copy lists each once).
    const repeated = records.slice(0, 20).map((record) => ({ ...record, documents: [...record.documents, ...record.documents.slice().reverse()] }));
    for (const record of [...records, ...repeated]) {
      expect(c.protocol.module.validate(record)).toStrictEqual(c.protocol.module.validate(Object.assign(new Wrapped(), record)));
    }
  });
});
