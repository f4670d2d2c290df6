// validateAndDecide, what a compiled protocol's `decide` calls: a plain valid record is decided as
// it is, without the clean copy, and must give exactly the decision the copy gives; names every
// object inherits stay unknown when left out; the caller's record is never changed; and records
// that are refused are refused with the same problems as `validateCase` lists.
import { describe, expect, it } from "vitest";
import {
  CaseError,
  decideCase,
  validateAndDecide,
  validateCase,
  type CaseSchema,
  type Condition,
  type Decision,
  type Evaluation,
  type ProtocolSpec,
  type RuleSpec,
} from "../src/index.js";
import { readableAsGiven } from "../src/validate-fast.js";
import { decideCaseInFull } from "../src/decide.js";
import type { CaseInput as CaseInputLike } from "../src/case-input.js";

/** A yes/no fact that must be yes; unknown when the case leaves it out. */
function yes(fact: string): Condition {
  return {
    kind: "test",
    text: `${fact} is yes`,
    test: (e: Evaluation) => (e.facts[fact] === undefined ? undefined : e.facts[fact] === true),
    reads: { facts: [fact], events: [] },
  };
}
/** `event held`, read as the runtime's `held` reads it. */
function held(event: string): Condition {
  return {
    kind: "test",
    text: `${event} held`,
    test: (e: Evaluation) => e.input.events?.[event]?.held !== undefined,
    reads: { facts: [], events: [event] },
  };
}
/** `any children where <field>`: unknown when an entry leaves the field out. */
function anyChild(field: string): Condition {
  return {
    kind: "test",
    text: `any children where ${field}`,
    test: (e: Evaluation) => {
      const list = e.facts["children"] as Record<string, unknown>[] | undefined;
      if (list === undefined) return undefined;
      let result: boolean | undefined = false;
      for (const entry of list) {
        const value = entry[field];
        if (value === true) return true;
        if (value === undefined) result = undefined;
      }
      return result;
    },
    reads: { facts: ["children"], events: [] },
  };
}
function rule(name: string, condition: Condition, to = "CIN"): RuleSpec {
  return { name, condition, action: { kind: "transfer", to, timing: {} }, overriddenBy: [], requires: ["chronology"] };
}
function protocol(rules: RuleSpec[]): ProtocolSpec {
  return { calendar: "england-and-wales", holidays: [], otherwise: { kind: "remain" }, rules };
}
const today = "2026-01-12";

describe("validateAndDecide on plain names", () => {
  const schema: CaseSchema = {
    teams: ["RAT", "CIN"],
    events: ["conference"],
    documents: ["chronology"],
    facts: { proceedings: { kind: "yes/no" }, children: { kind: "list", fields: { disabled: { kind: "yes/no" } } } },
  };
  const spec = protocol([
    rule("Proceedings", { kind: "and", parts: [yes("proceedings"), held("conference")] }),
    rule("Disabled", anyChild("disabled"), "RAT"),
  ]);
  const record = {
    team: "RAT",
    facts: { proceedings: true, children: [{ disabled: false }] },
    events: { conference: { held: "2026-01-10" } },
    documents: ["chronology", "chronology"],
  };

  it("reads a plain valid record as it is, and decides as on the clean copy", () => {
    expect(readableAsGiven(schema, record)).toBe(true);
    const decision = validateAndDecide(schema, spec, record, { today });
    expect(decision).toMatchObject({ outcome: "transfer", to: "CIN", missing: [] });
    expect(decision).toEqual(decideCase(spec, validateCase(schema, record), { today }));
  });

  it("never changes the caller's record", () => {
    const before = JSON.stringify(record);
    const frozen = structuredClone(record);
    const deepFreeze = (value: unknown): void => {
      if (typeof value === "object" && value !== null) {
        Object.freeze(value);
        for (const inner of Object.values(value)) deepFreeze(inner);
      }
    };
    deepFreeze(frozen);
    expect(validateAndDecide(schema, spec, frozen, { today, trace: false }).outcome).toBe("transfer");
    validateAndDecide(schema, spec, record, { today });
    expect(JSON.stringify(record)).toBe(before);
  });

  it("copies records holding null, which the copy leaves out, and decides them the same", () => {
    const withNulls = { team: "RAT", facts: { proceedings: null, children: [{ disabled: null }] }, events: { conference: { held: null } } };
    expect(readableAsGiven(schema, withNulls)).toBe(false);
    const decision = validateAndDecide(schema, spec, withNulls, { today });
    expect(decision).toEqual(validateAndDecide(schema, spec, { team: "RAT", facts: { children: [{}] }, events: { conference: {} } }, { today }));
    expect(decision.outcome).toBe("needs-information");
    expect(decision.needs).toEqual(["children"]);
  });

  it("decides a record with no facts, events or documents", () => {
    expect(readableAsGiven(schema, { team: "CIN" })).toBe(true);
    expect(validateAndDecide(schema, spec, { team: "CIN" }, { today })).toEqual(decideCase(spec, validateCase(schema, { team: "CIN" }), { today }));
  });

  it("refuses an invalid record with exactly the problems validateCase lists", () => {
    const bad = [
      { team: "Nobody", facts: { proceedings: "yes" } },
      { team: "RAT", facts: { proceedings: true, prototype: 1 } },
      { team: "RAT", facts: { children: [{ disabled: 1, extra: true }] }, documents: ["chronology", "nope"] },
      { team: "RAT", events: { conference: { held: "2026-02-30" } } },
      JSON.parse('{"team":"RAT","facts":{"__proto__":{"proceedings":true}}}') as unknown,
    ];
    for (const input of bad) {
      expect(readableAsGiven(schema, input)).toBe(false);
      let expected: unknown;
      try {
        validateCase(schema, input);
      } catch (error) {
        expected = error;
      }
      expect(expected).toBeInstanceOf(CaseError);
      expect(() => validateAndDecide(schema, spec, input, { today })).toThrow(CaseError);
      try {
        validateAndDecide(schema, spec, input, { today });
      } catch (error) {
        expect((error as CaseError).problems).toEqual((expected as CaseError).problems);
      }
    }
  });

  it("validate still returns a clean copy of a record decide reads as it is", () => {
    const copy = validateCase(schema, record);
    expect(copy).not.toBe(record);
    expect(copy.facts).not.toBe(record.facts);
    // The copy inherits nothing: no method every object has can be read as a fact, event or field.
    for (const part of [copy.facts, copy.events!, copy.events!["conference"]!, (copy.facts["children"] as object[])[0]!]) {
      expect("toString" in part).toBe(false);
      expect((part as Record<string, unknown>)["constructor"]).toBeUndefined();
      expect(Object.getPrototypeOf(Object.getPrototypeOf(part))).toBeNull();
    }
    expect(JSON.parse(JSON.stringify(copy))).toEqual({ ...record, documents: ["chronology"] });
    // Given back, the copy is its own clean copy: it is frozen, so still as it was checked.
    expect(validateCase(schema, copy)).toBe(copy);
  });
});

describe("a record validate returned", () => {
  const schema: CaseSchema = {
    teams: ["RAT", "CIN"],
    events: ["conference"],
    documents: ["chronology"],
    facts: { proceedings: { kind: "yes/no" }, children: { kind: "list", fields: { disabled: { kind: "yes/no" } } }, wait: { kind: "duration" } },
  };
  const spec = protocol([rule("Proceedings", { kind: "and", parts: [yes("proceedings"), held("conference")] }), rule("Disabled", anyChild("disabled"), "RAT")]);
  const record = { team: "RAT", facts: { proceedings: true, children: [{ disabled: false }], wait: { weeks: 2 } }, events: { conference: { held: "2026-01-10" } }, documents: ["chronology"] };

  // Without the duration, the quick copier makes the copy; with it, the full validator does.
  const { wait: _wait, ...quickFacts } = record.facts;
  it.each([
    ["made by the full validator", record],
    ["made by the quick copier", { ...record, facts: quickFacts }],
  ])("is frozen all the way down, so it cannot be changed after it was checked (%s)", (_, given) => {
    const copy = validateCase(schema, given) as unknown as Record<string, Record<string, unknown>>;
    expect(() => {
      copy["facts"]!["proceedings"] = "maybe";
    }).toThrow(TypeError);
    expect(() => {
      (copy["facts"]!["children"] as Record<string, unknown>[])[0]!["disabled"] = "maybe";
    }).toThrow(TypeError);
    expect(() => {
      (copy["events"]!["conference"] as Record<string, unknown>)["held"] = "2026-13-01";
    }).toThrow(TypeError);
    expect(() => (copy["documents"] as unknown as string[]).push("nope")).toThrow(TypeError);
    expect(() => {
      copy["team"] = "Nobody" as never;
    }).toThrow(TypeError);
    if (given === record) expect(Object.isFrozen(copy["facts"]!["wait"])).toBe(true);
  });

  it("is decided as the record it was made from, with a trace and without", () => {
    const copy = validateCase(schema, record);
    for (const trace of [true, false]) {
      expect(validateAndDecide(schema, spec, copy, { today, trace })).toEqual(validateAndDecide(schema, spec, record, { today, trace }));
    }
  });

  it("is checked again by a protocol with another schema, and refused if it does not fit", () => {
    const copy = validateCase(schema, record);
    const other: CaseSchema = { ...schema, teams: ["CIN"] };
    expect(() => validateAndDecide(other, spec, copy, { today })).toThrow(CaseError);
  });

  it("loses the mark when copied: a changed copy is checked, and refused when wrong", () => {
    const copy = validateCase(schema, record);
    const changed = { ...copy, facts: { ...copy.facts, proceedings: "maybe" } };
    expect(() => validateAndDecide(schema, spec, changed, { today })).toThrow(CaseError);
  });

  it("still has its today checked", () => {
    expect(() => validateAndDecide(schema, spec, validateCase(schema, record), { today: "2026-02-30" })).toThrow(CaseError);
  });

  it("carries no mark anyone can see or copy", () => {
    const copy = validateCase(schema, record);
    expect(Object.keys(copy)).toEqual(["team", "facts", "events", "documents"]);
    expect(Object.getOwnPropertySymbols(copy)).toEqual([]);
    expect(Object.keys(JSON.parse(JSON.stringify(copy)) as object)).toEqual(["team", "facts", "events", "documents"]);
    // Copied whole, it is a record like any other: checked, and refused when wrong.
    const lookalike = Object.assign(Object.create(Object.getPrototypeOf(copy) as object) as object, copy, { team: "Nobody" });
    expect(() => validateAndDecide(schema, spec, lookalike, { today })).toThrow(CaseError);
  });

  it("has the day to decide on checked on every call, whatever day the call before decided on", () => {
    validateAndDecide(schema, spec, record, { today });
    for (const wrong of ["", "2026-02-30", "2026-1-12", " 2026-01-12", "2026-01-12T00:00"]) {
      // Twice: a wrong day is not remembered as a day already found real.
      expect(() => validateAndDecide(schema, spec, record, { today: wrong })).toThrow(CaseError);
      expect(() => validateAndDecide(schema, spec, record, { today: wrong })).toThrow(CaseError);
      // ...and a real day is accepted again after a wrong one.
      expect(validateAndDecide(schema, spec, record, { today }).outcome).toBeDefined();
    }
    expect(validateAndDecide(schema, spec, record, { today: "2024-02-29" }).outcome).toBeDefined();
    expect(() => validateAndDecide(schema, spec, record, { today: "2025-02-29" })).toThrow(CaseError);
  });
});

describe("decide without a trace, quickly and in full", () => {
  const exception = (name: string, condition: Condition, overriddenBy: string[], to: string): RuleSpec => ({ ...rule(name, condition, to), overriddenBy });
  const spec = protocol([
    exception("General", yes("proceedings"), ["Exception"], "CIN"),
    exception("Exception", { kind: "and", parts: [yes("proceedings"), yes("disabled")] }, [], "RAT"),
    exception("Other", yes("other"), [], "CIN"),
    exception("Held", held("conference"), [], "CIN"),
  ]);
  const values = [true, false, undefined];
  const cases: CaseInputLike[] = [];
  for (const proceedings of values)
    for (const disabled of values)
      for (const other of values)
        for (const conference of [{ held: "2026-01-10" }, undefined]) {
          const facts: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
          if (proceedings !== undefined) facts["proceedings"] = proceedings;
          if (disabled !== undefined) facts["disabled"] = disabled;
          if (other !== undefined) facts["other"] = other;
          cases.push({ team: "RAT", facts, events: conference ? { conference } : {}, documents: [] });
        }

  it("decide every case alike: settled ones quickly, the rest (unknowns, several candidates) in full", () => {
    const outcomes = new Set<string>();
    for (const input of cases) {
      const quick = decideCase(spec, input, { today, trace: false });
      expect(quick).toEqual(decideCaseInFull(spec, input, { today, trace: false }));
      outcomes.add(quick.outcome);
    }
    // The cases reach every kind of decision the rules can give.
    expect([...outcomes].sort()).toEqual(["conflict", "needs-information", "remain", "transfer"]);
  });
});

describe("validateAndDecide on names every object inherits", () => {
  const schema: CaseSchema = {
    teams: ["RAT", "CIN"],
    events: ["valueOf"],
    documents: ["chronology"],
    facts: { toString: { kind: "yes/no" } as const, children: { kind: "list", fields: { hasOwnProperty: { kind: "yes/no" } as const } } },
  };
  const spec = protocol([
    rule("toString", yes("toString")),
    rule("valueOf", held("valueOf"), "RAT"),
    rule("hasOwnProperty", anyChild("hasOwnProperty"), "RAT"),
  ]);

  it("is never read as given", () => {
    expect(readableAsGiven(schema, { team: "RAT" })).toBe(false);
    expect(readableAsGiven({ ...schema, events: [], facts: { toString: { kind: "yes/no" } as const } }, { team: "RAT" })).toBe(false);
    expect(readableAsGiven({ ...schema, events: ["valueOf"], facts: {} }, { team: "RAT" })).toBe(false);
    expect(readableAsGiven({ ...schema, events: [], facts: { children: schema.facts["children"]! } }, { team: "RAT" })).toBe(false);
    expect(readableAsGiven({ ...schema, events: [], facts: { constructor: { kind: "yes/no" } as const } }, { team: "RAT" })).toBe(false);
  });

  it("reads a fact, event or field the record leaves out as unknown, not as the inherited method", () => {
    const decision = validateAndDecide(schema, spec, { team: "RAT", facts: { children: [{}] } }, { today });
    expect(decision.outcome).toBe("needs-information");
    expect(decision.needs).toEqual(["children", "toString"]);
    const rules = Object.fromEntries(decision.trace.map((entry) => [entry.rule, entry.status]));
    expect(rules).toEqual({ toString: "unknown", valueOf: "not-applicable", hasOwnProperty: "unknown" });
  });

  it("reads them when the record gives them", () => {
    const decision = validateAndDecide(
      schema,
      spec,
      { team: "RAT", facts: { toString: true, children: [{ hasOwnProperty: false }] }, events: { valueOf: { scheduled: "2026-02-01" } } },
      { today, trace: false },
    );
    expect(decision).toMatchObject({ outcome: "transfer", to: "CIN", rule: "toString" });
  });
});

describe("a protocol's compiled `quick` way", () => {
  const schema: CaseSchema = { teams: ["RAT", "CIN"], events: [], documents: ["chronology"], facts: { urgent: { kind: "yes/no" } } };
  const base = protocol([rule("Urgent cases move", yes("urgent"))]);
  const record = { team: "RAT", facts: { urgent: true } };
  const full = decideCase(base, record, { today, trace: false });
  const made: Decision = { outcome: "refer", panel: "QUICK", missing: [], needs: [], conflicting: [], trace: [] };

  it("gives its decision for decisions without a trace, reading the checked record and today", () => {
    const seen: Evaluation[] = [];
    const spec: ProtocolSpec = { ...base, quick: (e) => (seen.push(e), made) };
    expect(validateAndDecide(schema, spec, record, { today, trace: false })).toBe(made);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ input: record, facts: { urgent: true }, today });
    // A record `validate` returned is read as it is too.
    const copy = validateCase(schema, record);
    expect(validateAndDecide(schema, spec, copy, { today, trace: false })).toBe(made);
    expect(seen[1]!.input).toBe(copy);
  });

  it("is not asked for a decision with a trace", () => {
    const spec: ProtocolSpec = { ...base, quick: () => made };
    const traced = validateAndDecide(schema, spec, record, { today });
    expect(traced).toEqual(decideCase(base, record, { today }));
    expect(traced.trace).toHaveLength(1);
  });

  it("leaves the decision to the full procedure when it gives none, or fails", () => {
    for (const quick of [() => undefined, () => { throw new Error("a date past the bank holiday data"); }]) {
      const spec: ProtocolSpec = { ...base, quick };
      expect(validateAndDecide(schema, spec, record, { today, trace: false })).toEqual(full);
    }
    expect(full).toMatchObject({ outcome: "transfer", rule: "Urgent cases move", to: "CIN" });
  });

  it("is never given a record that is refused", () => {
    let asked = false;
    const spec: ProtocolSpec = { ...base, quick: () => ((asked = true), made) };
    expect(() => validateAndDecide(schema, spec, { team: "RAT", facts: { urgent: "yes" } }, { today, trace: false })).toThrow(CaseError);
    expect(asked).toBe(false);
  });
});
