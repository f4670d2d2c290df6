// Re-parsing after an edit (the editor's fast path) must give exactly what parsing the whole text
// gives: the same declarations, comments, tokens and diagnostics. Random edits to the examples and
// typing a rule character by character check that, and that the fast path is really taken.
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse, type ParseResult } from "../src/syntax/parse.js";
import { reparse, reparseIncrementally } from "../src/syntax/reparse.js";

const exampleNames = ["camden", "derby", "hillingdon", "hull", "oxfordshire"];
const examples = exampleNames.map((name) => readFileSync(new URL(`../../../examples/${name}.baton`, import.meta.url), "utf8"));

/** A parse as plain data: tokens by type, text and place. */
function plain(result: ParseResult) {
  return {
    ast: result.ast,
    diagnostics: result.diagnostics,
    tokens: result.tokens.map((token) => [token.tokenType.name, token.image, token.startOffset, token.endOffset]),
  };
}

interface Edit {
  at: number;
  remove: number;
  insert: string;
}

const snippets = [
  "a", "x", " ", "\n", "\"", "(", ")", "#", "1", "-", ":", ",", "_",
  "rule ", "when ", "and ", "or ", "not ", "team ", "unless ", "transfer from ", " to ", "exception to ",
  "\nrule extra_rule\n  when plan is none\n  remain\n",
  "\nteam Extra \"An extra team\"\n",
  "\"unterminated", "2025-13-45", "# a comment\n", "within 10 working days", "((((",
];

/** Where in the file, 0 to 1: anywhere, and often the very start or end, where the file's edges are. */
const place = fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constant(1), fc.constant(0.999), fc.constant(0));

const edit: fc.Arbitrary<(text: string) => Edit> = fc.oneof(
  fc.record({ place, snippet: fc.constantFrom(...snippets) }).map(({ place, snippet }) => (text: string) => ({ at: Math.floor(place * text.length), remove: 0, insert: snippet })),
  fc.record({ place, length: fc.integer({ min: 1, max: 40 }) }).map(({ place, length }) => (text: string) => {
    const at = Math.floor(place * text.length);
    return { at, remove: Math.min(length, text.length - at), insert: "" };
  }),
  fc.record({ place, from: fc.double({ min: 0, max: 1, noNaN: true }), length: fc.integer({ min: 1, max: 200 }) }).map(({ place, from, length }) => (text: string) => {
    // A paste of a stretch copied from elsewhere in the file.
    const source = Math.floor(from * text.length);
    return { at: Math.floor(place * text.length), remove: 0, insert: text.slice(source, source + length) };
  }),
  fc.record({ place, snippet: fc.constantFrom(...snippets) }).map(({ place, snippet }) => (text: string) => {
    // Retyping a word: replace the word at a place.
    const at = Math.floor(place * text.length);
    const word = /^[A-Za-z_0-9]*/.exec(text.slice(at))![0];
    return { at, remove: word.length, insert: snippet.trim() || "y" };
  }),
);

function apply(text: string, change: Edit): string {
  return text.slice(0, change.at) + change.insert + text.slice(change.at + change.remove);
}

/**
 * Edits `original` into each of `versions` in turn, re-parsing from the version before, and checks
 * each result against a full parse. Returns how many were re-parsed without falling back.
 */
function replay(original: string, versions: readonly string[]): number {
  let text = original;
  let previous = parse(text);
  let incremental = 0;
  for (const next of versions) {
    const fast = reparseIncrementally({ text, parse: previous }, next);
    const full = parse(next);
    if (fast !== undefined) {
      incremental++;
      expect(plain(fast)).toEqual(plain(full));
    }
    text = next;
    previous = fast ?? full;
  }
  return incremental;
}

describe("reparse", () => {
  it("gives what a full parse gives after random edits to the examples", () => {
    let incremental = 0;
    let steps = 0;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: examples.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 4 }), (which, edits) => {
        let text = examples[which]!;
        let previous = parse(text);
        for (const makeEdit of edits) {
          const next = apply(text, makeEdit(text));
          const fast = reparseIncrementally({ text, parse: previous }, next);
          const full = parse(next);
          steps++;
          if (fast !== undefined) {
            incremental++;
            expect(plain(fast)).toEqual(plain(full));
          }
          text = next;
          previous = fast ?? full;
        }
      }),
      { numRuns: Number(process.env["REPARSE_RUNS"] ?? 80) },
    );
    // Most edits are handled by re-reading a few declarations, not the whole file.
    expect(incremental / steps).toBeGreaterThan(0.6);
  }, 600_000);

  it("gives what a full parse gives at every keystroke while a rule is typed in the middle of a file", () => {
    const original = examples[1]!;
    const at = original.indexOf("\nrule ", Math.floor(original.length / 2)) + 1;
    const typed = 'rule typed_rule "A rule typed in"\n  when case_type is cin and not disabled\n  transfer from Locality to IDCS within 5 working days\n  because "typed"\n\n';
    const versions = [...typed].map((_, i) => original.slice(0, at) + typed.slice(0, i + 1) + original.slice(at));
    const incremental = replay(original, versions);
    expect(incremental).toBeGreaterThan(typed.length * 0.8);
  });

  it("gives what a full parse gives as the end of a file is deleted, a few characters at a time", () => {
    // Unfinished last declarations report "the file ends here" at the very end of the text.
    const original = readFileSync(new URL("../../../docs/examples/spec-section-1.baton", import.meta.url), "utf8");
    let incremental = 0;
    for (const step of [1, 2, 3, 7, 40]) {
      const versions: string[] = [];
      for (let length = original.length - step; length > original.length - 400; length -= step) versions.push(original.slice(0, length));
      incremental += replay(original, versions);
    }
    expect(incremental).toBeGreaterThan(300);
  });

  it("falls back to a full parse when an edit swallows the declarations after it", () => {
    const text = 'protocol P "p"\n  calendar england-and-wales\n\nteam A "a"\nteam B "b"\nteam C "c"\nteam D "d"\n';
    // `previous` is used up by a reparse that succeeds: each edit starts from a fresh parse.
    // An opening quote with no partner: the lexer reads to the end of the line only, so this stays local.
    const quoted = text.replace('team B "b"', 'team B "b');
    expect(plain(reparse({ text, parse: parse(text) }, quoted))).toEqual(plain(parse(quoted)));
    // Deleting the word `team` joins two declarations into one.
    const joined = text.replace("team C", "C");
    expect(plain(reparse({ text, parse: parse(text) }, joined))).toEqual(plain(parse(joined)));
    // Nothing changed: the previous parse is the answer.
    const previous = parse(text);
    expect(reparse({ text, parse: previous }, text)).toBe(previous);
  });
});
