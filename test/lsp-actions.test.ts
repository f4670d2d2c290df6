// The language server over stdio: quick fixes, the code lens on tests, and formatting.
import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CodeAction, CodeLens, Diagnostic, TextEdit } from "../packages/language-server/test/lsp-client.js";
import { exampleUri, LspClient, offsetAt, positionOf, readExample, repositoryRoot } from "../packages/language-server/test/lsp-client.js";

let client: LspClient;
const spec = readExample("docs/examples/spec-section-1.baton");
let documents = 0;

beforeAll(async () => {
  client = await LspClient.start();
});

afterAll(async () => {
  await client.stop();
});

function applyEdits(text: string, edits: TextEdit[]): string {
  const sorted = edits.map((edit) => ({ edit, start: offsetAt(text, edit.range.start), end: offsetAt(text, edit.range.end) })).sort((a, b) => b.start - a.start);
  let result = text;
  for (const { edit, start, end } of sorted) result = result.slice(0, start) + edit.newText + result.slice(end);
  return result;
}

/** Opens `text`, and returns the quick fixes offered for its diagnostic with `code`. */
async function fixesFor(text: string, code: string): Promise<{ uri: string; diagnostic: Diagnostic; actions: CodeAction[] }> {
  const uri = `untitled:actions-${++documents}.baton`;
  const published = await client.open(uri, text);
  const diagnostic = published.diagnostics.find((d) => d.code === code);
  if (diagnostic === undefined) throw new Error(`no ${code} diagnostic in ${JSON.stringify(published.diagnostics)}`);
  const actions = await client.request<CodeAction[]>("textDocument/codeAction", {
    textDocument: { uri },
    range: diagnostic.range,
    context: { diagnostics: [diagnostic], only: ["quickfix"] },
  });
  return { uri, diagnostic, actions };
}

/** Applies the action titled `title` and returns the new text's diagnostics. */
async function apply(text: string, uri: string, actions: CodeAction[], title: string): Promise<{ fixed: string; diagnostics: Diagnostic[] }> {
  const action = actions.find((candidate) => candidate.title === title);
  if (action === undefined) throw new Error(`no action "${title}" among ${actions.map((a) => a.title).join(", ")}`);
  expect(action.kind).toBe("quickfix");
  const fixed = applyEdits(text, action.edit!.changes![uri]!);
  const published = await client.open(`untitled:fixed-${++documents}.baton`, fixed);
  return { fixed, diagnostics: published.diagnostics };
}

describe("code actions", () => {
  it('applies "did you mean"', async () => {
    const text = spec.replace("transfer from RAT to CIN at initial_conference", "transfer from RAT to CN at initial_conference");
    const { uri, diagnostic, actions } = await fixesFor(text, "unknown-name");
    expect(actions[0]!.diagnostics).toEqual([diagnostic]);
    expect(actions[0]!.isPreferred).toBe(true);
    const { fixed, diagnostics } = await apply(text, uri, actions, "Change to `CIN`");
    expect(fixed).toBe(spec);
    expect(diagnostics).toEqual([]);
  });

  it("adds parentheses where `and` and `or` are mixed", async () => {
    const text = spec.replace("when plan is child_protection and proceedings\n", "when plan is child_protection and proceedings or age < 18 years\n");
    const { uri, actions } = await fixesFor(text, "mixed-and-or");
    const { fixed, diagnostics } = await apply(text, uri, actions, "Add parentheses around the `and` parts");
    expect(fixed).toContain("when (plan is child_protection and proceedings) or age < 18 years\n");
    expect(diagnostics).toEqual([]);
  });

  it("declares an unknown team after the other teams", async () => {
    const text = spec.replace("transfer from CIC to Plus16", "transfer from CIC to LeavingCare");
    const { uri, actions } = await fixesFor(text, "unknown-name");
    const { fixed, diagnostics } = await apply(text, uri, actions, "Declare team `LeavingCare`");
    expect(fixed).toContain('team Plus16 "16+ Team"\nteam LeavingCare "LeavingCare"\npanel');
    expect(diagnostics.map((d) => d.code)).toEqual(["unused"]);
  });

  it("declares an unknown fact, with the type its use suggests", async () => {
    const text = spec.replace("when plan is child_protection and proceedings\n", "when plan is child_protection and looked_after\n");
    const { uri, actions } = await fixesFor(text, "unknown-name");
    const { fixed, diagnostics } = await apply(text, uri, actions, "Declare fact `looked_after`");
    expect(fixed).toContain('fact date_of_birth: date\nfact looked_after: yes/no "looked after"\n');
    expect(diagnostics.map((d) => d.code)).toEqual(["unused"]);
    const dated = spec.replace("on date_of_birth + 15 years", "on became_looked_after + 15 years");
    const datedFix = await fixesFor(dated, "unknown-name");
    const applied = await apply(dated, datedFix.uri, datedFix.actions, "Declare fact `became_looked_after`");
    expect(applied.fixed).toContain('fact became_looked_after: date "became looked after"');
  });

  it("adds a `source` clause to a rule without one", async () => {
    const text = spec.replace('  source "Section 2, table 3, CIC S20 cases"\n', "");
    const { uri, actions } = await fixesFor(text, "missing-source");
    const { fixed } = await apply(text, uri, actions, "Add a `source` clause");
    expect(fixed).toContain('rule "Accommodated young people move to the 16+ team"\n  source ""\n  when age');
  });

  it("offers nothing where there is no problem", async () => {
    const uri = exampleUri("docs/examples/spec-section-1.baton");
    await client.open(uri, spec);
    const actions = await client.request<CodeAction[]>("textDocument/codeAction", {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 60, character: 0 } },
      context: { diagnostics: [] },
    });
    expect(actions).toEqual([]);
  });
});

describe("code lens on tests", () => {
  async function lenses(text: string): Promise<{ uri: string; lenses: CodeLens[] }> {
    const uri = `untitled:lens-${++documents}.baton`;
    await client.open(uri, text);
    return { uri, lenses: await client.request<CodeLens[]>("textDocument/codeLens", { textDocument: { uri } }) };
  }

  it("runs each test and shows that it passes", async () => {
    const { uri, lenses: found } = await lenses(spec);
    expect(found).toHaveLength(1);
    expect(found[0]!.range.start).toEqual(positionOf(spec, '"A CP case moves'));
    expect(found[0]!.command).toEqual({ title: "✓ passes", command: "baton.runTests", arguments: [uri] });
  });

  it("shows what a failing test expected and what was decided", async () => {
    const text = spec.replace("expect transfer to CIN on 2026-01-10", "expect transfer to CIC on 2026-01-10");
    const { lenses: found } = await lenses(text);
    expect(found[0]!.command!.title).toBe(
      '✗ fails: expected transfer to CIC on 2026-01-10; decided: transfer to CIN on 2026-01-10 (rule "Child protection cases move to CIN"); missing chronology',
    );
  });

  it("runs the tests of every example protocol, and they pass", async () => {
    for (const name of ["camden", "derby", "hillingdon", "hull", "oxfordshire"]) {
      const { lenses: found } = await lenses(readExample(`examples/${name}.baton`));
      expect(found.length).toBeGreaterThan(0);
      expect(found.filter((lens) => lens.command!.title !== "✓ passes").map((lens) => lens.command!.title)).toEqual([]);
    }
  });

  it("says the tests cannot run while the protocol has errors", async () => {
    const { lenses: found } = await lenses(spec.replace("to CIN at", "to CN at"));
    expect(found[0]!.command!.title).toBe("▶ Tests not run: the protocol has errors");
  });

  it("does not run the tests of a protocol whose rules conflict, as `baton test` does not", async () => {
    const conflicting = spec.replace('test "A CP', 'rule "Also CP"\n  source "s"\n  when plan is child_protection\n  transfer from RAT to CIC immediately\n\ntest "A CP');
    const { lenses: found } = await lenses(conflicting);
    expect(found[0]!.command!.title).toBe("▶ Tests not run: the protocol has errors");
  });

  it("runs the tests again when the lens is clicked", async () => {
    const { uri } = await lenses(spec);
    const before = client.codeLensRefreshes;
    await client.request("workspace/executeCommand", { command: "baton.runTests", arguments: [uri] });
    expect(client.codeLensRefreshes).toBe(before + 1);
    const again = await client.request<CodeLens[]>("textDocument/codeLens", { textDocument: { uri } });
    expect(again[0]!.command!.title).toBe("✓ passes");
  });
});

describe("formatting", () => {
  const pluginWritten = existsSync(`${repositoryRoot}/packages/prettier-plugin/src/index.ts`);

  it.runIf(pluginWritten)("formats through the Prettier plugin (prettier-plugin-baton)", async () => {
    const messy = spec.replace("team CIN \"Child in Need Team\"", "team    CIN    \"Child in Need Team\"   ").replace("  when plan is child_protection\n", "      when plan is   child_protection\n");
    const uri = `untitled:format-${++documents}.baton`;
    await client.open(uri, messy);
    const edits = await client.request<TextEdit[]>("textDocument/formatting", { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
    const formatted = applyEdits(messy, edits);
    expect(formatted).toContain('team CIN "Child in Need Team"\n');
    expect(formatted).toContain("\n  when plan is child_protection\n");
    const again = await client.open(`untitled:format-${++documents}.baton`, formatted);
    expect(again.diagnostics).toEqual([]);
  });

  it.runIf(!pluginWritten)("answers formatting requests with no edits while prettier-plugin-baton has no src/index.ts (so formatting itself is not tested)", async () => {
    const uri = `untitled:format-${++documents}.baton`;
    await client.open(uri, spec);
    expect(await client.request("textDocument/formatting", { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } })).toEqual([]);
  });

  it("leaves a file with syntax errors as it is", async () => {
    const uri = `untitled:format-${++documents}.baton`;
    await client.open(uri, spec.replace("when plan is child_protection\n", "when plan is\n"));
    expect(await client.request("textDocument/formatting", { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } })).toEqual([]);
  });
});
