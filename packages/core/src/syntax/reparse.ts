// Re-parsing after an edit, for the editor: only the declarations the edit touched are read again;
// the rest of the previous parse is reused, moved by the edit's length. The result is the same as
// parsing the whole text (a property test in packages/core/test/reparse.test.ts holds it to that);
// whenever that cannot be made sure of cheaply, the whole text is parsed instead.
//
// Why it is safe: the lexer reads one line at a time (no token spans a line break), and the parser
// is back in the same state (between declarations) at the start of every declaration. So the text
// from the start of one declaration to the start of a later one can be read on its own, provided
// the declarations just after the edit come out exactly as before: that is checked, with a few
// unchanged declarations ("context") read past the edit, whose AST and diagnostics must match the
// previous ones, moved. If they do not (an edit that opens a declaration which swallows the next,
// say), the whole text is parsed.
import type { IToken } from "chevrotain";
import { sortDiagnostics, type Diagnostic } from "../diagnostics.js";
import type { Comment, Declaration, ProtocolFile, Span } from "./ast.js";
import { parse, parseRegion, type ParseResult } from "./parse.js";

/** A text and its parse, as the previous version of an edited file. */
export interface PreviousParse {
  text: string;
  parse: ParseResult;
}

/** How many tokens of unchanged declarations to read past an edit, at least, to check that it is contained. */
const CONTEXT_TOKENS = 8;
/** How many unchanged declarations before an edit to read again (at least; and at least CONTEXT_TOKENS tokens). */
const LEADING_DECLARATIONS = 1;
/** Past this many syntax problems, caps on how many are reported apply: parse the whole text. */
const MANY_PROBLEMS = 40;

/**
 * Parses `text`, reusing `previous` where the text is unchanged. Gives what `parse(text)` gives.
 * `previous` is used up: its tokens and declarations after the edit are moved to their new places
 * and become part of the result, so it must not be used afterwards.
 */
export function reparse(previous: PreviousParse | undefined, text: string): ParseResult {
  if (previous === undefined) return parse(text);
  if (previous.text === text) return previous.parse;
  return reparseIncrementally(previous, text) ?? parse(text);
}

/**
 * The parse of `text` by re-reading only what the edit touched, or undefined when that cannot be
 * done safely (`previous` is then untouched). When it gives a parse, `previous` is used up.
 */
export function reparseIncrementally(previous: PreviousParse, text: string): ParseResult | undefined {
  const old = previous.parse;
  const oldText = previous.text;
  const declarations = old.ast.declarations;
  const count = declarations.length;
  if (count < 2 || text.includes("\u0000") || old.tokens.length === 0) return undefined;
  if (old.diagnostics.length > MANY_PROBLEMS) return undefined;
  if (old.diagnostics.some((diagnostic) => diagnostic.code === "too-deep" || diagnostic.code === "header")) return undefined;

  // Where each declaration's stretch of text starts: the first from the start of the file.
  const starts: number[] = [0];
  for (let i = 1; i < count; i++) {
    const start = declarations[i]!.span.start;
    if (start <= starts[i - 1]! || start < declarations[i - 1]!.span.end) return undefined;
    starts.push(start);
  }
  const stretchAt = (offset: number) => {
    let low = 0;
    let high = count - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return low;
  };

  // The changed text: [changeStart, oldChangeEnd) in the old text became [changeStart, newChangeEnd).
  const shortest = Math.min(oldText.length, text.length);
  let changeStart = 0;
  while (changeStart < shortest && oldText.charCodeAt(changeStart) === text.charCodeAt(changeStart)) changeStart++;
  let common = 0;
  while (
    common < shortest - changeStart &&
    oldText.charCodeAt(oldText.length - 1 - common) === text.charCodeAt(text.length - 1 - common)
  ) {
    common++;
  }
  const oldChangeEnd = oldText.length - common;
  const delta = text.length - oldText.length;

  const tokenIndexAt = (offset: number) => lowerBound(old.tokens, offset);
  // Unchanged declarations before the edit are read again too, so that what the parser looks ahead
  // at from the declaration before the region is unchanged, and messages quote the same words.
  const firstChanged = stretchAt(Math.max(0, changeStart - 1));
  let first = Math.max(0, firstChanged - LEADING_DECLARATIONS);
  while (first > 0 && tokenIndexAt(starts[firstChanged]!) - tokenIndexAt(starts[first]!) < CONTEXT_TOKENS) first--;
  const lastChanged = stretchAt(oldChangeEnd);
  // Unchanged declarations after the edit, read again to show that the edit did not reach them.
  let last = lastChanged;
  let contextTokens = 0;
  while (last + 1 < count && (contextTokens < CONTEXT_TOKENS || last - lastChanged < 2)) {
    last++;
    const stretchEnd = last + 1 < count ? starts[last + 1]! : oldText.length;
    contextTokens += tokenIndexAt(stretchEnd) - tokenIndexAt(starts[last]!);
  }
  const regionStart = starts[first]!;
  const oldRegionEnd = last + 1 < count ? starts[last + 1]! : oldText.length;
  const regionEnd = oldRegionEnd + delta;
  if (regionStart > changeStart || oldRegionEnd < oldChangeEnd) return undefined;

  const firstTokenIndex = tokenIndexAt(regionStart);
  const region = parseRegion(text, regionStart, regionEnd, old.tokens.slice(Math.max(0, firstTokenIndex - 16), firstTokenIndex));
  if (region.capped || region.tooDeep || region.diagnostics.length > MANY_PROBLEMS) return undefined;

  // The context, read again, must be what it was, moved by the edit.
  const contextCount = last - lastChanged;
  if (contextCount > 0) {
    if (region.declarations.length < contextCount) return undefined;
    const oldContextStart = starts[lastChanged + 1]!;
    const reread = region.declarations.slice(region.declarations.length - contextCount);
    if (reread[0]!.span.start !== oldContextStart + delta) return undefined;
    for (let i = 0; i < contextCount; i++) {
      if (!sameMoved(declarations[lastChanged + 1 + i], reread[i], delta)) return undefined;
    }
    const inOldContext = old.diagnostics.filter((diagnostic) => diagnostic.span.start >= oldContextStart && diagnostic.span.start < oldRegionEnd);
    const inNewContext = region.diagnostics.filter((diagnostic) => diagnostic.span.start >= oldContextStart + delta);
    if (inOldContext.length !== inNewContext.length) return undefined;
    const sortedNew = sortDiagnostics(inNewContext);
    const sortedOld = sortDiagnostics(inOldContext);
    for (let i = 0; i < sortedOld.length; i++) if (!sameMoved(sortedOld[i], sortedNew[i], delta)) return undefined;
  }

  // What stays from the old parse: everything before the region as it is; everything after it, moved.
  const move = (span: Span): Span | undefined => {
    if (span.end <= regionStart) return span;
    if (span.start >= oldRegionEnd) return delta === 0 ? span : { start: span.start + delta, end: span.end + delta };
    return undefined;
  };
  const diagnostics: Diagnostic[] = [];
  for (const diagnostic of old.diagnostics) {
    const { start } = diagnostic.span;
    // When the region runs to the end of the file, so do its problems: "the file ends here" is at the very end.
    if (start >= regionStart && (start < oldRegionEnd || last + 1 === count)) {
      // A syntax error at the region's first word was found while reading the declaration before
      // it, which is not read again: it stands (that word is unchanged), unless the region has it too.
      if (start === regionStart && regionStart > 0 && diagnostic.code === "syntax") {
        if (region.diagnostics.some((found) => found.span.start === regionStart)) return undefined;
        diagnostics.push(diagnostic);
      }
      continue;
    }
    const kept = moveDiagnostic(diagnostic, move);
    if (kept === undefined) return undefined;
    diagnostics.push(kept);
  }
  for (const item of region.diagnostics) diagnostics.push(item);

  // (Loops, not push(...items): spreading a huge list into one call overflows the stack.)
  // Nothing can fail from here on: the old parse's tokens and declarations after the region are
  // moved in place, not copied (copying them cost more than parsing the region).
  const comments: Comment[] = [];
  for (const comment of old.ast.comments) if (comment.span.start < regionStart) comments.push(comment);
  for (const item of region.comments) comments.push(item);
  for (const comment of old.ast.comments) {
    if (comment.span.start >= oldRegionEnd) comments.push({ text: comment.text, span: { start: comment.span.start + delta, end: comment.span.end + delta } });
  }

  const tokens: IToken[] = old.tokens.slice(0, firstTokenIndex);
  for (const item of region.tokens) tokens.push(item);
  for (let i = tokenIndexAt(oldRegionEnd); i < old.tokens.length; i++) {
    const token = old.tokens[i]!;
    if (delta !== 0) {
      token.startOffset += delta;
      token.endOffset = (token.endOffset ?? token.startOffset) + delta;
    }
    tokens.push(token);
  }

  const newDeclarations: Declaration[] = declarations.slice(0, first);
  for (const item of region.declarations) newDeclarations.push(item);
  const moved = new Set<Span>();
  for (let i = last + 1; i < count; i++) {
    if (delta !== 0) moveInPlace(declarations[i], delta, moved);
    newDeclarations.push(declarations[i]!);
  }

  const ast: ProtocolFile = { kind: "File", declarations: newDeclarations, comments, span: { start: 0, end: text.length } };
  return { ast, diagnostics: sortDiagnostics(diagnostics), tokens };
}

/** The index of the first token starting at or after `offset`. */
function lowerBound(tokens: readonly IToken[], offset: number): number {
  let low = 0;
  let high = tokens.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (tokens[middle]!.startOffset < offset) low = middle + 1;
    else high = middle;
  }
  return low;
}

function moveDiagnostic(diagnostic: Diagnostic, move: (span: Span) => Span | undefined): Diagnostic | undefined {
  const span = move(diagnostic.span);
  if (span === undefined) return undefined;
  const result: Diagnostic = { ...diagnostic, span };
  if (diagnostic.related !== undefined) {
    const related = [];
    for (const item of diagnostic.related) {
      const itemSpan = move(item.span);
      if (itemSpan === undefined) return undefined;
      related.push({ ...item, span: itemSpan });
    }
    result.related = related;
  }
  if (diagnostic.fix !== undefined) {
    const edits = [];
    for (const edit of diagnostic.fix.edits) {
      const editSpan = move(edit.span);
      if (editSpan === undefined) return undefined;
      edits.push({ ...edit, span: editSpan });
    }
    result.fix = { ...diagnostic.fix, edits };
  }
  return result;
}

/**
 * Moves every span in an AST value by `delta`, in place. A span object can be shared by two nodes
 * (a placeholder for a missing operand takes its parent's), so each is moved once. AST depth is
 * bounded by the nesting guard.
 */
function moveInPlace(value: unknown, delta: number, moved: Set<Span>): void {
  if (Array.isArray(value)) {
    for (const item of value) moveInPlace(item, delta, moved);
    return;
  }
  if (value === null || typeof value !== "object") return;
  const node = value as Record<string, unknown>;
  for (const key in node) {
    const item = node[key];
    if (item === null || typeof item !== "object") continue;
    if (key === "span") {
      const span = item as Span;
      if (moved.has(span)) continue;
      moved.add(span);
      span.start += delta;
      span.end += delta;
    } else moveInPlace(item, delta, moved);
  }
}

/** Whether `later` is `earlier` moved by `delta`: the same structure and values, every span `delta` further on. */
function sameMoved(earlier: unknown, later: unknown, delta: number): boolean {
  if (earlier === later) return delta === 0 || earlier === null || typeof earlier !== "object";
  if (typeof earlier !== typeof later || earlier === null || later === null || typeof earlier !== "object") {
    return typeof earlier === "number" && Number.isNaN(earlier) && typeof later === "number" && Number.isNaN(later);
  }
  if (Array.isArray(earlier) !== Array.isArray(later)) return false;
  const a = earlier as Record<string, unknown>;
  const b = later as Record<string, unknown>;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) {
    if (!(key in b)) return false;
    if (key === "span") {
      const x = a[key] as Span;
      const y = b[key] as Span;
      if (x.start + delta !== y.start || x.end + delta !== y.end) return false;
    } else if (!sameMoved(a[key], b[key], delta)) return false;
  }
  return true;
}
