// The README shows a protocol and what Baton prints for it; these keep the two true.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { runBaton, root } from "./run-cli.js";
import { analyzeText } from "../packages/core/src/index.js";

const readme = readFileSync(join(root, "README.md"), "utf8");
const protocol = /```baton\n([\s\S]*?)```/.exec(readme)![1]!;
const blocks = [...readme.matchAll(/```text\n\$ pnpm baton (.*)\n([\s\S]*?)```/g)].map((match) => ({ command: match[1]!, output: match[2]! }));

function baton(args: string[], cwd: string): string {
  return runBaton(args, cwd).stdout;
}

it("shows a protocol that checks without problems", () => {
  expect(analyzeText(protocol).diagnostics).toEqual([]);
});

it("shows what `baton test` and `baton eval` really print", () => {
  for (const { command, output } of blocks.filter((block) => !block.command.startsWith("check"))) {
    expect(baton(command.split(" "), root), command).toBe(output);
  }
});

it("shows what `baton check` really prints for the mistyped team", () => {
  const folder = mkdtempSync(join(tmpdir(), "baton-readme-"));
  writeFileSync(join(folder, "hillingdon.baton"), protocol.replace("transfer from RAT to CIN at", "transfer from RAT to CNI at"));
  const block = blocks.find((candidate) => candidate.command.startsWith("check"))!;
  expect(baton(["check", "hillingdon.baton"], folder)).toBe(block.output);
});
