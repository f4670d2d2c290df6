// The compiler's shortcuts for plain text (issue 8: a 10,000-rule protocol built in under a second)
// against the general code they stand in for: string literals, comment text, expressions' source
// text and rules' function names must come out the same for any text, plain or not, so that the
// generated code does not change by a byte.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { commentText, literal } from "../src/compile/emit.js";
import { sourceText } from "../src/compile/structure.js";
import { check, emitTypeScript, parse } from "../src/index.js";

/** The characters written as escapes in generated code, as the compiler lists them. */
const invisible = /[\u007f-\u009f\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb]|\udb40[\udc00-\udc7f]/g;

/** A string literal as the compiler wrote every one before it had shortcuts. */
function referenceLiteral(text: string): string {
  return JSON.stringify(text).replace(invisible, (chars) => chars.split("").map((char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`).join(""));
}

/** Comment text as the compiler wrote it before it had shortcuts. */
function referenceComment(text: string): string {
  const escape = (char: string) => `\\u{${char.codePointAt(0)!.toString(16)}}`;
  return text.replace(/[\u0000-\u001f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, escape).replace(invisible, escape);
}

/** Pieces of text that are plain, need escapes, or are white space of every kind. */
const pieces = fc.constantFrom(
  "a", "Z", "9", " ", "  ", "_", ":", "~", "\"", "\\", "\t", "\n", "\r", "\u0000", "\u001f", "\u007f", "\u0085", "\u00a0", "\u00ad",
  "é", "ﬁ", "\u200b", "\u2028", "\u202e", "\u3000", "\ufeff", "\ud83d\ude00", "\udb40\udc41", "\ud800", "\udc00", "*/", "plan is none",
);
/** Text made of those pieces, or of any UTF-16 units at all, of lengths either side of the shortcuts' limits. */
const anyText = fc.oneof(
  fc.string({ unit: pieces, maxLength: 40 }),
  fc.string({ unit: fc.constantFrom("a", "b", " ", "-", "0"), maxLength: 90 }),
  fc.string({ unit: "binary", maxLength: 70 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)), maxLength: 30 }),
);

describe("the compiler's shortcuts for plain text", () => {
  it("write every string literal as before, remembered or not", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(literal(text)).toBe(referenceLiteral(text));
        // The second time, short text comes from what was remembered.
        expect(literal(text)).toBe(referenceLiteral(text));
      }),
      { numRuns: 2_000 },
    );
  });

  it("write every comment as before", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(commentText(text)).toBe(referenceComment(text));
      }),
      { numRuns: 2_000 },
    );
  });

  it("give an expression's source text on one line as before, wherever its span is", () => {
    const spaced = fc.string({ unit: fc.constantFrom("a", "b", "<", "\"", " ", "  ", "\t", "\n", "\u00a0", "\u2028", "\u3000", "\ufeff", "é"), maxLength: 30 });
    fc.assert(
      fc.property(spaced, fc.nat(35), fc.nat(35), (text, start, end) => {
        const node = { span: { start, end } };
        expect(sourceText(text, node)).toBe(text.slice(start, end).replace(/\s+/g, " ").trim());
      }),
      { numRuns: 2_000 },
    );
  });

  it("name rules' functions as before", () => {
    /** Rules' function names as the compiler made them before it had shortcuts. */
    const referenceNames = (names: string[]) => {
      const used = new Set<string>();
      return names.map((name) => {
        const words = name.normalize("NFKD").replace(/[^A-Za-z0-9]+/g, " ").trim().split(" ").filter(Boolean);
        let base = `rule${words.map((word) => word[0]!.toUpperCase() + word.slice(1).toLowerCase()).join("")}`;
        if (base === "rule") base = "ruleUnnamed";
        let unique = base;
        for (let i = 2; used.has(unique); i++) unique = `${base}${i}`;
        used.add(unique);
        return unique;
      });
    };
    const ruleName = fc.string({ unit: fc.constantFrom("a", "B", "c", "D", "1", "2", " ", ":", "-", "_", "'", "é", "Ä", "ß", "ﬁ", "Ω", "ab", "CD", "x1"), minLength: 1, maxLength: 14 });
    fc.assert(
      fc.property(fc.uniqueArray(ruleName, { minLength: 1, maxLength: 8 }), (names) => {
        const rules = names.map((name) => `rule "${name}"\n  source "s"\n  when plan is none\n  transfer from RAT to CIN immediately\n`);
        const text = `protocol P "P"\n  otherwise remain\nteam RAT "R"\nteam CIN "C"\nfact plan: one of none, some\n${rules.join("")}`;
        const parsed = parse(text);
        const checked = check(parsed.ast, { text, syntaxDiagnostics: parsed.diagnostics });
        expect([...parsed.diagnostics, ...checked.diagnostics].filter((diagnostic) => diagnostic.severity === "error")).toEqual([]);
        const written = [...emitTypeScript(checked.model, text).typescript.matchAll(/^function (\w+)\(\): RuleSpec \{$/gm)].map((match) => match[1]);
        expect(written).toEqual(referenceNames(names));
      }),
      { numRuns: 300 },
    );
  });
});
