// The language server over stdio: diagnostics for real files, for a file full of errors, and for a
// file edited one character at a time.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cliPath, exampleUri, LspClient, positionAt, readExample, repositoryRoot, summarise } from "../packages/language-server/test/lsp-client.js";

let client: LspClient;

beforeAll(async () => {
  client = await LspClient.start();
});

afterAll(async () => {
  expect(await client.stop()).toBe(0);
});

describe("diagnostics", () => {
  const examples = readdirSync(`${repositoryRoot}/examples`).filter((name) => name.endsWith(".baton"));

  it.each([...examples.map((name) => `examples/${name}`), "docs/examples/spec-section-1.baton"])("reports nothing on %s, like `baton check`", async (file) => {
    const published = await client.openSettled(exampleUri(file), readExample(file));
    expect(published.version).toBe(1);
    expect(published.diagnostics).toEqual([]);
  });

  it("reports everything `baton check` reports on a file full of errors, with codes and related places", async () => {
    const file = "packages/language-server/test/fixtures/full-of-errors.baton";
    const uri = exampleUri(file);
    const published = await client.open(uri, readExample(file));
    const check = spawnSync(process.execPath, [cliPath, "check", "--format", "json", file], { cwd: repositoryRoot, encoding: "utf8", env: { ...process.env, INIT_CWD: "" } });
    expect(check.status).toBe(1);
    const checked = JSON.parse(check.stdout) as { line: number; column: number; code: string; severity: string; message: string }[];
    expect(summarise(published.diagnostics)).toEqual(checked.map((d) => `${d.code}@${d.line}:${d.column}`));
    expect(published.diagnostics.map((d) => d.message)).toEqual(checked.map((d) => d.message));
    expect(published.diagnostics.map((d) => d.severity)).toEqual(checked.map((d) => (d.severity === "error" ? 1 : 2)));
    expect(published.diagnostics.every((d) => d.source === "baton")).toBe(true);
    const codes = new Set(published.diagnostics.map((d) => d.code));
    for (const code of ["syntax", "unknown-name", "duplicate-name", "type-mismatch", "mixed-and-or", "cyclic-let", "cyclic-exception", "self-transfer", "missing-source", "invalid-date"]) {
      expect(codes).toContain(code);
    }
    const duplicate = published.diagnostics.find((d) => d.code === "duplicate-name")!;
    expect(duplicate.relatedInformation).toEqual([
      { location: { uri, range: { start: { line: 4, character: 5 }, end: { line: 4, character: 8 } } }, message: "`RAT` is first declared here" },
    ]);
    const mixed = published.diagnostics.find((d) => d.code === "mixed-and-or")!;
    expect(mixed.relatedInformation?.[0]?.message).toBe("the `or` that meets an `and` here");
  });

  it("publishes again after each change, for that version, and clears on close", async () => {
    const uri = "untitled:changes.baton";
    const text = 'protocol P "T"\n  otherwise remain\n\nteam A "A"\nteam B "B"\n\nrule "R"\n  source "s"\n  transfer from A to B immediately\n';
    expect((await client.openSettled(uri, text)).diagnostics).toEqual([]);
    const at = text.indexOf("to B") + 3;
    const version = client.change(uri, [{ range: { start: positionAt(text, at), end: positionAt(text, at + 1) }, text: "Elsewhere" }]);
    const after = await client.waitForDiagnostics(uri, version);
    expect(after.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ["unused", expect.stringContaining("`B`")],
      ["unknown-name", expect.stringContaining("There is no team called `Elsewhere`.")],
    ]);
    const cleared = client.waitForDiagnostics(uri);
    client.close(uri);
    expect((await cleared).diagnostics).toEqual([]);
  });
});

describe("conflicts, gaps and unreachable rules", () => {
  const conflicting = readExample("docs/examples/spec-section-1.baton").replace(
    'test "A CP',
    'rule "CP cases move to CIC"\n  source "s"\n  when plan is child_protection\n  transfer from RAT to CIC immediately\n\ntest "A CP',
  );

  it("are published after the checks, like `baton check` reports them", async () => {
    const uri = "untitled:conflict.baton";
    const first = await client.open(uri, conflicting);
    expect(first.diagnostics).toEqual([]);
    const settled = await client.settledDiagnostics(uri, 1);
    const folder = mkdtempSync(join(tmpdir(), "baton-lsp-"));
    writeFileSync(join(folder, "conflict.baton"), conflicting);
    const check = spawnSync(process.execPath, [cliPath, "check", "--format", "json", join(folder, "conflict.baton")], { encoding: "utf8", env: { ...process.env, INIT_CWD: "" } });
    const checked = JSON.parse(check.stdout) as { line: number; column: number; code: string; message: string }[];
    expect(summarise(settled.diagnostics)).toEqual(checked.map((d) => `${d.code}@${d.line}:${d.column}`));
    expect(settled.diagnostics.map((d) => d.message)).toEqual(checked.map((d) => d.message));
    expect(settled.diagnostics.map((d) => d.code)).toEqual(["conflict", "conflict"]);
    expect(settled.diagnostics[0]!.message).toContain("For example: a case held by RAT with plan child_protection");
    expect(settled.diagnostics[0]!.relatedInformation?.length).toBe(2);
    expect(settled.diagnostics[0]!.range.start).toEqual(positionAt(conflicting, conflicting.indexOf('"CP cases move to CIC"')));
  });

  it("stay shown, moved with the text, while an edit is checked, then are found again", async () => {
    const uri = "untitled:conflict-moved.baton";
    await client.openSettled(uri, conflicting);
    const version = client.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: "# A new first line.\n" }]);
    const moved = await client.waitForDiagnostics(uri, version);
    const line = positionAt(conflicting, conflicting.indexOf('"CP cases move to CIC"')).line;
    expect(moved.diagnostics.map((d) => [d.code, d.range.start.line])).toEqual([["conflict", line + 1], ["conflict", line + 1]]);
    const settled = await client.settledDiagnostics(uri, version);
    expect(settled.diagnostics.map((d) => [d.code, d.range.start.line])).toEqual([["conflict", line + 1], ["conflict", line + 1]]);
  });

  it("go away with an error, as `baton check` only looks for them in a file without errors", async () => {
    const uri = "untitled:conflict-error.baton";
    await client.openSettled(uri, conflicting);
    const at = conflicting.indexOf("to CIC immediately") + 3;
    const version = client.change(uri, [{ range: { start: positionAt(conflicting, at), end: positionAt(conflicting, at + 3) }, text: "Nowhere" }]);
    const published = await client.waitForDiagnostics(uri, version);
    expect(published.diagnostics.map((d) => d.code)).toEqual(["unknown-name"]);
  });
});

describe("a file full of errors", () => {
  it("answers every request at every position without failing", async () => {
    const file = "packages/language-server/test/fixtures/full-of-errors.baton";
    const text = readExample(file);
    const uri = "untitled:every-position.baton";
    await client.open(uri, text);
    const textDocument = { uri };
    const whole = { start: { line: 0, character: 0 }, end: positionAt(text, text.length) };
    const answers = await Promise.all([
      client.request("textDocument/documentSymbol", { textDocument }),
      client.request("textDocument/foldingRange", { textDocument }),
      client.request("textDocument/semanticTokens/full", { textDocument }),
      client.request("textDocument/codeLens", { textDocument }),
      client.request("textDocument/codeAction", { textDocument, range: whole, context: { diagnostics: [] } }),
    ]);
    expect(answers.every((answer) => answer !== undefined)).toBe(true);
    let answered = 0;
    for (let offset = 0; offset <= text.length; offset += 2) {
      const position = positionAt(text, offset);
      await Promise.all([
        client.completion(uri, position),
        client.request("textDocument/hover", { textDocument, position }),
        client.request("textDocument/definition", { textDocument, position }),
        client.request("textDocument/references", { textDocument, position, context: { includeDeclaration: true } }),
        client.request("textDocument/prepareRename", { textDocument, position }).catch((refusal: Error) => expect(refusal.message).toMatch(/renamed|built in/)),
      ]);
      answered++;
    }
    expect(answered).toBeGreaterThan(500);
    expect(client.process.exitCode).toBeNull();
  }, 60_000);
});

describe("a file typed one character at a time", () => {
  it("keeps up with every change, never crashes, and ends with the same diagnostics as opening the whole file", async () => {
    const file = "docs/examples/spec-section-1.baton";
    const full = readExample(file);
    const uri = "untitled:typed.baton";
    await client.open(uri, "");
    let typed = "";
    let version = 1;
    for (const char of full) {
      const end = positionAt(typed, typed.length);
      version = client.change(uri, [{ range: { start: end, end }, text: char }]);
      typed += char;
    }
    // Every request in between is answered against the text so far.
    const final = await client.settledDiagnostics(uri, version);
    expect(final.diagnostics).toEqual([]);
    // Now delete it again, one character at a time from the end, asking for completion and hover as we go.
    for (let length = full.length; length > full.length - 400; length--) {
      const start = positionAt(typed, length - 1);
      const end = positionAt(typed, length);
      version = client.change(uri, [{ range: { start, end }, text: "" }]);
      typed = typed.slice(0, length - 1);
      if (length % 40 === 0) {
        await client.completion(uri, start);
        await client.request("textDocument/hover", { textDocument: { uri }, position: start });
      }
    }
    const shortened = await client.settledDiagnostics(uri, version);
    const fresh = await client.openSettled("untitled:typed-fresh.baton", typed);
    expect(shortened.diagnostics).toEqual(fresh.diagnostics);
    expect(client.process.exitCode).toBeNull();
  }, 60_000);
});
