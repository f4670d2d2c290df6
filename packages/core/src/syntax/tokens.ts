// The tokens of the Baton language (spec section 2) and the one lexer instance built from them.
import { createToken, createTokenInstance, Lexer, type CustomPatternMatcherFunc, type ILexingError, type ILexingResult, type IToken, type TokenType } from "chevrotain";
import { plainLetter } from "./unicode.js";

export const WhiteSpace = createToken({
  name: "WhiteSpace",
  pattern: /[ \t\r\n\f\v\u00a0\ufeff]+/,
  group: Lexer.SKIPPED,
  line_breaks: true,
});

/** Kept in their own group so the formatter can put them back. */
export const Comment = createToken({ name: "Comment", pattern: /#[^\n\r]*/, group: "comments" });

export const StringLiteral = createToken({ name: "StringLiteral", pattern: /"(?:[^"\\\r\n]|\\.)*"/ });
/** A string with no closing quote on its line: lexed as a string so that one mistake gives one message. */
export const UnterminatedString = createToken({
  name: "UnterminatedString",
  pattern: /"(?:[^"\\\r\n]|\\.)*\\?/,
  categories: [StringLiteral],
});

/** Text in single or curly quotes, pasted from a word processor: read as a string and reported with a fix. */
export const MisquotedString = createToken({
  name: "MisquotedString",
  pattern: /'[^'\r\n]*'|[\u201c\u201d\u201e][^\u201c\u201d\u201e"\r\n]*[\u201c\u201d\u201e]/,
  categories: [StringLiteral],
});

export const DateLiteral = createToken({ name: "DateLiteral", pattern: /\d{4}-\d{2}-\d{2}(?![0-9])/ });
/** `2026-1-5`: a date with one-digit month or day, read as a date so it can be reported with a fix. */
export const ShortDate = createToken({
  name: "ShortDate",
  pattern: /\d{4}-\d{1,2}-\d{1,2}(?![0-9])/,
  categories: [DateLiteral],
});
export const NumberLiteral = createToken({ name: "NumberLiteral", pattern: /\d+(?:\.\d+)?/ });

export const Identifier = createToken({ name: "Identifier", pattern: /[A-Za-z_][A-Za-z0-9_]*/ });

/**
 * Calendar names (`england-and-wales`) contain hyphens, which identifiers cannot. They are only
 * recognised straight after the `calendar` keyword, so `a-b` elsewhere still lexes as a subtraction.
 */
const calendarNamePattern = /[A-Za-z_][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)*/y;
const matchCalendarName: CustomPatternMatcherFunc = (text, offset, tokens) => {
  // Keywords are told apart from names after lexing, so the word `calendar` is still an Identifier here.
  const previous = tokens[tokens.length - 1];
  if (previous === undefined || previous.image !== "calendar") return null;
  calendarNamePattern.lastIndex = offset;
  return calendarNamePattern.exec(text);
};
export const CalendarName = createToken({
  name: "CalendarName",
  pattern: { exec: matchCalendarName },
  line_breaks: false,
  start_chars_hint: [..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_"],
});

/** `yes/no`, the name of the yes-or-no type, is one token so `yes` alone stays a value. */
export const YesNoType = createToken({ name: "YesNoType", pattern: /yes\/no(?![A-Za-z0-9_])/ });

const keywordTokens: TokenType[] = [];
const keywordWords: string[] = [];
/**
 * Keywords are not matched by patterns of their own: every word is lexed as an Identifier and then
 * looked up in `keywordByWord` (see `tokenize`). One regular expression per word instead of trying
 * each keyword in turn makes lexing several times faster on large files.
 */
function keyword(word: string, name = word[0]!.toUpperCase() + word.slice(1)): TokenType {
  const token = createToken({ name, pattern: Lexer.NA, label: `\`${word}\`` });
  keywordTokens.push(token);
  keywordWords.push(word);
  return token;
}

// Reserved words, exactly the list in spec section 2.
export const Protocol = keyword("protocol");
export const Version = keyword("version");
export const Effective = keyword("effective");
export const Calendar = keyword("calendar");
export const Otherwise = keyword("otherwise");
export const Notice = keyword("notice");
export const Source = keyword("source");
export const Team = keyword("team");
export const Panel = keyword("panel");
export const Type = keyword("type");
export const Fact = keyword("fact");
export const Let = keyword("let");
export const Event = keyword("event");
export const Document = keyword("document");
export const Rule = keyword("rule");
export const Test = keyword("test");
export const Exception = keyword("exception");
export const To = keyword("to");
export const When = keyword("when");
export const Unless = keyword("unless");
export const Transfer = keyword("transfer");
export const From = keyword("from");
export const At = keyword("at");
export const On = keyword("on");
export const Within = keyword("within");
export const Of = keyword("of");
export const After = keyword("after");
export const Before = keyword("before");
export const Immediately = keyword("immediately");
export const Remain = keyword("remain");
export const Refer = keyword("refer");
export const Request = keyword("request");
export const Requires = keyword("requires");
export const Because = keyword("because");
export const Joint = keyword("joint");
export const Work = keyword("work");
export const And = keyword("and");
export const Or = keyword("or");
export const Not = keyword("not");
export const Is = keyword("is");
export const One = keyword("one");
export const Yes = keyword("yes");
export const No = keyword("no");
export const Held = keyword("held");
export const Scheduled = keyword("scheduled");
export const Complete = keyword("complete");
export const Count = keyword("count");
export const Any = keyword("any");
export const All = keyword("all");
export const Where = keyword("where");
export const Time = keyword("time");
export const Since = keyword("since");
export const Today = keyword("today");
export const Given = keyword("given");
export const Expect = keyword("expect");
export const Record = keyword("record");
export const List = keyword("list");
export const NumberKw = keyword("number", "NumberKw");
export const DateKw = keyword("date", "DateKw");
export const DurationKw = keyword("duration", "DurationKw");
export const Day = keyword("day");
export const Days = keyword("days");
export const Working = keyword("working");
export const Week = keyword("week");
export const Weeks = keyword("weeks");
export const Month = keyword("month");
export const Months = keyword("months");
export const Year = keyword("year");
export const Years = keyword("years");
export const With = keyword("with");
export const Current = keyword("current");
export const Holiday = keyword("holiday");
export const By = keyword("by");
export const Needs = keyword("needs");
export const Missing = keyword("missing");
export const Conflict = keyword("conflict");

export const reservedWords: ReadonlySet<string> = new Set(keywordWords);

export const LParen = createToken({ name: "LParen", pattern: /\(/, label: "`(`" });
export const RParen = createToken({ name: "RParen", pattern: /\)/, label: "`)`" });
export const LBracket = createToken({ name: "LBracket", pattern: /\[/, label: "`[`" });
export const RBracket = createToken({ name: "RBracket", pattern: /]/, label: "`]`" });
export const LBrace = createToken({ name: "LBrace", pattern: /{/, label: "`{`" });
export const RBrace = createToken({ name: "RBrace", pattern: /}/, label: "`}`" });
export const Comma = createToken({ name: "Comma", pattern: /,/, label: "`,`" });
export const Colon = createToken({ name: "Colon", pattern: /:/, label: "`:`" });
export const LessEqual = createToken({ name: "LessEqual", pattern: /<=/, label: "`<=`" });
export const GreaterEqual = createToken({ name: "GreaterEqual", pattern: />=/, label: "`>=`" });
export const Less = createToken({ name: "Less", pattern: /</, label: "`<`" });
export const Greater = createToken({ name: "Greater", pattern: />/, label: "`>`" });
export const Equals = createToken({ name: "Equals", pattern: /=/, label: "`=`" });
export const Plus = createToken({ name: "Plus", pattern: /\+/, label: "`+`" });
export const Minus = createToken({ name: "Minus", pattern: /-/, label: "`-`" });

const keywordByWord = new Map<string, TokenType>(keywordWords.map((word, index) => [word, keywordTokens[index]!]));

export const allTokens: TokenType[] = [
  WhiteSpace,
  Comment,
  StringLiteral,
  UnterminatedString,
  MisquotedString,
  DateLiteral,
  ShortDate,
  NumberLiteral,
  CalendarName,
  YesNoType,
  Identifier,
  ...keywordTokens,
  LParen,
  RParen,
  LBracket,
  RBracket,
  LBrace,
  RBrace,
  Comma,
  Colon,
  LessEqual,
  GreaterEqual,
  Less,
  Greater,
  Equals,
  Plus,
  Minus,
];

/** Words that start a declaration; each begins a new top-level item. */
export const declarationStarters: ReadonlySet<TokenType> = new Set([
  Protocol, Team, Panel, Holiday, Type, Fact, Let, Event, Document, Rule, Test,
]);

export const batonLexer = new Lexer(allTokens, {
  ensureOptimizations: true,
  // Lines and columns are worked out from offsets only when a message needs them (spans.ts).
  positionTracking: "onlyOffset",
});

/** Lexes `text`, then turns every Identifier that is a reserved word into that keyword's token. */
export function tokenize(text: string): ILexingResult {
  const result = batonLexer.tokenize(text);
  if (result.errors.length > 0) joinForeignWords(text, result);
  for (const token of result.tokens) {
    // The lexer tracks only start offsets (cheaper); the parser's node locations need the end too.
    token.endOffset = token.startOffset + token.image.length - 1;
    if (token.tokenType !== Identifier) continue;
    const keywordType = keywordByWord.get(token.image);
    if (keywordType !== undefined) {
      token.tokenType = keywordType;
      token.tokenTypeIdx = keywordType.tokenTypeIdx!;
    }
  }
  return result;
}

export type Token = IToken;

/** Characters the lexer cannot read that are still part of a word: letters, accents and digits of any alphabet. */
const foreignWordPart = /^[\p{L}\p{M}\p{Nd}\p{Pc}]+$/u;
const plainWord = /^[A-Za-z0-9_]+$/;

/**
 * Names are written in plain Latin letters, so the lexer cannot read `сase_type` (its first letter
 * is Cyrillic) or `naïve`: it reports the letter and reads the rest as another name, which would
 * then be reported again as unknown. Instead, each such word becomes one name, read with the plain
 * letter where there is one of the same length (`case_type`), and one error for the whole word,
 * which `lexerDiagnostic` words. Nothing else about the file is reported because of it.
 */
function joinForeignWords(text: string, result: ILexingResult): void {
  const foreign = new Map<number, ILexingError>();
  for (const lexError of result.errors) {
    if (foreignWordPart.test(text.slice(lexError.offset, lexError.offset + lexError.length))) foreign.set(lexError.offset, lexError);
  }
  if (foreign.size === 0) return;
  const wordAt = new Map<number, number>();
  const wordEndingAt = new Map<number, number>();
  result.tokens.forEach((token, index) => {
    if (token.tokenType !== Identifier || !plainWord.test(token.image)) return;
    wordAt.set(token.startOffset, index);
    wordEndingAt.set(token.startOffset + token.image.length, index);
  });
  const foreignEndingAt = new Map<number, ILexingError>();
  for (const lexError of foreign.values()) foreignEndingAt.set(lexError.offset + lexError.length, lexError);

  const dropTokens = new Set<number>();
  const dropErrors = new Set<ILexingError>();
  const added: IToken[] = [];
  const addedErrors: ILexingError[] = [];
  for (const lexError of foreign.values()) {
    if (dropErrors.has(lexError)) continue;
    let start = lexError.offset;
    let end = lexError.offset + lexError.length;
    dropErrors.add(lexError);
    // Take in the plain words and other foreign letters on either side.
    for (;;) {
      const word = wordEndingAt.get(start);
      const before = foreignEndingAt.get(start);
      if (word !== undefined && !dropTokens.has(word)) {
        dropTokens.add(word);
        start = result.tokens[word]!.startOffset;
      } else if (before !== undefined && !dropErrors.has(before)) {
        dropErrors.add(before);
        start = before.offset;
      } else break;
    }
    for (;;) {
      const word = wordAt.get(end);
      const after = foreign.get(end);
      if (word !== undefined && !dropTokens.has(word)) {
        dropTokens.add(word);
        end += result.tokens[word]!.image.length;
      } else if (after !== undefined && !dropErrors.has(after)) {
        dropErrors.add(after);
        end += after.length;
      } else break;
    }
    const written = text.slice(start, end);
    let image = "";
    for (const char of written) image += char.charCodeAt(0) < 0x80 ? char : (plainLetter(char) ?? char);
    added.push(createTokenInstance(Identifier, image, start, end - 1, Number.NaN, Number.NaN, Number.NaN, Number.NaN));
    addedErrors.push({ offset: start, length: end - start, line: lexError.line, column: lexError.column, message: `a name written with letters that are not plain Latin: ${written}` });
  }
  result.tokens = [...result.tokens.filter((_, index) => !dropTokens.has(index)), ...added].sort((a, b) => a.startOffset - b.startOffset);
  result.errors = [...result.errors.filter((lexError) => !dropErrors.has(lexError)), ...addedErrors].sort((a, b) => a.offset - b.offset);
}
