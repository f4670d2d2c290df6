// Mutations: nearly valid programs (one or two tokens of a generated program deleted, inserted,
// replaced or swapped) and damaged example protocols (tokens, lines and bytes deleted, inserted,
// swapped and copied). A mutation is plain data (an operation and positions), so fast-check shrinks
// it: fewer mutations, positions nearer the start, shorter runs.
import fc from "fast-check";
import { reservedWords } from "../packages/core/src/index.js";
import type { Line } from "./program.js";

/** Tokens worth inserting: every reserved word, punctuation, literals good and bad, odd characters. */
export const vocabulary: readonly string[] = [
  ...reservedWords,
  ...["(", ")", "[", "]", "{", "}", ",", ":", "=", "+", "-", "<", "<=", ">", ">=", "/", ".", "'", "`", "\\", "@", "!"],
  ...["12", "2.5", "0", "007", "99999999999999999999", "1e3", "2026-01-31", "2026-02-30", "2026-13-01", "0000-00-00", "2024-02-29"],
  ...['"text"', '""', '"unterminated', '"bad \\q escape"', '"\\u{110000}"', '"\\u{1F600}"', "\u201Ccurly\u201D", "'single'"],
  ...["RAT", "CIN", "plan", "allocation", "x", "_", "england-and-wales", "yes/no", "working day", "15 years 9 months", "3 working days 2 weeks"],
  ...["# comment", "\n", "\r\n", "\r", "\t", "\u00A0", "\uFEFF", "\u2028", "\u0000", "\uD800", "é", "😀", "\u202E"],
];

export type TokenMutation = { op: "delete" | "insert" | "replace" | "swap" | "copy"; at: number; other: number; pick: number };

export const tokenMutation: fc.Arbitrary<TokenMutation> = fc.record({
  op: fc.constantFrom("delete", "insert", "replace", "swap", "copy"),
  at: fc.nat(),
  other: fc.nat(),
  pick: fc.nat(),
});

/**
 * Applies mutations to a program's lines, treating all its tokens as one sequence: a token deleted,
 * a vocabulary token inserted or put in place of one, a token put in place of another of the same
 * program (which often still parses: a name where another was), or two tokens swapped (neighbours
 * half of the time). The line structure is kept, so the formatter's `layOut` can still lay it out.
 */
export function mutateLines(declarations: readonly Line[][], mutations: readonly TokenMutation[]): Line[][] {
  const lines = declarations.map((group) => group.map((line) => ({ level: line.level, tokens: [...line.tokens] })));
  const all = lines.flat();
  for (const mutation of mutations) {
    const places = all.flatMap((line, lineIndex) => line.tokens.map((_, tokenIndex) => [lineIndex, tokenIndex] as const));
    if (places.length === 0) break;
    const [line, token] = places[mutation.at % places.length]!;
    const inserted = vocabulary[mutation.pick % vocabulary.length]!;
    const tokens = all[line]!.tokens;
    switch (mutation.op) {
      case "delete":
        tokens.splice(token, 1);
        break;
      case "insert":
        tokens.splice(token + (mutation.other % 2), 0, inserted);
        break;
      case "replace":
        tokens[token] = inserted;
        break;
      case "copy": {
        const [otherLine, otherToken] = places[mutation.other % places.length]!;
        tokens[token] = all[otherLine]!.tokens[otherToken]!;
        break;
      }
      case "swap": {
        const neighbour = mutation.other % 2 === 0;
        const [otherLine, otherToken] = neighbour ? places[Math.min(places.length - 1, (mutation.at % places.length) + 1)]! : places[mutation.other % places.length]!;
        const first = tokens[token]!;
        tokens[token] = all[otherLine]!.tokens[otherToken]!;
        all[otherLine]!.tokens[otherToken] = first;
        break;
      }
    }
  }
  return lines;
}

// ---- damaging a text ----

export type TextMutation = {
  op:
    | "delete-token"
    | "insert-token"
    | "copy-token"
    | "swap-tokens"
    | "delete-line"
    | "copy-line"
    | "swap-lines"
    | "move-chunk"
    | "delete-bytes"
    | "insert-bytes"
    | "swap-bytes"
    | "replace-byte"
    | "relayout";
  at: number;
  other: number;
  pick: number;
  length: number;
};

export const textMutation: fc.Arbitrary<TextMutation> = fc.record({
  op: fc.constantFrom(
    "delete-token",
    "insert-token",
    "copy-token",
    "swap-tokens",
    "delete-line",
    "copy-line",
    "swap-lines",
    "move-chunk",
    "delete-bytes",
    "insert-bytes",
    "swap-bytes",
    "replace-byte",
    "relayout",
  ),
  at: fc.nat(),
  other: fc.nat(),
  pick: fc.nat(),
  length: fc.integer({ min: 1, max: 8 }),
});

/** Splits text into tokens roughly as Baton's lexer would, keeping everything (spaces, comments). */
export function roughTokens(text: string): string[] {
  return text.match(/\s+|#[^\n]*|"(?:[^"\\\n]|\\.)*"?|[A-Za-z_][A-Za-z0-9_]*(?:-[a-z]+)*|\d{4}-\d{2}-\d{2}|\d+(?:\.\d+)?|<=|>=|[\s\S]/gu) ?? [];
}

/** Bytes that make interesting damage: quotes, comment marks, line breaks, NUL, invalid UTF-8. */
const interestingBytes = [0x22, 0x23, 0x0a, 0x0d, 0x00, 0x5c, 0x28, 0x29, 0x2c, 0x3a, 0x20, 0x09, 0x7b, 0x7d, 0x30, 0x39, 0x2d, 0xc3, 0xe2, 0xff, 0x80, 0xf0];

const decoder = new TextDecoder("utf-8", { fatal: false });

/** Applies one mutation to a text; byte mutations work on its UTF-8 and decode it as an editor would. */
export function mutateText(text: string, mutation: TextMutation): string {
  const { at, other, pick, length } = mutation;
  switch (mutation.op) {
    case "delete-token":
    case "insert-token":
    case "copy-token":
    case "swap-tokens": {
      // Only non-space tokens are chosen; the spaces between stay where they are. Only the lines
      // around the chosen place are split into tokens (a whole example takes a while).
      const window = (offset: number) => {
        const start = text.lastIndexOf("\n", Math.max(0, offset - 300)) + 1;
        const next = text.indexOf("\n", Math.min(text.length, offset + 300));
        const end = next < 0 ? text.length : next;
        const tokens = roughTokens(text.slice(start, end));
        return { start, end, tokens, words: tokens.flatMap((token, index) => (/^\s+$/.test(token) ? [] : [index])) };
      };
      const here = window(at % (text.length + 1));
      if (here.words.length === 0) return text + vocabulary[pick % vocabulary.length]!;
      const { tokens, words } = here;
      const index = words[at % words.length]!;
      const replaced = (joined: string) => text.slice(0, here.start) + joined + text.slice(here.end);
      if (mutation.op === "delete-token") {
        tokens.splice(index, 1);
        return replaced(tokens.join(""));
      }
      if (mutation.op === "insert-token") {
        tokens.splice(index, 0, vocabulary[pick % vocabulary.length]!, " ");
        return replaced(tokens.join(""));
      }
      // Copying and swapping reach tokens anywhere in the text.
      const there = window(other % (text.length + 1));
      if (there.words.length === 0) return text;
      const otherIndex = other % 2 === 0 && there.start === here.start ? Math.min(words.length - 1, words.indexOf(index) + 1) : -1;
      const second = otherIndex >= 0 ? words[otherIndex]! : there.words[other % there.words.length]!;
      const secondToken = (otherIndex >= 0 ? tokens : there.tokens)[second]!;
      if (mutation.op === "copy-token") {
        tokens.splice(index, 0, secondToken, " ");
        return replaced(tokens.join(""));
      }
      if (otherIndex >= 0 || (there.start === here.start && there.end === here.end)) {
        [tokens[index], tokens[second]] = [tokens[second]!, tokens[index]!];
        return replaced(tokens.join(""));
      }
      // Two windows: swap across them (they may overlap; then the first token is swapped in place only).
      const first = tokens[index]!;
      let firstAt = here.start;
      for (let i = 0; i < index; i++) firstAt += tokens[i]!.length;
      let secondAt = there.start;
      for (let i = 0; i < second; i++) secondAt += there.tokens[i]!.length;
      if (firstAt < secondAt + secondToken.length && secondAt < firstAt + first.length) return text;
      const [a, b] = firstAt < secondAt ? [{ at: firstAt, old: first, now: secondToken }, { at: secondAt, old: secondToken, now: first }] : [{ at: secondAt, old: secondToken, now: first }, { at: firstAt, old: first, now: secondToken }];
      return text.slice(0, a.at) + a.now + text.slice(a.at + a.old.length, b.at) + b.now + text.slice(b.at + b.old.length);
    }
    case "relayout": {
      // Line breaks and comments between tokens mean nothing to the parser: the text still reads
      // the same, and the formatter has to put the comments somewhere.
      const start = text.lastIndexOf("\n", Math.max(0, (at % (text.length + 1)) - 300)) + 1;
      const next = text.indexOf("\n", Math.min(text.length, (at % (text.length + 1)) + 300));
      const end = next < 0 ? text.length : next;
      const tokens = roughTokens(text.slice(start, end));
      const spaces = tokens.flatMap((token, index) => (/^[ \t]+$/.test(token) ? [index] : []));
      if (spaces.length === 0) return text;
      const index = spaces[other % spaces.length]!;
      const comment = ["#", "# note", "#(", '# "quoted"', "# rule", "#\u00e9\u2013", "#\t"][pick % 7]!;
      const indent = " ".repeat(length % 7);
      tokens[index] = [`\n${indent}`, ` ${comment}\n${indent}`, `\n${indent}${comment}\n${indent}`, `\n\n${indent}`][pick % 4]!;
      return text.slice(0, start) + tokens.join("") + text.slice(end);
    }
    case "delete-line":
    case "copy-line":
    case "swap-lines": {
      const lines = text.split("\n");
      const index = at % lines.length;
      if (mutation.op === "delete-line") lines.splice(index, length % 3 || 1);
      else if (mutation.op === "copy-line") lines.splice(other % lines.length, 0, lines[index]!);
      else {
        const second = other % lines.length;
        [lines[index], lines[second]] = [lines[second]!, lines[index]!];
      }
      return lines.join("\n");
    }
    case "move-chunk": {
      // Cut a run of up to 200 characters and paste it elsewhere, as a careless cut and paste would.
      const start = at % (text.length + 1);
      const end = Math.min(text.length, start + ((length * 25 + pick) % 200));
      const chunk = text.slice(start, end);
      const rest = text.slice(0, start) + text.slice(end);
      const to = other % (rest.length + 1);
      return rest.slice(0, to) + chunk + rest.slice(to);
    }
    case "delete-bytes":
    case "insert-bytes":
    case "swap-bytes":
    case "replace-byte": {
      const bytes = Buffer.from(text, "utf8");
      const position = at % (bytes.length + 1);
      let result: Buffer;
      if (mutation.op === "delete-bytes") {
        result = Buffer.concat([bytes.subarray(0, position), bytes.subarray(position + length)]);
      } else if (mutation.op === "insert-bytes") {
        const inserted = Buffer.from(Array.from({ length }, (_, i) => (pick % 3 === 0 ? (pick >> (i % 24)) & 0xff : interestingBytes[(pick + i * 7) % interestingBytes.length]!)));
        result = Buffer.concat([bytes.subarray(0, position), inserted, bytes.subarray(position)]);
      } else if (mutation.op === "swap-bytes") {
        result = Buffer.from(bytes);
        const second = other % Math.max(1, bytes.length);
        if (position < bytes.length && second < bytes.length) [result[position], result[second]] = [result[second]!, result[position]!];
      } else {
        result = Buffer.from(bytes);
        if (position < bytes.length) result[position] = pick % 2 === 0 ? interestingBytes[pick % interestingBytes.length]! : pick & 0xff;
      }
      return decoder.decode(result);
    }
  }
}
