// Test blocks (spec section 7): what day it is, which team holds the case, given values of the
// right type for each fact, and expectations naming teams, panels, facts, documents and rules that exist.
import { error } from "../diagnostics.js";
import * as A from "../syntax/ast.js";
import { CheckContext, replaceWith } from "./context.js";
import { closestName } from "./suggest.js";
import { describeType, errorType, type BatonType } from "./types.js";

// What the checker passes to `resolve`, made once rather than at each of many calls.
const teamKinds = ["team"] as const;
const panelKinds = ["panel"] as const;
const factKinds = ["fact"] as const;
const eventKinds = ["event"] as const;
const documentKinds = ["document"] as const;
const givenEventRoles = { held: "`given ... held on`", scheduled: "`given ... scheduled on`" } as const;

/**
 * Expectations of the decision's outcome: a test may have one. `expect needs` is not among them:
 * alone it expects `needs-information`, but beside `expect transfer` it checks the facts a transfer
 * still needs for its date (spec section 5: the transfer is decided, with `due: null`).
 */
const outcomeExpectations = new Set<A.Expectation["kind"]>([
  "ExpectTransfer",
  "ExpectRemain",
  "ExpectRefer",
  "ExpectNoRule",
  "ExpectConflict",
]);

export class TestChecker {
  constructor(private readonly context: CheckContext) {}

  check(test: A.TestDecl): void {
    const firstOf = new Map<string, A.TestLine>();
    const given = new Map<string, A.GivenItem>();
    let outcome: A.Expectation | undefined;
    for (const line of test.lines) {
      switch (line.kind) {
        case "TestToday":
        case "TestTeam": {
          const word = line.kind === "TestToday" ? "today" : "team";
          const first = firstOf.get(line.kind);
          if (first !== undefined) {
            this.context.report(
              error("invalid-test", line.span, `This test gives \`${word}\` twice; keep one.`, {
                related: [{ span: first.span, message: `the first \`${word}\`` }],
              }),
            );
          } else firstOf.set(line.kind, line);
          if (line.kind === "TestTeam") this.context.resolve(line.team, teamKinds, "a test's `team`");
          break;
        }
        case "Given":
          for (const item of line.items) this.checkGiven(item, given);
          break;
        case "Expect": {
          const expectation = line.expectation;
          if (outcomeExpectations.has(expectation.kind)) {
            if (outcome !== undefined) {
              this.context.report(
                error("invalid-test", line.span, "A decision has one outcome, but this test already expects another. Write a second test for it.", {
                  related: [{ span: outcome.span, message: "the outcome this test already expects" }],
                }),
              );
            } else outcome = expectation;
          }
          this.checkExpectation(expectation);
          break;
        }
        default:
          A.assertNever(line);
      }
    }
    const missing: string[] = [];
    if (!firstOf.has("TestToday")) missing.push("what day it is (`today 2026-01-12`)");
    if (!firstOf.has("TestTeam")) missing.push("which team holds the case (`team RAT`)");
    if (!test.lines.some((line) => line.kind === "Expect")) missing.push("what it expects (`expect ...`), so it cannot fail");
    if (missing.length > 0) {
      this.context.report(error("invalid-test", test.name.span, `This test does not say ${missing.join(", or ")}.`));
    }
  }

  private checkGiven(item: A.GivenItem, given: Map<string, A.GivenItem>): void {
    const name = item.kind === "GivenFact" ? item.fact : item.kind === "GivenEvent" ? item.event : item.document;
    const first = given.get(name.text);
    if (first !== undefined) {
      this.context.report(
        error("invalid-test", item.span, `\`${name.text}\` is given twice in this test; keep one.`, {
          related: [{ span: first.span, message: "given first here" }],
        }),
      );
    } else given.set(name.text, item);
    switch (item.kind) {
      case "GivenFact": {
        const symbol = this.context.symbols.get(item.fact.text);
        if (symbol?.kind === "let") {
          this.context.noteUse(item.fact, symbol);
          this.context.report(
            error(
              "wrong-kind",
              item.fact.span,
              `\`${item.fact.text}\` is worked out by \`let\` from other facts, so a test cannot give it. Give the facts it is worked out from instead.`,
            ),
          );
          return;
        }
        const fact = this.context.resolve(item.fact, factKinds, "`given`");
        if (fact === undefined) return;
        this.checkValue(item.value, this.context.valueTypes.get(fact.name) ?? errorType, fact.name);
        return;
      }
      case "GivenEvent":
        this.context.resolve(item.event, eventKinds, givenEventRoles[item.state]);
        return;
      case "GivenDocument":
        this.context.resolve(item.document, documentKinds, "`given ... complete`");
        return;
      default:
        A.assertNever(item);
    }
  }

  /**
   * Checks a test value against the type of what it is given for, named `name` (a fact or a field):
   * shown in backquotes in messages, put together only for one.
   */
  private checkValue(value: A.Value, type: BatonType, name: string): void {
    switch (type.kind) {
      case "error":
        return;
      case "yes/no":
        if (value.kind !== "Boolean") this.reportMismatch(value, type, name);
        return;
      case "number":
        if (value.kind !== "Number") this.reportMismatch(value, type, name);
        return;
      case "date":
        if (value.kind !== "Date") this.reportMismatch(value, type, name);
        return;
      case "duration":
        if (value.kind !== "Duration") this.reportMismatch(value, type, name);
        return;
      case "team":
        if (value.kind !== "Name") this.reportMismatch(value, type, name);
        else this.context.resolve(value, teamKinds, `\`${name}\``);
        return;
      case "enum":
        if (value.kind !== "Name") {
          this.reportMismatch(value, type, name);
        } else if (!this.context.noteEnumValue(value, type)) {
          const suggestion = closestName(value.text, type.values, this.context.suggestions);
          this.context.report(
            error(
              "type-mismatch",
              value.span,
              `\`${value.text}\` is not one of the values of \`${name}\`, which is ${describeType(type)}.${suggestion ? ` Did you mean \`${suggestion}\`?` : ""}`,
              suggestion ? { fix: replaceWith(value.span, suggestion) } : {},
            ),
          );
        }
        return;
      case "list":
        if (value.kind !== "ListValue") {
          this.reportMismatch(value, type, name);
          return;
        }
        for (const record of value.items) this.checkRecord(record, type.element);
        return;
      default:
        this.reportMismatch(value, type, name);
    }
  }

  private reportMismatch(value: A.Value, type: BatonType, name: string): void {
    this.context.report(
      error("type-mismatch", value.span, `\`${name}\` is ${describeType(type)}, so it cannot be given \`${this.context.text.slice(value.span.start, value.span.end).slice(0, 40)}\`.`),
    );
  }

  private checkRecord(record: A.RecordValue, type: Extract<BatonType, { kind: "record" }>): void {
    const seen = new Set<string>();
    for (const field of record.fields) {
      const declared = type.fields.get(field.name.text);
      if (declared === undefined) {
        const suggestion = closestName(field.name.text, type.fields.keys(), this.context.suggestions);
        this.context.report(
          error(
            "unknown-name",
            field.name.span,
            `A ${type.name} record has no field called \`${field.name.text}\`.${suggestion ? ` Did you mean \`${suggestion}\`?` : ` Its fields are ${[...type.fields.keys()].map((name) => `\`${name}\``).join(", ")}.`}`,
            suggestion ? { fix: replaceWith(field.name.span, suggestion) } : {},
          ),
        );
        continue;
      }
      if (seen.has(field.name.text)) {
        this.context.report(error("invalid-test", field.span, `\`${field.name.text}\` is given twice in this record; keep one.`));
        continue;
      }
      seen.add(field.name.text);
      this.context.noteField(field.name, declared);
      this.checkValue(field.value, declared.type, field.name.text);
    }
  }

  private checkExpectation(expectation: A.Expectation): void {
    switch (expectation.kind) {
      case "ExpectTransfer":
        this.context.resolve(expectation.team, teamKinds, "`expect transfer to`");
        return;
      case "ExpectRemain":
        if (expectation.team) this.context.resolve(expectation.team, teamKinds, "`expect remain with`");
        return;
      case "ExpectRefer":
        this.context.resolve(expectation.panel, panelKinds, "`expect refer to`");
        return;
      case "ExpectNeeds":
        for (const fact of expectation.facts) this.context.resolve(fact, factKinds, "`expect needs`");
        return;
      case "ExpectMissing":
        for (const document of expectation.documents) this.context.resolve(document, documentKinds, "`expect missing`");
        return;
      case "ExpectRule": {
        const rule = this.context.rules.get(expectation.rule.value);
        if (rule === undefined) {
          this.context.reportUnknownRule(expectation.rule);
        } else {
          this.context.references.push({ span: expectation.rule.span, target: { kind: "rule", rule }, declaration: false });
        }
        return;
      }
      case "ExpectNoRule":
      case "ExpectConflict":
        return;
      default:
        A.assertNever(expectation);
    }
  }
}
