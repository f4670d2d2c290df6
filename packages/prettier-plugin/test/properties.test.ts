// Property tests: for generated programs in random layouts, with comments in random places,
// formatting is idempotent, keeps what the parser reads (the AST without positions), and keeps
// every comment's text.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { layOut, program } from "./generate.js";
import { commentTexts, format, syntaxTree } from "./helpers.js";

const runs = 200;

describe("formatting generated programs", () => {
  it("is idempotent, keeps the AST and keeps every comment", async () => {
    await fc.assert(
      fc.asyncProperty(program, fc.integer(), async (declarations, seed) => {
        const text = layOut(declarations, seed);
        const before = syntaxTree(text);
        const formatted = await format(text);
        expect(await format(formatted)).toBe(formatted);
        expect(syntaxTree(formatted)).toEqual(before);
        expect(commentTexts(formatted)).toEqual(commentTexts(text));
        // The canonical layout has no trailing spaces and ends with exactly one line break.
        expect(formatted).not.toMatch(/[ \t]\n/);
        expect(formatted).toMatch(/[^\n]\n$/);
      }),
      { numRuns: runs },
    );
  });

  it("keeps the AST and every comment at any print width", async () => {
    await fc.assert(
      fc.asyncProperty(program, fc.integer(), fc.integer({ min: 20, max: 160 }), async (declarations, seed, printWidth) => {
        const text = layOut(declarations, seed);
        const formatted = await format(text, { printWidth });
        expect(await format(formatted, { printWidth })).toBe(formatted);
        expect(syntaxTree(formatted)).toEqual(syntaxTree(text));
        expect(commentTexts(formatted)).toEqual(commentTexts(text));
      }),
      { numRuns: runs / 2 },
    );
  });
});
