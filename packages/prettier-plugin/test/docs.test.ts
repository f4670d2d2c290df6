// docs/formatting.md, kept true: each example written as a "```baton before" block followed by a
// "```baton after" block shows exactly what the formatter does.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { format } from "./helpers.js";

const guide = readFileSync(join(import.meta.dirname, "../../../docs/formatting.md"), "utf8").replace(/\r\n/g, "\n");

interface Example {
  line: number;
  before: string;
  after: string;
}

function examples(markdown: string): Example[] {
  const found: Example[] = [];
  const lines = markdown.split("\n");
  let before: { line: number; text: string } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const fence = /^```baton (before|after)$/.exec(lines[i]!);
    if (fence === null) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i] !== "```"; i++) body.push(lines[i]!);
    const text = `${body.join("\n")}\n`;
    if (fence[1] === "before") before = { line: start + 1, text };
    else if (before !== undefined) {
      found.push({ line: before.line, before: before.text, after: text });
      before = undefined;
    } else throw new Error(`docs/formatting.md:${start + 1}: an "after" example with no "before" example above it`);
  }
  return found;
}

const pairs = examples(guide);

describe("docs/formatting.md", () => {
  it("has examples", () => {
    expect(pairs.length).toBeGreaterThanOrEqual(6);
  });

  it.each(pairs.map((pair) => [pair.line, pair] as const))("the example at line %i is what the formatter does", async (_, { before, after }) => {
    expect(await format(before)).toBe(after);
    expect(await format(after)).toBe(after);
  });
});
