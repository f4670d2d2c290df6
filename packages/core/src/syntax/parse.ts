// Text to AST: lexing, a guard against input nested too deeply to parse safely, parsing with
// recovery (one diagnostic per independent mistake), and building the AST.
import type { IToken, TokenType } from "chevrotain";
import { error, sortDiagnostics, type Diagnostic } from "../diagnostics.js";
import type { Comment, Declaration, ProtocolFile } from "./ast.js";
import { parseTokens } from "./parser.js";
import { clauseStarterTypes, isClauseStarter, lexerDiagnostic, syntaxDiagnostic } from "./syntax-errors.js";
import { tokenEnd, tokenSpan } from "./literals.js";
import * as t from "./tokens.js";

export interface ParseResult {
  ast: ProtocolFile;
  diagnostics: Diagnostic[];
  /** The tokens read (comments excluded), for editors' token-level features. */
  tokens: IToken[];
}

/** Deeper nesting than any protocol needs; past it, a declaration is skipped rather than risk the stack. */
export const MAX_NESTING = 64;
/** More syntax errors than this in one file are not worth reading one by one. */
const MAX_SYNTAX_ERRORS = 100;

// What each kind of token means to the nesting guard, by token type index: one array lookup per
// token instead of several set lookups (the guard reads every token of the file).
const DECLARATION = 1;
const CLAUSE = 2;
const OPENER = 4;
const CLOSER = 8;
const NESTING_WORD = 16;
const NOT = 32;
const roles = new Uint8Array(Math.max(...t.allTokens.map((type) => type.tokenTypeIdx ?? 0), ...[...t.declarationStarters].map((type) => type.tokenTypeIdx ?? 0)) + 1);
const giveRole = (types: Iterable<TokenType>, role: number) => {
  for (const type of types) roles[type.tokenTypeIdx!]! |= role;
};
giveRole(t.declarationStarters, DECLARATION);
giveRole(clauseStarterTypes, CLAUSE);
giveRole([t.LParen, t.LBracket, t.LBrace], OPENER);
giveRole([t.RParen, t.RBracket, t.RBrace], CLOSER);
giveRole([t.Where, t.Since], NESTING_WORD);
giveRole([t.Not], NOT);

/**
 * For each declaration nested past MAX_NESTING, the index of the token where it first goes too
 * deep. Depth approximates how deeply the parser and checker recurse: open brackets, plus `where`
 * and `time since` (which reach to the end of their bracket or clause), plus a run of `not`s.
 */
function tooDeep(tokens: readonly IToken[]): number[] {
  const found: number[] = [];
  const wordsPerBracket: number[] = [0];
  let words = 0;
  let nots = 0;
  let reported = false;
  for (let i = 0; i < tokens.length; i++) {
    const role = roles[tokens[i]!.tokenTypeIdx] ?? 0;
    if (role === 0 && nots === 0) continue;
    if (role & DECLARATION) reported = false;
    if (role & CLAUSE) {
      // Setting an array's length is a call into the engine, slow enough to show on large files: only when it changes.
      if (wordsPerBracket.length > 1) wordsPerBracket.length = 1;
      wordsPerBracket[0] = 0;
      words = 0;
    }
    if (role & NOT) nots++;
    else nots = 0;
    if (role & OPENER) wordsPerBracket.push(0);
    else if (role & CLOSER && wordsPerBracket.length > 1) words -= wordsPerBracket.pop()!;
    else if (role & NESTING_WORD) {
      wordsPerBracket[wordsPerBracket.length - 1]!++;
      words++;
    }
    if (!reported && wordsPerBracket.length - 1 + words + nots > MAX_NESTING) {
      found.push(i);
      reported = true;
    }
  }
  return found;
}

/** Removes the declarations that `tooDeep` finds, reporting each once, so the parser never sees them. */
function guardNesting(tokens: IToken[], diagnostics: Diagnostic[]): IToken[] {
  const deep = tooDeep(tokens);
  if (deep.length === 0) return tokens;
  const skip = new Set<number>();
  for (const index of deep) {
    diagnostics.push(
      error(
        "too-deep",
        tokenSpan(tokens[index]!),
        `This is nested more than ${MAX_NESTING} levels deep, which no protocol needs, so the declaration it is in was not read. Split the condition into \`let\` values.`,
      ),
    );
    let start = index;
    while (start > 0 && !t.declarationStarters.has(tokens[start]!.tokenType)) start--;
    let end = index;
    while (end < tokens.length && (end === start || !t.declarationStarters.has(tokens[end]!.tokenType))) end++;
    for (let i = start; i < end; i++) skip.add(i);
  }
  return tokens.filter((_, index) => !skip.has(index));
}

export function parse(text: string): ParseResult {
  if (text.includes("\u0000")) {
    // NUL never appears in text: this is a binary file (a Word document, a zip) saved as .baton.
    const at = text.indexOf("\u0000");
    const diagnostics = [
      error(
        "syntax",
        { start: at, end: at + 1 },
        "This file holds binary data, not text, so it cannot be a protocol. Save the protocol as plain UTF-8 text.",
      ),
    ];
    return { ast: { kind: "File", declarations: [], comments: [], span: { start: 0, end: text.length } }, diagnostics, tokens: [] };
  }
  const region = parseRegion(text, 0, text.length, []);
  const { diagnostics, tokens } = region;
  if (tokens.length === 0 && diagnostics.length === 0) {
    diagnostics.push(
      error("header", { start: 0, end: 0 }, "This file has no protocol in it. A protocol starts with `protocol Name \"Title\"`."),
    );
  }
  const ast: ProtocolFile = { kind: "File", declarations: region.declarations, comments: region.comments, span: { start: 0, end: text.length } };
  return { ast, diagnostics: sortDiagnostics(diagnostics), tokens };
}

/** What parsing one region of a file gives: everything in it, with offsets into the whole text. */
export interface RegionParse {
  declarations: Declaration[];
  comments: Comment[];
  tokens: IToken[];
  /** Unsorted; lexer errors, nesting and syntax errors, and problems inside literals. */
  diagnostics: Diagnostic[];
  /** More unreadable characters or syntax errors than are reported one by one. */
  capped: boolean;
  /** A declaration was skipped as nested too deeply. */
  tooDeep: boolean;
}

/**
 * Lexes and parses `text` from `start` to `end`, which must be where a declaration starts (or the
 * start of the file) and where one starts (or the end of the file). `before` is the tokens just
 * before `start`, which error messages quote from. The whole file is the region 0 to its length;
 * the editor re-parses only the declarations an edit touched (reparse.ts).
 */
export function parseRegion(text: string, start: number, end: number, before: readonly IToken[]): RegionParse {
  const diagnostics: Diagnostic[] = [];
  const whole = start === 0 && end === text.length;
  const lexed = t.tokenize(whole ? text : text.slice(start, end));
  if (!whole) {
    for (const token of lexed.tokens) {
      token.startOffset += start;
      token.endOffset = (token.endOffset ?? token.startOffset) + start;
    }
    for (const token of lexed.groups["comments"] ?? []) token.startOffset += start;
    for (const lexError of lexed.errors) lexError.offset += start;
  }
  for (const lexError of lexed.errors.slice(0, MAX_SYNTAX_ERRORS)) {
    diagnostics.push(lexerDiagnostic(lexError.offset, lexError.length, text));
  }
  let capped = false;
  if (lexed.errors.length > MAX_SYNTAX_ERRORS) {
    capped = true;
    const next = lexed.errors[MAX_SYNTAX_ERRORS]!;
    diagnostics.push(
      error(
        "syntax",
        { start: next.offset, end: next.offset + next.length },
        `There are ${lexed.errors.length - MAX_SYNTAX_ERRORS} more unreadable characters after this point. Is this file a protocol saved as plain text?`,
      ),
    );
  }
  const comments: Comment[] = (lexed.groups["comments"] ?? []).map((token) => ({ text: token.image, span: tokenSpan(token) }));
  const diagnosticsBeforeGuard = diagnostics.length;
  const tokens = guardNesting(lexed.tokens, diagnostics);
  const tooDeep = diagnostics.length > diagnosticsBeforeGuard;

  // Recovery is on: after a mistake the parser skips to where it can go on, so every
  // independent mistake is reported, each at the token where it was noticed.
  const tokensBefore = (token: IToken) => {
    const index = indexOfToken(tokens, token);
    if (index < 0) return [];
    const inRegion = tokens.slice(Math.max(0, index - 16), index);
    return inRegion.length === 16 || before.length === 0 ? inRegion : [...before.slice(-(16 - inRegion.length)), ...inRegion];
  };
  const { declarations, errors } = parseTokens(tokens, text, diagnostics);
  // Unreadable characters are already reported; the parser's complaint about the gap they left is not news.
  const afterUnreadable = (token: IToken) => {
    const previous = tokensBefore(token).at(-1);
    const from = previous ? tokenEnd(previous) : 0;
    // The first unreadable character at or after `from` (they are in order): a binary search, since
    // a file of junk has tens of thousands of both.
    let low = 0;
    let high = lexed.errors.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (lexed.errors[middle]!.offset < from) low = middle + 1;
      else high = middle;
    }
    return low < lexed.errors.length && lexed.errors[low]!.offset < token.startOffset;
  };
  const syntaxErrors = errors
    .filter((parserError) => Number.isNaN(parserError.token.startOffset) || !afterUnreadable(parserError.token))
    .map((parserError) => syntaxDiagnostic(parserError, text, tokensBefore));
  const kept = dedupeSyntaxErrors(syntaxErrors, tokens);
  if (kept.length > MAX_SYNTAX_ERRORS) capped = true;
  diagnostics.push(...kept);
  return { declarations, comments, tokens, diagnostics, capped, tooDeep };
}

/** Where `token` is in `tokens`, found by its offset (tokens are in offset order); -1 if absent. */
function indexOfToken(tokens: readonly IToken[], token: IToken): number {
  let low = 0;
  let high = tokens.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const offset = tokens[middle]!.startOffset;
    if (offset === token.startOffset) return tokens[middle] === token ? middle : -1;
    if (offset < token.startOffset) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}

/**
 * Recovery can report one mistake several times as the parser finds its feet again. Keep the
 * first error in each clause (a clause runs from one clause-starting word to the next).
 */
function dedupeSyntaxErrors(errors: Diagnostic[], tokens: IToken[]): Diagnostic[] {
  if (errors.length === 0) return errors;
  const clauseStarts: number[] = [];
  for (const token of tokens) if (isClauseStarter(token)) clauseStarts.push(token.startOffset);
  const clauseOf = (offset: number) => {
    let low = 0;
    let high = clauseStarts.length - 1;
    let found = -1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (clauseStarts[middle]! <= offset) {
        found = middle;
        low = middle + 1;
      } else high = middle - 1;
    }
    return found;
  };
  const seen = new Set<number>();
  const kept: Diagnostic[] = [];
  const ordered = [...errors].sort((a, b) => a.span.start - b.span.start);
  for (const diagnostic of ordered) {
    // An error at a clause's first word belongs to the clause before it (something was missing there).
    const clause = clauseOf(Math.max(0, diagnostic.span.start - 1));
    if (seen.has(clause)) continue;
    seen.add(clause);
    kept.push(diagnostic);
  }
  if (kept.length > MAX_SYNTAX_ERRORS) {
    const shown = kept.slice(0, MAX_SYNTAX_ERRORS);
    shown.push(
      error(
        "syntax",
        kept[MAX_SYNTAX_ERRORS]!.span,
        `There are ${kept.length - MAX_SYNTAX_ERRORS} more syntax errors after this point; fix the ones above first.`,
      ),
    );
    return shown;
  }
  return kept;
}
