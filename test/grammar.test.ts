// The TextMate grammar (grammar/baton.tmLanguage.json), tested with vscode-tmgrammar-test: the
// scope assertions in grammar/tests/*.baton, and every reserved word of the language coloured as one.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { reservedWords } from "../packages/core/src/index.js";

const root = join(import.meta.dirname, "..");
const grammar = join(root, "grammar/baton.tmLanguage.json");
const tool = join(root, "node_modules/vscode-tmgrammar-test/dist/unit.js");

function runGrammarTests(pattern: string) {
  const result = spawnSync(process.execPath, [tool, "--compact", "-g", grammar, pattern], { cwd: root, encoding: "utf8" });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe("the TextMate grammar", () => {
  it("gives the scopes asserted in grammar/tests (keywords, strings, escapes, comments, dates, durations, names)", () => {
    const { status, output } = runGrammarTests("grammar/tests/*.baton");
    expect(output).not.toContain("failed");
    expect(status).toBe(0);
    expect(output.match(/successfuly|successfully/g)?.length).toBeGreaterThanOrEqual(2);
  });

  it("colours every reserved word as a keyword, an operator or a constant, never as a name", () => {
    const folder = mkdtempSync(join(tmpdir(), "baton-grammar-"));
    const lines = ['# SYNTAX TEST "source.baton" "reserved words"'];
    for (const word of [...reservedWords].sort()) {
      lines.push(`  ${word}`, `# ${"^".repeat(word.length)} - variable.other.baton`);
    }
    writeFileSync(join(folder, "reserved.baton"), `${lines.join("\n")}\n`);
    const { status, output } = runGrammarTests(join(folder, "*.baton"));
    expect(output).not.toContain("failed");
    expect(status).toBe(0);
  });

  it("fails when an assertion does not hold (the tool is really checking)", () => {
    const folder = mkdtempSync(join(tmpdir(), "baton-grammar-"));
    writeFileSync(join(folder, "wrong.baton"), '# SYNTAX TEST "source.baton" "wrong on purpose"\nteam RAT "R"\n#    ^^^ keyword.other.clause.baton\n');
    expect(runGrammarTests(join(folder, "*.baton")).status).not.toBe(0);
  });

  it("is valid JSON with the scope name the extension registers", () => {
    const parsed = JSON.parse(readFileSync(grammar, "utf8")) as { scopeName: string };
    expect(parsed.scopeName).toBe("source.baton");
    const configuration = JSON.parse(readFileSync(join(root, "grammar/language-configuration.json"), "utf8")) as { comments: { lineComment: string } };
    expect(configuration.comments.lineComment).toBe("#");
  });
});
