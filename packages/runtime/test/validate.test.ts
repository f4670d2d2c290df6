// validate: every problem in a case record, each with its JSON path; prototype keys refused; a
// clean copy returned, so nothing is decided on a record that is not valid.
import { describe, expect, it } from "vitest";
import { CaseError, validateCase, type CaseSchema, type ValueSchema } from "../src/index.js";

const schema: CaseSchema = {
  teams: ["RAT", "CIN"],
  events: ["conference"],
  documents: ["chronology"],
  facts: {
    plan: { kind: "enum", values: ["child_protection", "none"] },
    proceedings: { kind: "yes/no" },
    born: { kind: "date" },
    siblings: { kind: "number" },
    wait: { kind: "duration" },
    last_team: { kind: "team" },
    children: { kind: "list", fields: { disabled: { kind: "yes/no" }, age: { kind: "number" } } },
  },
};

function problems(input: unknown): string[] {
  try {
    validateCase(schema, input);
  } catch (error) {
    expect(error).toBeInstanceOf(CaseError);
    return (error as CaseError).problems.map((problem) => `${problem.path}: ${problem.message}`);
  }
  return [];
}

describe("validateCase", () => {
  it("accepts a valid record and returns a clean copy with durations counted", () => {
    const input = {
      team: "RAT",
      facts: { plan: "none", proceedings: false, born: "2010-02-28", siblings: 2, wait: { weeks: 2 }, last_team: "CIN", children: [{ disabled: true }] },
      events: { conference: { held: "2026-01-10" } },
      documents: ["chronology"],
    };
    const result = validateCase(schema, input);
    expect(result).toEqual({ ...input, facts: { ...input.facts, wait: { months: 0, days: 14, workingDays: 0 } } });
    expect(result).not.toBe(input);
  });

  it("reads null as not known", () => {
    expect(validateCase(schema, { team: "RAT", facts: { plan: null } }).facts).toEqual({});
  });

  it("lists every problem with its path", () => {
    expect(
      problems({
        team: "XYZ",
        facts: { plan: "other", proceedings: "yes", born: "2026-02-30", siblings: "two", colour: "red", children: [{ disabled: 1, shoe: 3 }, 7] },
        events: { party: {}, conference: { held: "2026-01-10T09:00:00Z", when: "2026-01-01" } },
        documents: ["passport", 3],
        extra: true,
      }),
    ).toEqual([
      "$.extra: is not part of a case record; it has team, facts, events and documents",
      "$.team: `XYZ` is not a team; expected one of: RAT, CIN",
      "$.facts.plan: `other` is not one of the allowed values; expected one of: child_protection, none",
      '$.facts.proceedings: should be yes or no (true or false), but is the text "yes"',
      "$.facts.born: `2026-02-30` is not a real date written YYYY-MM-DD (no time or time zone)",
      '$.facts.siblings: should be a number, but is the text "two"',
      "$.facts.colour: is not a fact of this protocol",
      "$.facts.children[0].disabled: should be yes or no (true or false), but is number 1",
      "$.facts.children[0].shoe: there is no field `shoe`; the fields are: disabled, age",
      "$.facts.children[1]: should be a record, but is number 7",
      "$.events.party: is not an event of this protocol",
      "$.events.conference.held: `2026-01-10T09:00:00Z` is not a real date written YYYY-MM-DD (no time or time zone)",
      "$.events.conference.when: an event has only `held` and `scheduled` dates",
      "$.documents[0]: `passport` is not a document of this protocol; expected one of: chronology",
      "$.documents[1]: should be a document of this protocol (a string), but is number 3",
    ]);
  });

  it("suggests the name or value meant when one is close: alone when only capitals differ, before the list otherwise", () => {
    expect(
      problems({
        tem: "RAT",
        team: "rat",
        facts: { plam: "nnoe", procedings: true, last_team: "CNI", children: [{ disabld: true }] },
        events: { conferense: {}, conference: { hled: "2026-01-10" } },
        documents: ["chronolgy", "Chronology"],
      }),
    ).toEqual([
      "$.tem: is not part of a case record; did you mean `team`?",
      "$.team: `rat` is not a team; did you mean `RAT`?",
      "$.facts.plam: is not a fact of this protocol; did you mean `plan`?",
      "$.facts.procedings: is not a fact of this protocol; did you mean `proceedings`?",
      "$.facts.last_team: `CNI` is not a team; did you mean `CIN`? (expected one of: RAT, CIN)",
      "$.facts.children[0].disabld: there is no field `disabld`; did you mean `disabled`? (the fields are: disabled, age)",
      "$.events.conferense: is not an event of this protocol; did you mean `conference`?",
      "$.events.conference.hled: an event has only `held` and `scheduled` dates; did you mean `held`?",
      "$.documents[0]: `chronolgy` is not a document of this protocol; did you mean `chronology`? (expected one of: chronology)",
      "$.documents[1]: `Chronology` is not a document of this protocol; did you mean `chronology`?",
    ]);
    // Nothing close, nothing suggested: a guess from far away would mislead.
    expect(problems({ team: "RAT", facts: { plan: "nnoe" } })).toEqual(["$.facts.plan: `nnoe` is not one of the allowed values; did you mean `none`? (expected one of: child_protection, none)"]);
    expect(problems({ team: "RAT", facts: { plan: "urgent", weather: "rain" } })).toEqual([
      "$.facts.plan: `urgent` is not one of the allowed values; expected one of: child_protection, none",
      "$.facts.weather: is not a fact of this protocol",
    ]);
  });

  it("stops suggesting when a record has a great many long unknown names, and still lists every problem", () => {
    // 200 declared facts of 30 letters, and 99 unknown ones each a letter away from one of them.
    const name = (i: number) => `fact_${String(i).padStart(25, "0")}`;
    const manyFacts: Record<string, ValueSchema> = {};
    for (let i = 0; i < 200; i++) manyFacts[name(i)] = { kind: "yes/no" };
    const wide: CaseSchema = { ...schema, facts: manyFacts };
    const facts = Object.fromEntries(Array.from({ length: 99 }, (_, i) => [`Fact_${name(i).slice(5)}`.replace("F", "G"), true]));
    let listed: string[] = [];
    try {
      validateCase(wide, { team: "RAT", facts });
    } catch (error) {
      listed = (error as CaseError).problems.map((problem) => problem.message);
    }
    expect(listed).toHaveLength(99);
    // The first are compared with every declared fact; once the budget is spent, none is.
    expect(listed[0]).toMatch(/did you mean/);
    expect(listed.at(-1)).toBe("is not a fact of this protocol");
  });

  it("refuses prototype keys wherever they appear", () => {
    const hostile = JSON.parse('{"team":"RAT","__proto__":{"x":1},"facts":{"constructor":{"prototype":1},"children":[{"__proto__":{"polluted":true}}]},"events":{"prototype":{}}}');
    expect(problems(hostile)).toEqual([
      "$.__proto__: `__proto__` is not allowed as a key",
      "$.facts.constructor: `constructor` is not allowed as a key",
      "$.facts.children[0].__proto__: `__proto__` is not allowed as a key",
      "$.events.prototype: `prototype` is not allowed as a key",
    ]);
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });

  it("refuses NaN, Infinity, non-objects and durations that mix working days", () => {
    expect(problems({ team: "RAT", facts: { siblings: Number.NaN } })).toEqual(["$.facts.siblings: should be a number, but is NaN"]);
    expect(problems({ team: "RAT", facts: { siblings: Number.POSITIVE_INFINITY } })).toEqual(["$.facts.siblings: should be a number, but is Infinity"]);
    expect(problems(null)).toEqual(["$: should be a case record (an object with `team` and `facts`), but is null"]);
    expect(problems([])).toEqual(["$: should be a case record (an object with `team` and `facts`), but is a list"]);
    expect(problems({ facts: {} })).toEqual(["$.team: is missing: say which team holds the case"]);
    expect(problems({ team: "RAT", facts: { wait: { weeks: 1, workingDays: 2 } } })).toEqual(["$.facts.wait: cannot mix working days with other units"]);
    expect(problems({ team: "RAT", facts: { wait: { weeks: 1.5 } } })).toEqual(["$.facts.wait.weeks: should be a whole number of weeks, but is number 1.5"]);
  });

  it("stops listing after 100 problems, saying there are more, and copes with a million-entry list", () => {
    const many = Array.from({ length: 1_000_000 }, () => ({ disabled: true, age: 3 }));
    expect(validateCase(schema, { team: "RAT", facts: { children: many } }).facts["children"]).toHaveLength(1_000_000);
    const bad = Array.from({ length: 500 }, () => ({ disabled: "x" }));
    const listed = problems({ team: "RAT", facts: { children: bad } });
    expect(listed).toHaveLength(101);
    expect(listed[99]).toBe('$.facts.children[99].disabled: should be yes or no (true or false), but is the text "x"');
    expect(listed[100]).toBe("$: has more problems than the first 100 listed here; correct these and validate it again");
  });
});
