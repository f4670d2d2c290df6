// The compiled `quick` way to decisions without a trace (emit.ts, `quick`) against the full
// procedure it stands in for (the runtime's `decideCaseInFull`, spec section 5). For every example
// protocol, on generated records, on the same records with about half their facts left out, and
// with their events moved past the bank holiday data: whenever `quick` gives a decision it must be
// the full procedure's, down to the order of its fields; when it gives none or fails, the compiled
// `decide` must still give the full procedure's decision (or fail as it does).
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { LoadedProtocol } from "../bench/decide/baton.js";
import { generateRecords } from "../bench/decide/generate.js";
import { seededRandom } from "../bench/decide/common.js";
import { analyzeText, compileText } from "../packages/core/src/index.js";
import type { Decision, Evaluation, ProtocolSpec } from "../packages/runtime/src/index.js";
import { decideCaseInFull } from "../packages/runtime/src/decide.js";

const root = join(import.meta.dirname, "..");
const generated = join(import.meta.dirname, ".generated-quick");
const examples = readdirSync(join(root, "examples")).filter((name) => name.endsWith(".baton"));
const RECORDS = 1_500;

/** The decision as printed (fields in order), or the error it stops with. */
function answer(run: () => Decision | undefined): string | undefined {
  try {
    const decision = run();
    return decision === undefined ? undefined : JSON.stringify(decision);
  } catch (error) {
    return `error: ${(error as Error).message}`;
  }
}

afterAll(() => rmSync(generated, { recursive: true, force: true }));

type CompiledForTest = LoadedProtocol["module"] & { specForTest: ProtocolSpec };

/** Compiles a protocol against the runtime's source and imports the module, its rules exported for the test. */
async function compiledModule(name: string, text: string): Promise<CompiledForTest> {
  const compiled = compileText(text, { fileName: `${name}.baton`, runtimeImport: join(root, "packages/runtime/src/index.ts") });
  if (!compiled.module) throw new Error(`${name}.baton does not compile`);
  mkdirSync(generated, { recursive: true });
  const path = join(generated, `${name}.ts`);
  // The test reads the module's rules; a compiled module does not export them.
  writeFileSync(path, `${compiled.module.typescript}\nexport const specForTest = spec;\n`);
  return (await import(path)) as CompiledForTest;
}

describe.each(examples)("%s, compiled", (file) => {
  it("decides quickly only as the full procedure decides", async () => {
    const name = file.replace(/\.baton$/, "");
    const text = readFileSync(join(root, "examples", file), "utf8");
    const module = await compiledModule(name, text);
    const spec = module.specForTest;
    expect(spec.quick).toBeDefined();
    const loaded = { name, text, analysis: analyzeText(text, { analysis: false }), module } as unknown as LoadedProtocol;
    const { today, records } = generateRecords(loaded, RECORDS);
    const random = seededRandom(11);
    const withFewerFacts = records.map((record) => ({ ...record, facts: Object.fromEntries(Object.entries(record.facts).filter(() => random() < 0.5)) }));
    // Dates in 2031: working days cannot be counted there, so some decisions fail.
    const farOff = records.map((record) => ({
      ...record,
      events: Object.fromEntries(Object.entries(record.events).map(([event, dates]) => [event, Object.fromEntries(Object.entries(dates).map(([key, date]) => [key, `2031${String(date).slice(4)}`]))])),
    }));

    const quickly = new Map<string, number>();
    let declined = 0;
    let failed = 0;
    for (const record of [...records, ...withFewerFacts, ...farOff]) {
      const input = module.validate(record) as unknown as Evaluation["input"];
      const full = answer(() => decideCaseInFull(spec, input, { today, trace: false }));
      const quick = answer(() => spec.quick!({ input, facts: input.facts, today }));
      if (quick === undefined) declined++;
      else if (quick.startsWith("error: ")) failed++;
      else {
        if (quick !== full) expect({ record, quick }).toEqual({ record, quick: full });
        const outcome = (JSON.parse(quick) as Decision).outcome;
        quickly.set(outcome, (quickly.get(outcome) ?? 0) + 1);
      }
      // The module's `decide` falls back to the full procedure whenever `quick` gives nothing.
      const decided = answer(() => module.decide(record, { today, trace: false }) as unknown as Decision);
      if (decided !== full) expect({ record, decided }).toEqual({ record, decided: full });
    }
    // Most decisions are quick, of more than one outcome; some are left to the full procedure.
    const quick = [...quickly.values()].reduce((sum, n) => sum + n, 0);
    expect(quick).toBeGreaterThan(RECORDS);
    expect(quickly.size).toBeGreaterThan(1);
    expect(declined).toBeGreaterThan(0);
    // Where timings count working days, some dates of 2031 cannot be worked out.
    if (/working days? (of|after|before)/.test(text)) expect(failed).toBeGreaterThan(0);
  });
});

// What a needs-information decision lists (`unknowns<N>`, written out per rule) in the corners the
// examples' records do not reach: events read by conditions (the first one missing is the one
// waited for), a list entry missing a field (the whole list is needed), `or`, `not`, `unless` and
// an expanded `let`. Every combination of a few values is decided both ways.
const needsProtocol = `protocol Needs "What a needs-information decision lists"
  version "1"
  otherwise remain

team A "Team A"
team B "Team B"
team C "Team C"
team D "Team D"

type Child: record
  disabled: yes/no "Has a disability"

fact children: list of Child "The children of the family"
fact urgent: yes/no "The case is urgent"
fact level: number "The level of need"
fact settled: yes/no "The placement is settled"

event review "Review"
event conference "Conference"

let high = level > 3

rule "Reviewed and conferenced"
  source "Test 1"
  exception to "Conferenced, then reviewed"
  when date of review <= today and date of conference <= today
  transfer from A to B immediately

rule "Conferenced, then reviewed"
  source "Test 2"
  when date of conference <= today or (urgent and date of review <= today)
  transfer from A to C immediately

rule "Disabled children"
  source "Test 3"
  when (count children where disabled) > 0
  transfer from C to D immediately

rule "Urgent or not high"
  source "Test 4"
  when urgent or not high
  unless settled
  transfer from D to A immediately
`;

describe("needs-information, as the compiled code lists it", () => {
  it("lists the facts and the event waited for as the full procedure does", async () => {
    const module = await compiledModule("needs", needsProtocol);
    const spec = module.specForTest;
    const today = "2026-11-23";
    const options = <T>(...values: T[]) => [undefined, ...values];
    const eventDates = options({ held: "2026-10-01" }, { scheduled: "2026-12-01" });
    const listed = new Map<string, number>();
    for (const team of ["A", "C", "D"])
      for (const urgent of options(true, false))
        for (const level of options(1, 5))
          for (const settled of options(true, false))
            for (const children of options([], [{ disabled: true }], [{}]))
              for (const review of eventDates)
                for (const conference of eventDates) {
                  const facts = Object.fromEntries(Object.entries({ urgent, level, settled, children }).filter(([, value]) => value !== undefined));
                  const events = Object.fromEntries(Object.entries({ review, conference }).filter(([, value]) => value !== undefined));
                  const input = module.validate({ team, facts, events }) as unknown as Evaluation["input"];
                  const full = answer(() => decideCaseInFull(spec, input, { today, trace: false }));
                  const quick = answer(() => spec.quick!({ input, facts: input.facts, today }));
                  if (quick === undefined) continue;
                  if (quick !== full) expect({ team, facts, events, quick }).toEqual({ team, facts, events, quick: full });
                  const decision = JSON.parse(quick) as Decision;
                  if (decision.outcome === "needs-information") {
                    const key = decision.waitingFor !== undefined ? `waiting for ${decision.waitingFor}` : decision.needs.join(" ");
                    listed.set(key, (listed.get(key) ?? 0) + 1);
                  }
                }
    // The corners were reached: each event waited for first, a list needed for a missing field,
    // facts from `or`, `not` (through the let) and `unless`.
    expect([...listed.keys()].sort()).toEqual(expect.arrayContaining(["waiting for review", "waiting for conference", "children", "level settled urgent", "urgent"]));
  });
});
