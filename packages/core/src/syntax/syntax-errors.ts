// Puts parser errors into words a policy officer can act on: what was expected, after what, and
// what was found instead ("expected `to` and a team after `transfer from RAT`, but found `at`").
import type { IToken, TokenType } from "chevrotain";
import { error, type Diagnostic } from "../diagnostics.js";
import type { Span } from "./ast.js";
import type { RawSyntaxError } from "./parser.js";
import * as t from "./tokens.js";
import { tokenSpan } from "./literals.js";
import { hiddenCharacterAt, listLetters, lookalikeOf, plainLetter } from "./unicode.js";

/** What the parser wanted, in words, by grammar rule and token; the most specific entry wins. */
const expectedPhrases: Record<string, string> = {
  // names
  "header:Identifier": "the protocol's name, such as `Hillingdon`",
  "teamDecl:Identifier": "a name for the team, such as `RAT`",
  "panelDecl:Identifier": "a name for the panel, such as `TransferPanel`",
  "eventDecl:Identifier": "a name for the event, such as `initial_conference`",
  "documentDecl:Identifier": "a name for the document, such as `chronology`",
  "typeDecl:Identifier": "a name for the type, such as `Plan`",
  "factDecl:Identifier": "a name for the fact, such as `date_of_birth`",
  "letDecl:Identifier": "a name for the value, such as `age`",
  "fieldDecl:Identifier": "a field name",
  "enumValues:Identifier": "a value name, such as `child_protection`",
  "transferAction:Identifier": "a team",
  "remainAction:Identifier": "a team",
  "referAction:Identifier": "a panel",
  "otherwiseClause:Identifier": "a panel",
  "timing:Identifier": "an event",
  "ruleClause:Identifier": "a document",
  "primary:Identifier": "a list fact",
  "testLine:Identifier": "a team",
  "givenItem:Identifier": "a fact, event or document",
  "recordValue:Identifier": "a field name",
  "expectation:Identifier": "a name",
  "typeRef:Identifier": "a type's name",
  // strings
  "header:StringLiteral": "the protocol's title in quotes",
  "ruleDecl:StringLiteral": "the rule's name in quotes, such as `rule \"Child protection cases move to CIN\"`",
  "testDecl:StringLiteral": "the test's name in quotes",
  "exceptionClause:StringLiteral": "the name of a rule in quotes",
  "sourceClause:StringLiteral": "where the rule comes from, in quotes, such as `\"Section 2, table 1\"`",
  "ruleClause:StringLiteral": "the reason in quotes",
  "headerClause:StringLiteral": "the version in quotes, such as `\"1.6\"`",
  "expectation:StringLiteral": "the rule's name in quotes",
  // punctuation and keywords with what follows them
  "transferAction:To": "`to` and a team",
  "referAction:To": "`to` and a panel",
  "otherwiseClause:To": "`to` and a panel",
  "exceptionClause:To": "`to` and the name of a rule",
  "factDecl:Colon": "`:` and the fact's type, such as `: yes/no`",
  "typeDecl:Colon": "`:` and `one of ...` or `record`",
  "fieldDecl:Colon": "`:` and the field's type",
  "letDecl:Equals": "`=` and the value",
  "recordValue:Equals": "`=` and a value",
  "timing:Of": "`of` and an event or date",
  "primary:RParen": "a closing `)`",
  "value:RBracket": "a closing `]`",
  "recordValue:RBrace": "a closing `}`",
  "givenItem:On": "`on` and a date",
  "enumValues:Of": "`of` and the values",
  "typeRef:Of": "`of` and a record type",
  "primary:Of": "`of` and an event",
  "primary:Since": "`since` and a date",
  "primary:Team": "`team`",
  "jointWork:Work": "`work`",
  "jointWork:Before": "`before` and an event or date",
  "expectation:By": "`by` and a date",
  "expectation:Rule": "`rule`",
  // whole rules, when no alternative fits
  declaration:
    "a declaration: `team`, `panel`, `type`, `fact`, `let`, `event`, `document`, `holiday`, `rule` or `test`",
  headerClause: "a header line: `version`, `effective`, `calendar`, `notice`, `otherwise` or `source`",
  otherwiseClause: "`remain` or `refer to` and a panel",
  typeRef: "a type: `yes/no`, `number`, `date`, `duration`, `team`, `one of ...`, `list of ...` or a type's name",
  timing:
    "a timing (when it happens): `immediately`, `at EVENT`, `on DATE`, `within DURATION of ...`, `DURATION after ...` or `DURATION before ...`",
  jointWork: "`from` and an event or date, or a duration and `before`",
  primary:
    "a value: a name, a number, a date, a duration, `yes`, `no`, `today`, `time since ...`, `date of ...`, `current team`, `count ...` or a condition in parentheses",
  comparison: "a value to compare with, or `one of` and a list of values",
  durationUnit: "a unit: `days`, `working days`, `weeks`, `months` or `years`",
  ruleClause:
    "a rule clause: `source`, `exception to`, `when`, `unless`, `transfer`, `remain`, `refer to`, `request`, `requires` or `because`",
  testLine: "a test line: `today`, `team`, `given` or `expect`",
  givenItem: "`=` and a value, `held on DATE`, `scheduled on DATE` or `complete`",
  value: "a value: `yes`, `no`, a number, a duration, a date, a name, or a list `[{...}]`",
  expectation:
    "an expectation: `transfer to TEAM`, `remain`, `refer to PANEL`, `no rule`, `conflict`, `needs ...`, `missing ...` or `rule \"...\"`",
  condition: "`and` or `or`",
};

const genericTokenPhrases: Record<string, string> = {
  Identifier: "a name",
  StringLiteral: "text in quotes",
  DateLiteral: "a date such as `2026-01-31`",
  NumberLiteral: "a number",
  CalendarName: "a calendar: `england-and-wales`, `scotland`, `northern-ireland` or `none`",
  Colon: "`:`",
  Comma: "`,`",
  Equals: "`=`",
  LParen: "`(`",
  RParen: "`)`",
  LBracket: "`[`",
  RBracket: "`]`",
  LBrace: "`{`",
  RBrace: "`}`",
};

function tokenPhrase(name: string, rule: string): string {
  const specific = expectedPhrases[`${rule}:${name}`];
  if (specific !== undefined) return specific;
  const generic = genericTokenPhrases[name];
  if (generic !== undefined) return generic;
  // Keywords: their label is the word in backquotes.
  const tokenType = t.allTokens.find((type) => type.name === name);
  return typeof tokenType?.LABEL === "string" ? tokenType.LABEL : `\`${name}\``;
}

function expectedPhrase(raw: RawSyntaxError): string {
  if (raw.kind === "mismatch" && raw.expected.length === 1) return tokenPhrase(raw.expected[0]!, raw.rule);
  const whole = expectedPhrases[raw.rule];
  if (whole !== undefined) return whole;
  const phrases = [...new Set(raw.expected.filter(Boolean).map((name) => tokenPhrase(name, raw.rule)))];
  if (phrases.length === 0) return "something else";
  if (phrases.length === 1) return phrases[0]!;
  return `${phrases.slice(0, -1).join(", ")} or ${phrases[phrases.length - 1]}`;
}

/** Tokens that begin a clause or a declaration: the context shown is taken from the last one. */
export const clauseStarterTypes: ReadonlySet<TokenType> = new Set([
  ...t.declarationStarters,
  t.Version, t.Effective, t.Calendar, t.Notice, t.Otherwise, t.Source,
  t.Exception, t.When, t.Unless, t.Transfer, t.Remain, t.Refer, t.Request, t.Requires, t.Because,
  t.Given, t.Expect,
]);

export function isClauseStarter(token: IToken): boolean {
  return clauseStarterTypes.has(token.tokenType);
}

function quoteSource(text: string, start: number, end: number): string {
  let snippet = text.slice(start, end).replace(/\s+/g, " ").trim();
  if (snippet.length > 48) snippet = `... ${snippet.slice(snippet.length - 44).replace(/^\S*\s/, "")}`;
  return snippet;
}

function describeFound(token: IToken): string {
  if (token.tokenType.name === "EOF") return "the file ends here";
  const image = token.image.length > 30 ? `${token.image.slice(0, 27)}...` : token.image;
  return `found \`${image}\``;
}

export interface ParserErrorInput {
  raw: RawSyntaxError;
  token: IToken;
  previous: IToken | undefined;
}

export function syntaxDiagnostic(input: ParserErrorInput, text: string, tokensBefore: (token: IToken) => IToken[]): Diagnostic {
  const { raw, token } = input;
  // The parser's own idea of the previous token can lag after recovery; the token list is exact.
  const previous = Number.isNaN(token.startOffset) || token.tokenType.name === "EOF" ? input.previous : tokensBefore(token).at(-1);
  const atEnd = token.tokenType.name === "EOF" || Number.isNaN(token.startOffset);
  const previousSpan = previous && !Number.isNaN(previous.startOffset) ? tokenSpan(previous) : undefined;
  const span: Span = atEnd
    ? previousSpan
      ? { start: previousSpan.end, end: previousSpan.end }
      : { start: text.length, end: text.length }
    : tokenSpan(token);

  // Context: the clause so far, from its first word to the token before the error.
  let context = "";
  if (previousSpan !== undefined) {
    const before = tokensBefore(atEnd ? previous! : token);
    let startIndex = Math.max(0, before.length - 8);
    for (let i = before.length - 1; i >= 0; i--) {
      if (isClauseStarter(before[i]!)) {
        startIndex = i;
        break;
      }
      if (before.length - i > 12) break;
    }
    const first = before[startIndex];
    if (first !== undefined) context = quoteSource(text, first.startOffset, previousSpan.end);
  }

  const leftover = raw.kind === "leftover" || (raw.kind === "mismatch" && raw.expected[0] === "EOF");
  const expected = leftover ? "a new clause or declaration" : expectedPhrase(raw);
  let message = `Expected ${expected}${context ? ` after \`${context}\`` : ""}, but ${describeFound(token)}.`;
  // A reserved word where a name was expected: explain, unless it plainly starts the next clause.
  const namePosition = /Decl$|^header$/.test(raw.rule) || !isClauseStarter(token);
  if (!atEnd && t.reservedWords.has(token.image) && raw.expected.includes("Identifier") && namePosition) {
    message += ` \`${token.image}\` is a reserved word, so it cannot be used as a name; choose another, such as \`${token.image}_date\` or \`${token.image}_status\`.`;
  }
  return error("syntax", span, message);
}

/** Words for characters the lexer cannot read, with a fix for the usual culprits pasted from a word processor. */
export function lexerDiagnostic(offset: number, length: number, text: string): Diagnostic {
  const span = { start: offset, end: offset + length };
  const chars = text.slice(offset, offset + length);
  const hidden = hiddenCharacterAt(text, offset);
  if (hidden !== undefined && hidden.end === span.end) {
    const what =
      hidden.kind === "bidi"
        ? `an invisible character (${hidden.label}) that changes the order text is displayed in, so what you see may not be what Baton reads`
        : `an invisible character (${hidden.label})`;
    return error("syntax", span, `There is ${what}. It cannot appear in a protocol outside quotes or a comment: delete it.`, {
      fix: { title: "Delete the invisible character", edits: [{ span, newText: "" }] },
    });
  }
  if (/^[\p{L}\p{M}\p{Nd}\p{Pc}]+$/u.test(chars)) return foreignNameDiagnostic(span, chars);
  const shown = JSON.stringify(chars.length > 20 ? `${chars.slice(0, 20)}...` : chars).slice(1, -1);
  if (/^['\u201c\u201d\u201e]/.test(chars)) {
    return error("syntax", span, "A quote here has no partner on the same line. Text in a protocol goes between straight double quotes `\"...\"`.");
  }
  const hints: Record<string, string> = {
    "&": " To join conditions, write `and`.",
    "|": " To join alternatives, write `or`.",
    "!": " To negate a condition, write `not`.",
    "*": " Baton does not multiply; durations are written with units, such as `6 weeks`.",
    ";": " Clauses need no separator: put each on its own line.",
  };
  const hint = hints[chars[0]!] ?? "";
  const word = length === 1 ? "This character" : "These characters";
  return error("syntax", span, `${word} cannot appear in a protocol outside quotes or a comment: \`${shown}\`.${hint}`);
}

/**
 * A name holding letters that are not plain Latin (read as one name by `tokenize`): names the
 * letters, says which Latin letter a lookalike from another alphabet resembles, and offers the name
 * in plain letters when every letter has one (`сase_type` becomes `case_type`, `naïve` `naive`).
 */
function foreignNameDiagnostic(span: Span, word: string): Diagnostic {
  const foreign = [...new Set([...word].filter((char) => char.charCodeAt(0) >= 0x80))];
  const plain = [...word].map((char) => (char.charCodeAt(0) < 0x80 ? char : plainLetter(char))).join("");
  const complete = [...word].every((char) => char.charCodeAt(0) < 0x80 || plainLetter(char) !== undefined);
  const allLookalikes = foreign.every((char) => lookalikeOf(char) !== undefined);
  const fullWidth = foreign.every((char) => /[\uff01-\uff5e]/.test(char));
  const letters = fullWidth
    ? `${foreign.length === 1 ? `the full-width letter ${foreign[0]!}` : "full-width letters"}, as some keyboards for Chinese and Japanese type them.`
    : foreign.length === 1
      ? `${listLetters(foreign)}${allLookalikes ? " but is a different character" : ""}.`
      : `${listLetters(foreign)}.${allLookalikes ? " Each looks like a Latin letter but is a different character." : ""}`;
  const ending = complete ? `: write \`${plain}\`.` : `, so choose a name without ${foreign.length === 1 ? "it" : "them"}.`;
  return error(
    "syntax",
    span,
    `\`${word}\` contains ${letters} Outside quotes, a protocol is written with the plain letters A to Z, digits and \`_\` only${ending}`,
    complete ? { fix: { title: `Change to \`${plain}\``, edits: [{ span, newText: plain }] } } : {},
  );
}
