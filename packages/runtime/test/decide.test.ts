// The decision procedure of spec section 5 on hand-built rules: exception chains, conflicts,
// otherwise, three-valued logic and needs-information, timings, notice and documents.
import { describe, expect, it } from "vitest";
import {
  decideCase,
  duration,
  type ActionSpec,
  type CaseInput,
  type Condition,
  type Duration,
  type ProtocolSpec,
  type RuleSpec,
  type TimingSpec,
  type ValueSpec,
} from "../src/index.js";

// ---- builders: what the compiler will generate, written by hand ----

const none = { facts: [], events: [] };

/** `fact is value` (or a yes/no fact when `value` is omitted). */
function is(fact: string, value: unknown = true): Condition {
  return {
    kind: "test",
    text: value === true ? `${fact} is yes` : `${fact} is ${String(value)}`,
    test: (e) => (e.facts[fact] === undefined ? undefined : e.facts[fact] === value),
    reads: { facts: [fact], events: [] },
  };
}
const and = (...parts: Condition[]): Condition => ({ kind: "and", parts });
const or = (text: string, ...parts: Condition[]): Condition => ({ kind: "or", text, parts });
const not = (part: Condition, text: string): Condition => ({ kind: "not", part, text });

function factDate(fact: string): ValueSpec<string> {
  return { text: fact, value: (e) => e.facts[fact] as string | undefined, reads: { facts: [fact], events: [] } };
}
function eventDate(event: string): ValueSpec<string> {
  return {
    text: event,
    value: (e) => e.input.events?.[event]?.held ?? e.input.events?.[event]?.scheduled,
    reads: { facts: [], events: [event] },
  };
}
const constant = (value: Duration): ValueSpec<Duration> => ({ text: "", value: () => value, reads: none });
const immediately: TimingSpec = {};
const at = (event: string): TimingSpec => ({ anchor: eventDate(event) });
const on = (anchor: ValueSpec<string>): TimingSpec => ({ anchor });
const after = (amount: Duration, anchor: ValueSpec<string>): TimingSpec => ({ anchor, offset: { sign: 1, duration: constant(amount) } });
const before = (amount: Duration, anchor: ValueSpec<string>): TimingSpec => ({ anchor, offset: { sign: -1, duration: constant(amount) } });
const transfer = (to: string | ValueSpec<string>, timing: TimingSpec = immediately, jointWork?: TimingSpec): ActionSpec => ({
  kind: "transfer",
  to,
  timing,
  ...(jointWork ? { jointWork } : {}),
});

function rule(name: string, condition: Condition, action: ActionSpec, extra: Partial<RuleSpec> = {}): RuleSpec {
  return { name, condition, action, overriddenBy: [], requires: [], ...extra };
}

function protocol(rules: RuleSpec[], extra: Partial<ProtocolSpec> = {}): ProtocolSpec {
  return { calendar: "england-and-wales", holidays: [], rules, ...extra };
}

function decide(spec: ProtocolSpec, input: Partial<CaseInput> & { facts?: Record<string, unknown> }, today = "2026-01-12") {
  return decideCase(spec, { team: "RAT", facts: {}, ...input }, { today });
}

// ---- the spec's section 1 protocol, by hand ----

const cpToCin = rule("Child protection cases move to CIN", is("plan", "child_protection"), transfer("CIN", at("initial_conference")), {
  from: ["RAT"],
  source: "Section 2, table 1, CPR Case (1)",
  because: "Needs ongoing community support, but not at the level of legal proceedings.",
  requires: ["core_assessment", "chronology"],
  overriddenBy: ["Child protection cases in proceedings move to CIC"],
});
const cpToCic = rule(
  "Child protection cases in proceedings move to CIC",
  and(is("plan", "child_protection"), is("proceedings")),
  transfer("CIC", at("first_review_conference")),
  { from: ["RAT"] },
);
const hillingdon = protocol([cpToCin, cpToCic], { otherwise: { kind: "refer", panel: "TransferPanel" } });

describe("the spec's section 1 example", () => {
  it("moves a CP case to CIN at the initial conference, listing the missing chronology", () => {
    const decision = decide(hillingdon, {
      facts: { plan: "child_protection", proceedings: false },
      events: { initial_conference: { held: "2026-01-10" } },
      documents: ["core_assessment"],
    });
    expect(decision).toEqual({
      outcome: "transfer",
      rule: "Child protection cases move to CIN",
      source: "Section 2, table 1, CPR Case (1)",
      because: "Needs ongoing community support, but not at the level of legal proceedings.",
      from: "RAT",
      to: "CIN",
      due: "2026-01-10",
      missing: ["chronology"],
      needs: [],
      conflicting: [],
      trace: [
        { rule: "Child protection cases move to CIN", status: "applied" },
        { rule: "Child protection cases in proceedings move to CIC", status: "not-applicable", reason: "proceedings is yes" },
      ],
    });
  });

  it("lets the exception override the general rule", () => {
    const decision = decide(hillingdon, { facts: { plan: "child_protection", proceedings: true } });
    expect(decision).toMatchObject({ outcome: "transfer", to: "CIC", due: null, waitingFor: "first_review_conference" });
    expect(decision.trace[0]).toMatchObject({ status: "overridden", by: "Child protection cases in proceedings move to CIC" });
  });

  it("asks whether proceedings have begun, since the answer changes the team", () => {
    const decision = decide(hillingdon, { facts: { plan: "child_protection" } });
    expect(decision).toMatchObject({ outcome: "needs-information", needs: ["proceedings"] });
    expect(decision.trace[1]).toMatchObject({ status: "unknown", reason: "it may apply: proceedings is not known" });
  });

  it("does not ask about proceedings when the plan rules both rules out", () => {
    const decision = decide(hillingdon, { facts: { plan: "none" } });
    expect(decision).toMatchObject({ outcome: "refer", panel: "TransferPanel", needs: [] });
  });

  it("asks for every fact still open when nothing is known", () => {
    // Either fact could settle the second rule (plan not child protection, or no proceedings).
    expect(decide(hillingdon, {})).toMatchObject({ outcome: "needs-information", needs: ["plan", "proceedings"] });
  });

  it("does not apply to a case held by another team", () => {
    const decision = decide(hillingdon, { team: "CIN", facts: { plan: "child_protection", proceedings: false } });
    expect(decision.outcome).toBe("refer");
    expect(decision.trace[0]).toMatchObject({ status: "not-applicable", reason: "the case is held by CIN, not RAT" });
  });
});

describe("exception chains", () => {
  // C is an exception to B, B to A: C overrides A through B even when B does not apply.
  const chain = protocol([
    rule("A", is("a"), transfer("CIN"), { overriddenBy: ["B", "C"] }),
    rule("B", is("b"), transfer("CIC"), { overriddenBy: ["C"] }),
    rule("C", is("c"), transfer("Plus16")),
  ]);

  it("overrides through a rule that does not apply", () => {
    const decision = decide(chain, { facts: { a: true, b: false, c: true } });
    expect(decision).toMatchObject({ outcome: "transfer", to: "Plus16", rule: "C" });
    expect(decision.trace.map((entry) => entry.status)).toEqual(["overridden", "not-applicable", "applied"]);
    expect(decision.trace[0]!.by).toBe("C");
  });

  it("asks about an unknown exception that could override the deciding rule", () => {
    expect(decide(chain, { facts: { a: true, b: false } })).toMatchObject({ outcome: "needs-information", needs: ["c"] });
  });

  it("does not ask about a rule that is overridden anyway", () => {
    // B is unknown, but C certainly applies and overrides it.
    expect(decide(chain, { facts: { a: true, c: true } })).toMatchObject({ outcome: "transfer", to: "Plus16", needs: [] });
  });
});

describe("conflicts and agreement", () => {
  it("reports two applicable rules with different targets as a conflict, naming both", () => {
    const spec = protocol([rule("To CIN", is("a"), transfer("CIN")), rule("To CIC", is("b"), transfer("CIC"))]);
    expect(decide(spec, { facts: { a: true, b: true } })).toMatchObject({ outcome: "conflict", conflicting: ["To CIN", "To CIC"] });
  });

  it("reports the same target at different times as a conflict", () => {
    const spec = protocol([
      rule("Now", is("a"), transfer("CIN")),
      rule("Later", is("b"), transfer("CIN", after(duration({ weeks: 2 }), factDate("referred")))),
    ]);
    expect(decide(spec, { facts: { a: true, b: true, referred: "2026-01-01" } }).outcome).toBe("conflict");
  });

  it("accepts rules that agree, deciding by the first and requiring all their documents", () => {
    const spec = protocol([
      rule("One", is("a"), transfer("CIN"), { requires: ["chronology"] }),
      rule("Two", is("b"), transfer("CIN"), { requires: ["assessment"] }),
    ]);
    expect(decide(spec, { facts: { a: true, b: true } })).toMatchObject({ outcome: "transfer", rule: "One", missing: ["chronology", "assessment"] });
  });

  it("does not ask about an unknown rule that would give the same action", () => {
    const spec = protocol([rule("One", is("a"), transfer("CIN")), rule("Two", is("b"), transfer("CIN"))]);
    const decision = decide(spec, { facts: { a: true } });
    expect(decision).toMatchObject({ outcome: "transfer", to: "CIN", needs: [] });
    expect(decision.trace[1]!.reason).toBe("it may apply (b is not known), but that would not change the decision");
  });

  it("asks about an unknown rule that would give a different action", () => {
    const spec = protocol([rule("One", is("a"), transfer("CIN")), rule("Two", is("b"), transfer("CIC"))]);
    expect(decide(spec, { facts: { a: true } })).toMatchObject({ outcome: "needs-information", needs: ["b"] });
  });
});

describe("three-valued conditions", () => {
  it("does not ask for an unknown that cannot change the answer (false and unknown is false)", () => {
    const spec = protocol([rule("R", and(is("a"), is("b")), transfer("CIN"))]);
    expect(decide(spec, { facts: { a: false } })).toMatchObject({ outcome: "no-rule", needs: [] });
  });

  it("does not ask when true or unknown is true", () => {
    const spec = protocol([rule("R", or("a or b", is("a"), is("b")), transfer("CIN"))]);
    expect(decide(spec, { facts: { a: true } })).toMatchObject({ outcome: "transfer", needs: [] });
  });

  it("asks for exactly the facts still open", () => {
    const spec = protocol([rule("R", and(is("a"), or("b or c", is("b"), is("c")), is("d")), transfer("CIN"))]);
    expect(decide(spec, { facts: { a: true, b: false } })).toMatchObject({ outcome: "needs-information", needs: ["c", "d"] });
  });

  it("reads `unless` as `and not`, giving the requirement that failed", () => {
    const spec = protocol([rule("R", and(is("a"), not(is("closed"), "unless closed is yes")), transfer("CIN"))]);
    const decision = decide(spec, { facts: { a: true, closed: true } });
    expect(decision.trace[0]).toEqual({ rule: "R", status: "not-applicable", reason: "unless closed is yes" });
  });
});

describe("otherwise and no rule", () => {
  const spec = (otherwise?: ProtocolSpec["otherwise"]) => protocol([rule("R", is("a"), transfer("CIN"))], otherwise ? { otherwise } : {});
  it("gives no-rule without `otherwise`", () => expect(decide(spec(), { facts: { a: false } }).outcome).toBe("no-rule"));
  it("remains with `otherwise remain`", () => expect(decide(spec({ kind: "remain" }), { facts: { a: false } }).outcome).toBe("remain"));
  it("refers with `otherwise refer to`", () =>
    expect(decide(spec({ kind: "refer", panel: "P" }), { facts: { a: false } })).toMatchObject({ outcome: "refer", panel: "P" }));
  it("asks before falling back to `otherwise`", () =>
    expect(decide(spec({ kind: "remain" }), {})).toMatchObject({ outcome: "needs-information", needs: ["a"] }));
});

describe("actions", () => {
  it("sends the case to the team a fact names", () => {
    const lastTeam: ValueSpec<string> = { text: "last_team", value: (e) => e.facts["last_team"] as string | undefined, reads: { facts: ["last_team"], events: [] } };
    const spec = protocol([rule("Back", is("returning"), transfer(lastTeam))]);
    expect(decide(spec, { facts: { returning: true, last_team: "CIN" } })).toMatchObject({ outcome: "transfer", to: "CIN" });
    expect(decide(spec, { facts: { returning: true } })).toMatchObject({ outcome: "needs-information", needs: ["last_team"] });
  });

  it("remains, with or without a team, and refers to a panel", () => {
    expect(decide(protocol([rule("R", is("a"), { kind: "remain" })]), { facts: { a: true } })).toMatchObject({ outcome: "remain", rule: "R" });
    expect(decide(protocol([rule("R", is("a"), { kind: "remain", team: "CIN" })]), { facts: { a: true } })).toMatchObject({ outcome: "remain", to: "CIN" });
    expect(decide(protocol([rule("R", is("a"), { kind: "refer", panel: "P" })]), { facts: { a: true } })).toMatchObject({ outcome: "refer", panel: "P" });
  });
});

describe("timings", () => {
  const born = factDate("date_of_birth");
  const timed = (timing: TimingSpec, extra: Partial<ProtocolSpec> = {}, ruleExtra: Partial<RuleSpec> = {}) =>
    protocol([rule("R", is("a"), transfer("Plus16", timing), ruleExtra)], extra);
  const facts = { a: true, date_of_birth: "2010-06-30" };

  it("is due today when immediate", () => expect(decide(timed(immediately), { facts }).due).toBe("2026-01-12"));

  it("is due on the event's date, held or scheduled, and waits for an unscheduled one", () => {
    expect(decide(timed(at("vcm")), { facts, events: { vcm: { scheduled: "2026-02-02" } } }).due).toBe("2026-02-02");
    expect(decide(timed(at("vcm")), { facts, events: { vcm: { held: "2026-01-05", scheduled: "2026-01-02" } } }).due).toBe("2026-01-05");
    expect(decide(timed(at("vcm")), { facts })).toMatchObject({ outcome: "transfer", due: null, waitingFor: "vcm", needs: [] });
  });

  it("works out dates with months clamped, and working days over Christmas", () => {
    expect(decide(timed(after(duration({ years: 15, months: 9 }), born)), { facts }).due).toBe("2026-03-30");
    expect(decide(timed(after(duration({ workingDays: 3 }), eventDate("vcm"))), { facts, events: { vcm: { held: "2026-12-23" } } }).due).toBe(
      "2026-12-30",
    );
    expect(decide(timed(before(duration({ weeks: 2 }), eventDate("review"))), { facts, events: { review: { scheduled: "2026-03-01" } } }).due).toBe(
      "2026-02-15",
    );
    expect(decide(timed(on(born)), { facts }).due).toBe("2010-06-30");
  });

  it("still decides a transfer whose date needs an unknown fact, listing it", () => {
    expect(decide(timed(after(duration({ years: 16 }), born)), { facts: { a: true } })).toMatchObject({
      outcome: "transfer",
      to: "Plus16",
      due: null,
      needs: ["date_of_birth"],
    });
  });

  it("asks for the request `notice` before the transfer, or by the rule's own `request` timing", () => {
    const notice = { notice: duration({ weeks: 2 }) };
    expect(decide(timed(at("vcm"), notice), { facts, events: { vcm: { scheduled: "2026-02-02" } } }).requestBy).toBe("2026-01-19");
    expect(decide(timed(at("vcm"), notice), { facts }).requestBy).toBeNull();
    const own = decide(timed(at("vcm"), notice, { request: immediately }), { facts, events: { vcm: { scheduled: "2026-02-02" } } });
    expect(own.requestBy).toBe("2026-01-12");
    expect(decide(timed(at("vcm")), { facts }).requestBy).toBeUndefined();
  });

  it("works out when joint work starts", () => {
    const spec = protocol([rule("R", is("a"), transfer("CIC", at("review"), before(duration({ weeks: 4 }), eventDate("review"))))]);
    expect(decide(spec, { facts, events: { review: { scheduled: "2026-03-01" } } }).jointWorkFrom).toBe("2026-02-01");
  });
});

describe("bulk use", () => {
  it("skips the trace when asked, deciding the same", () => {
    const input = { team: "RAT", facts: { plan: "child_protection", proceedings: true } };
    const withTrace = decideCase(hillingdon, input, { today: "2026-01-12" });
    const without = decideCase(hillingdon, input, { today: "2026-01-12", trace: false });
    expect(without.trace).toEqual([]);
    expect({ ...without, trace: withTrace.trace }).toEqual(withTrace);
  });
});

describe("rules skipped by their key fact when there is no trace", () => {
  /** `is`, with the key the compiler gives `fact is value` or `fact is one of ...`. */
  const keyed = (fact: string, ...values: (string | boolean)[]): Condition => ({
    ...(is(fact, values[0]) as Extract<Condition, { kind: "test" }>),
    test: (e) => (e.facts[fact] === undefined ? undefined : values.includes(e.facts[fact] as string | boolean)),
    key: { fact, values },
  });
  const spec = protocol(
    [
      rule("A to CIN", keyed("kind", "a"), transfer("CIN"), { overriddenBy: ["A in proceedings to CIC"] }),
      rule("A in proceedings to CIC", and(keyed("kind", "a", "b"), keyed("proceedings", true), keyed("kind", "a")), transfer("CIC")),
      rule("B or C to Plus16", keyed("kind", "b", "c"), transfer("Plus16")),
      rule("Urgent to CIC", is("urgent"), transfer("CIC")),
      rule("Not keyed", or("kind is d or late", is("kind", "d"), is("late")), { kind: "refer", panel: "Panel" }),
    ],
    { otherwise: { kind: "remain" } },
  );
  const kinds = [undefined, "a", "b", "c", "d", "e"];
  const answers = [undefined, true, false];
  const cases: Record<string, unknown>[] = [];
  for (const kind of kinds) for (const proceedings of answers) for (const urgent of answers) for (const late of answers) cases.push({ kind, proceedings, urgent, late });

  it("decides every combination exactly as it does with the trace", () => {
    const outcomes = new Set<string>();
    for (const given of cases) {
      const facts = Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined));
      const withTrace = decideCase(spec, { team: "RAT", facts }, { today: "2026-01-12" });
      const without = decideCase(spec, { team: "RAT", facts }, { today: "2026-01-12", trace: false });
      expect({ ...without, trace: withTrace.trace }, JSON.stringify(facts)).toEqual(withTrace);
      outcomes.add(`${without.outcome} ${without.rule ?? ""}`);
    }
    // The combinations reach every rule and every kind of outcome, so the comparison covers them.
    expect([...outcomes].sort()).toEqual([
      "conflict ",
      "needs-information ",
      "refer Not keyed",
      "remain ",
      "transfer A in proceedings to CIC",
      "transfer A to CIN",
      "transfer B or C to Plus16",
      "transfer Urgent to CIC",
    ]);
  });

  it("does not evaluate a rule its key rules out, with a trace or without", () => {
    // As a working-day sum past the bank holiday data would: evaluating the rule fails.
    const fails: Condition = { kind: "test", text: "review date + 5 working days < today", test: () => { throw new Error("cannot be worked out"); }, reads: none };
    const guarded = protocol([rule("Late reviews", and(fails, keyed("kind", "a")), transfer("CIC")), rule("B to CIN", keyed("kind", "b"), transfer("CIN"))]);
    for (const trace of [true, false]) {
      const decision = decideCase(guarded, { team: "RAT", facts: { kind: "b" } }, { today: "2026-01-12", trace });
      expect(decision).toMatchObject({ outcome: "transfer", rule: "B to CIN" });
      // The trace says the key's test failed, without evaluating the rest.
      if (trace) expect(decision.trace[0]).toEqual({ rule: "Late reviews", status: "not-applicable", reason: "kind is a" });
    }
    // Where the key allows the rule, it is evaluated (and fails) as before.
    expect(() => decideCase(guarded, { team: "RAT", facts: { kind: "a" } }, { today: "2026-01-12" })).toThrow("cannot be worked out");
  });

  it("still asks for the key fact when it is not known and would decide", () => {
    expect(decideCase(spec, { team: "RAT", facts: { urgent: false, late: false } }, { today: "2026-01-12", trace: false })).toMatchObject({
      outcome: "needs-information",
      needs: ["kind", "proceedings"],
    });
  });
});

describe("findings of the example audit", () => {
  it("does not ask about a rule that would decide what `otherwise` decides anyway", () => {
    const spec = protocol([rule("To the panel", is("x"), { kind: "refer", panel: "P" }), rule("Move", is("y"), transfer("CIN"))], { otherwise: { kind: "refer", panel: "P" } });
    expect(decide(spec, { facts: { y: false } })).toMatchObject({ outcome: "refer", panel: "P", needs: [] });
    // A rule that would do something else is still asked about.
    expect(decide(spec, { facts: { x: false } })).toMatchObject({ outcome: "needs-information", needs: ["y"] });
  });

  it("reads `e scheduled` as a date still to come", async () => {
    const { scheduled } = await import("../src/index.js");
    const e = (date: string) => ({ input: { team: "A", facts: {}, events: { hearing: { scheduled: date } } }, facts: {}, today: "2026-03-10" });
    expect(scheduled(e("2026-03-01"), "hearing")).toBe(false);
    expect(scheduled(e("2026-03-10"), "hearing")).toBe(true);
    expect(scheduled(e("2026-04-01"), "hearing")).toBe(true);
  });
});

describe("unknown rules whose action need not be worked out", () => {
  // A date past the bank holiday data (2012 to 2027) cannot be worked out in working days.
  const farEvents = { review: { scheduled: "2031-06-02" } };
  const farTransfer = transfer("CIN", after(duration({ workingDays: 3 }), eventDate("review")));

  it("asks for the facts of an unknown transfer when `otherwise` would decide, without working out its date", () => {
    const spec = protocol([rule("Far", is("a"), farTransfer)], { otherwise: { kind: "refer", panel: "P" } });
    for (const trace of [true, false]) {
      const decision = decideCase(spec, { team: "RAT", facts: {}, events: farEvents }, { today: "2026-01-12", trace });
      expect(decision).toMatchObject({ outcome: "needs-information", needs: ["a"] });
    }
    // Once the fact is known and the rule applies, its date is needed, and the data does not cover it.
    expect(() => decide(spec, { facts: { a: true }, events: farEvents })).toThrow(/2031/);
  });

  it("asks for the facts of an unknown rule sending the case to another team than the agreed one, without working out its date", () => {
    const elsewhere = rule("Elsewhere", is("c"), transfer("CIC", after(duration({ workingDays: 3 }), eventDate("review"))));
    const spec = protocol([rule("Here", is("a"), transfer("CIN")), elsewhere]);
    for (const trace of [true, false]) {
      const decision = decideCase(spec, { team: "RAT", facts: { a: true }, events: farEvents }, { today: "2026-01-12", trace });
      expect(decision).toMatchObject({ outcome: "needs-information", needs: ["c"] });
    }
    // A rule in doubt sending the case to the same team matters only if its date differs: that is worked out.
    const sameTeam = protocol([rule("Here", is("a"), transfer("CIN")), rule("Far", is("b"), farTransfer)]);
    expect(() => decide(sameTeam, { facts: { a: true }, events: farEvents })).toThrow(/2031/);
    expect(decide(sameTeam, { facts: { a: true }, events: { review: { scheduled: "2026-01-12" } } })).toMatchObject({ outcome: "needs-information", needs: ["b"] });
  });

  it("still compares a remain or a referral with `otherwise` exactly", () => {
    const remainHere = rule("Stay", is("a"), { kind: "remain" });
    const remainWith = rule("Stay with CIN", is("a"), { kind: "remain", team: "CIN" });
    const referOther = rule("Other panel", is("a"), { kind: "refer", panel: "Q" });
    expect(decide(protocol([remainHere], { otherwise: { kind: "remain" } }), {}).outcome).toBe("remain");
    expect(decide(protocol([remainWith], { otherwise: { kind: "remain" } }), {})).toMatchObject({ outcome: "needs-information", needs: ["a"] });
    expect(decide(protocol([referOther], { otherwise: { kind: "refer", panel: "P" } }), {})).toMatchObject({ outcome: "needs-information", needs: ["a"] });
    expect(decide(protocol([remainHere]), {})).toMatchObject({ outcome: "needs-information", needs: ["a"] });
  });

  it("lists a document a rule requires twice only once among the missing ones", () => {
    const spec = protocol([rule("Move", is("a"), transfer("CIN"), { requires: ["chronology", "plan", "chronology"] })]);
    for (const trace of [true, false]) {
      const decision = decideCase(spec, { team: "RAT", facts: { a: true }, documents: ["plan"] }, { today: "2026-01-12", trace });
      expect(decision.missing).toEqual(["chronology"]);
    }
  });
});
