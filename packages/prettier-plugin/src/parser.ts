// The Prettier parser: Baton text to the @baton/core AST, refused when it has syntax errors.
//
// Besides the AST, parsing records which nodes can start an output line ("line nodes"): the
// declarations, the clauses of a header or rule, the lines of a test, the fields of a record type,
// and the operands of each `and`/`or` chain. Comments are attached only to line nodes (see
// comments.ts), so each comment lands on a line of the output, never inside one.
import { LineIndex, parse, type Comment, type Diagnostic, type ProtocolFile } from "@baton/core";

/** Parse diagnostics that mean the text was not fully read: formatting it could lose or change text. */
const refusingCodes: ReadonlySet<string> = new Set(["syntax", "invalid-string", "invalid-date", "invalid-duration", "too-deep", "header"]);

/** A comment as Prettier handles it: the core comment plus the fields Prettier reads or sets. */
export interface BatonComment extends Comment {
  /** The text again, under the name Prettier's own messages use. */
  value: string;
  leading?: boolean;
  trailing?: boolean;
  /** For comments that are neither leading nor trailing: where the printer puts them (see comments.ts). */
  marker?: CommentMarker;
  printed?: boolean;
  enclosingNode?: LineNode;
  precedingNode?: LineNode;
  followingNode?: LineNode;
}

/**
 * Where a comment that is not printed above its node goes:
 * `eol` at the end of the node's last line, `after` on lines of its own after the node,
 * `head` at the end of the first line of a rule, test, header or record type, `end` at the end of the file.
 */
export type CommentMarker = "eol" | "after" | "head" | "end";

/** Any AST node: every node has a span; Prettier adds the comments attached to it. */
export interface LineNode {
  kind: string;
  span: { start: number; end: number };
  comments?: BatonComment[];
}

export interface LineInfo {
  /** The nearest line node this one is inside; none for declarations. */
  parent: LineNode | undefined;
  /** The first operand of an `and`/`or` chain: it follows the clause's keyword, so it never starts a line. */
  firstOperand: boolean;
}

/** Every line node read so far (nodes are never shared between files or parses). */
export const lineNodes = new WeakMap<object, LineInfo>();

/** What parsing learned about a file, for attaching and printing its comments. */
export interface FileIndex {
  comments: BatonComment[];
}

const indexes = new WeakMap<object, FileIndex>();

export function fileIndex(ast: object): FileIndex {
  const index = indexes.get(ast);
  if (index === undefined) throw new Error("This AST was not made by the Baton Prettier parser.");
  return index;
}

/** The error Prettier reports for a file that has syntax errors; the file is left as it is. */
export class BatonSyntaxError extends SyntaxError {
  /** The parser's diagnostics that made the file unreadable, in reading order. */
  readonly diagnostics: Diagnostic[];
  /** Where the first one is (1-based), so Prettier can show the line. */
  readonly loc: { start: { line: number; column: number } };

  constructor(text: string, diagnostics: Diagnostic[]) {
    const lines = new LineIndex(text);
    const described = diagnostics.map((diagnostic) => {
      const { line, column } = lines.positionAt(diagnostic.span.start);
      return `${line}:${column}: ${diagnostic.message}`;
    });
    super(
      `This file has ${diagnostics.length === 1 ? "a syntax error" : `${diagnostics.length} syntax errors`}, so it was not formatted:\n${described.join("\n")}`,
    );
    this.name = "SyntaxError";
    this.diagnostics = diagnostics;
    this.loc = { start: lines.positionAt(diagnostics[0]?.span.start ?? 0) };
  }
}

/** The diagnostics that stop a file from being formatted: syntax errors and unreadable literals. */
export function refusingDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((diagnostic) => diagnostic.severity === "error" && refusingCodes.has(diagnostic.code));
}

/** Parses a protocol for Prettier; throws `BatonSyntaxError` when the text has syntax errors. */
export function parseBaton(text: string): ProtocolFile {
  const { ast, diagnostics } = parse(text);
  const refusing = refusingDiagnostics(diagnostics);
  if (refusing.length > 0) throw new BatonSyntaxError(text, refusing);
  const comments: BatonComment[] = ast.comments.map((comment) => ({ text: comment.text, value: comment.text, span: comment.span }));
  const result: ProtocolFile = { ...ast, comments };
  findLineNodes(result);
  indexes.set(result, { comments });
  return result;
}

export const locStart = (node: { span: { start: number } }): number => node.span.start;
export const locEnd = (node: { span: { end: number } }): number => node.span.end;

/** The properties of a node that hold other nodes (Prettier walks these to attach comments). */
export function childKeys(node: object): string[] {
  const keys: string[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === "span" || key === "comments") continue;
    if (typeof value === "object" && value !== null) keys.push(key);
  }
  return keys;
}

function isNode(value: unknown): value is { kind?: string } & object {
  return typeof value === "object" && value !== null;
}

/** The lines of a declaration that has some: a header's or rule's clauses, a test's lines, a record's fields. */
export function declarationLines(declaration: { kind: string }): LineNode[] | undefined {
  const node = declaration as Record<string, unknown>;
  switch (declaration.kind) {
    case "Header":
    case "Rule":
      return node["clauses"] as LineNode[];
    case "Test":
      return node["lines"] as LineNode[];
    case "TypeDecl": {
      const definition = node["definition"] as { kind: string; fields?: LineNode[] };
      return definition.kind === "RecordType" ? definition.fields : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * The operands of an `and`/`or` chain with the word before each (none before the first). A chain
 * that mixes `and` with `or` without parentheses is read as nested chains with no parentheses
 * between them; it is printed as it was written, as one chain.
 */
export function chainOperands(chain: { kind: "Logical"; operator: "and" | "or"; operands: object[] }): { operator: "and" | "or" | undefined; operand: LineNode }[] {
  const flat: { operator: "and" | "or" | undefined; operand: LineNode }[] = [];
  chain.operands.forEach((operand, index) => {
    const items =
      (operand as LineNode).kind === "Logical"
        ? chainOperands(operand as Parameters<typeof chainOperands>[0])
        : [{ operator: undefined as "and" | "or" | undefined, operand: operand as LineNode }];
    if (index > 0) items[0]!.operator = chain.operator;
    for (const item of items) flat.push(item);
  });
  return flat;
}

/**
 * Marks the line nodes of a file. The operands of a chain are line nodes only when the printer
 * is sure to break the line right after the chain: when the chain ends its clause or operand, or
 * ends just before a `)`. A chain after `where` can be followed by more on the same line
 * (`count xs where a and b held + 1 > 2`); a comment there goes to its clause or operand instead.
 */
function findLineNodes(file: ProtocolFile): void {
  const mark = (node: object, parent: LineNode | undefined, firstOperand = false) => lineNodes.set(node, { parent, firstOperand });
  const lines = new Set<object>();
  for (const declaration of file.declarations) {
    mark(declaration, undefined);
    for (const line of declarationLines(declaration) ?? []) {
      mark(line, declaration as LineNode);
      lines.add(line);
    }
  }
  // `end`: where the text is sure to be followed by a line break when the line is broken.
  // Explicit stack: expressions can nest deeply (a long run of `not`s), and recursion could overflow.
  const stack: { node: object; line: LineNode; end: number }[] = file.declarations.map((declaration) => ({
    node: declaration,
    line: declaration as LineNode,
    end: declaration.span.end,
  }));
  while (stack.length > 0) {
    const { node, line, end } = stack.pop()!;
    const kind = (node as { kind?: string }).kind;
    if (kind === "Logical") {
      // A chain: its operands (through unparenthesised nested chains, which are never walked
      // themselves) are line nodes when a line break is sure to follow the chain.
      const breaksAfter = (node as LineNode).span.end === end;
      for (const [index, { operand }] of chainOperands(node as Parameters<typeof chainOperands>[0]).entries()) {
        if (breaksAfter) {
          mark(operand, line, index === 0);
          stack.push({ node: operand, line: operand, end: operand.span.end });
        } else {
          stack.push({ node: operand, line, end });
        }
      }
      continue;
    }
    for (const key of childKeys(node)) {
      const value = (node as Record<string, unknown>)[key];
      const children = Array.isArray(value) ? value : [value];
      for (const child of children) {
        if (!isNode(child)) continue;
        if (lines.has(child)) stack.push({ node: child, line: child as LineNode, end: (child as LineNode).span.end });
        // Inside parentheses, the printer breaks before the `)` when the line is broken.
        else if (kind === "Paren") stack.push({ node: child, line, end: (child as LineNode).span.end });
        else stack.push({ node: child, line, end });
      }
    }
  }
}
