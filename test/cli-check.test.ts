// `baton check` end to end: the built command run as a separate process, as a user or CI runs it.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runBaton, root } from "./run-cli.js";


const run = runBaton;

let folder: string;
const clean = `protocol P "A protocol"
  otherwise remain
team RAT "Referral and Assessment Team"
team CIN "Child in Need Team"
fact proceedings: yes/no "Care proceedings have begun"
rule "Cases not in proceedings move to CIN"
  source "Section 1"
  when not proceedings
  transfer from RAT to CIN immediately
`;

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), "baton-check-"));
  writeFileSync(join(folder, "clean.baton"), clean);
  writeFileSync(join(folder, "warning.baton"), clean.replace('  source "Section 1"\n', ""));
  writeFileSync(join(folder, "broken.baton"), clean.replace("to CIN", "to CNI").replace("from RAT", "from RAT at"));
  mkdirSync(join(folder, "nested/deeper"), { recursive: true });
  writeFileSync(join(folder, "nested/deeper/also.baton"), clean);
  writeFileSync(join(folder, "nested/notes.txt"), "not a protocol");
});

describe("baton check", () => {
  it("prints a summary and exits 0 for a clean file", () => {
    const result = run(["check", "clean.baton"], folder);
    expect(result).toMatchObject({ status: 0, stdout: "No problems found in 1 file.\n", stderr: "" });
  });

  it("exits 0 with warnings, printing them in the spec's line format", () => {
    const result = run(["check", "warning.baton"], folder);
    expect(result.status).toBe(0);
    expect(result.stdout.split("\n")[0]).toBe(
      'warning.baton:6:6: warning [missing-source] This rule does not say where it comes from. Add `source "..."` with the section, table or paragraph of the published protocol.',
    );
    const name = '"Cases not in proceedings move to CIN"';
    expect(result.stdout).toContain(`  6 | rule ${name}\n    |      ${"^".repeat(name.length)}\n  fix: Add a \`source\` clause`);
    expect(result.stdout.trimEnd().split("\n").at(-1)).toBe("0 errors and 1 warning in 1 file.");
  });

  it("shows invisible characters as <U+...> in what it prints, so none can reorder the line on screen", () => {
    const elsewhere = mkdtempSync(join(tmpdir(), "baton-check-hidden-"));
    writeFileSync(join(elsewhere, "hidden.baton"), clean.replace('source "Section 1"', 'source "Section \u202e1 elbat\u202c"'));
    const result = run(["check", "hidden.baton"], elsewhere);
    expect(result.status).toBe(0);
    expect(result.stdout).not.toMatch(/[\u202a-\u202e]/);
    expect(result.stdout).toContain(`  7 |   source "Section <U+202E>1 elbat<U+202C>"\n    |                   ${"^".repeat(8)}\n`);
    expect(result.stdout).toContain("0 errors and 2 warnings in 1 file.");
  });

  it("exits 1 on errors and prints every one", () => {
    const result = run(["check", "broken.baton"], folder);
    expect(result.status).toBe(1);
    const lines = result.stdout.split("\n").filter((line) => /^broken\.baton:\d+:\d+: /.test(line));
    expect(lines).toEqual(["broken.baton:9:21: error [syntax] Expected `to` and a team after `transfer from RAT`, but found `at`."]);
    expect(result.stdout.trimEnd().split("\n").at(-1)).toBe("1 error and 0 warnings in 1 file.");
  });

  it("searches folders for .baton files, in a stable order", () => {
    const result = run(["check", "--format", "json", "."], folder);
    expect(result.status).toBe(1);
    const files = new Set((JSON.parse(result.stdout) as { file: string }[]).map((d) => d.file));
    expect([...files]).toEqual(["broken.baton", "warning.baton"]);
    const text = run(["check", "nested"], folder);
    expect(text).toMatchObject({ status: 0, stdout: "No problems found in 1 file.\n" });
  });

  it("prints JSON with the fields of spec section 10", () => {
    const result = run(["check", "--format", "json", "broken.baton", "warning.baton"], folder);
    const diagnostics = JSON.parse(result.stdout) as Record<string, unknown>[];
    expect(diagnostics[0]).toEqual({
      file: "broken.baton",
      line: 9,
      column: 21,
      endLine: 9,
      endColumn: 23,
      severity: "error",
      code: "syntax",
      message: "Expected `to` and a team after `transfer from RAT`, but found `at`.",
    });
    expect(diagnostics[1]).toMatchObject({ file: "warning.baton", severity: "warning", code: "missing-source", fix: { title: "Add a `source` clause" } });
  });

  it("exits 2 with a clear message for a missing file, and still checks the others", () => {
    const result = run(["check", "clean.baton", "missing.baton"], folder);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe("baton: cannot read missing.baton: there is no such file or folder\n");
    expect(result.stdout).toBe("No problems found in 1 file.\n");
  });

  it("exits 2 for a folder with no protocols, bad options and no files", () => {
    mkdirSync(join(folder, "empty"), { recursive: true });
    expect(run(["check", "empty"], folder)).toMatchObject({ status: 2, stderr: "baton: there are no .baton files in the folder empty\n" });
    expect(run(["check", "--format", "xml", "clean.baton"], folder)).toMatchObject({
      status: 2,
      stderr: "baton: --format must be `text` or `json`, not `xml`\n",
    });
    expect(run(["check"], folder).status).toBe(2);
    expect(run(["check", "--bogus", "clean.baton"], folder).status).toBe(2);
    expect(run(["frobnicate"], folder)).toMatchObject({ status: 2, stderr: "baton: there is no command `frobnicate`; run `baton --help` to see the commands\n" });
  });

  it("explains itself with --help", () => {
    const help = run(["check", "--help"], folder);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("Usage: baton check [--format text|json] FILE|FOLDER...");
    expect(help.stdout).toContain("Exit status: 0 no errors (warnings allowed), 1 errors found, 2 bad usage or an unreadable file.");
    const main = run(["--help"], folder);
    expect(main.status).toBe(0);
    expect(main.stdout).toContain("check FILE|FOLDER...");
  });

  it("reads a file that is not text without crashing", () => {
    writeFileSync(join(folder, "binary.baton"), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0xff, 0xfe]));
    const result = run(["check", "binary.baton"], folder);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("This file holds binary data, not text");
  });
});
