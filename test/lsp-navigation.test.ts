// The language server over stdio: hover, go to definition, find references, rename, the outline,
// folding and semantic tokens, on the example protocols.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DocumentSymbol, FoldingRange, Hover, Location, Range, SemanticTokens, TextEdit, WorkspaceEdit } from "../packages/language-server/test/lsp-client.js";
import { exampleUri, LspClient, markers, positionAt, positionOf, readExample, textIn } from "../packages/language-server/test/lsp-client.js";

let client: LspClient;
const specFile = "docs/examples/spec-section-1.baton";
const spec = readExample(specFile);
const specUri = exampleUri(specFile);
const hillingdonFile = "examples/hillingdon.baton";
const hillingdon = readExample(hillingdonFile);
const hillingdonUri = exampleUri(hillingdonFile);

beforeAll(async () => {
  client = await LspClient.start();
  await client.open(specUri, spec);
  await client.open(hillingdonUri, hillingdon);
});

afterAll(async () => {
  await client.stop();
});

/** Applies edits to a text (edits must not overlap). */
function applyEdits(text: string, edits: TextEdit[]): string {
  const withOffsets = edits.map((edit) => ({ edit, start: offsetIn(text, edit.range.start), end: offsetIn(text, edit.range.end) }));
  withOffsets.sort((a, b) => b.start - a.start);
  let result = text;
  for (const { edit, start, end } of withOffsets) result = result.slice(0, start) + edit.newText + result.slice(end);
  return result;
}

function offsetIn(text: string, position: { line: number; character: number }): number {
  const lines = text.split("\n");
  return lines.slice(0, position.line).reduce((sum, line) => sum + line.length + 1, 0) + position.character;
}

/** The text of a source with `<|>` marking where to ask, and that position. */
function at(source: string): { text: string; position: { line: number; character: number } } {
  const { text, offsets } = markers(source);
  return { text, position: positionAt(text, offsets[0]!) };
}

/** Occurrences of a word outside comments and quoted text. */
function occurrencesOf(text: string, word: string): number {
  return text
    .split("\n")
    .map((line) => line.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/#.*/, ""))
    .reduce((count, line) => count + (line.match(new RegExp(`\\b${word}\\b`, "g"))?.length ?? 0), 0);
}

async function hoverText(uri: string, position: { line: number; character: number }): Promise<string> {
  const hover = await client.request<Hover | null>("textDocument/hover", { textDocument: { uri }, position });
  const contents = hover?.contents;
  return typeof contents === "object" && contents !== null && "value" in contents ? contents.value : "";
}

describe("hover", () => {
  it("says what a team is, with its label", async () => {
    const text = await hoverText(specUri, positionOf(spec, "to CIN at", 0, 4));
    expect(text).toContain("team CIN");
    expect(text).toContain("Child in Need Team");
  });

  it("gives a fact's type and description", async () => {
    const text = await hoverText(specUri, positionOf(spec, "when plan is", 0, 6));
    expect(text).toContain("fact plan: Plan");
    expect(text).toContain("Type: Plan (one of child\\_protection, child\\_in\\_need, none)");
    expect(text).toContain("The child's current plan");
  });

  it("gives a let's definition and type", async () => {
    const text = await hoverText(specUri, positionOf(spec, "when age", 0, 6));
    expect(text).toContain("let age = time since date_of_birth");
    expect(text).toContain("a time since a date");
  });

  it("gives an event's and a document's label", async () => {
    expect(await hoverText(specUri, positionOf(spec, "at initial_conference", 0, 5))).toContain("Initial Child Protection Conference");
    expect(await hoverText(specUri, positionOf(spec, "expect missing chronology", 0, 16))).toContain("document chronology");
  });

  it("names the type of an enumeration value", async () => {
    expect(await hoverText(specUri, positionOf(spec, "is child_protection", 0, 4))).toContain("A value of the type `Plan`");
  });

  it("gives a rule's source and reason, also where it is named in `exception to`", async () => {
    const text = await hoverText(specUri, positionOf(spec, 'exception to "Child', 0, 15));
    expect(text).toContain('rule "Child protection cases move to CIN"');
    expect(text).toContain("**Source:** Section 2, table 1, CPR Case (1)");
    expect(text).toContain("**Because:** Needs ongoing community support");
  });

  it("describes a record's field inside `where`", async () => {
    const text = await hoverText(hillingdonUri, positionOf(hillingdon, "where status is looked_after", 0, 7));
    expect(text).toContain("status: SiblingStatus");
    expect(text).toContain("A field of a record");
  });

  it("says nothing on a keyword", async () => {
    expect(await client.request("textDocument/hover", { textDocument: { uri: specUri }, position: positionOf(spec, "transfer from RAT") })).toBeNull();
  });
});

describe("go to definition", () => {
  it.each([
    ["a team", "to CIN at", 4, "CIN", 7],
    ["a fact", "when plan is", 6, "plan", 13],
    ["an event", "at initial_conference", 4, "initial_conference", 18],
    ["a document", "requires core_assessment", 10, "core_assessment", 21],
    ["a type", "plan: Plan", 7, "Plan", 12],
    ["an enumeration value", "is child_protection", 4, "child_protection", 12],
  ])("goes from a use of %s to its declaration", async (_what, needle, delta, name, line) => {
    const location = await client.request<Location>("textDocument/definition", { textDocument: { uri: specUri }, position: positionOf(spec, needle, 0, delta) });
    expect(location.uri).toBe(specUri);
    expect(location.range.start.line).toBe(line);
    expect(textIn(spec, location.range)).toBe(name);
  });

  it("goes from `exception to` to the rule", async () => {
    const location = await client.request<Location>("textDocument/definition", { textDocument: { uri: specUri }, position: positionOf(spec, 'exception to "Child', 0, 20) });
    expect(textIn(spec, location.range)).toBe('"Child protection cases move to CIN"');
    expect(location.range.start.line).toBe(24);
  });
});

describe("line breaks", () => {
  it("counts positions the same way with CRLF line breaks", async () => {
    const crlf = spec.replace(/\n/g, "\r\n");
    const uri = "untitled:crlf.baton";
    expect((await client.open(uri, crlf)).diagnostics).toEqual([]);
    const location = await client.request<Location>("textDocument/definition", { textDocument: { uri }, position: positionOf(spec, "to CIN at", 0, 4) });
    expect(location.range).toEqual({ start: { line: 7, character: 5 }, end: { line: 7, character: 8 } });
  });
});

describe("find references", () => {
  it("finds every use of a document, with or without the declaration", async () => {
    const position = positionOf(spec, "chronology");
    const all = await client.request<Location[]>("textDocument/references", { textDocument: { uri: specUri }, position, context: { includeDeclaration: true } });
    expect(all.map((location) => location.range.start.line)).toEqual([22, 28, 49]);
    const uses = await client.request<Location[]>("textDocument/references", { textDocument: { uri: specUri }, position, context: { includeDeclaration: false } });
    expect(uses.map((location) => location.range.start.line)).toEqual([28, 49]);
  });

  it("finds every use of a team in a real protocol", async () => {
    const all = await client.request<Location[]>("textDocument/references", {
      textDocument: { uri: hillingdonUri },
      position: positionOf(hillingdon, "team CIN", 0, 5),
      context: { includeDeclaration: true },
    });
    expect(all.length).toBe(occurrencesOf(hillingdon, "CIN"));
    expect(all.every((location) => textIn(hillingdon, location.range) === "CIN")).toBe(true);
  });
});

describe("rename", () => {
  it("renames a team everywhere, and the result still checks", async () => {
    const edit = await client.request<WorkspaceEdit>("textDocument/rename", { textDocument: { uri: hillingdonUri }, position: positionOf(hillingdon, "team CIN", 0, 5), newName: "ChildInNeed" });
    const edits = edit.changes![hillingdonUri]!;
    expect(edits.length).toBe(occurrencesOf(hillingdon, "CIN"));
    const renamed = applyEdits(hillingdon, edits);
    expect(occurrencesOf(renamed, "CIN")).toBe(0);
    expect((await client.open("untitled:renamed-team.baton", renamed)).diagnostics).toEqual([]);
  });

  it("renames a fact, an event and an enumeration value", async () => {
    for (const [needle, delta, newName] of [["when plan is", 6, "current_plan"], ["at initial_conference", 4, "icpc"], ["is child_protection", 4, "cp"]] as const) {
      const edit = await client.request<WorkspaceEdit>("textDocument/rename", { textDocument: { uri: specUri }, position: positionOf(spec, needle, 0, delta), newName });
      const renamed = applyEdits(spec, edit.changes![specUri]!);
      expect(renamed).toContain(newName);
      expect((await client.open(`untitled:renamed-${newName}.baton`, renamed)).diagnostics).toEqual([]);
    }
  });

  it("renames a rule in its declaration, in `exception to` and in `expect rule`, escaping quotes", async () => {
    const source = `${spec}  expect rule "Child protection cases move to CIN"\n`;
    const uri = "untitled:rule-rename.baton";
    expect((await client.open(uri, source)).diagnostics).toEqual([]);
    const prepared = await client.request<{ range: Range; placeholder: string }>("textDocument/prepareRename", { textDocument: { uri }, position: positionOf(source, "expect rule", 0, 15) });
    expect(prepared.placeholder).toBe("Child protection cases move to CIN");
    expect(textIn(source, prepared.range)).toBe("Child protection cases move to CIN");
    const edit = await client.request<WorkspaceEdit>("textDocument/rename", { textDocument: { uri }, position: positionOf(source, "expect rule", 0, 15), newName: 'CP cases "move" to CIN' });
    const edits = edit.changes![uri]!;
    expect(edits.map((e) => e.range.start.line)).toEqual([24, 33, 50]);
    expect(new Set(edits.map((e) => e.newText))).toEqual(new Set(['"CP cases \\"move\\" to CIN"']));
    const renamed = applyEdits(source, edits);
    expect((await client.open("untitled:rule-renamed.baton", renamed)).diagnostics).toEqual([]);
  });

  it.each([
    ["a reserved word", "when plan is", 6, "to", "reserved word"],
    ["a name that is not an identifier", "when plan is", 6, "9 lives", "not a valid name"],
    ["a name already declared", "to CIN at", 4, "CIC", "already declared"],
    ["a value already in the type", "is child_protection", 4, "none", "already one of the values"],
    ["a rule name already used", 'exception to "Child', 20, "Accommodated young people move to the 16+ team", "already a rule called"],
    ["a rule name on two lines", 'exception to "Child', 20, "two\nlines", "one line"],
    ["an empty rule name", 'exception to "Child', 20, "", "cannot be empty"],
  ])("refuses %s", async (_what, needle, delta, newName, reason) => {
    const request = client.request("textDocument/rename", { textDocument: { uri: specUri }, position: positionOf(spec, needle, 0, delta), newName });
    await expect(request).rejects.toThrow(reason);
  });

  it("refuses to rename a keyword or the built-in event", async () => {
    await expect(client.request("textDocument/prepareRename", { textDocument: { uri: specUri }, position: positionOf(spec, "transfer from") })).rejects.toThrow("can be renamed");
    const { text, position } = at('protocol P "T"\n  otherwise remain\nteam A "A"\nteam B "B"\nrule "R"\n  source "s"\n  transfer from A to B 2 weeks after alloc<|>ation\n');
    await client.open("untitled:allocation.baton", text);
    await expect(client.request("textDocument/prepareRename", { textDocument: { uri: "untitled:allocation.baton" }, position })).rejects.toThrow("built in");
  });
});

describe("document symbols", () => {
  it("outlines the protocol in file order, with values under their type", async () => {
    const symbols = await client.request<DocumentSymbol[]>("textDocument/documentSymbol", { textDocument: { uri: specUri } });
    expect(symbols.map((symbol) => `${symbol.kind}:${symbol.name}`)).toEqual([
      "2:Hillingdon",
      "5:RAT",
      "5:CIN",
      "5:CIC",
      "5:Plus16",
      "11:TransferPanel",
      "10:Plan",
      "8:plan",
      "8:proceedings",
      "8:date_of_birth",
      "13:age",
      "24:initial_conference",
      "24:first_review_conference",
      "1:core_assessment",
      "1:chronology",
      "12:Child protection cases move to CIN",
      "12:Child protection cases in proceedings move to CIC",
      "12:Accommodated young people move to the 16+ team",
      "6:A CP case moves to CIN at the initial conference",
    ]);
    expect(symbols.find((symbol) => symbol.name === "Plan")!.children!.map((child) => child.name)).toEqual(["child_protection", "child_in_need", "none"]);
    const rule = symbols.find((symbol) => symbol.name === "Child protection cases move to CIN")!;
    expect(rule.detail).toBe("Section 2, table 1, CPR Case (1)");
    expect(rule.range.start.line).toBe(24);
    expect(rule.range.end.line).toBe(29);
  });
});

describe("folding ranges", () => {
  it("folds the header, rules, tests and blocks of comments", async () => {
    const ranges = await client.request<FoldingRange[]>("textDocument/foldingRange", { textDocument: { uri: specUri } });
    expect(ranges.map((range) => `${range.startLine}-${range.endLine}${range.kind ? ` ${range.kind}` : ""}`)).toEqual(["1-4", "24-29", "31-35", "37-40", "42-49"]);
    const hillingdonRanges = await client.request<FoldingRange[]>("textDocument/foldingRange", { textDocument: { uri: hillingdonUri } });
    expect(hillingdonRanges).toContainEqual({ startLine: 0, endLine: 5, kind: "comment" });
  });
});

describe("semantic tokens", () => {
  it("colours names by what they are", async () => {
    const legend = (client.initializeResult.capabilities.semanticTokensProvider as { legend: { tokenTypes: string[]; tokenModifiers: string[] } }).legend;
    const tokens = await client.request<SemanticTokens>("textDocument/semanticTokens/full", { textDocument: { uri: specUri } });
    const decoded: { text: string; type: string; modifiers: string[]; line: number }[] = [];
    let line = 0;
    let character = 0;
    const lines = spec.split("\n");
    for (let i = 0; i < tokens.data.length; i += 5) {
      const [deltaLine, deltaStart, length, type, modifiers] = tokens.data.slice(i, i + 5) as [number, number, number, number, number];
      line += deltaLine;
      character = deltaLine === 0 ? character + deltaStart : deltaStart;
      decoded.push({
        text: lines[line]!.slice(character, character + length),
        type: legend.tokenTypes[type]!,
        modifiers: legend.tokenModifiers.filter((_, bit) => (modifiers & (1 << bit)) !== 0),
        line,
      });
    }
    const find = (text: string, line: number) => decoded.find((token) => token.text === text && token.line === line);
    expect(find("# Comments run from '#' to the end of the line.", 0)?.type).toBe("comment");
    expect(find("team", 6)?.type).toBe("keyword");
    expect(find("RAT", 6)).toMatchObject({ type: "class", modifiers: ["declaration"] });
    expect(find("CIN", 27)).toMatchObject({ type: "class", modifiers: [] });
    expect(find("TransferPanel", 4)?.type).toBe("interface");
    expect(find("plan", 26)?.type).toBe("variable");
    expect(find("age", 39)).toMatchObject({ type: "variable", modifiers: ["readonly"] });
    expect(find("child_protection", 26)?.type).toBe("enumMember");
    expect(find("initial_conference", 27)?.type).toBe("event");
    expect(find('"Child protection cases move to CIN"', 33)?.type).toBe("function");
    expect(find('"Section 2, table 1, CPR Case (1)"', 25)?.type).toBe("string");
    expect(find("2026-01-12", 43)?.type).toBe("number");
    expect(find("england-and-wales", 3)?.type).toBe("enumMember");
  });
});
