// Fixture tests: each folder under fixtures/ holds an input, the expected output, and optionally
// Prettier options (options.json). One folder per group of constructs, and one per awkward place
// for a comment.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { commentTexts, format, syntaxTree } from "./helpers.js";

const fixtures = join(import.meta.dirname, "fixtures");
const names = readdirSync(fixtures).sort();

describe.each(names)("fixture %s", (name) => {
  const read = (file: string) => readFileSync(join(fixtures, name, file), "utf8");
  const input = read("input.baton");
  const expected = read("output.baton");
  const options = existsSync(join(fixtures, name, "options.json")) ? (JSON.parse(read("options.json")) as Record<string, unknown>) : {};

  it("formats the input to the expected output", async () => {
    expect(await format(input, options)).toBe(expected);
  });

  it("leaves the expected output as it is", async () => {
    expect(await format(expected, options)).toBe(expected);
  });

  it("keeps the AST and every comment", () => {
    expect(syntaxTree(expected)).toEqual(syntaxTree(input));
    expect(commentTexts(expected)).toEqual(commentTexts(input));
  });
});

it("has a fixture for every construct group and every awkward place for a comment", () => {
  expect(names).toEqual(
    expect.arrayContaining([
      "header",
      "declarations",
      "rules",
      "conditions",
      "lists",
      "tests",
      "literals",
      "blank-lines",
      "comments-before-header",
      "comments-between-clauses",
      "comments-after-last-rule",
      "comments-in-condition",
      "comments-end-of-line",
      "comments-end-of-file",
      "comments-awkward",
    ]),
  );
});
