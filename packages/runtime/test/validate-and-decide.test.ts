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
  type Evaluation,
  type ProtocolSpec,
  type RuleSpec,
} from "../src/index.js";
import { readableAsGiven } from "../src/validate-fast.js";

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
    expect(Object.getPrototypeOf(copy.facts)).toBeNull();
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
