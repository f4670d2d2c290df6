// `baton fmt` end to end, and the Prettier command line with the plugin: both run as separate
// processes, as a user or CI runs them.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { runScript, root, batonBundle as baton } from "./run-cli.js";

const prettierCli = join(root, "node_modules/prettier/bin/prettier.cjs");
const pluginBuild = join(root, "packages/prettier-plugin/dist/index.mjs");

const run = runScript;

const formatted = `# A protocol in the canonical layout.
protocol P "A protocol"
  calendar england-and-wales

team RAT "Referral and Assessment Team"
team CIN "Child in Need Team"
fact proceedings: yes/no "Care proceedings have begun"

rule "Cases not in proceedings move to CIN"
  source "Section 1"
  when not proceedings
  transfer from RAT to CIN immediately
`;
const unformatted = `# A protocol in the canonical layout.
protocol P "A protocol" calendar   england-and-wales
team RAT "Referral and Assessment Team"
team CIN "Child in Need Team"
fact proceedings: yes/no "Care proceedings have begun"
rule "Cases not in proceedings move to CIN" source "Section 1"
    when not proceedings transfer from RAT to CIN immediately
`;
const broken = formatted.replace("from RAT to CIN", "from RAT at CIN");

let folder: string;
const read = (name: string) => readFileSync(join(folder, name), "utf8");

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), "baton-fmt-"));
  writeFileSync(join(folder, "formatted.baton"), formatted);
  writeFileSync(join(folder, "unformatted.baton"), unformatted);
  writeFileSync(join(folder, "broken.baton"), broken);
  mkdirSync(join(folder, "nested/deeper"), { recursive: true });
  writeFileSync(join(folder, "nested/deeper/also.baton"), unformatted);
  writeFileSync(join(folder, "nested/notes.txt"), "not a protocol");
});

describe("baton fmt --check", () => {
  it("exits 0 for a formatted file", () => {
    expect(run(baton, ["fmt", "--check", "formatted.baton"], folder)).toEqual({ status: 0, stdout: "The file is formatted.\n", stderr: "" });
  });

  it("lists the files that are not formatted, exits 1 and changes nothing", () => {
    const result = run(baton, ["fmt", "--check", "formatted.baton", "unformatted.baton", "nested"], folder);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe(
      `unformatted.baton\n${join("nested", "deeper", "also.baton")}\n2 files of 3 are not formatted; run \`baton fmt\` to format them.\n`,
    );
    expect(read("unformatted.baton")).toBe(unformatted);
  });
});

describe("baton fmt", () => {
  it("rewrites the files that change and lists them", () => {
    const result = run(baton, ["fmt", "."], folder);
    expect(result.stdout).toContain("unformatted.baton\n");
    expect(read("unformatted.baton")).toBe(formatted);
    expect(read("nested/deeper/also.baton")).toBe(formatted);
    expect(read("formatted.baton")).toBe(formatted);
    // The broken file keeps the status at 1; run on the others alone, everything is formatted.
    expect(result.status).toBe(1);
    expect(run(baton, ["fmt", "formatted.baton", "unformatted.baton", "nested"], folder)).toEqual({
      status: 0,
      stdout: "All 3 files were already formatted.\n",
      stderr: "",
    });
  });

  it("prints a file's syntax errors, exits 1 and leaves it untouched", () => {
    for (const args of [["fmt", "broken.baton"], ["fmt", "--check", "broken.baton"]]) {
      const result = run(baton, args, folder);
      expect(result.status).toBe(1);
      expect(result.stdout.split("\n")[0]).toBe("broken.baton:12:21: error [syntax] Expected `to` and a team after `transfer from RAT`, but found `at`.");
      expect(result.stdout.trimEnd().split("\n").at(-1)).toBe("1 file with syntax errors was left as it was.");
      expect(read("broken.baton")).toBe(broken);
    }
  });

  it("exits 2 for a file that does not exist, and for no files at all", () => {
    const missing = run(baton, ["fmt", "missing.baton"], folder);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe("baton: cannot read missing.baton: there is no such file or folder\n");
    expect(run(baton, ["fmt"], folder).status).toBe(2);
  });

  it("keeps the example protocols in the canonical layout", () => {
    const result = run(baton, ["fmt", "--check", "examples", "docs/examples"], root);
    expect(result.stdout).toMatch(/^All \d+ files are formatted\.\n$/);
    expect(result.status).toBe(0);
  });
});

describe("the Prettier command line with the plugin", () => {
  it("checks the example protocols", () => {
    const result = run(prettierCli, ["--plugin", pluginBuild, "--check", "examples/**/*.baton", "docs/examples/*.baton"], root);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
  });

  it("formats a file as `baton fmt` does, and refuses one with syntax errors", () => {
    const result = run(prettierCli, ["--plugin", pluginBuild, "--write", "unformatted.baton", "broken.baton"], folder);
    expect(result.status).toBe(2);
    expect(read("unformatted.baton")).toBe(formatted);
    expect(read("broken.baton")).toBe(broken);
    expect(result.stderr).toContain("[error] broken.baton: SyntaxError: This file has a syntax error, so it was not formatted:\n[error] 12:21: Expected `to`");
  });
});
