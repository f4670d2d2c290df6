// The grammar of spec sections 2 to 7: every declaration, clause, expression, timing form and test
// line parses into the AST it should.
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse, ruleParts, type Declaration, type Expr, type RuleDecl, type TestDecl, type Timing } from "../src/index.js";
import { Lexer } from "chevrotain";
import { allTokens } from "../src/syntax/tokens.js";

const specExample = readFileSync(new URL("../../../docs/examples/spec-section-1.baton", import.meta.url), "utf8");

function parseClean(text: string) {
  const result = parse(text);
  expect(result.diagnostics.map((d) => d.message)).toEqual([]);
  return result.ast;
}

/** An expression as an S-expression, so precedence is visible at a glance. */
function show(expr: Expr): string {
  switch (expr.kind) {
    case "Name":
      return expr.text;
    case "Number":
      return expr.text;
    case "Date":
      return expr.text;
    case "Boolean":
      return expr.value ? "yes" : "no";
    case "Duration":
      return `(duration ${expr.parts.map((part) => `${part.amount} ${part.unit}`).join(" ")})`;
    case "Paren":
      return `(paren ${show(expr.inner)})`;
    case "Logical":
      return `(${expr.operator} ${expr.operands.map(show).join(" ")})`;
    case "Not":
      return `(not ${show(expr.operand)})`;
    case "Compare":
      return `(${expr.operator} ${show(expr.left)} ${show(expr.right)})`;
    case "Is":
      return `(${expr.negated ? "is-not" : "is"} ${show(expr.subject)} ${show(expr.value)})`;
    case "IsOneOf":
      return `(${expr.negated ? "is-not-one-of" : "is-one-of"} ${show(expr.subject)} ${expr.values.map(show).join(" ")})`;
    case "Postfix":
      return `(${expr.operator} ${show(expr.subject)})`;
    case "Arithmetic":
      return `(arith ${show(expr.first)} ${expr.rest.map((step) => `${step.operator} ${show(step.operand)}`).join(" ")})`;
    case "Today":
      return "today";
    case "TimeSince":
      return `(time-since ${show(expr.operand)})`;
    case "DateOf":
      return `(date-of ${expr.event.text})`;
    case "CurrentTeam":
      return "current-team";
    case "Aggregate":
      return `(${expr.aggregate} ${expr.list.text}${expr.where ? ` ${show(expr.where)}` : ""})`;
    case "Missing":
      return "?";
  }
}

function condition(text: string): string {
  const ast = parseClean(`protocol P "p"\nlet x = ${text}\n`);
  const decl = ast.declarations[1]!;
  if (decl.kind !== "Let") throw new Error("expected a let");
  return show(decl.value);
}

function onlyRule(body: string): RuleDecl {
  const ast = parseClean(`protocol P "p"\nrule "r"\n${body}\n`);
  return ast.declarations.find((d): d is RuleDecl => d.kind === "Rule")!;
}

function timingOf(text: string): Timing {
  const action = ruleParts(onlyRule(`  transfer to CIN ${text}`)).action!;
  if (action.kind !== "Transfer") throw new Error("expected a transfer");
  return action.timing;
}

function showTiming(timing: Timing): string {
  switch (timing.kind) {
    case "Immediately":
      return "immediately";
    case "AtEvent":
      return `at ${timing.event.text}`;
    case "OnDate":
      return `on ${show(timing.date)}`;
    case "Within":
    case "After":
    case "Before":
      return `${timing.kind.toLowerCase()} ${show(timing.duration)} ${show(timing.anchor)}`;
  }
}

describe("the lexer", () => {
  it("is built with Chevrotain's first-character optimisations guaranteed", () => {
    expect(() => new Lexer(allTokens, { ensureOptimizations: true, positionTracking: "full" })).not.toThrow();
  });

  it("reads calendar names with hyphens only after `calendar`", () => {
    const ast = parseClean(`protocol P "p"\n  calendar england-and-wales\nlet d = today-3 days\n`);
    const header = ast.declarations[0]!;
    expect(header.kind === "Header" && header.clauses[0]).toMatchObject({ kind: "Calendar", calendar: { text: "england-and-wales" } });
    expect(condition("today-3 days")).toBe("(arith today - (duration 3 day))");
  });

  it("keeps comments, with their spans, for the formatter", () => {
    const text = `# first\nprotocol P "p" # trailing\n# last`;
    const { ast } = parse(text);
    expect(ast.comments.map((comment) => comment.text)).toEqual(["# first", "# trailing", "# last"]);
    expect(ast.comments.map((comment) => text.slice(comment.span.start, comment.span.end))).toEqual(["# first", "# trailing", "# last"]);
  });

  it("does not read `#` inside a string as a comment", () => {
    const ast = parseClean(`protocol P "Section #3"`);
    expect(ast.comments).toEqual([]);
  });

  it("decodes string escapes", () => {
    const ast = parseClean(String.raw`protocol P "a \"quote\", a \\ backslash, \n \t and \u{1F600}"`);
    const header = ast.declarations[0]!;
    expect(header.kind === "Header" && header.title?.value).toBe('a "quote", a \\ backslash, \n \t and 😀');
  });

  it("reads reserved words as keywords, and longer words starting with them as names", () => {
    expect(condition("nones is none")).toBe("(is nones none)");
    expect(condition("days_left > 3")).toBe("(> days_left 3)");
    expect(condition("one_parent")).toBe("one_parent");
  });

  it("accepts CRLF line endings", () => {
    parseClean(specExample.replace(/\n/g, "\r\n"));
  });
});

describe("the spec's examples", () => {
  it("parses the section 1 protocol into its 19 declarations", () => {
    const ast = parseClean(specExample);
    expect(ast.declarations.map((d) => d.kind)).toEqual([
      "Header", "Team", "Team", "Team", "Team", "Panel", "TypeDecl", "Fact", "Fact", "Fact", "Let",
      "Event", "Event", "Document", "Document", "Rule", "Rule", "Rule", "Test",
    ]);
  });

  it("keeps the fixture identical to the spec's section 1 example", () => {
    const spec = new URL("../../../../shared/spec/language.md", import.meta.url);
    if (!existsSync(spec)) return; // the spec lives beside the repository, not in it
    const block = /```baton\n([\s\S]*?)```/.exec(readFileSync(spec, "utf8"))![1];
    expect(specExample).toBe(block);
  });

  it.each([
    "a and b or c",
    "(a and b) or c",
    "a and (b or c)",
    "time since d >= 8 weeks",
    "(any children where on_plan) and others > 0",
    "plan > 3",
    "age >= yes",
    "2024-01-31 + 1 month",
    "2012-02-29 + 1 year 1 month",
    "x is not one of a, b",
    "date_of_birth + 15 years 9 months",
    "date_of_birth + 16 years",
  ])("parses the inline example `%s`", (text) => {
    expect(parse(`protocol P "p"\nlet x = ${text}\n`).diagnostics.filter((d) => d.code === "syntax")).toEqual([]);
  });
});

describe("declarations", () => {
  it("reads every header clause", () => {
    const ast = parseClean(`protocol Hull "Case Transfer Policy"
  version "2.1"
  effective 2020-07-01
  calendar scotland
  notice 2 weeks
  otherwise refer to Panel
  source "Hull City Council"`);
    const header = ast.declarations[0]!;
    expect(header.kind).toBe("Header");
    if (header.kind !== "Header") return;
    expect(header.name.text).toBe("Hull");
    expect(header.clauses.map((clause) => clause.kind)).toEqual(["Version", "Effective", "Calendar", "Notice", "Otherwise", "Source"]);
    expect(header.clauses[4]).toMatchObject({ outcome: { kind: "Refer", panel: { text: "Panel" } } });
    expect(parseClean(`protocol P "p"\n  otherwise remain`).declarations[0]).toMatchObject({ clauses: [{ outcome: { kind: "Remain" } }] });
  });

  it("reads teams, panels, events, documents and holidays, with or without labels", () => {
    const ast = parseClean(`protocol P "p"
team RAT "Referral and Assessment Team"
team CIN
panel TP "Transfer Panel"
event conference "Conference"
document chronology "Chronology"
holiday 2026-12-29 "Office closure"`);
    expect(ast.declarations.slice(1).map((d: Declaration) => [d.kind, "name" in d && d.name.kind === "Name" ? d.name.text : d.kind === "Holiday" ? d.date.text : "", "label" in d ? d.label?.value : undefined])).toEqual([
      ["Team", "RAT", "Referral and Assessment Team"],
      ["Team", "CIN", undefined],
      ["Panel", "TP", "Transfer Panel"],
      ["Event", "conference", "Conference"],
      ["Document", "chronology", "Chronology"],
      ["Holiday", "2026-12-29", "Office closure"],
    ]);
  });

  it("reads enumerations, records and every type of fact", () => {
    const ast = parseClean(`protocol P "p"
type Plan: one of child_protection, child_in_need, none
type Child: record
  disabled: yes/no "Has a disability"
  age: number
  born: date
  plan: Plan
fact a: yes/no "A"
fact b: number
fact c: date
fact d: duration
fact e: team
fact f: one of x, y
fact g: Plan
fact h: list of Child "The children"`);
    const types = ast.declarations.filter((d) => d.kind === "Fact").map((d) => (d.kind === "Fact" ? d.type : undefined));
    expect(types.map((type) => (type?.kind === "PrimitiveType" ? type.name : type?.kind))).toEqual([
      "yes/no", "number", "date", "duration", "team", "EnumType", "NamedType", "ListType",
    ]);
    const child = ast.declarations[2]!;
    expect(child.kind === "TypeDecl" && child.definition.kind === "RecordType" && child.definition.fields.map((f) => f.name.text)).toEqual([
      "disabled", "age", "born", "plan",
    ]);
  });

  it("tells a team declaration after a test from the test's `team` line", () => {
    const ast = parseClean(`protocol P "p"
test "t"
  today 2026-01-01
  team RAT
team RAT "Referral and Assessment Team"`);
    expect(ast.declarations.map((d) => d.kind)).toEqual(["Header", "Test", "Team"]);
    expect((ast.declarations[1] as TestDecl).lines.map((line) => line.kind)).toEqual(["TestToday", "TestTeam"]);
  });
});

describe("expressions", () => {
  it("binds `and` and `or` loosest, then `not`, then comparisons, then `+` and `-`", () => {
    expect(condition("a and b and c")).toBe("(and a b c)");
    expect(condition("a or b or c")).toBe("(or a b c)");
    expect(condition("not a and b")).toBe("(and (not a) b)");
    expect(condition("not not a")).toBe("(not (not a))");
    expect(condition("d + 1 day < today")).toBe("(< (arith d + (duration 1 day)) today)");
    expect(condition("(a or b) and c")).toBe("(and (paren (or a b)) c)");
  });

  it("reads mixed `and`/`or` with `and` binding tighter (and reports it)", () => {
    const { ast, diagnostics } = parse(`protocol P "p"\nlet x = a and b or c\n`);
    expect(diagnostics.map((d) => d.code)).toEqual(["mixed-and-or"]);
    const decl = ast.declarations[1]!;
    expect(decl.kind === "Let" && show(decl.value)).toBe("(or (and a b) c)");
  });

  it("reads every comparison and test of a value", () => {
    expect(condition("n < 1")).toBe("(< n 1)");
    expect(condition("n <= 1")).toBe("(<= n 1)");
    expect(condition("n > 1.5")).toBe("(> n 1.5)");
    expect(condition("n >= 1")).toBe("(>= n 1)");
    expect(condition("plan is child_protection")).toBe("(is plan child_protection)");
    expect(condition("plan is not none")).toBe("(is-not plan none)");
    expect(condition("plan is one of a, b")).toBe("(is-one-of plan a b)");
    expect(condition("plan is not one of a, b, c")).toBe("(is-not-one-of plan a b c)");
    expect(condition("proceedings is yes")).toBe("(is proceedings yes)");
    expect(condition("current team is RAT")).toBe("(is current-team RAT)");
    expect(condition("born is 2026-01-31")).toBe("(is born 2026-01-31)");
  });

  it("reads events, documents and dates", () => {
    expect(condition("conference held")).toBe("(held conference)");
    expect(condition("conference scheduled")).toBe("(scheduled conference)");
    expect(condition("chronology complete")).toBe("(complete chronology)");
    expect(condition("date of conference < today")).toBe("(< (date-of conference) today)");
    expect(condition("time since date_of_birth < 18 years")).toBe("(< (time-since date_of_birth) (duration 18 year))");
    expect(condition("today - 6 weeks > closed")).toBe("(> (arith today - (duration 6 week)) closed)");
  });

  it("reads durations with several units, and working days", () => {
    expect(condition("15 years 9 months")).toBe("(duration 15 year 9 month)");
    expect(condition("1 year 1 month 2 weeks 3 days")).toBe("(duration 1 year 1 month 2 week 3 day)");
    expect(condition("3 working days")).toBe("(duration 3 working day)");
    expect(condition("1 working day")).toBe("(duration 1 working day)");
    expect(condition("1 week")).toBe("(duration 1 week)");
  });

  it("lets `where` reach as far right as it can, unless parenthesised", () => {
    expect(condition("any children where disabled and on_plan")).toBe("(any children (and disabled on_plan))");
    expect(condition("(any children where disabled) and on_plan")).toBe("(and (paren (any children disabled)) on_plan)");
    expect(condition("count children where disabled > 1")).toBe("(count children (> disabled 1))");
    expect(condition("(count children where disabled) > 1")).toBe("(> (paren (count children disabled)) 1)");
    expect(condition("count children > 1")).toBe("(> (count children) 1)");
    expect(condition("all children where not disabled")).toBe("(all children (not disabled))");
  });

  it("reads a long run of `not` without recursion", () => {
    expect(condition(`${"not ".repeat(40)}a`)).toBe(`${"(not ".repeat(40)}a${")".repeat(40)}`);
  });
});

describe("rules", () => {
  it("reads every clause, in order", () => {
    const rule = onlyRule(`  source "Section 2"
  exception to "A", "B"
  when a
  unless b
  transfer from RAT, CIN to CIC at conference joint work from conference
  request 2 weeks before conference
  requires chronology, core
  because "Reasons"`);
    expect(rule.clauses.map((clause) => clause.kind)).toEqual([
      "Source", "ExceptionTo", "When", "Unless", "Transfer", "Request", "Requires", "Because",
    ]);
    const parts = ruleParts(rule);
    expect(parts.exceptionTo.map((name) => name.value)).toEqual(["A", "B"]);
    expect(parts.requires.map((name) => name.text)).toEqual(["chronology", "core"]);
    expect(parts.action).toMatchObject({ kind: "Transfer", from: [{ text: "RAT" }, { text: "CIN" }], target: { text: "CIC" } });
    expect(parts.request && showTiming(parts.request)).toBe("before (duration 2 week) conference");
  });

  it("reads the three actions", () => {
    expect(ruleParts(onlyRule("  remain")).action).toMatchObject({ kind: "Remain" });
    expect(ruleParts(onlyRule("  remain with CIN")).action).toMatchObject({ kind: "Remain", team: { text: "CIN" } });
    expect(ruleParts(onlyRule("  refer to Panel")).action).toMatchObject({ kind: "Refer", panel: { text: "Panel" } });
    expect(ruleParts(onlyRule("  transfer to last_team immediately")).action).toMatchObject({ kind: "Transfer", from: [], target: { text: "last_team" } });
  });

  it("reads every timing form", () => {
    expect(showTiming(timingOf("immediately"))).toBe("immediately");
    expect(showTiming(timingOf("at initial_conference"))).toBe("at initial_conference");
    expect(showTiming(timingOf("on date_of_birth + 15 years 9 months"))).toBe("on (arith date_of_birth + (duration 15 year 9 month))");
    expect(showTiming(timingOf("within 3 working days of vcm"))).toBe("within (duration 3 working day) vcm");
    expect(showTiming(timingOf("within 2 weeks of date of vcm"))).toBe("within (duration 2 week) (date-of vcm)");
    expect(showTiming(timingOf("6 weeks after referral_date"))).toBe("after (duration 6 week) referral_date");
    expect(showTiming(timingOf("2 weeks before date_of_birth + 18 years"))).toBe("before (duration 2 week) (arith date_of_birth + (duration 18 year))");
  });

  it("reads both forms of joint work", () => {
    const from = ruleParts(onlyRule("  transfer to CIC at review joint work from conference")).action;
    expect(from?.kind === "Transfer" && from.jointWork).toMatchObject({ kind: "JointFrom", anchor: { text: "conference" } });
    const before = ruleParts(onlyRule("  transfer to CIC at review joint work 4 weeks before review")).action;
    expect(before?.kind === "Transfer" && before.jointWork).toMatchObject({ kind: "JointBefore", duration: { kind: "Duration" }, anchor: { text: "review" } });
  });
});

describe("tests", () => {
  it("reads every test line and expectation", () => {
    const ast = parseClean(`protocol P "p"
test "Everything"
  today 2026-01-12
  team RAT
  given plan = child_protection, proceedings = no, count_of = 3, age = 2.5, wait = 6 weeks, born = 2010-01-01
  given children = [{disabled = yes, on_plan = yes}, {disabled = no}], nobody = []
  given initial_conference held on 2026-01-10
  given review scheduled on 2026-03-01
  given chronology complete
  expect transfer to CIN on 2026-01-10 request by 2026-01-01
  expect transfer to CIN
  expect remain
  expect remain with RAT
  expect refer to Panel
  expect no rule
  expect conflict
  expect needs plan, proceedings
  expect missing chronology, core
  expect rule "Child protection cases move to CIN"`);
    const test = ast.declarations[1] as TestDecl;
    expect(test.lines.map((line) => (line.kind === "Expect" ? line.expectation.kind : line.kind))).toEqual([
      "TestToday", "TestTeam", "Given", "Given", "Given", "Given", "Given",
      "ExpectTransfer", "ExpectTransfer", "ExpectRemain", "ExpectRemain", "ExpectRefer", "ExpectNoRule",
      "ExpectConflict", "ExpectNeeds", "ExpectMissing", "ExpectRule",
    ]);
    const given = test.lines.filter((line) => line.kind === "Given").flatMap((line) => (line.kind === "Given" ? line.items : []));
    expect(given.map((item) => (item.kind === "GivenFact" ? `${item.fact.text}=${item.value.kind}` : item.kind))).toEqual([
      "plan=Name", "proceedings=Boolean", "count_of=Number", "age=Number", "wait=Duration", "born=Date",
      "children=ListValue", "nobody=ListValue", "GivenEvent", "GivenEvent", "GivenDocument",
    ]);
    expect(test.lines[7]).toMatchObject({ expectation: { due: { text: "2026-01-10" }, requestBy: { text: "2026-01-01" } } });
  });
});

describe("spans", () => {
  it("gives every node the exact text it came from", () => {
    const text = `protocol P "p"\nrule "r"\n  when plan is child_protection and proceedings\n  transfer from RAT to CIN at conf\n`;
    const rule = parseClean(text).declarations[1] as RuleDecl;
    const parts = ruleParts(rule);
    const slice = (span: { start: number; end: number }) => text.slice(span.start, span.end);
    expect(slice(rule.name.span)).toBe('"r"');
    expect(slice(parts.when!.span)).toBe("plan is child_protection and proceedings");
    expect(slice(parts.action!.span)).toBe("transfer from RAT to CIN at conf");
    expect(parts.action?.kind === "Transfer" && slice(parts.action.timing.span)).toBe("at conf");
    expect(slice(rule.span)).toBe(text.slice(text.indexOf("rule"), text.lastIndexOf("conf") + 4));
  });
});
