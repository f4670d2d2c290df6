// The example protocols: formatting them is idempotent, keeps what the parser reads and every
// comment, and they are already in the canonical layout (run `baton fmt examples docs/examples`).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { commentTexts, format, syntaxTree } from "./helpers.js";

const root = join(import.meta.dirname, "../../..");
const files = ["examples", "docs/examples"].flatMap((folder) =>
  readdirSync(join(root, folder))
    .filter((name) => name.endsWith(".baton"))
    .map((name) => `${folder}/${name}`),
);

describe.each(files)("%s", (file) => {
  const text = readFileSync(join(root, file), "utf8");

  it("formats to text that formats to itself, reads the same and keeps every comment", async () => {
    const formatted = await format(text);
    expect(await format(formatted)).toBe(formatted);
    expect(syntaxTree(formatted)).toEqual(syntaxTree(text));
    expect(commentTexts(formatted)).toEqual(commentTexts(text));
  });

  it("is in the canonical layout", async () => {
    expect(await format(text)).toBe(text);
  });
});
