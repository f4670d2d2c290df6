// explain(): decisions in plain English, and CaseError listing every problem.
import { describe, expect, it } from "vitest";
import { CaseError, explain, type Decision } from "../src/index.js";

const base = { missing: [], needs: [], conflicting: [], trace: [] } satisfies Partial<Decision>;

describe("explain", () => {
  const transfer: Decision = {
    ...base,
    outcome: "transfer",
    rule: "Child protection cases move to CIN",
    source: "Section 2, table 1, CPR Case (1)",
    because: "Needs ongoing community support, but not at the level of legal proceedings.",
    from: "RAT",
    to: "CIN",
    due: "2026-01-10",
    requestBy: "2026-01-03",
    missing: ["chronology"],
    trace: [
      { rule: "Child protection cases move to CIN", status: "applied" },
      { rule: "Child protection cases in proceedings move to CIC", status: "not-applicable", reason: "proceedings is yes" },
      { rule: "Accommodated young people move to the 16+ team", status: "not-applicable" },
    ],
  };

  it("explains a transfer", () => {
    expect(explain(transfer)).toBe(
      [
        'Transfer from RAT to CIN on 2026-01-10, under rule "Child protection cases move to CIN" (Section 2, table 1, CPR Case (1)).',
        "Because: Needs ongoing community support, but not at the level of legal proceedings.",
        "Request the transfer by 2026-01-03.",
        "Still missing: chronology.",
        "Rules considered:",
        '- "Child protection cases move to CIN": applies.',
        '- "Child protection cases in proceedings move to CIC": does not apply (condition not met: proceedings is yes).',
        '- "Accommodated young people move to the 16+ team": does not apply.',
      ].join("\n"),
    );
  });

  it("uses labels where given and ids elsewhere", () => {
    const text = explain(transfer, {
      teams: { RAT: "Referral and Assessment Team", CIN: "Child in Need Team" },
      documents: { chronology: "Chronology" },
    });
    expect(text.split("\n")[0]).toBe(
      'Transfer from Referral and Assessment Team to Child in Need Team on 2026-01-10, under rule "Child protection cases move to CIN" (Section 2, table 1, CPR Case (1)).',
    );
    expect(text).toContain("Still missing: Chronology.");
  });

  it("does not take labels from the object prototype", () => {
    const decision: Decision = { ...base, outcome: "remain", rule: "Stay", to: "constructor" };
    expect(explain(decision, { teams: {} })).toBe('Remain with constructor, under rule "Stay".');
  });

  it("explains a needs-information decision", () => {
    const decision: Decision = {
      ...base,
      outcome: "needs-information",
      needs: ["proceedings", "date_of_birth"],
      trace: [
        { rule: "Child protection cases move to CIN", status: "applied" },
        {
          rule: "Child protection cases in proceedings move to CIC",
          status: "unknown",
          reason: "proceedings is not known",
        },
      ],
    };
    expect(explain(decision, { facts: { date_of_birth: "date of birth" } })).toBe(
      [
        "No decision yet: it depends on information not in the case record: proceedings, date of birth.",
        "Rules considered:",
        '- "Child protection cases move to CIN": applies.',
        '- "Child protection cases in proceedings move to CIC": might apply, depending on information not yet known (proceedings is not known).',
      ].join("\n"),
    );
  });

  it("explains a conflict", () => {
    const decision: Decision = {
      ...base,
      outcome: "conflict",
      conflicting: ["Disabled children go to CWD", "Older children go to 16+"],
      trace: [
        { rule: "Disabled children go to CWD", status: "applied" },
        { rule: "Older children go to 16+", status: "applied" },
        { rule: "Default to CIN", status: "overridden", by: "Disabled children go to CWD" },
      ],
    };
    expect(explain(decision)).toBe(
      [
        'Conflict: rules "Disabled children go to CWD" and "Older children go to 16+" all apply but say different things, so the protocol cannot decide this case.',
        "Rules considered:",
        '- "Disabled children go to CWD": applies.',
        '- "Older children go to 16+": applies.',
        '- "Default to CIN": overridden by "Disabled children go to CWD".',
      ].join("\n"),
    );
  });

  it("explains a transfer waiting for an event", () => {
    const decision: Decision = {
      ...base,
      outcome: "transfer",
      rule: "Child protection cases in proceedings move to CIC",
      source: "Section 2, table 1, CPR Case (3)",
      from: "RAT",
      to: "CIC",
      due: null,
      waitingFor: "first_review_conference",
      requestBy: null,
      trace: [
        {
          rule: "Child protection cases move to CIN",
          status: "overridden",
          by: "Child protection cases in proceedings move to CIC",
          reason: "care proceedings have begun",
        },
        { rule: "Child protection cases in proceedings move to CIC", status: "applied" },
      ],
    };
    expect(explain(decision, { events: { first_review_conference: "the First Child Protection Review Conference" } })).toBe(
      [
        'Transfer from RAT to CIC when the First Child Protection Review Conference takes place (it is not yet held or scheduled), under rule "Child protection cases in proceedings move to CIC" (Section 2, table 1, CPR Case (3)).',
        "The date by which to request the transfer cannot be worked out yet.",
        "Rules considered:",
        '- "Child protection cases move to CIN": overridden by "Child protection cases in proceedings move to CIC" (care proceedings have begun).',
        '- "Child protection cases in proceedings move to CIC": applies.',
      ].join("\n"),
    );
  });

  it("explains a transfer whose date needs an unknown fact", () => {
    const decision: Decision = {
      ...base,
      outcome: "transfer",
      rule: "Accommodated young people move to the 16+ team",
      from: "CIC",
      to: "Plus16",
      due: null,
      needs: ["date_of_birth"],
      jointWorkFrom: "2026-02-01",
    };
    expect(explain(decision)).toBe(
      [
        'Transfer from CIC to Plus16 on a date that cannot be worked out yet, under rule "Accommodated young people move to the 16+ team".',
        "Joint work starts on 2026-02-01.",
        "Still needed to work out the dates: date_of_birth.",
      ].join("\n"),
    );
  });

  it("explains the protocol's default outcomes and no-rule", () => {
    expect(explain({ ...base, outcome: "refer", panel: "TransferPanel" }, { panels: { TransferPanel: "the Transfer Panel" } })).toBe(
      "Refer to the Transfer Panel, because no rule applies and this is the protocol's default.",
    );
    expect(explain({ ...base, outcome: "remain" })).toBe(
      "Remain with the current team, because no rule applies and this is the protocol's default.",
    );
    expect(explain({ ...base, outcome: "no-rule" })).toBe(
      "No rule applies to this case, and the protocol sets no default outcome.",
    );
  });
});

describe("CaseError", () => {
  it("carries every problem and lists them all in its message", () => {
    const error = new CaseError([
      { path: "$.team", message: "expected one of RAT, CIN, CIC, Plus16" },
      { path: "$.facts.date_of_birth", message: '"2026-02-30" is not a real date' },
    ]);
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(CaseError);
    expect(error.name).toBe("CaseError");
    expect(error.problems).toEqual([
      { path: "$.team", message: "expected one of RAT, CIN, CIC, Plus16" },
      { path: "$.facts.date_of_birth", message: '"2026-02-30" is not a real date' },
    ]);
    expect(error.message).toBe(
      'The case record has 2 problems:\n- $.team: expected one of RAT, CIN, CIC, Plus16\n- $.facts.date_of_birth: "2026-02-30" is not a real date',
    );
  });

  it("says 1 problem, not 1 problems", () => {
    expect(new CaseError([{ path: "$", message: "expected an object" }]).message).toBe(
      "The case record has 1 problem:\n- $: expected an object",
    );
  });

  it("is not changed by later edits to the array it was given", () => {
    const problems = [{ path: "$", message: "expected an object" }];
    const error = new CaseError(problems);
    problems.push({ path: "$.x", message: "extra" });
    expect(error.problems).toHaveLength(1);
  });
});

describe("a decision waiting only for an event", () => {
  it("names the event instead of an empty list", async () => {
    const { explain } = await import("../src/index.js");
    const text = explain({ outcome: "needs-information", waitingFor: "review", missing: [], needs: [], conflicting: [], trace: [] }, { events: { review: "Looked After review" } });
    expect(text.split("\n")[0]).toBe("No decision yet: it depends on the date of Looked After review, which is not yet held or scheduled.");
  });
});
