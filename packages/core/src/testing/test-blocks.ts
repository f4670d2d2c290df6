// Running a protocol's `test` blocks (spec section 7): each block becomes a case record and a date,
// and its `expect` lines are checked against the decision, with any difference said in words.
import type { ProtocolModel } from "../check/model.js";
import { durationAmounts } from "../compile/structure.js";
import * as A from "../syntax/ast.js";

/** The parts of a decision that tests look at (the runtime's `Decision` has them all). */
export interface DecisionLike {
  readonly outcome: string;
  readonly rule?: string;
  readonly to?: string;
  readonly panel?: string;
  readonly due?: string | null;
  readonly waitingFor?: string;
  readonly requestBy?: string | null;
  readonly needs: readonly string[];
  readonly missing: readonly string[];
  readonly conflicting: readonly string[];
  readonly trace: readonly { readonly rule: string; readonly status: string }[];
}

export interface TestCase {
  test: A.TestDecl;
  today: string;
  /** The case record the test describes, in the shape `decide` takes. */
  input: { team: string; facts: Record<string, unknown>; events: Record<string, { held?: string; scheduled?: string }>; documents: string[] };
}

function valueOf(value: A.Value): unknown {
  switch (value.kind) {
    case "Boolean":
      return value.value;
    case "Number":
      return value.value;
    case "Date":
      return value.text;
    case "Name":
      return value.text;
    case "Duration":
      return durationAmounts(value);
    case "ListValue":
      return value.items.map((record) => Object.fromEntries(record.fields.map((field) => [field.name.text, valueOf(field.value)])));
  }
}

/** The case record and date a test block describes. */
export function testCase(test: A.TestDecl): TestCase {
  const input: TestCase["input"] = { team: "", facts: {}, events: {}, documents: [] };
  let today = "";
  for (const line of test.lines) {
    switch (line.kind) {
      case "TestToday":
        today = line.date.text;
        break;
      case "TestTeam":
        input.team = line.team.text;
        break;
      case "Given":
        for (const item of line.items) {
          if (item.kind === "GivenFact") input.facts[item.fact.text] = valueOf(item.value);
          else if (item.kind === "GivenEvent") input.events[item.event.text] = { ...input.events[item.event.text], [item.state]: item.date.text };
          else input.documents.push(item.document.text);
        }
        break;
      case "Expect":
        break;
      default:
        A.assertNever(line);
    }
  }
  return { test, today, input };
}

/** A decision in a few words: "transfer to CIN on 2026-01-10 (rule "...")". */
export function describeDecision(decision: DecisionLike): string {
  let text: string;
  switch (decision.outcome) {
    case "transfer":
      text = `transfer to ${decision.to}${decision.due ? ` on ${decision.due}` : decision.waitingFor ? ` when ${decision.waitingFor} is scheduled` : decision.due === null ? " (date not known yet)" : ""}`;
      if (decision.requestBy) text += `, requested by ${decision.requestBy}`;
      break;
    case "remain":
      text = decision.to ? `remain with ${decision.to}` : "remain";
      break;
    case "refer":
      text = `refer to ${decision.panel}`;
      break;
    case "no-rule":
      text = "no rule applies";
      break;
    case "conflict":
      text = `conflict between ${decision.conflicting.map((name) => `"${name}"`).join(" and ")}`;
      break;
    case "needs-information":
      text = `needs ${decision.needs.join(", ") || (decision.waitingFor ? `the date of ${decision.waitingFor}` : "more information")}`;
      break;
    default:
      text = decision.outcome;
  }
  if (decision.rule) text += ` (rule "${decision.rule}")`;
  if (decision.outcome !== "needs-information" && decision.needs.length > 0) text += `; needs ${decision.needs.join(", ")}`;
  if (decision.missing.length > 0) text += `; missing ${decision.missing.join(", ")}`;
  return text;
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().join("\u0000") === [...b].sort().join("\u0000");

/** The expectations of `test` that `decision` does not meet, each in words; empty when it passes. */
export function unmetExpectations(test: A.TestDecl, decision: DecisionLike): string[] {
  const unmet: string[] = [];
  const expectations = test.lines.flatMap((line) => (line.kind === "Expect" ? [line.expectation] : []));
  const names = (list: A.Name[]) => list.map((name) => name.text);
  const hasOutcome = expectations.some((e) => e.kind !== "ExpectNeeds" && e.kind !== "ExpectMissing" && e.kind !== "ExpectRule");
  for (const expectation of expectations) {
    switch (expectation.kind) {
      case "ExpectTransfer": {
        const wanted = `transfer to ${expectation.team.text}${expectation.due ? ` on ${expectation.due.text}` : ""}${expectation.requestBy ? `, requested by ${expectation.requestBy.text}` : ""}`;
        const ok =
          decision.outcome === "transfer" &&
          decision.to === expectation.team.text &&
          (expectation.due === undefined || decision.due === expectation.due.text) &&
          (expectation.requestBy === undefined || decision.requestBy === expectation.requestBy.text);
        if (!ok) unmet.push(`expected ${wanted}`);
        break;
      }
      case "ExpectRemain":
        if (decision.outcome !== "remain" || (expectation.team !== undefined && decision.to !== expectation.team.text)) {
          unmet.push(`expected the case to remain${expectation.team ? ` with ${expectation.team.text}` : ""}`);
        }
        break;
      case "ExpectRefer":
        if (decision.outcome !== "refer" || decision.panel !== expectation.panel.text) unmet.push(`expected a referral to ${expectation.panel.text}`);
        break;
      case "ExpectNoRule":
        if (decision.outcome !== "no-rule") unmet.push("expected no rule to apply");
        break;
      case "ExpectConflict":
        if (decision.outcome !== "conflict") unmet.push("expected a conflict");
        break;
      case "ExpectNeeds": {
        const wanted = names(expectation.facts);
        if (!hasOutcome && decision.outcome !== "needs-information") unmet.push(`expected more information to be needed: ${wanted.join(", ")}`);
        else if (!sameSet(decision.needs, wanted)) unmet.push(`expected exactly these facts to be needed: ${wanted.join(", ")}`);
        break;
      }
      case "ExpectMissing": {
        const wanted = names(expectation.documents);
        if (!sameSet(decision.missing, wanted)) unmet.push(`expected exactly these documents to be missing: ${wanted.join(", ")}`);
        break;
      }
      case "ExpectRule":
        if (decision.rule !== expectation.rule.value) unmet.push(`expected rule "${expectation.rule.value}" to decide`);
        break;
      default:
        A.assertNever(expectation);
    }
  }
  return unmet;
}

/** The rules that decided in at least one of `decisions` (the rule, or every rule agreeing with it). */
export function rulesDeciding(decisions: readonly DecisionLike[]): Set<string> {
  const decided = new Set<string>();
  for (const decision of decisions) {
    if (decision.rule) decided.add(decision.rule);
    for (const entry of decision.trace) if (entry.status === "applied") decided.add(entry.rule);
  }
  return decided;
}

/** Every test of a checked protocol, as cases to decide. */
export function testCases(model: ProtocolModel): TestCase[] {
  return model.tests.map(testCase);
}


