// The checker: names, types, rules and tests (spec sections 3 to 8), one test per diagnostic code
// with the exact range reported, the fixes offered, and the wording kept in a snapshot.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Expr } from "../src/index.js";
import { analyze, applyFix, describeDiagnostics, expectClean, expectDiagnosticsAt, prelude, stripMarks } from "./helpers.js";

const specExample = readFileSync(new URL("../../../docs/examples/spec-section-1.baton", import.meta.url), "utf8");

/** Declarations that the snippets below lean on; every one is used, so none is reported unused. */
const world = `${prelude}  otherwise refer to Panel
team RAT "Referral and Assessment Team"
team CIN "Child in Need Team"
team CIC "Children in Care Team"
panel Panel "Transfer Panel"
type Plan: one of child_protection, child_in_need, none
type Child: record
  disabled: yes/no
  age: number
fact plan: Plan
fact proceedings: yes/no
fact date_of_birth: date
fact last_team: team
fact children: list of Child
fact siblings: number
let age = time since date_of_birth
event conference "Conference"
document chronology "Chronology"
rule "uses everything"
  source "s"
  when plan is none and proceedings and age < 18 years and siblings > 0 and (any children where disabled)
  transfer from RAT to CIN at conference
  requires chronology
rule "back to the last team"
  source "s"
  transfer from CIC to last_team immediately
`;

describe("the spec's section 1 example", () => {
  it("checks with no diagnostics at all", () => {
    expectClean(specExample);
  });

  it("resolves every name in it", () => {
    const { model } = analyze(specExample);
    expect([...model.symbols.keys()]).toEqual([
      "allocation", "RAT", "CIN", "CIC", "Plus16", "TransferPanel", "Plan", "plan", "proceedings", "date_of_birth",
      "age", "initial_conference", "first_review_conference", "core_assessment", "chronology",
    ]);
    expect(model.valueTypes.get("age")).toEqual({ kind: "elapsed" });
    expect(model.calendar).toBe("england-and-wales");
    const cic = model.rules.get("Child protection cases in proceedings move to CIC")!;
    expect(model.exceptionTo.get(cic)!.map((rule) => rule.name.value)).toEqual(["Child protection cases move to CIN"]);
  });

  it("checks the shared world the snippets below use", () => {
    expectClean(world);
  });
});

describe("unknown-name", () => {
  it("suggests the closest declared name, with a fix", () => {
    const source = `${world}rule "r"\n  source "s"\n  transfer from RAT to «CN» immediately\n`;
    const [diagnostic] = expectDiagnosticsAt(source, "unknown-name");
    expect(diagnostic!.message).toBe("There is no team called `CN`. Did you mean `CIN`?");
    const fixed = applyFix(stripMarks(source).text, diagnostic!);
    expect(fixed).toContain("transfer from RAT to CIN immediately");
    expect(analyze(fixed).diagnostics.filter((d) => d.code === "unknown-name")).toEqual([]);
  });

  it("suggests a name of the right kind, and a different capitalisation first", () => {
    const [team] = expectDiagnosticsAt(`${world}rule "r"\n  source "s"\n  transfer from «rat» to CIN immediately\n`, "unknown-name");
    expect(team!.message).toBe("There is no team called `rat`. Did you mean `RAT`?");
    const [document] = expectDiagnosticsAt(`${world}rule "r"\n  source "s"\n  transfer to CIN immediately\n  requires «chronolgy»\n`, "unknown-name");
    expect(document!.fix?.edits[0]?.newText).toBe("chronology");
  });

  it("says how to declare a name when nothing is close", () => {
    const [diagnostic] = expectDiagnosticsAt(`${world}rule "r"\n  source "s"\n  transfer to CIN at «placement_meeting»\n`, "unknown-name");
    expect(diagnostic!.message).toBe('There is no event called `placement_meeting`. Declare it with `event placement_meeting "..."`.');
    expect(diagnostic!.fix).toBeUndefined();
  });

  it("resolves rule names in `exception to` and `expect rule`", () => {
    const [exception] = expectDiagnosticsAt(`${world}rule "r"\n  source "s"\n  exception to «"uses everythin"»\n  remain\n`, "unknown-name");
    expect(exception!.message).toBe('There is no rule called "uses everythin". Did you mean "uses everything"?');
    expect(exception!.fix?.edits[0]?.newText).toBe('"uses everything"');
  });

  it("points out an enumeration value used on its own", () => {
    const [diagnostic] = expectDiagnosticsAt(`${world}rule "r"\n  source "s"\n  when «child_protection»\n  remain\n`, "unknown-name");
    expect(diagnostic!.message).toContain("Write `plan is child_protection`");
  });

  it("knows the calendars", () => {
    const [diagnostic] = expectDiagnosticsAt(`protocol P "p"\n  calendar «england»\n`, "unknown-name");
    expect(diagnostic!.message).toContain("There is no calendar called `england`. Did you mean `england-and-wales`?");
    expect(diagnostic!.fix?.edits[0]?.newText).toBe("england-and-wales");
    const [typo] = expectDiagnosticsAt(`protocol P "p"\n  calendar «scotlnd»\n`, "unknown-name");
    expect(typo!.fix?.edits[0]?.newText).toBe("scotland");
  });

  it("puts record fields in scope inside `where`, and only there", () => {
    expectDiagnosticsAt(`${world}rule "r"\n  source "s"\n  when (any children where disabled) and «disabled»\n  remain\n`, "unknown-name");
    const [typo] = expectDiagnosticsAt(`${world}rule "r"\n  source "s"\n  when any children where «disabld»\n  remain\n`, "unknown-name");
    expect(typo!.message).toContain("Did you mean `disabled`?");
  });

  it("knows the built-in event `allocation`", () => {
    expectDiagnosticsAt(`${world}rule "r"\n  source "s"\n  when time since date of allocation > 6 months\n  transfer to CIN 2 weeks after allocation\n`, "unknown-name");
  });
});

describe("wrong-kind", () => {
  it("reports a name of the wrong kind, pointing at its declaration", () => {
    const [diagnostic] = expectDiagnosticsAt(`${world}rule "r"\n  source "s"\n  refer to «RAT»\n`, "wrong-kind");
    expect(diagnostic!.message).toBe("`RAT` is a team, but `refer to` needs a panel.");
    expect(diagnostic!.related).toHaveLength(1);
  });

  it("offers `at` for an event after `on`, and `on` for a date after `at`", () => {
    const source = `${world}rule "r"\n  source "s"\n  transfer to CIN on «conference»\n`;
    const [on] = expectDiagnosticsAt(source, "wrong-kind");
    expect(applyFix(stripMarks(source).text, on!)).toContain("transfer to CIN at conference");
    const [at] = expectDiagnosticsAt(`${world}rule "r"\n  source "s"\n  transfer to CIN at «date_of_birth»\n`, "wrong-kind");
    expect(at!.message).toContain("write `on date_of_birth`");
  });

  it("refuses a let given in a test", () => {
    const [diagnostic] = expectDiagnosticsAt(
      `${world}test "t"\n  today 2026-01-01\n  team RAT\n  given «age» = 3\n  expect no rule\n`,
      "wrong-kind",
    );
    expect(diagnostic!.message).toContain("worked out by `let`");
  });

  it("says events are held and documents complete", () => {
    const [held] = expectDiagnosticsAt(`${world}rule "r"\n  source "s"\n  when «chronology» held\n  remain\n`, "wrong-kind");
    expect(held!.message).toContain("write `chronology complete`");
  });
});

describe("duplicate-name", () => {
  it("reports a second declaration in the shared namespace, pointing at the first", () => {
    const source = `${world}event «CIN» "Clash"\n`;
    const [diagnostic] = expectDiagnosticsAt(source, "duplicate-name");
    const { text } = stripMarks(source);
    expect(diagnostic!.message).toContain("`CIN` is already declared as a team");
    expect(diagnostic!.related![0]!.span.start).toBe(text.indexOf("CIN"));
  });

  it("reports duplicate rules, tests, enumeration values, fields and the built-in event", () => {
    expectDiagnosticsAt(`${world}rule «"uses everything"»\n  source "s"\n  remain\n`, "duplicate-name");
    expectDiagnosticsAt(`${world}type T: one of a, b, «a»\nfact t: T\nrule "x"\n  source "s"\n  when t is a\n  remain\n`, "duplicate-name");
    expectDiagnosticsAt(`${world}type R: record\n  f: yes/no\n  «f»: number\n`, "duplicate-name");
    expectDiagnosticsAt(`${world}event «allocation» "Allocation"\n`, "duplicate-name");
    const test = `test "t"\n  today 2026-01-01\n  team RAT\n  expect no rule\n`;
    expectDiagnosticsAt(`${world}${test}test «"t"»\n  today 2026-01-01\n  team RAT\n  expect no rule\n`, "duplicate-name");
  });
});

describe("reserved-name", () => {
  it("reports a fact, event or record field that no case record could give", () => {
    const [fact] = expectDiagnosticsAt(`${world}fact «constructor»: yes/no\n`, "reserved-name");
    expect(fact!.message).toContain("`constructor` cannot name a fact");
    expectDiagnosticsAt(`${world}event «prototype» "Odd"\nevent «__proto__» "Odder"\n`, "reserved-name");
    const [field] = expectDiagnosticsAt(`${world}type Sibling: record\n  «prototype»: yes/no\n  age: number\nfact sibling_list: list of Sibling\n`, "reserved-name");
    expect(field!.message).toContain("a field of the record Sibling");
  });

  it("leaves names that are never keys of a record alone, and names that only look alike", () => {
    expectDiagnosticsAt(`${world}document prototype "Prototype plan"\nteam constructor "Builders"\nfact constructor_: yes/no\nfact toString: yes/no\n`, "reserved-name");
  });
});

describe("type-mismatch", () => {
  const condition = (text: string) => `${world}rule "r"\n  source "s"\n  when ${text}\n  remain\n`;

  it.each([
    ["«plan > 3»", "`>` compares numbers, dates, or a time since a date with a duration, but `plan` is Plan (one of child_protection, child_in_need, none). To test its value, write `plan is ...`."],
    ["«age >= yes»", "A time since a date can only be compared with a duration, such as `8 weeks`, but `yes` is yes/no."],
    ["plan is «child_protectoin»", "`child_protectoin` is not one of the values of `plan`, which is Plan (one of child_protection, child_in_need, none). Did you mean `child_protection`?"],
    ["«plan»", "`plan` is Plan (one of child_protection, child_in_need, none), not yes or no. To test it, write `plan is child_protection`."],
    ["«date_of_birth > 16 years»", "`date_of_birth` is a date and `16 years` is a duration. To ask how long ago a date was, write `time since date_of_birth > 16 years`."],
    ["«6 weeks < 2 months»", "Two durations cannot be compared, because months and days do not convert exactly. Compare `time since` a date with a duration instead."],
    ["«today - date_of_birth» > 3", "One date cannot be taken from another. To measure how long ago a date was, write `time since DATE` and compare it with a duration, such as `time since closure_date < 8 weeks`."],
    ["«age is 3 years»", "A time since a date is never exactly equal to a duration: compare it with `<`, `<=`, `>` or `>=`."],
    ["proceedings is «3»", "`proceedings` is yes/no, so it cannot be `3`, which is a number."],
    ["time since «proceedings» < 3 weeks", "`time since` needs a date, but `proceedings` is yes/no."],
    ["«any children»", "`any children` needs `where` and a condition, such as `any children where ...`."],
    ["count «siblings» > 1", "`count` goes through a list, but `siblings` is a number."],
    ["current team is «Panel»", "`current team` is a team, so it cannot be `Panel`, which is unknown."],
  ])("reports `%s`", (text, message) => {
    const diagnostics = expectDiagnosticsAt(condition(text), text.includes("Panel") ? "wrong-kind" : "type-mismatch");
    if (!text.includes("Panel")) expect(diagnostics[0]!.message).toBe(message);
  });

  it("checks timings: durations before `after`, dates after `on`", () => {
    const [duration] = expectDiagnosticsAt(`${world}rule "r"\n  source "s"\n  transfer to CIN «3» after conference\n`, "type-mismatch");
    expect(duration!.message).toBe("`after` needs a duration, but `3` is a number. Give it a unit, such as `6 weeks` or `3 working days`.");
    expectDiagnosticsAt(`${world}rule "r"\n  source "s"\n  transfer to CIN on «siblings»\n`, "type-mismatch");
  });

  it("accepts a team-valued fact as a transfer target, and refuses other facts", () => {
    expectDiagnosticsAt(`${world}rule "r"\n  source "s"\n  transfer to last_team immediately\n`, "type-mismatch");
    const [diagnostic] = expectDiagnosticsAt(`${world}rule "r"\n  source "s"\n  transfer to «plan» immediately\n`, "type-mismatch");
    expect(diagnostic!.message).toContain("A transfer goes to a team, or to a fact whose value is a team");
  });

  it("checks test values against the facts' types", () => {
    const test = (given: string) => `${world}test "t"\n  today 2026-01-01\n  team RAT\n  given ${given}\n  expect no rule\n`;
    expectDiagnosticsAt(test("plan = child_protection, proceedings = yes, siblings = 2, date_of_birth = 2010-01-01, last_team = CIN"), "type-mismatch");
    const [plan] = expectDiagnosticsAt(test("plan = «child_protectio»"), "type-mismatch");
    expect(plan!.fix?.edits[0]?.newText).toBe("child_protection");
    expectDiagnosticsAt(test("proceedings = «3»"), "type-mismatch");
    expectDiagnosticsAt(test("date_of_birth = «yes»"), "type-mismatch");
    expectDiagnosticsAt(test("children = «yes»"), "type-mismatch");
    expectDiagnosticsAt(test("children = [{disabled = «4», age = 3}]"), "type-mismatch");
    const [field] = expectDiagnosticsAt(test("children = [{«disabeld» = yes}]"), "unknown-name");
    expect(field!.message).toBe("A Child record has no field called `disabeld`. Did you mean `disabled`?");
    expectDiagnosticsAt(test("last_team = «Nowhere»"), "unknown-name");
  });

  it("types every expression, recording the types for the compiler", () => {
    const { ast, model } = analyze(`${world}let when_due = date_of_birth + 15 years 9 months\nlet n = count children where age > 3\nrule "x"\n  source "s"\n  when n > 1 and when_due < today\n  remain\n`);
    const lets = ast.declarations.filter((d) => d.kind === "Let").map((d) => (d.kind === "Let" ? model.expressionTypes.get(d.value as Expr) : undefined));
    expect(lets.map((type) => type?.kind)).toEqual(["elapsed", "date", "number"]);
  });
});

describe("mixed-and-or", () => {
  it("asks for parentheses, and the fix adds them around the `and` parts", () => {
    const source = `${world}rule "r"\n  source "s"\n  when «proceedings and siblings > 1 or plan is none»\n  remain\n`;
    const [diagnostic] = expectDiagnosticsAt(source, "mixed-and-or");
    expect(diagnostic!.message).toBe(
      "This condition mixes `and` with `or` without parentheses, so it can be read two ways. Add parentheses to say which is meant. Write `(proceedings and siblings > 1) or plan is none` or `proceedings and (siblings > 1 or plan is none)`.",
    );
    const fixed = applyFix(stripMarks(source).text, diagnostic!);
    expect(fixed).toContain("when (proceedings and siblings > 1) or plan is none");
    expect(analyze(fixed).diagnostics).toEqual([]);
  });

  it("accepts `and` and `or` apart, or mixed inside parentheses", () => {
    expectDiagnosticsAt(`${world}let a = proceedings and siblings > 1 and plan is none\nlet b = (proceedings or a) and plan is none\n`, "mixed-and-or");
  });
});

describe("cyclic-let and cyclic-exception", () => {
  it("reports lets that depend on each other, on each let in the circle", () => {
    const [a, b] = expectDiagnosticsAt(`${world}let «a» = b and proceedings\nlet «b» = not a\n`, "cyclic-let");
    expect(a!.message).toBe("`a` depends on itself: `a` uses `b` uses `a`. Break the circle by working one of them out from facts.");
    expect(b!.related).toHaveLength(1);
    expectDiagnosticsAt(`${world}let «c» = c\n`, "cyclic-let");
  });

  it("reports rules that are exceptions to each other in a circle", () => {
    const [diagnostic] = expectDiagnosticsAt(
      `${world}rule "a"\n  source "s"\n  exception to "b"\n  remain\nrule "b"\n  source "s"\n  exception to «"a"»\n  remain\n`,
      "cyclic-exception",
    );
    expect(diagnostic!.message).toContain('"a" is an exception to "b" is an exception to "a"');
    expect(diagnostic!.related!.map((related) => related.message)).toEqual(["part of the circle"]);
    expectDiagnosticsAt(`${world}rule "self"\n  source "s"\n  exception to «"self"»\n  remain\n`, "cyclic-exception");
  });

  it("accepts a long chain of exceptions without a cycle", () => {
    const rules = Array.from({ length: 3000 }, (_, i) => `rule "r${i}"\n  source "s"\n${i > 0 ? `  exception to "r${i - 1}"\n` : ""}  remain\n`).join("");
    expectDiagnosticsAt(`${world}${rules}`, "cyclic-exception");
  });
});

describe("rule-shape", () => {
  it("wants the clauses in the spec's order", () => {
    const [diagnostic] = expectDiagnosticsAt(`${world}rule "r"\n  when proceedings\n  «source "s"»\n  remain\n`, "rule-shape");
    expect(diagnostic!.message).toBe(
      "`source` must come before `when`. A rule's clauses go in this order: `source`, `exception to`, `when`, `unless`, the action (`transfer`, `remain` or `refer to`), `request`, `requires`, `because`.",
    );
  });

  it("wants each clause once and exactly one action", () => {
    const [twice] = expectDiagnosticsAt(`${world}rule "r"\n  source "s"\n  when proceedings\n  «when plan is none»\n  remain\n`, "rule-shape");
    expect(twice!.message).toBe("This rule has `when` twice. Join the conditions with `and` in one `when`.");
    expectDiagnosticsAt(`${world}rule "r"\n  source "s"\n  remain\n  «refer to Panel»\n`, "rule-shape");
    const [none] = expectDiagnosticsAt(`${world}rule «"r"»\n  source "s"\n  when proceedings\n`, "rule-shape");
    expect(none!.message).toContain("This rule has no action");
  });

  it("keeps `request` to rules that transfer", () => {
    expectDiagnosticsAt(`${world}rule "r"\n  source "s"\n  remain\n  «request immediately»\n`, "rule-shape");
  });

  it("does not add a missing-action error to a rule whose action has a syntax error", () => {
    const { diagnostics } = analyze(`${world}rule "r"\n  source "s"\n  transfer from RAT CIN immediately\n`);
    expect(diagnostics.map((d) => d.code)).toEqual(["syntax"]);
  });
});

describe("header", () => {
  it("wants a header first, once", () => {
    const [missing] = expectDiagnosticsAt(`«t»eam RAT "R"\n`, "header");
    expect(missing!.message).toBe('This file does not start with a protocol header. Add `protocol Name "Title"` as its first line.');
    expectDiagnosticsAt(`${world}«p»rotocol Again "a"\n`, "header");
  });

  it("asks for a calendar when the protocol counts working days", () => {
    const source = `protocol P «"p"»\nteam A "a"\nrule "r"\n  source "s"\n  transfer to A within 3 working days of allocation\n`;
    const { text } = stripMarks(source);
    const diagnostics = analyze(text).diagnostics.filter((d) => d.code === "header");
    expect(diagnostics).toHaveLength(1);
    expect(analyze(applyFix(text, diagnostics[0]!)).diagnostics).toEqual([]);
  });

  it("wants each header clause once", () => {
    expectDiagnosticsAt(`protocol P "p"\n  version "1"\n  «version "2"»\n`, "header");
  });
});

describe("invalid-test", () => {
  it("wants today, team and an expectation", () => {
    const [diagnostic] = expectDiagnosticsAt(`${world}test «"t"»\n  given proceedings = yes\n`, "invalid-test");
    expect(diagnostic!.message).toBe(
      "This test does not say what day it is (`today 2026-01-12`), or which team holds the case (`team RAT`), or what it expects (`expect ...`), so it cannot fail.",
    );
  });

  it("lets `expect needs` stand beside a transfer whose date needs a fact", () => {
    expectDiagnosticsAt(
      `${world}test "t"\n  today 2026-01-01\n  team RAT\n  expect transfer to CIN\n  expect needs date_of_birth\n`,
      "invalid-test",
    );
  });

  it("wants one outcome, and each fact given once", () => {
    expectDiagnosticsAt(`${world}test "t"\n  today 2026-01-01\n  team RAT\n  expect remain\n  «expect no rule»\n`, "invalid-test");
    expectDiagnosticsAt(`${world}test "t"\n  today 2026-01-01\n  team RAT\n  given proceedings = yes, «proceedings = no»\n  expect remain\n`, "invalid-test");
  });

  it("checks what tests name: teams, panels, facts, events, documents and rules", () => {
    const source = `${world}test "t"
  today 2026-01-01
  team «RTA»
  given «conferense» held on 2026-01-01
  given «chronolgy» complete
  expect transfer to «CNN»
  expect needs «plann»
  expect missing «chronolgy»
  expect rule «"uses everythin"»
`;
    expect(expectDiagnosticsAt(source, "unknown-name").map((d) => d.fix?.edits[0]?.newText)).toEqual([
      "RAT", "conference", "chronology", "CIN", "plan", "chronology", '"uses everything"',
    ]);
  });
});

describe("unused, self-transfer and missing-source", () => {
  // The shared world has a team-valued fact (`last_team`), which makes every team a possible value.
  const small = `${prelude}team RAT "R"\nfact proceedings: yes/no\nrule "r"\n  source "s"\n  when proceedings\n  transfer to RAT immediately\n`;

  it("warns about each kind of declaration never used", () => {
    const diagnostics = expectDiagnosticsAt(
      `${small}team «Spare» "s"\npanel «Board» "b"\ntype «Unused»: one of a\nfact «flag»: yes/no\nlet «derived» = proceedings\nevent «meeting» "m"\ndocument «report» "r"\n`,
      "unused",
    );
    expect(diagnostics.every((d) => d.severity === "warning")).toBe(true);
    expect(diagnostics[0]!.message).toBe("The team `Spare` is declared but never used: no rule moves cases to or from it. Remove it, or use it.");
    expect(diagnostics[4]!.message).toBe("The value `derived` is declared but never used: no rule uses it. Remove it, or use it.");
  });

  it("does not warn about teams when a fact's value can be a team", () => {
    expectDiagnosticsAt(`${world}team Spare "s"\n`, "unused");
  });

  it("offers `refer to` for a transfer to a panel", () => {
    const source = `${world}rule "r"\n  source "s"\n  transfer to «Panel» immediately\n`;
    const [diagnostic] = expectDiagnosticsAt(source, "wrong-kind");
    expect(diagnostic!.message).toBe("`Panel` is a panel, and a case is transferred to a team. To leave the decision to the panel, write `refer to Panel`.");
    expect(applyFix(stripMarks(source).text, diagnostic!)).toContain("  refer to Panel\n");
  });

  it("does not call a name unused when a misspelling of it was reported", () => {
    const { diagnostics } = analyze(`${small}team Spare "s"\nrule "r2"\n  source "s"\n  transfer to Sapre immediately\n`);
    expect(diagnostics.map((d) => d.code)).toEqual(["unknown-name"]);
  });

  it("does not count uses in tests, but counts uses in lets and types", () => {
    expectDiagnosticsAt(`${small}team «Spare» "s"\ntest "t"\n  today 2026-01-01\n  team Spare\n  expect no rule\n`, "unused");
  });

  it("warns about a transfer to the team that already holds the case", () => {
    const [one] = expectDiagnosticsAt(`${world}rule "r"\n  source "s"\n  transfer from CIN to «CIN» immediately\n`, "self-transfer");
    expect(one!.severity).toBe("warning");
    const [list] = expectDiagnosticsAt(`${world}rule "r"\n  source "s"\n  transfer from RAT, CIN to «CIN» immediately\n`, "self-transfer");
    expect(list!.message).toContain("Take CIN out of the `from` list");
  });

  it("warns about a rule with no source, and the fix adds one", () => {
    const source = `${world}rule «"r"»\n  remain\n`;
    const [diagnostic] = expectDiagnosticsAt(source, "missing-source");
    expect(applyFix(stripMarks(source).text, diagnostic!)).toContain('rule "r"\n  source ""\n  remain');
  });
});

describe("robustness", () => {
  it("never throws, whatever the input", () => {
    const inputs = ["", "protocol", "rule", "test", `${world}rule "r" when when when`, "protocol P \"p\"\nlet x = (((", "\u0000\u0001", "«»"];
    for (const input of inputs) expect(() => analyze(input)).not.toThrow();
  });

  it("refuses a chain of 300 lets, each worked out from the next, without exhausting the stack", () => {
    const chain = (length: number) =>
      Array.from({ length }, (_, i) => `let v${i} = ${i === length - 1 ? "proceedings" : `v${i + 1}`}\n`).join("") +
      `rule "uses v0"\n  source "s"\n  when v0\n  remain\n`;
    expect(analyze(`${world}${chain(300)}`).diagnostics.map((d) => d.code)).toEqual(["too-deep"]);
    expect(analyze(`${world}${chain(250)}`).diagnostics).toEqual([]);
  });

  it("keeps the wording of a file full of mistakes", () => {
    const text = `protocol X "t"
  calendar england-and-whales
  otherwise refer to RAT
team RAT "R"
team CIN "C"
team CIN "again"
panel P "p"
type Plan: one of cp, cin, none
fact plan: Plan
fact proceedings: yes/no
fact dob: date
fact kids: list of Child
type Child: record
  disabled: yes/no
  age: number
let age = time since dob
let a = b
let b = a
event conf "Conference"
document ca "Core assessment"
document unused_doc "x"
rule "r1"
  when plan > 3 and age >= yes
  transfer from RAT to CN at conf
  requires ca, cb
rule "r2"
  source "x"
  exception to "r1", "r3"
  when plan is cpp or proceedings
  transfer from RAT to RAT on conf
rule "r3"
  exception to "r2"
  when plan
  remain
rule "r5"
  source "a"
  when date_of_birth + 3 working days < today
  transfer to CIN within 2 weeks of dob
test "t1"
  today 2026-02-30
  given plan = cpp, proceedings = 3, age = 2
  given kids = [{disabled = yes, agee = 3}]
  expect transfer to CIM
  expect remain
`;
    expect(describeDiagnostics(text)).toMatchSnapshot();
  });
});
