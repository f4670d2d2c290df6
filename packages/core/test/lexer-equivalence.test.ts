// The hand-written scanner in `tokenize` against the Chevrotain lexer built from the token
// definitions: on every protocol in the repository, generated protocols, and thousands of damaged
// ones, both must give the same tokens (type, text, offsets, every other field), the same comments
// and the same errors (message, offset, length, line, column), so no diagnostic can change.
import fc from "fast-check";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generateProtocol } from "../../../bench/generate.js";
import { pathologicalProtocols } from "../../../bench/pathological-protocols.js";
import { mutateText, textMutation } from "../../../fuzz/mutate.js";
import { validProgram } from "../../../fuzz/program.js";
import { layOut, program as syntacticProgram, random } from "../../prettier-plugin/test/generate.js";
import { allTokens, tokenize, tokenizeWithChevrotain, WhiteSpace } from "../src/syntax/tokens.js";

const root = join(import.meta.dirname, "../../..");

/** Every file under `dir` (outside node_modules) whose name ends with one of `endings`. */
function filesUnder(dir: string, endings: string[]): string[] {
  return (readdirSync(join(root, dir), { recursive: true, encoding: "utf8" }) as string[])
    .filter((name) => !name.split(/[\\/]/).includes("node_modules") && endings.some((ending) => name.endsWith(ending)))
    .sort()
    .map((name) => join(root, dir, name));
}

const batonFiles = ["examples", "docs", "grammar", "packages", "test"].flatMap((dir) => filesUnder(dir, [".baton"]));
const protocols = batonFiles.map((file) => readFileSync(file, "utf8"));
/** The protocols written in the documentation, in ```baton blocks. */
const documented = [...filesUnder("docs", [".md"]), join(root, "README.md")].flatMap((file) =>
  [...readFileSync(file, "utf8").matchAll(/```baton\n([\s\S]*?)```/g)].map((match) => match[1]!),
);
/** Text that is not a protocol at all, but full of quotes, backslashes and punctuation: the tests' own source. */
const notProtocols = filesUnder("packages/core/test", [".test.ts"]).map((file) => readFileSync(file, "utf8"));

/** Tells apart two values of a token's, comment's or error's field; NaN (recovery's placeholder positions) equals NaN. */
function sameRecord(expected: object, actual: object): string | undefined {
  const expectedKeys = Object.keys(expected);
  const actualKeys = Object.keys(actual);
  if (expectedKeys.join() !== actualKeys.join()) return `fields ${actualKeys.join()} instead of ${expectedKeys.join()}`;
  for (const key of expectedKeys) {
    const want = (expected as Record<string, unknown>)[key];
    const got = (actual as Record<string, unknown>)[key];
    if (!Object.is(want, got)) {
      const show = (value: unknown) => (typeof value === "object" && value !== null && "name" in value ? `type ${String(value.name)}` : JSON.stringify(value));
      return `${key} is ${show(got)} instead of ${show(want)}`;
    }
  }
  return undefined;
}

function sameList(what: string, expected: readonly object[], actual: readonly object[]): string | undefined {
  for (let i = 0; i < Math.max(expected.length, actual.length); i++) {
    if (expected[i] === undefined || actual[i] === undefined) {
      return `${what} ${i}: ${JSON.stringify(actual[i] ?? null, ["image", "startOffset", "offset", "length"])} instead of ${JSON.stringify(expected[i] ?? null, ["image", "startOffset", "offset", "length"])}`;
    }
    const difference = sameRecord(expected[i]!, actual[i]!);
    if (difference !== undefined) return `${what} ${i} (${JSON.stringify(expected[i], ["image", "startOffset", "offset"])}): ${difference}`;
  }
  return undefined;
}

/** Token types and error kinds seen across all the texts compared, to check the texts cover them. */
const seen = new Set<string>();

/** The first way the two lexers differ on `text`, or undefined. */
function difference(text: string): string | undefined {
  const expected = tokenizeWithChevrotain(text);
  const actual = tokenize(text);
  for (const token of expected.tokens) seen.add(token.tokenType.name);
  for (const comment of expected.groups["comments"] ?? []) seen.add(comment.tokenType.name);
  for (const lexError of expected.errors) seen.add(lexError.message.startsWith("a name written") ? "foreign name" : "unexpected character");
  const groups = Object.keys(actual.groups).join();
  if (groups !== Object.keys(expected.groups).join()) return `groups ${groups} instead of ${Object.keys(expected.groups).join()}`;
  return (
    sameList("token", expected.tokens, actual.tokens) ??
    sameList("comment", expected.groups["comments"]!, actual.groups["comments"]!) ??
    sameList("error", expected.errors, actual.errors) ??
    (Object.keys(actual).join() === Object.keys(expected).join() ? undefined : `result fields ${Object.keys(actual).join()}`)
  );
}

/** Fails with the text (shortened when long) and the first difference. */
function expectSame(texts: Iterable<string>, name: string): void {
  let count = 0;
  for (const text of texts) {
    count++;
    const found = difference(text);
    if (found !== undefined) {
      const shown = text.length > 2000 ? `${JSON.stringify(text.slice(0, 2000))}... (${text.length} characters)` : JSON.stringify(text);
      expect.fail(`${name}: the lexers differ on ${shown}\n${found}`);
    }
  }
  expect(count).toBeGreaterThan(0);
}

// ---- damage ----

/** Characters and snippets that lexing treats specially, for inserting at random places. */
const pieces = [
  ..."\"'\\#\n\r\t \u000b\u000c\u00a0\ufeff\u201c\u201d\u201e\u2018\u2019\u2028\u2029-/.:,=<>+()[]{}_0123456789aeyz§&|!*;~`$@^?%\u0000",
  "\ud800", "\udc00", "\ud83d\ude00", "\u200b", "\u200d", "\u202e", "\u0430", "\u0435", "\u0441", "\u00e9", "e\u0301", "\uff21", "\u03bf", "\u0660",
  "yes/no", "yes/n", "yes/noo", "yes/no_", "yes/no-", "yes/no/no", "calendar", "calendar ", "calendar a-b-", "calendar x--y", "calendar\n# c\n  a-b_c-9",
  "2026-01-05", "2026-1-5", "2026-001-05", "2026-01-005", "20260-1-1", "2026-01-05-", "2026-01-0", "2026-", "12.5", "1.", "1.x", ".5", "9.99.9",
  '"abc', '"a\\"b"', '"a\\', '"\\', '"\\\n', '\\"', '"\u2028"', '"a\\\u2028b"', "'it'", "'it", "\u201cquoted\u201d", "\u201cquoted", "\u201cmixed\"\u201d",
  "rul\u0435", "na\u00efve", "\u0441ase_type", "case\u00e9_type", "\uff52\uff55\uff4c\uff45", "<=", ">=", "< =", "=>", "# comment\r\n",
];

/** One random edit of `text`, drawn with `next(below)`. */
function damage(text: string, next: (below: number) => number): string {
  const at = next(text.length + 1);
  switch (next(8)) {
    case 0:
      return text.slice(0, at) + text.slice(at + 1 + next(5));
    case 1:
    case 2:
      return text.slice(0, at) + pieces[next(pieces.length)]! + text.slice(at);
    case 3: {
      if (at + 1 >= text.length) return text;
      return text.slice(0, at) + text[at + 1]! + text[at]! + text.slice(at + 2);
    }
    case 4:
      // Any UTF-16 code unit, lone surrogates included.
      return text.slice(0, at) + String.fromCharCode(next(0x10000)) + text.slice(at + 1);
    case 5:
      return text.slice(0, at);
    case 6:
      return [() => text.replace(/\n/g, "\r\n"), () => `\ufeff${text}`, () => text.replace(/ {2}/g, "\t"), () => text.replace(/\n/g, "\r")][next(4)]!();
    default: {
      // Copies a piece of the text elsewhere, so a quote or bracket moves in beside other tokens.
      const from = next(text.length + 1);
      return text.slice(0, at) + text.slice(from, from + 1 + next(20)) + text.slice(at);
    }
  }
}

function* damaged(sources: readonly string[], count: number, seed: number, window: number | undefined): Generator<string> {
  const next = random(seed);
  for (let i = 0; i < count; i++) {
    let text = sources[next(sources.length)]!;
    if (window !== undefined) {
      const start = next(text.length);
      text = text.slice(start, start + 1 + next(window));
    }
    const edits = 1 + next(4);
    for (let edit = 0; edit < edits; edit++) text = damage(text, next);
    yield text;
  }
}

describe("the hand-written lexer", () => {
  it("reads the repository's protocols as the Chevrotain lexer does", () => {
    expect(protocols.length).toBeGreaterThanOrEqual(5);
    expectSame(protocols, "protocol files");
    expectSame(documented, "protocols in the documentation");
    expectSame(notProtocols, "test source files");
  });

  it("reads generated and pathological protocols as the Chevrotain lexer does", () => {
    expectSame([generateProtocol(1).text, generateProtocol(500).text], "generated protocols");
    expectSame(
      pathologicalProtocols("test").map((protocol) => protocol.text),
      "pathological protocols",
    );
    const seed = 20260112;
    expectSame(fc.sample(validProgram, { numRuns: 150, seed }).map((program, index) => layOut(program.lines, index)), "fuzz: valid programs");
    expectSame(fc.sample(syntacticProgram, { numRuns: 150, seed }).map((lines, index) => layOut(lines, index)), "formatter: generated programs");
  });

  it("reads damaged protocols as the Chevrotain lexer does", () => {
    const sources = [...protocols, ...documented];
    expectSame(damaged(sources, 1_500, 1, undefined), "damaged protocols");
    expectSame(damaged(sources, 6_000, 2, 80), "damaged pieces of protocols");
    expectSame(
      fc.sample(fc.tuple(fc.nat(sources.length - 1), fc.array(textMutation, { minLength: 1, maxLength: 5 })), { numRuns: 500, seed: 3 }).map(([index, mutations]) =>
        mutations.reduce(mutateText, sources[index]!),
      ),
      "fuzz: damaged protocols",
    );
  });

  it("reads random strings of awkward characters as the Chevrotain lexer does", () => {
    const next = random(4);
    const texts = Array.from({ length: 5_000 }, () => Array.from({ length: next(30) }, () => pieces[next(pieces.length)]!).join(""));
    expectSame(["", " ", "\ufeff", "#", '"', "'", "\\", "\ud800", "calendar", "yes/no"], "the smallest texts");
    expectSame(texts, "random strings");
  });

  it("has been compared on every kind of token and error", () => {
    // Runs after the tests above (vitest runs a file's tests in order), which fill `seen`.
    const kinds = allTokens.filter((type) => type !== WhiteSpace).map((type) => type.name);
    for (const kind of [...kinds, "unexpected character", "foreign name"]) expect(seen, kind).toContain(kind);
  });
});
