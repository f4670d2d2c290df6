// The printer: the AST back to text in the canonical layout, with Prettier's doc builders. One
// function per construct, chosen by one switch on the node's kind. Literals are printed as they
// were written (strings keep their escapes), so formatting changes only spaces, line breaks and
// where comments sit; docs/formatting.md describes the layout.
import type * as A from "@baton/core";
import type { AstPath, Doc, ParserOptions, Printer } from "prettier";
import { builders } from "prettier/doc";
import {
  attachComment,
  canAttachComment,
  commentText,
  endComments,
  hasBlankLine,
  isMultiLineDeclaration,
  leadingStart,
  printHeadComment,
  printLeadingComments,
  printTrailingComments,
} from "./comments.js";
import { chainOperands, childKeys, declarationLines, fileIndex, lineNodes, type BatonComment, type LineNode } from "./parser.js";

const { fill, group, hardline, indent, join, line, softline } = builders;

type Path = AstPath<any>;
type Options = ParserOptions<any>;
type Print = (selector?: string | number | Array<string | number> | Path) => Doc;

type ExprOf<K extends A.Expr["kind"]> = Extract<A.Expr, { kind: K }>;

/** Every node kind the printer knows, each handled by one function below. */
type AnyNode =
  | A.ProtocolFile
  | A.Declaration
  | A.HeaderClause
  | A.OtherwiseOutcome
  | A.RuleClause
  | A.Timing
  | A.JointWork
  | A.Expr
  | A.StringLiteral
  | A.EnumType
  | A.RecordType
  | A.FieldDecl
  | A.TypeRef
  | A.TestLine
  | A.GivenItem
  | A.Value
  | A.RecordValue
  | A.Expectation;

function printBaton(path: Path, options: Options, print: Print): Doc {
  const node = path.node as LineNode;
  const printed = printNode(path, options, print);
  // A line node's comments at the end of its line, and on lines after it, follow it; multi-line
  // declarations print theirs inside their indentation.
  if (lineNodes.has(node) && !isMultiLineDeclaration(node)) return [printed, printTrailingComments(node)];
  return printed;
}

function printNode(path: Path, options: Options, print: Print): Doc {
  const node = path.node as AnyNode;
  switch (node.kind) {
    case "File":
      return printFile(path, options, print);
    // declarations
    case "Header":
      return printHeader(path, options, print);
    case "Team":
    case "Panel":
    case "Event":
    case "Document":
      return printLabelled(path, print);
    case "Holiday":
      return printHoliday(path, print);
    case "TypeDecl":
      return printTypeDecl(path, options, print);
    case "Fact":
      return printFact(path, print);
    case "Let":
      return printLet(path, print);
    case "Rule":
      return printRule(path, options, print);
    case "Test":
      return printTest(path, options, print);
    // header clauses
    case "Version":
      return ["version ", print("value")];
    case "Effective":
      return ["effective ", print("date")];
    case "Calendar":
      return ["calendar ", node.calendar.text];
    case "Notice":
      return ["notice ", print("duration")];
    case "Otherwise":
      return ["otherwise ", print("outcome")];
    case "Source":
      return ["source ", print("text")];
    // rule clauses
    case "ExceptionTo":
      return printList("exception to", path, print, "rules");
    case "When":
      return ["when ", print("condition")];
    case "Unless":
      return ["unless ", print("condition")];
    case "Transfer":
      return printTransfer(path, print);
    case "Remain":
      return printRemain(path, print);
    case "Refer":
      return ["refer to ", print("panel")];
    case "Request":
      return ["request ", print("timing")];
    case "Requires":
      return printList("requires", path, print, "documents");
    case "Because":
      return ["because ", print("text")];
    // timings
    case "Immediately":
      return "immediately";
    case "AtEvent":
      return ["at ", print("event")];
    case "OnDate":
      return ["on ", print("date")];
    case "Within":
      return ["within ", print("duration"), " of ", print("anchor")];
    case "After":
      return [print("duration"), " after ", print("anchor")];
    case "Before":
      return [print("duration"), " before ", print("anchor")];
    case "JointFrom":
      return ["joint work from ", print("anchor")];
    case "JointBefore":
      return ["joint work ", print("duration"), " before ", print("anchor")];
    // types
    case "EnumType":
      return printList("one of", path, print, "values");
    case "RecordType":
      // Only reached for a record type with no fields; one with fields is printed by printTypeDecl.
      return "record";
    case "Field":
      return [print("name"), ": ", print("type"), optional(path, print, "description")];
    case "PrimitiveType":
      return node.name;
    case "NamedType":
      return print("name");
    case "ListType":
      return ["list of ", print("element")];
    // literals
    case "Name":
      return node.text;
    case "String":
      // As written, so its escapes stay exactly as they were.
      return options.originalText.slice(node.span.start, node.span.end);
    case "Number":
      return node.text;
    case "Date":
      return node.text;
    case "Duration":
      return printDuration(node);
    case "Boolean":
      return node.value ? "yes" : "no";
    // expressions
    case "Paren":
      return printParen(path, print);
    case "Logical":
      return group(indent(printChain(path, print)));
    case "Not":
      return ["not ", print("operand")];
    case "Compare":
      return [print("left"), " ", node.operator, " ", print("right")];
    case "Is":
      return [print("subject"), node.negated ? " is not " : " is ", print("value")];
    case "IsOneOf":
      return [print("subject"), node.negated ? " is not " : " is ", printList("one of", path, print, "values")];
    case "Postfix":
      return [print("subject"), " ", node.operator];
    case "Arithmetic":
      return [print("first"), path.map((step: Path) => [" ", (step.node as A.ArithmeticStep).operator, " ", step.call(print, "operand")], "rest")];
    case "Today":
      return "today";
    case "TimeSince":
      return ["time since ", print("operand")];
    case "DateOf":
      return ["date of ", print("event")];
    case "CurrentTeam":
      return "current team";
    case "Aggregate":
      return [node.aggregate, " ", print("list"), node.where ? [" where ", print("where")] : ""];
    case "Missing":
      throw new Error("Internal error: a part of the protocol could not be read, yet no syntax error was reported.");
    // tests
    case "TestToday":
      return ["today ", print("date")];
    case "TestTeam":
      return ["team ", print("team")];
    case "Given":
      return printList("given", path, print, "items");
    case "Expect":
      return ["expect ", print("expectation")];
    case "GivenFact":
      return [print("fact"), " = ", print("value")];
    case "GivenEvent":
      return [print("event"), " ", node.state, " on ", print("date")];
    case "GivenDocument":
      return [print("document"), " complete"];
    case "ListValue":
      return printBracketed("[", "]", path, print, "items");
    case "RecordValue":
      return printBracketed("{", "}", path, print, "fields");
    case "ExpectTransfer":
      return ["transfer to ", print("team"), node.due ? [" on ", print("due")] : "", node.requestBy ? [" request by ", print("requestBy")] : ""];
    case "ExpectRemain":
      return ["remain", node.team ? [" with ", print("team")] : ""];
    case "ExpectRefer":
      return ["refer to ", print("panel")];
    case "ExpectNoRule":
      return "no rule";
    case "ExpectConflict":
      return "conflict";
    case "ExpectNeeds":
      return printList("needs", path, print, "facts");
    case "ExpectMissing":
      return printList("missing", path, print, "documents");
    case "ExpectRule":
      return ["rule ", print("rule")];
    default:
      return assertNever(node);
  }
}

function assertNever(node: never): never {
  throw new Error(`Internal error: the formatter does not know the node ${JSON.stringify((node as { kind?: unknown }).kind)}.`);
}

// ---- the file ----

/**
 * Declarations one after another. A rule, a test, a header and a record type (the declarations
 * with lines of their own) always have a blank line before and after them; between one-line
 * declarations (teams, facts, events...) the blank lines the author chose are kept, so groups stay
 * groups, and several blank lines become one.
 */
function printFile(path: Path, options: Options, print: Print): Doc {
  const file = path.node as A.ProtocolFile;
  const text = options.originalText;
  const { comments } = fileIndex(file);
  const parts: Doc[] = [];
  let previous: A.Declaration | undefined;
  path.each((declarationPath: Path) => {
    const declaration = declarationPath.node as A.Declaration & LineNode;
    if (previous !== undefined) {
      const gapEnd = leadingStart(declaration);
      const gapStart = endOfAttached(previous, gapEnd, comments);
      parts.push(hardline);
      if (blankLineRequired(previous, declaration) || hasBlankLine(text.slice(gapStart, gapEnd))) parts.push(hardline);
    }
    parts.push(printLeadingComments(declaration, text, true), print());
    previous = declaration;
  }, "declarations");

  // Comments after the last declaration, at the start of their lines.
  for (const comment of endComments(file as unknown as LineNode)) {
    const before = previous === undefined ? 0 : endOfAttached(previous, comment.span.start, comments);
    if (parts.length > 0) parts.push(hardline, hasBlankLine(text.slice(before, comment.span.start)) ? hardline : "");
    parts.push(commentText(comment));
  }
  parts.push(hardline);
  return parts;
}

function blankLineRequired(before: A.Declaration, after: A.Declaration): boolean {
  const standsAlone = (declaration: A.Declaration) => declaration.kind === "Header" || isMultiLineDeclaration(declaration as LineNode);
  return standsAlone(before) || standsAlone(after);
}

/** Where the text of `declaration` and the comments that follow it (up to `limit`) ends. */
function endOfAttached(declaration: A.Declaration, limit: number, comments: readonly BatonComment[]): number {
  let end = declaration.span.end;
  for (const comment of comments) {
    if (comment.span.start >= declaration.span.end && comment.span.start < limit) end = Math.max(end, comment.span.end);
  }
  return end;
}

// ---- declarations ----

/**
 * A declaration with lines of its own: its first line, then each line indented one level, each
 * preceded by the comments written above it.
 */
function printWithLines(path: Path, firstLine: Doc, lines: Doc[]): Doc {
  const node = path.node as LineNode;
  return [firstLine, printHeadComment(node), indent([lines, printTrailingComments(node)])];
}

function printLines(path: Path, options: Options, print: Print, key: string): Doc[] {
  return path.map((linePath: Path) => [hardline, printLeadingComments(linePath.node as LineNode, options.originalText, false), print()], key);
}

function printHeader(path: Path, options: Options, print: Print): Doc {
  const header = path.node as A.Header;
  const firstLine = ["protocol ", print("name"), optional(path, print, "title")];
  if (header.clauses.length === 0) return firstLine;
  return printWithLines(path, firstLine, printLines(path, options, print, "clauses"));
}

function printLabelled(path: Path, print: Print): Doc {
  const node = path.node as A.TeamDecl | A.PanelDecl | A.EventDecl | A.DocumentDecl;
  return [node.kind.toLowerCase(), " ", print("name"), optional(path, print, "label")];
}

function printHoliday(path: Path, print: Print): Doc {
  return ["holiday ", print("date"), optional(path, print, "label")];
}

function printTypeDecl(path: Path, options: Options, print: Print): Doc {
  const node = path.node as A.TypeDecl;
  const firstLine = ["type ", print("name"), ": "];
  if (declarationLines(node)?.length) {
    const fields = path.call((definition: Path) => printLines(definition, options, print, "fields"), "definition");
    return printWithLines(path, [firstLine, "record"], fields);
  }
  return [firstLine, print("definition")];
}

function printFact(path: Path, print: Print): Doc {
  return ["fact ", print("name"), ": ", print("type"), optional(path, print, "description")];
}

function printLet(path: Path, print: Print): Doc {
  return ["let ", print("name"), " = ", print("value")];
}

function printRule(path: Path, options: Options, print: Print): Doc {
  const rule = path.node as A.RuleDecl;
  const firstLine = ["rule ", print("name")];
  if (rule.clauses.length === 0) return firstLine;
  return printWithLines(path, firstLine, printLines(path, options, print, "clauses"));
}

function printTest(path: Path, options: Options, print: Print): Doc {
  const test = path.node as A.TestDecl;
  const firstLine = ["test ", print("name")];
  if (test.lines.length === 0) return firstLine;
  return printWithLines(path, firstLine, printLines(path, options, print, "lines"));
}

/** ` "Label"` after a declaration's name, when it has one. */
function optional(path: Path, print: Print, key: string): Doc {
  return (path.node as Record<string, unknown>)[key] === undefined ? "" : [" ", print(key)];
}

// ---- clauses ----

/** `transfer from A, B to C TIMING`, then `joint work ...` on the next line when it does not fit. */
function printTransfer(path: Path, print: Print): Doc {
  const node = path.node as A.TransferAction;
  return group([
    "transfer",
    node.from.length > 0 ? [" from ", join(", ", path.map(print, "from"))] : "",
    " to ",
    print("target"),
    " ",
    print("timing"),
    node.jointWork ? indent([line, print("jointWork")]) : "",
  ]);
}

function printRemain(path: Path, print: Print): Doc {
  const node = path.node as A.RemainAction;
  return ["remain", node.team ? [" with ", print("team")] : ""];
}

/**
 * `requires a, b, c` and the other comma lists: the items fill the line, and those that do not fit
 * continue on the next lines, indented one level further.
 */
function printList(keyword: string, path: Path, print: Print, key: string): Doc {
  const items = path.map(print, key);
  // A single item (`given children = [...]`) breaks inside itself, level with the keyword.
  if (items.length === 1) return [keyword, " ", items[0]!];
  const parts: Doc[] = [];
  items.forEach((item, position) => {
    if (position > 0) parts.push(line);
    parts.push(position < items.length - 1 ? [item, ","] : item);
  });
  return [keyword, " ", indent(fill(parts))];
}

/** `[{a = 1}, {a = 2}]` on one line, or one item a line between the brackets when it does not fit. */
function printBracketed(open: string, close: string, path: Path, print: Print, key: string): Doc {
  const node = path.node as Record<string, unknown[]>;
  if (node[key]!.length === 0) return [open, close];
  const items = key === "fields" ? path.map((field: Path) => [field.call(print, "name"), " = ", field.call(print, "value")], key) : path.map(print, key);
  return group([open, indent([softline, join([",", line], items)]), softline, close]);
}

// ---- expressions ----

function printDuration(node: A.DurationLiteral): Doc {
  // Units as written (`day` or `days`), with one space between the parts.
  return node.parts.map((part) => `${part.amountText} ${part.unitText}`).join(" ");
}

/**
 * An `and`/`or` chain: on one line when it fits; otherwise a line break before each `and` and `or`,
 * the operands indented one level further than the line the chain starts on. The result is the
 * chain's parts for the caller to group and indent.
 */
function printChain(path: Path, print: Print): Doc[] {
  const text: Doc[] = [];
  const operands = chainOperands(path.node as ExprOf<"Logical">);
  let position = 0;
  // Walk the nested chains of an unparenthesised mix of `and` and `or` in the order written.
  const visit = (chainPath: Path) => {
    chainPath.each((operandPath: Path) => {
      const operand = operandPath.node as A.Expr & LineNode;
      if (operand.kind === "Logical") {
        visit(operandPath);
        return;
      }
      const { operator } = operands[position]!;
      const leading = printLeadingComments(operand, "", false);
      const printed = [leading, operator === undefined ? "" : `${operator} `, print()];
      text.push(position === 0 ? printed : [line, printed]);
      position++;
    }, "operands");
  };
  visit(path);
  return text;
}

/**
 * `(...)`: an `and`/`or` chain inside breaks after the opening parenthesis, one operand a line,
 * with the closing parenthesis on a line of its own, level with the line the `(` is on.
 */
function printParen(path: Path, print: Print): Doc {
  const paren = path.node as ExprOf<"Paren">;
  const inner = paren.inner.kind === "Logical" ? path.call((innerPath: Path) => printChain(innerPath, print), "inner") : print("inner");
  return group(["(", indent([softline, inner]), softline, ")"]);
}

// ---- the printer ----

function massageAstNode(_original: unknown, cloned: Record<string, unknown>): void {
  delete cloned["span"];
}
massageAstNode.ignoredProperties = new Set(["span", "comments"]);

export const printer: Printer<any> = {
  print: printBaton,
  // Comments are placed by comments.ts and printed by the functions above, where each belongs.
  printComment: (path: Path) => commentText(path.node as BatonComment),
  canAttachComment,
  willPrintOwnComments: () => true,
  handleComments: { ownLine: attachComment, endOfLine: attachComment, remaining: attachComment },
  getVisitorKeys: (node: object) => childKeys(node),
  massageAstNode,
};
