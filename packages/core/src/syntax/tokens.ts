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
 * looked up among the reserved words (`keywordSlot` in `tokenize`, `keywordByWord` after the
 * Chevrotain lexer). One pattern for all words instead of trying each keyword in turn makes lexing
 * several times faster on large files.
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

/**
 * The Chevrotain lexer these token definitions describe. `tokenize` does not use it: it reads the
 * same tokens by hand, several times faster on large files. It is kept as the reference the
 * hand-written scanner is tested against (lexer-equivalence.test.ts), so the patterns above stay
 * the definition of the language's tokens. Built on first use: most programs never need it.
 */
let referenceLexer: Lexer | undefined;
export function chevrotainLexer(): Lexer {
  referenceLexer ??= new Lexer(allTokens, {
    ensureOptimizations: true,
    // Lines and columns are worked out from offsets only when a message needs them (spans.ts).
    positionTracking: "onlyOffset",
  });
  return referenceLexer;
}

/**
 * What `tokenize` gives, read by the Chevrotain lexer instead of by hand (as `tokenize` did until
 * it was written by hand): the reference the hand-written scanner is tested against.
 */
export function tokenizeWithChevrotain(text: string): ILexingResult {
  const result = chevrotainLexer().tokenize(text);
  if (result.errors.length > 0) joinForeignWords(text, result);
  for (const token of result.tokens) {
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

/**
 * Lexes `text` into exactly what Chevrotain's lexer built from `allTokens` gives (with
 * `positionTracking: "onlyOffset"`), with two additions: every token has its `endOffset` (the
 * parser's node locations need it), and every word that is a reserved word has that keyword's
 * token type. Comments go in the `comments` group; unreadable characters become errors worded as
 * Chevrotain words them. Names written with letters that are not plain Latin are then joined
 * into one name each (`joinForeignWords`).
 *
 * The patterns are tried in the order of `allTokens`, first match wins, as the Chevrotain lexer
 * does; each `case` below says which patterns can start with its character.
 */
export function tokenize(text: string): ILexingResult {
  // Sized for a token every ten characters, as Chevrotain does, and cut to length at the end:
  // growing it a push at a time copies it again and again on a large file.
  const tokens: IToken[] = new Array<IToken>(Math.floor(text.length / 10));
  let count = 0;
  const comments: IToken[] = [];
  const errors: ILexingError[] = [];
  const length = text.length;
  // Whether the last token read is the word `calendar`, after which a word is a CalendarName.
  let afterCalendar = false;
  // The names read so far, by hash (see WORD_CACHE_SIZE); fewer for a short text, such as one line.
  const wordMask = (length < 0x1000 ? 0x40 : WORD_CACHE_SIZE) - 1;
  const words: (string | undefined)[] = new Array<string | undefined>(wordMask + 1);
  let offset = 0;
  while (offset < length) {
    const code = text.charCodeAt(offset);
    let end = offset + 1;
    let type = NONE;
    let image: string | undefined;
    switch (code) {
      case 0x20: // space
      case 0x0a: // \n
      case 0x0d: // \r
      case 0x09: // \t
      case 0x0b: // \v
      case 0x0c: // \f
      case 0xa0: // no-break space
      case 0xfeff: // byte order mark
        while (end < length && isWhiteSpace(text.charCodeAt(end))) end++;
        offset = end;
        continue;
      case 0x23: {
        // `#` to the end of the line.
        while (end < length) {
          const next = text.charCodeAt(end);
          if (next === 0x0a || next === 0x0d) break;
          end++;
        }
        // No `endOffset` for comments, as the Chevrotain lexer made them (it tracks start offsets only): nothing reads it.
        comments.push({ image: text.slice(offset, end), startOffset: offset, tokenTypeIdx: Comment.tokenTypeIdx!, tokenType: Comment });
        offset = end;
        continue;
      }
      case 0x22: {
        // `"`: a StringLiteral if it is closed before the end of the line, else an UnterminatedString.
        for (;;) {
          if (end >= length) break;
          const next = text.charCodeAt(end);
          if (next === 0x22) break;
          if (next === 0x5c) {
            // A backslash escapes any character but a line break (the regular expression's `\\.`).
            const escaped = end + 1 < length ? text.charCodeAt(end + 1) : 0x0a;
            if (escaped === 0x0a || escaped === 0x0d || escaped === 0x2028 || escaped === 0x2029) break;
            end += 2;
            continue;
          }
          if (next === 0x0a || next === 0x0d) break;
          end++;
        }
        if (end < length && text.charCodeAt(end) === 0x22) {
          end++;
          type = STRING_LITERAL_IDX;
        } else {
          // An unterminated string takes in a backslash left at its end (`\\?`).
          if (end < length && text.charCodeAt(end) === 0x5c) end++;
          type = UNTERMINATED_STRING_IDX;
        }
        break;
      }
      case 0x27:
      case 0x201c:
      case 0x201d:
      case 0x201e: {
        // Single or curly quotes: a MisquotedString when closed on the same line, else unreadable.
        const quoteEnd = code === 0x27 ? singleQuoteEnd(text, offset) : curlyQuoteEnd(text, offset);
        if (quoteEnd >= 0) {
          end = quoteEnd;
          type = MISQUOTED_STRING_IDX;
        }
        break;
      }
      case 0x28:
        type = L_PAREN_IDX;
        break;
      case 0x29:
        type = R_PAREN_IDX;
        break;
      case 0x5b:
        type = L_BRACKET_IDX;
        break;
      case 0x5d:
        type = R_BRACKET_IDX;
        break;
      case 0x7b:
        type = L_BRACE_IDX;
        break;
      case 0x7d:
        type = R_BRACE_IDX;
        break;
      case 0x2c:
        type = COMMA_IDX;
        break;
      case 0x3a:
        type = COLON_IDX;
        break;
      case 0x3c:
        if (end < length && text.charCodeAt(end) === 0x3d) {
          end++;
          type = LESS_EQUAL_IDX;
        } else type = LESS_IDX;
        break;
      case 0x3e:
        if (end < length && text.charCodeAt(end) === 0x3d) {
          end++;
          type = GREATER_EQUAL_IDX;
        } else type = GREATER_IDX;
        break;
      case 0x3d:
        type = EQUALS_IDX;
        break;
      case 0x2b:
        type = PLUS_IDX;
        break;
      case 0x2d:
        type = MINUS_IDX;
        break;
      default:
        if (code >= 0x30 && code <= 0x39) {
          end = digitsEnd(text, offset);
          type = NUMBER_LITERAL_IDX;
          // DateLiteral `\d{4}-\d{2}-\d{2}(?![0-9])`, then ShortDate with one or two digits in each
          // of month and day: the runs of digits must have exactly those lengths.
          if (end - offset === 4 && text.charCodeAt(end) === 0x2d) {
            const monthEnd = digitsEnd(text, end + 1);
            const month = monthEnd - end - 1;
            if (month >= 1 && month <= 2 && text.charCodeAt(monthEnd) === 0x2d) {
              const dayEnd = digitsEnd(text, monthEnd + 1);
              const day = dayEnd - monthEnd - 1;
              if (day >= 1 && day <= 2) {
                end = dayEnd;
                type = month === 2 && day === 2 ? DATE_LITERAL_IDX : SHORT_DATE_IDX;
              }
            }
          }
          if (type === NUMBER_LITERAL_IDX && text.charCodeAt(end) === 0x2e && isDigit(text.charCodeAt(end + 1))) {
            end = digitsEnd(text, end + 1);
          }
        } else if (code < 0x80 && wordChar[code] === WORD_START) {
          // A hash of the word as it is read, to look it up without making a string of it first.
          let hash = code;
          for (;;) {
            const next = text.charCodeAt(end);
            if (!(next < 0x80 && wordChar[next] !== 0)) break;
            hash = (Math.imul(hash, 31) + next) | 0;
            end++;
          }
          if (afterCalendar) {
            // `[A-Za-z_][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)*`
            while (text.charCodeAt(end) === 0x2d && isWordPart(text.charCodeAt(end + 1))) {
              end += 2;
              while (end < length && isWordPart(text.charCodeAt(end))) end++;
            }
            type = CALENDAR_NAME_IDX;
          } else if (code === 0x79 && end - offset === 3 && text.startsWith("yes/no", offset) && !isWordPart(text.charCodeAt(offset + 6))) {
            end = offset + 6;
            type = YES_NO_TYPE_IDX;
          } else {
            // A reserved word takes its keyword's token type, and its text is the keyword's own string.
            const keyword = keywordSlot(text, offset, end, hash);
            if (keyword >= 0) {
              type = keywordSlotTypeIdx[keyword]!;
              image = keywordSlotWord[keyword]!;
            } else {
              // Names recur; one string for each keeps the garbage collector's work down on large files.
              type = IDENTIFIER_IDX;
              const slot = hash & wordMask;
              const cached = words[slot];
              if (cached !== undefined && cached.length === end - offset && text.startsWith(cached, offset)) image = cached;
              else words[slot] = image = text.slice(offset, end);
            }
          }
        }
    }
    if (type === NONE) {
      // Chevrotain's recovery: skip to the next character where some token could start.
      while (end < length && !startsToken(text, end)) end++;
      errors.push({
        offset,
        line: undefined,
        column: undefined,
        length: end - offset,
        message: `unexpected character: ->${text.charAt(offset)}<- at offset: ${offset}, skipped ${end - offset} characters.`,
      });
      offset = end;
      continue;
    }
    image ??= text.slice(offset, end);
    tokens[count++] = { image, startOffset: offset, tokenTypeIdx: type, tokenType: tokenTypeByIdx[type]!, endOffset: end - 1 };
    afterCalendar = end - offset === 8 && image === "calendar";
    offset = end;
  }
  tokens.length = count;
  const result: ILexingResult = { tokens, groups: { comments }, errors };
  if (errors.length > 0) joinForeignWords(text, result);
  return result;
}

// Token types by their index (`tokenTypeIdx`): the scanner works with the indexes, which it can
// read without looking up a property of a token type (they have many shapes, which is slow).
const NONE = -1;
const STRING_LITERAL_IDX = StringLiteral.tokenTypeIdx!;
const UNTERMINATED_STRING_IDX = UnterminatedString.tokenTypeIdx!;
const MISQUOTED_STRING_IDX = MisquotedString.tokenTypeIdx!;
const L_PAREN_IDX = LParen.tokenTypeIdx!;
const R_PAREN_IDX = RParen.tokenTypeIdx!;
const L_BRACKET_IDX = LBracket.tokenTypeIdx!;
const R_BRACKET_IDX = RBracket.tokenTypeIdx!;
const L_BRACE_IDX = LBrace.tokenTypeIdx!;
const R_BRACE_IDX = RBrace.tokenTypeIdx!;
const COMMA_IDX = Comma.tokenTypeIdx!;
const COLON_IDX = Colon.tokenTypeIdx!;
const LESS_EQUAL_IDX = LessEqual.tokenTypeIdx!;
const LESS_IDX = Less.tokenTypeIdx!;
const GREATER_EQUAL_IDX = GreaterEqual.tokenTypeIdx!;
const GREATER_IDX = Greater.tokenTypeIdx!;
const EQUALS_IDX = Equals.tokenTypeIdx!;
const PLUS_IDX = Plus.tokenTypeIdx!;
const MINUS_IDX = Minus.tokenTypeIdx!;
const NUMBER_LITERAL_IDX = NumberLiteral.tokenTypeIdx!;
const DATE_LITERAL_IDX = DateLiteral.tokenTypeIdx!;
const SHORT_DATE_IDX = ShortDate.tokenTypeIdx!;
const CALENDAR_NAME_IDX = CalendarName.tokenTypeIdx!;
const YES_NO_TYPE_IDX = YesNoType.tokenTypeIdx!;
const IDENTIFIER_IDX = Identifier.tokenTypeIdx!;
const tokenTypeByIdx: TokenType[] = new Array<TokenType>(Math.max(...allTokens.map((type) => type.tokenTypeIdx!)) + 1).fill(Identifier);
for (const type of allTokens) tokenTypeByIdx[type.tokenTypeIdx!] = type;

const WORD_START = 1;
const WORD_PART = 2;
/** For each ASCII character: WORD_START for `[A-Za-z_]`, WORD_PART for a digit, 0 for neither. */
const wordChar = new Uint8Array(0x80);
for (let code = 0; code < 0x80; code++) {
  const char = String.fromCharCode(code);
  if (/[A-Za-z_]/.test(char)) wordChar[code] = WORD_START;
  else if (/[0-9]/.test(char)) wordChar[code] = WORD_PART;
}

/**
 * How many names `tokenize` remembers, by hash, to give every use of a name the same string. A
 * protocol has a few hundred names; a collision only means a name's string is made again.
 */
const WORD_CACHE_SIZE = 2048;

/** The hash `tokenize` computes for a word as it reads it. */
function hashWord(word: string): number {
  let hash = word.charCodeAt(0);
  for (let i = 1; i < word.length; i++) hash = (Math.imul(hash, 31) + word.charCodeAt(i)) | 0;
  return hash;
}

/** The reserved words in an open-addressing hash table, by `hashWord`: found without making a string. */
const KEYWORD_SLOTS = 512;
// Filled in full ("" for an empty slot) so that they stay fast arrays rather than sparse ones.
const keywordSlotWord: string[] = new Array<string>(KEYWORD_SLOTS).fill("");
const keywordSlotTypeIdx = new Int32Array(KEYWORD_SLOTS);
const keywordSlotHash = new Int32Array(KEYWORD_SLOTS);
keywordWords.forEach((word, index) => {
  const hash = hashWord(word);
  let slot = hash & (KEYWORD_SLOTS - 1);
  while (keywordSlotWord[slot] !== "") slot = (slot + 1) & (KEYWORD_SLOTS - 1);
  keywordSlotWord[slot] = word;
  keywordSlotTypeIdx[slot] = keywordTokens[index]!.tokenTypeIdx!;
  keywordSlotHash[slot] = hash;
});

/** The slot of the reserved word written from `start` to `end` (with hash `hash`), or -1 if it is not one. */
function keywordSlot(text: string, start: number, end: number, hash: number): number {
  for (let slot = hash & (KEYWORD_SLOTS - 1); ; slot = (slot + 1) & (KEYWORD_SLOTS - 1)) {
    const word = keywordSlotWord[slot]!;
    if (word === "") return -1;
    if (keywordSlotHash[slot] === hash && word.length === end - start && text.startsWith(word, start)) return slot;
  }
}

/** `[A-Za-z0-9_]`; false past the end of the text (NaN). */
function isWordPart(code: number): boolean {
  return code < 0x80 && wordChar[code] !== 0;
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** Where the run of digits starting at `from` ends. */
function digitsEnd(text: string, from: number): number {
  let end = from;
  while (isDigit(text.charCodeAt(end))) end++;
  return end;
}

/** The characters of the WhiteSpace pattern. */
function isWhiteSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09 || code === 0x0b || code === 0x0c || code === 0xa0 || code === 0xfeff;
}

/** The end of `'[^'\r\n]*'` starting at `start`, or -1. */
function singleQuoteEnd(text: string, start: number): number {
  for (let end = start + 1; end < text.length; end++) {
    const code = text.charCodeAt(end);
    if (code === 0x27) return end + 1;
    if (code === 0x0a || code === 0x0d) return -1;
  }
  return -1;
}

/** The end of `[\u201c\u201d\u201e][^\u201c\u201d\u201e"\r\n]*[\u201c\u201d\u201e]` starting at `start`, or -1. */
function curlyQuoteEnd(text: string, start: number): number {
  for (let end = start + 1; end < text.length; end++) {
    const code = text.charCodeAt(end);
    if (code === 0x201c || code === 0x201d || code === 0x201e) return end + 1;
    if (code === 0x22 || code === 0x0a || code === 0x0d) return -1;
  }
  return -1;
}

/** ASCII characters at which some pattern always matches. */
const tokenStart = new Uint8Array(0x80);
for (const char of " \t\n\r\v\f#\"_()[]{},:<>=+-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") tokenStart[char.charCodeAt(0)] = 1;

/**
 * Whether any pattern matches at `at`: where Chevrotain's recovery stops skipping unreadable
 * characters. Quotes other than `"` start a token only when closed on the same line.
 */
function startsToken(text: string, at: number): boolean {
  const code = text.charCodeAt(at);
  if (code < 0x80) return tokenStart[code] === 1 || (code === 0x27 && singleQuoteEnd(text, at) >= 0);
  if (code === 0xa0 || code === 0xfeff) return true;
  return (code === 0x201c || code === 0x201d || code === 0x201e) && curlyQuoteEnd(text, at) >= 0;
}

export type Token = IToken;

/** Characters the lexer cannot read that are still part of a word: letters, accents and digits of any alphabet. */
const foreignWordPart = /^[\p{L}\p{M}\p{Nd}\p{Pc}]+$/u;
const plainWord = /^[A-Za-z0-9_]+$/;
/** The token types a word of plain letters is read as: a name, or a reserved word. */
const wordTypes: ReadonlySet<TokenType> = new Set([Identifier, ...keywordTokens]);

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
    if (!wordTypes.has(token.tokenType) || !plainWord.test(token.image)) return;
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
    // The name in plain letters may be a reserved word (`rulе` with a Cyrillic `е`).
    added.push(createTokenInstance(keywordByWord.get(image) ?? Identifier, image, start, end - 1, Number.NaN, Number.NaN, Number.NaN, Number.NaN));
    addedErrors.push({ offset: start, length: end - start, line: lexError.line, column: lexError.column, message: `a name written with letters that are not plain Latin: ${written}` });
  }
  result.tokens = [...result.tokens.filter((_, index) => !dropTokens.has(index)), ...added].sort((a, b) => a.startOffset - b.startOffset);
  result.errors = [...result.errors.filter((lexError) => !dropErrors.has(lexError)), ...addedErrors].sort((a, b) => a.offset - b.offset);
}
