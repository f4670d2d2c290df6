// Where comments go. Prettier finds, for each comment, the innermost line node around it and the
// line nodes just before and after it (parser.ts says which nodes are line nodes); these handlers
// then choose one of five places, so that every comment ends up on a line of the output of its own
// or at the end of a line, never in the middle of one:
//
// - above a line node (leading), for a comment on a line of its own before it;
// - at the end of a line node's last line (marker `eol`), for a comment after code on the same line;
// - on lines of their own after a line node (`after`), for a comment after the last clause of a
//   rule, inside its indentation, or after the last operand inside parentheses;
// - at the end of the first line of a rule, test, header or record type (`head`);
// - at the end of the file (`end`).
//
// A line can end with only one comment. When a second one would join it (two comments inside one
// clause, say), the earlier one moves above the line, so both survive and each stays a comment.
import type { Doc } from "prettier";
import { builders } from "prettier/doc";
import { declarationLines, lineNodes, type BatonComment, type CommentMarker, type LineNode } from "./parser.js";

const { breakParent, hardline, lineSuffix } = builders;

export function canAttachComment(node: object): boolean {
  return lineNodes.has(node);
}

/** Whitespace the Baton lexer skips, other than line breaks. */
const spaces = new Set([" ", "\t", "\f", "\v", "\u00a0", "\ufeff"]);

/** A comment with only whitespace before it on its line. */
function isOwnLine(text: string, start: number): boolean {
  let index = start - 1;
  while (index >= 0 && spaces.has(text[index]!)) index--;
  return index < 0 || text[index] === "\n" || text[index] === "\r";
}

/** Two line breaks with only spaces between them: the source has a blank line here. */
export function hasBlankLine(text: string): boolean {
  return /\r?\n[ \t\f\v\u00a0\ufeff]*\r?\n/.test(text);
}

export function isMultiLineDeclaration(node: LineNode): boolean {
  return (declarationLines(node)?.length ?? 0) > 0;
}

function info(node: LineNode) {
  const found = lineNodes.get(node);
  if (found === undefined) throw new Error(`Internal error: ${node.kind} is not a line node.`);
  return found;
}

/** The node whose leading comments are printed where `node` starts: the first operand of a chain starts no line of its own. */
function leadingTarget(node: LineNode): LineNode {
  let target = node;
  for (;;) {
    const { parent, firstOperand } = info(target);
    if (!firstOperand || parent === undefined) return target;
    target = parent;
  }
}

/** The outermost line node that ends where `node` ends: the end of its last line is theirs too. */
function lineEndOwner(node: LineNode): LineNode {
  let owner = node;
  for (;;) {
    const { parent } = info(owner);
    if (parent === undefined || parent.span.end !== owner.span.end) return owner;
    owner = parent;
  }
}

function commentsOf(node: LineNode, marker: CommentMarker): BatonComment[] {
  return (node.comments ?? []).filter((comment) => !comment.leading && !comment.trailing && comment.marker === marker);
}

// As Prettier's own `util.addLeadingComment` and `util.addDanglingComment` do; written here so the
// plugin needs only Prettier's doc builders, and bundles small (into the CLI and the editor).
function addLeading(node: LineNode, comment: BatonComment): void {
  comment.leading = true;
  comment.trailing = false;
  delete comment.marker;
  (node.comments ??= []).push(comment);
}

function addDangling(node: LineNode, comment: BatonComment, marker: CommentMarker): void {
  comment.leading = false;
  comment.trailing = false;
  comment.marker = marker;
  (node.comments ??= []).push(comment);
}

function remove(node: LineNode, comment: BatonComment): void {
  const position = node.comments?.indexOf(comment) ?? -1;
  if (position >= 0) node.comments!.splice(position, 1);
}

/** Where each comment at the end of a line came from, to move it above that line if it must make way. */
const origins = new WeakMap<BatonComment, LineNode>();

/** Puts `comment` at the end of `node`'s last line (or first line, for `head`), moving any comment already there above the line. */
function addAtLineEnd(node: LineNode, comment: BatonComment, marker: "eol" | "head", origin: LineNode): void {
  for (const previous of commentsOf(node, marker)) {
    remove(node, previous);
    addLeading(leadingTarget(origins.get(previous) ?? node), previous);
  }
  origins.set(comment, origin);
  addDangling(node, comment, marker);
}

/**
 * Attaches one comment; used for all three of Prettier's placements (own line, end of line and
 * remaining), since a `#` comment always runs to the end of its line. Always returns true: no
 * comment is left to Prettier's default placement.
 */
export function attachComment(comment: BatonComment, text: string, _options: unknown, ast: LineNode): boolean {
  const enclosing = comment.enclosingNode;
  const preceding = comment.precedingNode;
  const following = comment.followingNode;
  const start = comment.span.start;

  if (isOwnLine(text, start)) {
    if (enclosing === undefined) {
      // Between declarations. An indented comment straight after a rule (or test, header, record
      // type) belongs to it: it stays inside its indentation.
      if (preceding !== undefined && isMultiLineDeclaration(preceding) && belongsToPrevious(text, preceding, comment)) {
        addDangling(preceding, comment, "after");
      } else if (following !== undefined) {
        addLeading(following, comment);
      } else {
        addDangling(ast, comment, "end");
      }
    } else if (following !== undefined) {
      addLeading(leadingTarget(following), comment);
    } else if (preceding !== undefined) {
      addDangling(lineEndOwner(preceding), comment, "after");
    } else {
      addLeading(leadingTarget(enclosing), comment);
    }
    return true;
  }

  // After code on the same line.
  if (preceding !== undefined) {
    addAtLineEnd(lineEndOwner(preceding), comment, "eol", enclosing ?? preceding);
  } else if (enclosing === undefined) {
    // Nothing before it on its line but another comment's text: cannot happen, a comment runs to the end of the line.
    if (following !== undefined) addLeading(following, comment);
    else addDangling(ast, comment, "end");
  } else if (isMultiLineDeclaration(enclosing)) {
    addAtLineEnd(enclosing, comment, "head", enclosing);
  } else {
    addAtLineEnd(lineEndOwner(enclosing), comment, "eol", enclosing);
  }
  return true;
}

/** An indented comment with no blank line and no unindented comment between it and the end of `declaration`. */
function belongsToPrevious(text: string, declaration: LineNode, comment: BatonComment): boolean {
  const between = text.slice(declaration.span.end, comment.span.start);
  const lineStart = Math.max(text.lastIndexOf("\n", comment.span.start - 1), text.lastIndexOf("\r", comment.span.start - 1)) + 1;
  const indented = comment.span.start > lineStart;
  return indented && !hasBlankLine(between) && !/[\n\r]#/.test(between);
}

// ---- printing ----

/** A comment's text, without the spaces some editors leave at the end of a line. */
export function commentText(comment: BatonComment): string {
  comment.printed = true;
  return comment.text.trimEnd();
}

/**
 * The comments printed above `node`, one a line. With `blankLines` (between declarations), a blank
 * line the source has after a comment is kept; inside declarations there are none.
 */
export function printLeadingComments(node: LineNode, text: string, blankLines: boolean): Doc[] {
  // In reading order: a comment moved above its line to make way for another may have joined the list late.
  const leading = (node.comments ?? []).filter((comment) => comment.leading).sort((a, b) => a.span.start - b.span.start);
  return leading.map((comment, position) => {
    const next = Math.min(leading[position + 1]?.span.start ?? Infinity, node.span.start);
    const blank = blankLines && comment.span.end <= next && hasBlankLine(text.slice(comment.span.end, next));
    return [commentText(comment), hardline, blank ? hardline : ""];
  });
}

/** The comment at the end of the node's last line, then the comments on lines of their own after it. */
export function printTrailingComments(node: LineNode): Doc {
  const endOfLine = commentsOf(node, "eol").map((comment) => [lineSuffix([" ", commentText(comment)]), breakParent]);
  const after = commentsOf(node, "after").map((comment) => [hardline, commentText(comment)]);
  return [endOfLine, after];
}

/** The comment at the end of the first line of a rule, test, header or record type. */
export function printHeadComment(node: LineNode): Doc {
  return commentsOf(node, "head").map((comment) => [lineSuffix([" ", commentText(comment)]), breakParent]);
}

export function endComments(file: LineNode): BatonComment[] {
  return commentsOf(file, "end");
}

/** Where the source text of a declaration and its comments starts: its first leading comment written before it, or itself. */
export function leadingStart(node: LineNode): number {
  let start = node.span.start;
  for (const comment of node.comments ?? []) if (comment.leading && comment.span.start < start) start = comment.span.start;
  return start;
}
