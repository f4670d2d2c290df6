// Hostile case records (issue 9, point 4): whatever another system sends, `validate` and `decide`
// of a compiled protocol answer with a `CaseError` listing the problems with their JSON paths,
// never crash or overflow the stack, and never decide on a record that is not valid.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CaseError } from "@baton/runtime";
import { beforeAll, describe, expect, it } from "vitest";
import { compileText } from "../src/index.js";

const here = import.meta.dirname;
const generated = join(here, ".generated-hostile");

interface Compiled {
  decide: (input: unknown, options?: { today?: string }) => Record<string, unknown>;
  validate: (input: unknown) => Record<string, unknown>;
}

async function load(text: string, name: string): Promise<Compiled> {
  const result = compileText(text, { fileName: `${name}.baton` });
  if (!result.module) throw new Error(result.diagnostics.map((d) => d.message).join("\n"));
  const path = join(generated, `${name}.ts`);
  writeFileSync(path, result.module.typescript);
  return (await import(path)) as Compiled;
}

/** A protocol with a fact of every kind of value, for what Derby's protocol does not have. */
const everyKind = `protocol Kinds "Every kind of fact"
  otherwise remain
team RAT "Referral and Assessment Team"
team CIN "Child in Need Team"
type Child: record
  age: number "Age in years"
  wait: duration "How long the child has waited"
  born: date "Date of birth"
fact siblings: number "Brothers and sisters"
fact wait: duration "How long the family has waited"
fact last_team: team "The team that last held the case"
fact born: date "Date of birth"
fact children: list of Child "The children"
event conference "Conference"
document chronology "Chronology"
rule "Families who waited move to CIN"
  source "Section 1"
  when siblings > 1 and last_team is RAT and born < today and time since born >= 1 year and today - wait < today and (count children where age > 1 and time since born > wait) > 0 and conference held and chronology complete
  transfer from RAT to CIN immediately
`;

let derby: Compiled;
let kinds: Compiled;

beforeAll(async () => {
  rmSync(generated, { recursive: true, force: true });
  mkdirSync(generated, { recursive: true });
  derby = await load(readFileSync(join(here, "../../../examples/derby.baton"), "utf8"), "derby");
  kinds = await load(everyKind, "kinds");
});

/** `path: message` for each problem `validate` finds; fails the test if it finds none or throws anything else. */
function problemsOf(compiled: Compiled, input: unknown): string[] {
  let thrown: unknown;
  try {
    compiled.validate(input);
  } catch (error) {
    thrown = error;
  }
  expect(thrown, "validate accepted the record").toBeInstanceOf(CaseError);
  const problems = (thrown as CaseError).problems;
  expect(problems.length).toBeGreaterThan(0);
  for (const problem of problems) expect(problem.path).toMatch(/^\$(\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\]|\["(?:[^"\\]|\\.)*"\])*$/);
  return problems.map((problem) => `${problem.path}: ${problem.message}`);
}

/** `decide` refuses the record with the same problems, rather than deciding anything. */
function expectNoDecision(compiled: Compiled, input: unknown, problems: string[]): void {
  let decision: unknown;
  let thrown: unknown;
  try {
    decision = compiled.decide(input, { today: "2026-03-02" });
  } catch (error) {
    thrown = error;
  }
  expect(decision).toBeUndefined();
  expect(thrown).toBeInstanceOf(CaseError);
  expect((thrown as CaseError).problems.map((problem) => `${problem.path}: ${problem.message}`)).toEqual(problems);
}

/** Nested `depth` levels deep: `[[[...]]]` or `{"a": {"a": ...}}`, built without recursion. */
function nested(depth: number, kind: "list" | "object"): unknown {
  let value: unknown = "2026-01-10";
  for (let i = 0; i < depth; i++) value = kind === "list" ? [value] : { a: value };
  return value;
}

const valid = { team: "IRT", facts: { case_type: "asylum_seeking_s20" } };
const withFacts = (facts: Record<string, unknown>) => ({ team: "IRT", facts });
const withEvents = (events: unknown) => ({ team: "IRT", facts: {}, events });

/** Hostile records for Derby's protocol, by what is wrong with them. */
const forDerby: Record<string, unknown> = {
  // not a record at all
  "null": null,
  "undefined": undefined,
  "a number": 42,
  "a string holding JSON": JSON.stringify(valid),
  "a list": [valid],
  "yes": true,
  "a date": new Date(2026, 0, 1),
  // wrong types
  "team is a number": { team: 7, facts: {} },
  "team is missing": { facts: {} },
  "facts is a list": { team: "IRT", facts: [] },
  "facts is a string": { team: "IRT", facts: "case_type=s20" },
  "an enumeration given as yes": withFacts({ case_type: true }),
  "yes/no given as text and as a number": withFacts({ disabled: "yes", placed_separately: 1 }),
  "a list given as an object": withFacts({ children: { has_disability: true } }),
  "list entries of the wrong kinds": withFacts({ children: [null, 3, "child", [], { has_disability: "no", on_plan: 0 }] }),
  "a date given as a number": withFacts({ pregnancy_start: 20260101 }),
  "events given as a list": withEvents([{ vcm: { held: "2026-01-10" } }]),
  "an event given as a date": withEvents({ vcm: "2026-01-10" }),
  "an event date given as a number": withEvents({ vcm: { held: 20260110, scheduled: true } }),
  "documents given as text": { team: "IRT", facts: {}, documents: "chronology" },
  "documents that are not names": { team: "IRT", facts: {}, documents: [{ name: "chronology" }, null, 3] },
  // unknown keys
  "keys the protocol does not know": {
    team: "IRT",
    facts: { case_type: "s21", colour: "red", children: [{ has_disability: true, age: 3 }] },
    events: { party: { held: "2026-01-10" }, vcm: { held: "2026-01-10", date: "2026-01-10" } },
    documents: ["passport"],
    notes: "extra",
  },
  "a team that does not exist": { team: "Avengers", facts: {} },
  "names differing only in capitals": { team: "irt", facts: { Case_Type: "s20" }, events: { VCM: {} }, documents: ["Chronology"] },
  // prototype keys, as JSON.parse makes them (own properties)
  "prototype keys everywhere": JSON.parse(
    '{"team":"IRT","__proto__":{"isAdmin":true},"constructor":{"prototype":{"x":1}},"facts":{"__proto__":{"disabled":true},"prototype":1,"children":[{"__proto__":{"on_plan":true},"constructor":1}]},"events":{"__proto__":{},"vcm":{"__proto__":{"held":"2026-01-10"}}}}',
  ),
  // deep nesting
  "100,000 nested lists as a fact": withFacts({ case_type: nested(100_000, "list") }),
  "100,000 nested objects as a list entry": withFacts({ children: [nested(100_000, "object")] }),
  "100,000 nested objects under an unknown key": { team: "IRT", facts: {}, extra: nested(100_000, "object") },
  "100,000 nested objects as an event": withEvents({ vcm: nested(100_000, "object") }),
  // impossible dates
  "impossible dates": withFacts({ pregnancy_start: "2026-02-30", returned_home: "2025-02-29" }),
  "a month 13 and a year 0": withEvents({ vcm: { held: "2026-13-01" }, taf: { held: "0000-01-01" }, ccm: { scheduled: "10000-01-01" } }),
  "dates written another way": withFacts({ pregnancy_start: "2026-1-5", returned_home: "05/01/2026" }),
  "an empty date and a word": withEvents({ vcm: { held: "" }, taf: { scheduled: "tomorrow" } }),
  // dates with times or zones
  "dates with times and zones": withEvents({
    vcm: { held: "2026-01-10T09:00:00Z" },
    taf: { held: "2026-01-10T09:00" },
    ccm: { held: "2026-01-10+01:00" },
    cin_review: { held: "2026-01-10 " },
  }),
  // NaN and Infinity where a yes/no, a date or a name is expected
  "NaN and Infinity": { team: Number.NaN, facts: { disabled: Number.NaN, pregnancy_start: Number.POSITIVE_INFINITY, case_type: Number.NEGATIVE_INFINITY } },
};

/** Hostile records for the protocol with a fact of every kind. */
const forKinds: Record<string, unknown> = {
  "NaN and Infinity as numbers": { team: "RAT", facts: { siblings: Number.NaN, children: [{ age: Number.POSITIVE_INFINITY }, { age: Number.NEGATIVE_INFINITY }] } },
  "numbers given as text": { team: "RAT", facts: { siblings: "2", children: [{ age: "3" }] } },
  "durations that cannot be counted": {
    team: "RAT",
    facts: { wait: { weeks: Number.NaN, days: Number.POSITIVE_INFINITY, months: -1, fortnights: 2 }, children: [{ wait: { weeks: 1.5 } }, { wait: "6 weeks" }, { wait: { weeks: 1, workingDays: 2 } }] },
  },
  "a team fact naming no team": { team: "RAT", facts: { last_team: "Avengers" } },
  "dates with times in list entries": { team: "RAT", facts: { born: "2010-01-01T00:00:00.000Z", children: [{ born: "2010-01-01Z" }] } },
  "values JSON cannot hold": { team: "RAT", facts: { siblings: 10n, last_team: Symbol("RAT"), born: () => "2010-01-01" } },
};

describe("hostile case records: validate and decide refuse them, with every problem and its JSON path", () => {
  it("decides the valid records they are made from", () => {
    expect(derby.decide(valid, { today: "2026-03-02" })).toMatchObject({ outcome: "transfer", to: "CIC" });
    const record = {
      team: "RAT",
      facts: { siblings: 2, wait: { weeks: 1 }, last_team: "RAT", born: "2010-01-01", children: [{ age: 3, wait: { days: 1 }, born: "2010-01-01" }] },
      events: { conference: { held: "2026-01-10" } },
      documents: ["chronology"],
    };
    expect(kinds.decide(record, { today: "2026-03-02" })).toMatchObject({ outcome: "transfer", to: "CIN" });
  });

  it("decides a valid record as it is given without changing it, as it decides a copy with nulls", () => {
    const frozen = (value: unknown): unknown => {
      if (typeof value === "object" && value !== null) for (const inner of Object.values(value)) frozen(inner);
      return Object.freeze(value);
    };
    const record = frozen(structuredClone(valid)) as typeof valid;
    const before = JSON.stringify(record);
    const decision = derby.decide(record, { today: "2026-03-02" });
    expect(JSON.stringify(record)).toBe(before);
    const withNulls = { ...structuredClone(valid), facts: { ...structuredClone(valid.facts), placed_separately: null } };
    expect(derby.decide(withNulls as unknown as typeof valid, { today: "2026-03-02" })).toEqual(decision);
  });

  it.each(Object.keys(forDerby))("Derby: %s", (name) => {
    const problems = problemsOf(derby, forDerby[name]);
    expect(problems).toMatchSnapshot();
    expectNoDecision(derby, forDerby[name], problems);
  });

  it.each(Object.keys(forKinds))("every kind of fact: %s", (name) => {
    const problems = problemsOf(kinds, forKinds[name]);
    expect(problems).toMatchSnapshot();
    expectNoDecision(kinds, forKinds[name], problems);
  });

  it("never lets a prototype key reach an object", () => {
    problemsOf(derby, forDerby["prototype keys everywhere"]);
    expect(({} as Record<string, unknown>)["isAdmin"]).toBeUndefined();
    expect(({} as Record<string, unknown>)["disabled"]).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty("on_plan");
  });

  it("reads a fact named like a method every object has as unknown when the record leaves it out", async () => {
    const methods = await load(
      `protocol Methods "Facts named like methods"
  otherwise remain
team RAT "R"
team CIN "C"
fact toString: yes/no "a"
fact valueOf: number "b"
fact constructor_: yes/no "c"
type Child: record
  hasOwnProperty: yes/no "d"
fact children: list of Child "e"
rule "To CIN"
  source "s"
  when toString and valueOf > 1 and constructor_ and (any children where hasOwnProperty)
  transfer from RAT to CIN immediately
`,
      "methods",
    );
    expect(methods.decide({ team: "RAT", facts: { children: [{}] } }, { today: "2026-03-02" })).toMatchObject({
      outcome: "needs-information",
      needs: ["children", "constructor_", "toString", "valueOf"],
    });
    expect(methods.decide({ team: "RAT", facts: { toString: true, valueOf: 2, constructor_: true, children: [{ hasOwnProperty: true }] } }, { today: "2026-03-02" })).toMatchObject({
      outcome: "transfer",
      to: "CIN",
    });
  });
});

describe("the day to decide on", () => {
  it("must be a real date too, or nothing is decided", () => {
    const decideOn = (today: unknown, record: unknown = valid) => {
      try {
        derby.decide(record, { today } as { today: string });
      } catch (error) {
        expect(error).toBeInstanceOf(CaseError);
        return (error as CaseError).problems.map((problem) => `${problem.path}: ${problem.message}`);
      }
      return "decided";
    };
    expect(decideOn("2026-03-02")).toBe("decided");
    expect(decideOn("2026-02-30")).toEqual(["options.today: `2026-02-30` is not a real date written YYYY-MM-DD (no time or time zone)"]);
    expect(decideOn("2026-03-02T10:00:00Z")).toEqual(["options.today: `2026-03-02T10:00:00Z` is not a real date written YYYY-MM-DD (no time or time zone)"]);
    expect(decideOn(20260302)).toEqual(["options.today: should be the day to decide on, written YYYY-MM-DD, but is number 20260302"]);
    expect(decideOn(Number.NaN, { team: "XYZ", facts: {} })).toEqual([
      "$.team: `XYZ` is not a team; expected one of: IRT, Assessment, Locality, IDCS, CIC, LACExit, LeavingCare, EarlyHelp, OtherAuthority",
      "options.today: should be the day to decide on, written YYYY-MM-DD, but is NaN",
    ]);
  });
});

describe("a million-entry list", () => {
  it("is read in full when it is valid, and the one bad entry at the end is found", () => {
    const children = Array.from({ length: 1_000_000 }, () => ({ has_disability: false, on_plan: false }));
    expect(derby.validate(withFacts({ children })).facts).toHaveProperty("children.length", 1_000_000);
    children.push({ has_disability: false, on_plan: "no" as unknown as boolean });
    expect(problemsOf(derby, withFacts({ children }))).toEqual(['$.facts.children[1000000].on_plan: should be yes or no (true or false), but is the text "no"']);
  });

  it("stops reading after 100 problems and says there are more", () => {
    const started = performance.now();
    const problems = problemsOf(derby, withFacts({ children: Array.from({ length: 1_000_000 }, () => "a child") }));
    const documents = problemsOf(derby, { team: "IRT", facts: {}, documents: Array.from({ length: 1_000_000 }, (_, i) => `document ${i}`) });
    const keys = problemsOf(derby, withFacts(Object.fromEntries(Array.from({ length: 200_000 }, (_, i) => [`fact_${i}`, true]))));
    for (const list of [problems, documents, keys]) {
      expect(list).toHaveLength(101);
      expect(list[100]).toBe("$: has more problems than the first 100 listed here; correct these and validate it again");
    }
    expect(problems.slice(0, 2)).toEqual([
      '$.facts.children[0]: should be a record, but is the text "a child"',
      '$.facts.children[1]: should be a record, but is the text "a child"',
    ]);
    expect(keys[0]).toBe("$.facts.fact_0: is not a fact of this protocol");
    expectNoDecision(derby, { team: "IRT", facts: {}, documents: Array.from({ length: 1_000_000 }, () => 3) }, [
      ...Array.from({ length: 100 }, (_, i) => `$.documents[${i}]: should be a document of this protocol (a string), but is number 3`),
      "$: has more problems than the first 100 listed here; correct these and validate it again",
    ]);
    // Generous: reading stops at the cap, so this takes a fraction of it (the lists themselves are built above).
    expect(performance.now() - started).toBeLessThan(20_000);
  });

  it("shortens text and keys too long to print", () => {
    const long = "x".repeat(1_000_000);
    expect(problemsOf(derby, { team: long, facts: { [long]: true, pregnancy_start: long } })).toEqual([
      "$.team: `xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...` is not a team; expected one of: IRT, Assessment, Locality, IDCS, CIC, LACExit, LeavingCare, EarlyHelp, OtherAuthority",
      `$.facts["${"x".repeat(100)}..."]: is not a fact of this protocol`,
      "$.facts.pregnancy_start: `xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...` is not a real date written YYYY-MM-DD (no time or time zone)",
    ]);
  });
});
