// Text that is not what it looks like: invisible characters in text and comments (`bidi-control`,
// `invisible-character`), and rule and test names that look like other names but are written with
// letters of other alphabets (`confusable-name`). Outside quotes and comments such characters are
// already syntax errors (the lexer cannot read them; syntax-errors.ts words those).
import { tokenMatcher, type ILexingResult } from "chevrotain";
import { warning, type Diagnostic, type TextEdit } from "../diagnostics.js";
import type * as A from "../syntax/ast.js";
import { LineIndex } from "../syntax/spans.js";
import * as t from "../syntax/tokens.js";
import { foreignLetters, hiddenCharacters, listLetters, lookalikeOf, mixedScriptWords, skeleton, type HiddenCharacter } from "../syntax/unicode.js";
import type { CheckContext } from "./context.js";

/** More hidden characters than this in one file are summed up in one last warning. */
const MAX_HIDDEN_REPORTED = 100;

type Place = "comment" | "text" | "between words" | "unreadable";

/** Where each hidden character stands, found by lexing its line again (lines are lexed independently). */
class Places {
  private lineStart = -1;
  private lineEnd = -1;
  private lexed: ILexingResult | undefined;

  constructor(private readonly text: string) {}

  at(offset: number): Place {
    if (this.lexed === undefined || offset < this.lineStart || offset > this.lineEnd) {
      this.lineStart = this.text.lastIndexOf("\n", offset - 1) + 1;
      const end = this.text.indexOf("\n", offset);
      this.lineEnd = end < 0 ? this.text.length : end;
      this.lexed = t.tokenize(this.text.slice(this.lineStart, this.lineEnd));
    }
    const at = offset - this.lineStart;
    const comment = lastStartingBefore(this.lexed.groups["comments"] ?? [], at, (token) => token.startOffset);
    if (comment !== undefined && at < comment.startOffset + comment.image.length) return "comment";
    const token = lastStartingBefore(this.lexed.tokens, at, (token) => token.startOffset);
    if (token !== undefined && tokenMatcher(token, t.StringLiteral) && at < token.startOffset + token.image.length) return "text";
    const lexError = lastStartingBefore(this.lexed.errors, at, (lexError) => lexError.offset);
    if (lexError !== undefined && at < lexError.offset + lexError.length) return "unreadable";
    return "between words";
  }
}

/** The last of `items` (in order of `start`) that starts at or before `at`. */
function lastStartingBefore<T>(items: readonly T[], at: number, start: (item: T) => number): T | undefined {
  let low = 0;
  let high = items.length - 1;
  let found: T | undefined;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (start(items[middle]!) <= at) {
      found = items[middle];
      low = middle + 1;
    } else high = middle - 1;
  }
  return found;
}

const placeWords: Record<Exclude<Place, "unreadable">, string> = {
  comment: "This comment contains",
  text: "This text in quotes contains",
  "between words": "There is",
};

function hiddenMessage(run: HiddenCharacter[], place: Exclude<Place, "unreadable">): string {
  const first = run[0]!;
  const count = run.length;
  const labels = count <= 3 ? run.map((hidden) => hidden.label).join(", ") : `${run.slice(0, 2).map((hidden) => hidden.label).join(", ")} and ${count - 2} more`;
  const what = count === 1 ? `an invisible character (${first.label})` : `${count} invisible characters in a row (${labels})`;
  const escape = `\`\\u{${first.label.slice(2).split(/[ ,]/)[0]!}}\``;
  if (first.kind === "bidi") {
    const advice = place === "text" && count === 1 ? `Delete it, or write it as ${escape} if it is really wanted.` : "Delete it.";
    return `${placeWords[place]} ${what} that changes the order text is displayed in, so what you see may not be what Baton reads. ${advice}`;
  }
  switch (place) {
    case "text":
      return `${placeWords[place]} ${what}, so it is not what it looks like: text that looks the same is different to Baton. ${count === 1 ? `Delete it, or write it as ${escape} if it is really wanted.` : "Delete them."}`;
    case "comment":
      return `${placeWords[place]} ${what}, so it may hold more than you can see. Delete ${count === 1 ? "it" : "them"}.`;
    default:
      return `${placeWords[place]} ${what} here. Baton reads it as a space, so a word with one inside is read as two words. Delete it.`;
  }
}

const encoder = new TextEncoder();
/** Where `isPlainAscii` encodes the text, a piece at a time. */
const asciiProbe = new Uint8Array(1 << 16);

/**
 * Whether `text` is plain ASCII, as nearly every protocol is. Encoding it as UTF-8 (done by the
 * engine) is several times quicker than the regular expression that finds hidden characters: every
 * other character takes two bytes or more, so a piece of text is plain ASCII exactly when all of it
 * is encoded in as many bytes as it has characters.
 */
export function isPlainAscii(text: string): boolean {
  for (let start = 0; start < text.length; start += asciiProbe.length) {
    const piece = text.slice(start, start + asciiProbe.length);
    const { read, written } = encoder.encodeInto(piece, asciiProbe);
    if (read !== piece.length || written !== piece.length) return false;
  }
  return true;
}

/**
 * Warns about each bidirectional control, and each run of other invisible characters, in text in
 * quotes and in comments. `plainText`: whether the text is plain ASCII, if already known.
 */
export function reportHiddenCharacters(context: CheckContext, plainText = isPlainAscii(context.text)): void {
  // Every hidden character is outside ASCII.
  if (plainText) return;
  const found = hiddenCharacters(context.text);
  if (found.length === 0) return;
  const places = new Places(context.text);
  const diagnostics: Diagnostic[] = [];
  for (let i = 0; i < found.length; i++) {
    const hidden = found[i]!;
    const place = places.at(hidden.start);
    if (place === "unreadable") continue;
    const run = [hidden];
    // Invisible characters side by side are one thing to delete; bidirectional controls are reported one by one.
    while (hidden.kind === "invisible" && found[i + 1]?.kind === "invisible" && found[i + 1]!.start === run.at(-1)!.end && places.at(found[i + 1]!.start) === place) {
      run.push(found[++i]!);
    }
    const span = { start: run[0]!.start, end: run.at(-1)!.end };
    if (diagnostics.length >= MAX_HIDDEN_REPORTED) {
      const left = found.length - i + run.length - 1;
      diagnostics.push(
        warning(hidden.kind === "bidi" ? "bidi-control" : "invisible-character", span, `There are ${left} more invisible characters from here on, not listed one by one. Is this text pasted from another program? Retype it.`),
      );
      break;
    }
    diagnostics.push(
      warning(hidden.kind === "bidi" ? "bidi-control" : "invisible-character", span, hiddenMessage(run, place), {
        fix: { title: run.length === 1 ? "Delete the invisible character" : "Delete the invisible characters", edits: [{ span, newText: "" }] },
      }),
    );
  }
  for (const diagnostic of diagnostics) context.report(diagnostic);
}

/** `"Сhild"`: the Cyrillic letter С (U+0421), which looks like the Latin C */
function describeForeign(word: string): string {
  return `in "${word}", ${listLetters(foreignLetters(word))}`;
}

/**
 * Rule and test names are how decisions, `exception to` and `expect rule` refer to rules, and how
 * people search for them, so a name that mixes alphabets (`"Сhild protection"`, its first letter
 * Cyrillic) or looks the same as another name is reported. Other text in quotes is only shown to
 * people, so its letters are not checked.
 */
export function reportConfusableNames(context: CheckContext, file: A.ProtocolFile): void {
  const named = file.declarations.filter((declaration): declaration is A.RuleDecl | A.TestDecl => declaration.kind === "Rule" || declaration.kind === "Test");
  // Names in plain ASCII cannot hold a lookalike, and nearly every file has only those.
  if (named.every((declaration) => /^[\x00-\x7f]*$/.test(declaration.name.value))) return;
  const lines = new LineIndex(context.text);
  const bySkeleton = new Map<string, A.RuleDecl | A.TestDecl>();
  for (const declaration of named) {
    const name = declaration.name;
    const noun = declaration.kind === "Rule" ? "rule" : "test";
    const ascii = /^[\x00-\x7f]*$/.test(name.value);
    const shape = ascii ? name.value : skeleton(name.value);
    const key = `${noun}:${shape}`;
    const earlier = bySkeleton.get(key);
    if (earlier === undefined) bySkeleton.set(key, declaration);
    const raw = context.text.slice(name.span.start, name.span.end);
    const mixed = ascii ? [] : suspiciousWords(raw);
    if (mixed.length > 0) {
      const first = mixed[0]!;
      const span = { start: name.span.start + first.index, end: name.span.start + first.index + first.word.length };
      const fixable = mixed.every(({ word }) => foreignLetters(word).every((char) => lookalikeOf(char) !== undefined));
      const edits: TextEdit[] = [];
      if (fixable) {
        // The name, and every `exception to` and `expect rule` written the same way, so they still match.
        const places = [name.span.start, ...context.references.filter((reference) => reference.target.kind === "rule" && reference.target.rule === declaration && !reference.declaration && context.text.slice(reference.span.start, reference.span.end) === raw).map((reference) => reference.span.start)];
        for (const start of places) {
          for (const { word, index } of mixed) {
            edits.push({ span: { start: start + index, end: start + index + word.length }, newText: [...word].map((char) => lookalikeOf(char)?.latin ?? char).join("") });
          }
        }
      }
      const who = noun === "rule" ? "naming it in `exception to` or looking for it in decisions" : "looking for it in the results";
      context.report(
        warning(
          "confusable-name",
          span,
          `This ${noun}'s name mixes alphabets: ${mixed.map(({ word }) => describeForeign(word)).join("; ")}. Anyone ${who} would type Latin letters and not find it. Write the name with Latin letters only.`,
          fixable ? { fix: { title: "Write the name with Latin letters", edits } } : {},
        ),
      );
      continue;
    }
    if (earlier !== undefined && earlier.name.value !== name.value) {
      const { line } = lines.positionAt(earlier.name.span.start);
      context.report(
        warning(
          "confusable-name",
          name.span,
          `This ${noun}'s name looks the same as the ${noun} "${earlier.name.value}" on line ${line}, but is written with different letters: ${differences(name.value, earlier.name.value)}. Rename one of them, so that they cannot be mixed up.`,
          { related: [{ span: earlier.name.span, message: `the ${noun} it looks like` }] },
        ),
      );
    }
  }
}

/**
 * The words of a name that mix alphabets, and, in a name that has Latin letters, the words written
 * entirely in lookalikes from another alphabet (`"Сhild in саre"`: both words).
 */
function suspiciousWords(raw: string): { word: string; index: number }[] {
  const mixed = mixedScriptWords(raw);
  if (!/\p{Script=Latin}/u.test(raw.replace(/\\./g, ""))) return mixed;
  const disguised = [...raw.matchAll(/[\p{L}\p{M}]+/gu)]
    .filter((match) => [...match[0]].every((char) => lookalikeOf(char) !== undefined))
    .map((match) => ({ word: match[0], index: match.index }));
  return [...mixed, ...disguised].sort((a, b) => a.index - b.index);
}

/** How two names that look the same differ: the letters of other alphabets in each. */
export function differences(name: string, other: string): string {
  const here = [...new Set([...name].filter((char) => char.charCodeAt(0) >= 0x80 && !other.includes(char)))];
  const there = [...new Set([...other].filter((char) => char.charCodeAt(0) >= 0x80 && !name.includes(char)))];
  const parts: string[] = [];
  if (here.length > 0) parts.push(`this one has ${listLetters(here)}`);
  if (there.length > 0) parts.push(`that one has ${listLetters(there)}`);
  return parts.length > 0 ? parts.join("; and ") : "they differ in how their letters are encoded";
}

/** For each context, the rules whose names are not plain ASCII, by what their names look like. */
const lookalikeRules = new WeakMap<CheckContext, Map<string, A.RuleDecl>>();

/** A rule whose name looks the same as `name`, for "there is no rule called ..." */
export function ruleLookingLike(context: CheckContext, name: string): A.RuleDecl | undefined {
  const shape = skeleton(name);
  const plain = context.rules.get(shape);
  if (plain !== undefined && shape !== name) return plain;
  let byShape = lookalikeRules.get(context);
  if (byShape === undefined) {
    byShape = new Map();
    for (const [ruleName, rule] of context.rules) {
      if (/^[\x00-\x7f]*$/.test(ruleName)) continue;
      const ruleShape = skeleton(ruleName);
      if (!byShape.has(ruleShape)) byShape.set(ruleShape, rule);
    }
    lookalikeRules.set(context, byShape);
  }
  const similar = byShape.get(shape);
  return similar !== undefined && similar.name.value !== name ? similar : undefined;
}
