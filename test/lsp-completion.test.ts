// The language server over stdio: completion in each context, with `<|>` marking the cursor in a
// copy of a real protocol (docs/examples/spec-section-1.baton) with a line being typed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CompletionItem } from "../packages/language-server/test/lsp-client.js";
import { LspClient, markers, positionAt, readExample } from "../packages/language-server/test/lsp-client.js";

let client: LspClient;
const spec = readExample("docs/examples/spec-section-1.baton");
let documents = 0;

beforeAll(async () => {
  client = await LspClient.start();
});

afterAll(async () => {
  await client.stop();
});

/** Completion at `<|>` in `source`, opened as a document of its own. */
async function completeAt(source: string): Promise<CompletionItem[]> {
  const { text, offsets } = markers(source);
  const uri = `untitled:completion-${++documents}.baton`;
  await client.open(uri, text);
  return client.completion(uri, positionAt(text, offsets[0]!));
}

/** The spec's protocol with `line` inserted before its first test. */
function withLine(line: string): string {
  return spec.replace('test "A CP case', `${line}\n\ntest "A CP case`);
}

const labels = (items: CompletionItem[]) => items.map((item) => item.label);

/** Langium-style: the labels offered at `<|>` include all of `expected` and none of `unexpected`. */
async function expectCompletion(source: string, expected: string[], unexpected: string[] = []): Promise<CompletionItem[]> {
  const items = await completeAt(source);
  expect(labels(items)).toEqual(expect.arrayContaining(expected));
  for (const label of unexpected) expect(labels(items)).not.toContain(label);
  return items;
}

const teams = ["RAT", "CIN", "CIC", "Plus16"];

describe("completion", () => {
  it("offers clause keywords where a rule clause may start, in order", async () => {
    const items = await expectCompletion(withLine('rule "New"\n  source "s"\n  <|>'), ["exception to", "when", "unless", "transfer", "remain", "refer to", "requires", "because"], ["source"]);
    expect(items.find((item) => item.label === "when")?.kind).toBe(14);
    await expectCompletion(withLine('rule "New"\n  source "s"\n  when proceedings\n  <|>'), ["unless", "transfer", "remain", "refer to"], ["source", "when", "exception to"]);
  });

  it("offers declarations at the start of an unindented line, and the lines of a test inside one", async () => {
    await expectCompletion(withLine("<|>"), ["team", "fact", "rule", "test"], ["protocol"]);
    await expectCompletion(`${spec}  <|>`, ["given", "expect", "today", "team"]);
    await expectCompletion("<|>", ["protocol"]);
    await expectCompletion(spec.replace("  calendar england-and-wales", "  calendar england-and-wales\n  <|>"), ["version", "notice", "otherwise", "source"]);
  });

  it("offers teams after `from` and `to`, with their labels", async () => {
    const items = await expectCompletion(withLine('rule "New"\n  source "s"\n  transfer from <|>'), teams, ["TransferPanel", "plan"]);
    const cin = items.find((item) => item.label === "CIN")!;
    expect(cin.labelDetails?.description).toBe("Child in Need Team");
    expect(cin.detail).toBe("team");
    await expectCompletion(withLine('rule "New"\n  source "s"\n  transfer from RAT, <|>'), teams);
    await expectCompletion(withLine('rule "New"\n  source "s"\n  transfer from RAT to C<|>'), teams, ["TransferPanel"]);
    await expectCompletion(withLine('rule "New"\n  source "s"\n  refer to <|>'), ["TransferPanel"], ["RAT"]);
    await expectCompletion(withLine('test "T"\n  today 2026-01-01\n  team <|>'), teams);
  });

  it("offers facts and lets in conditions, with their types and descriptions", async () => {
    const items = await expectCompletion(withLine('rule "New"\n  source "s"\n  when <|>'), ["plan", "proceedings", "date_of_birth", "age", "not", "today"], ["RAT"]);
    const plan = items.find((item) => item.label === "plan")!;
    expect(plan.detail).toBe("fact: Plan (one of child_protection, child_in_need, none)");
    expect(plan.labelDetails?.description).toBe("The child's current plan");
    expect(items.find((item) => item.label === "age")!.detail).toBe("let: a time since a date");
    await expectCompletion(withLine('rule "New"\n  source "s"\n  when proceedings and pr<|>'), ["plan", "proceedings"]);
    await expectCompletion(withLine('rule "New"\n  source "s"\n  when not (<|>'), ["proceedings"]);
  });

  it("offers the values of the enumeration after `is`", async () => {
    const items = await expectCompletion(withLine('rule "New"\n  source "s"\n  when plan is <|>'), ["child_protection", "child_in_need", "none", "not", "one of"], ["proceedings", "RAT"]);
    expect(items.find((item) => item.label === "none")!.detail).toBe("a value of Plan");
    await expectCompletion(withLine('rule "New"\n  source "s"\n  when plan is not <|>'), ["child_protection", "one of"]);
    await expectCompletion(withLine('rule "New"\n  source "s"\n  when plan is one of child_protection, <|>'), ["child_in_need", "none"]);
    await expectCompletion(withLine('rule "New"\n  source "s"\n  when plan is not one of <|>'), ["child_protection", "child_in_need", "none"]);
    await expectCompletion(withLine('test "T"\n  today 2026-01-01\n  team RAT\n  given plan = <|>'), ["child_protection", "none"]);
    await expectCompletion(withLine('rule "New"\n  source "s"\n  when proceedings is <|>'), ["yes", "no"]);
  });

  it("offers events after `at` and `of`", async () => {
    const events = ["initial_conference", "first_review_conference", "allocation"];
    await expectCompletion(withLine('rule "New"\n  source "s"\n  transfer from RAT to CIN at <|>'), events, ["plan", "RAT"]);
    await expectCompletion(withLine('rule "New"\n  source "s"\n  transfer from RAT to CIN within 3 working days of <|>'), [...events, "date_of_birth"], ["RAT"]);
    await expectCompletion(withLine('rule "New"\n  source "s"\n  when date of <|>'), events, ["plan"]);
  });

  it("offers documents after `requires`", async () => {
    await expectCompletion(withLine('rule "New"\n  source "s"\n  transfer from RAT to CIN immediately\n  requires <|>'), ["core_assessment", "chronology"], ["plan", "RAT"]);
    await expectCompletion(withLine('rule "New"\n  source "s"\n  transfer from RAT to CIN immediately\n  requires core_assessment, <|>'), ["chronology"]);
  });

  it("offers rule names, in quotes, inside `exception to` and `expect rule`", async () => {
    const items = await expectCompletion(withLine('rule "New"\n  source "s"\n  exception to <|>'), ["Child protection cases move to CIN", "Accommodated young people move to the 16+ team"]);
    const rule = items.find((item) => item.label === "Child protection cases move to CIN")!;
    expect(rule.textEdit?.newText).toBe('"Child protection cases move to CIN"');
    expect(rule.labelDetails?.description).toBe("Section 2, table 1, CPR Case (1)");
    const inQuotes = await completeAt(withLine('rule "New"\n  source "s"\n  exception to "Child<|>'));
    expect(labels(inQuotes)).toContain("Child protection cases in proceedings move to CIC");
    const replaced = inQuotes.find((item) => item.label === "Child protection cases move to CIN")!.textEdit as { range: { start: { character: number }; end: { character: number } } };
    expect([replaced.range.start.character, replaced.range.end.character]).toEqual([15, 21]);
    await expectCompletion(`${spec}  expect rule <|>`, ["Child protection cases move to CIN"]);
  });

  it("offers what can follow `expect`, `otherwise`, `calendar` and a fact's colon", async () => {
    await expectCompletion(`${spec}  expect <|>`, ["transfer to", "remain", "refer to", "no rule", "conflict", "needs", "missing", "rule"]);
    await expectCompletion(spec.replace("  calendar england-and-wales", "  calendar <|>"), ["england-and-wales", "scotland", "northern-ireland", "none"]);
    await expectCompletion(withLine("fact new_fact: <|>"), ["yes/no", "number", "date", "Plan", "one of"]);
  });

  it("still knows the names declared earlier while the last declaration of the file is unfinished", async () => {
    await expectCompletion(`${spec}\nrule "New"\n  transfer from <|>`, teams);
    await expectCompletion(`${spec}\nrule "New"\n  when <|>`, ["plan", "proceedings"]);
    await expectCompletion(`${spec}  expect rule <|>`, ["Child protection cases move to CIN"]);
  });

  it("offers the fields of a record inside `where`", async () => {
    const text = readExample("examples/hillingdon.baton");
    const items = await completeAt(text.replace("let mixed_sibling_group = (any children where status is looked_after)", "let mixed_sibling_group = (any children where status is <|>looked_after)"));
    expect(labels(items)).toEqual(expect.arrayContaining(["looked_after", "in_need", "not_open"]));
  });

  it("offers nothing inside a comment or after a declaration keyword that names something new", async () => {
    expect(await completeAt(withLine("# a comment about <|>"))).toEqual([]);
    expect(await completeAt(withLine("team <|>"))).toEqual([]);
  });
});
