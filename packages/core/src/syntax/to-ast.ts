// Builds the AST from Chevrotain's concrete syntax tree. Parts lost to a syntax error are left out
// (their error is already reported), so every AST node is complete. Problems inside well-formed
// tokens are reported here: impossible dates, bad escapes, durations mixing working days.
import type { CstElement, CstNode, IToken } from "chevrotain";
import { error, type Diagnostic } from "../diagnostics.js";
import type * as A from "./ast.js";

type Children = Record<string, CstElement[] | undefined>;

function isToken(element: CstElement | undefined): element is IToken {
  return element !== undefined && "image" in element;
}

/** A token that is really there: recovery may insert placeholder tokens with no text. */
function present(token: IToken | undefined): token is IToken {
  return token !== undefined && token.isInsertedInRecovery !== true && !Number.isNaN(token.startOffset);
}

// These accessors run for every label of every node, so they loop instead of allocating filtered arrays.

function tokens(node: CstNode, label: string): IToken[] {
  const list = (node.children as Children)[label];
  const found: IToken[] = [];
  if (list !== undefined) for (const item of list) if (isToken(item) && present(item)) found.push(item);
  return found;
}

function token(node: CstNode, label: string): IToken | undefined {
  const list = (node.children as Children)[label];
  if (list !== undefined) for (const item of list) if (isToken(item) && present(item)) return item;
  return undefined;
}

function nodes(node: CstNode, label: string): CstNode[] {
  const list = (node.children as Children)[label];
  const found: CstNode[] = [];
  if (list !== undefined) for (const item of list) if (!isToken(item)) found.push(item);
  return found;
}

function child(node: CstNode, label: string): CstNode | undefined {
  const list = (node.children as Children)[label];
  if (list !== undefined) for (const item of list) if (!isToken(item)) return item;
  return undefined;
}

export function tokenEnd(tok: IToken): number {
  return tok.startOffset + tok.image.length;
}

export function tokenSpan(tok: IToken): A.Span {
  return { start: tok.startOffset, end: tokenEnd(tok) };
}

function join(first: A.Span, last: A.Span): A.Span {
  return { start: first.start, end: Math.max(first.end, last.end) };
}

const monthNames = [
  "January", "February", "March", "April", "May", "June",
  "July", "August", "September", "October", "November", "December",
];

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Why `text` (already shaped `YYYY-MM-DD`) is not a real calendar date, or undefined when it is. */
export function dateProblem(text: string): string | undefined {
  const year = Number(text.slice(0, 4));
  const month = Number(text.slice(5, 7));
  const day = Number(text.slice(8, 10));
  if (month < 1 || month > 12) return `${text} is not a real date: there is no month ${month}.`;
  const days = daysInMonth(year, month);
  if (day < 1 || day > days) {
    return `${text} is not a real date: ${monthNames[month - 1]} ${year} has ${days} days.`;
  }
  return undefined;
}

class AstBuilder {
  readonly diagnostics: Diagnostic[] = [];

  constructor(private readonly text: string) {}

  // ---- tokens into literals ----

  name(tok: IToken): A.Name {
    return { kind: "Name", text: tok.image, span: tokenSpan(tok) };
  }

  names(node: CstNode, label: string): A.Name[] {
    return tokens(node, label).map((tok) => this.name(tok));
  }

  string(tok: IToken): A.StringLiteral {
    const span = tokenSpan(tok);
    const raw = tok.image;
    if (tok.tokenType.name === "MisquotedString") {
      const inner = raw.slice(1, -1);
      this.diagnostics.push(
        error("invalid-string", span, "Text in a protocol goes between straight double quotes `\"...\"`, not single or curly quotes.", {
          fix: { title: "Use straight double quotes", edits: [{ span, newText: JSON.stringify(inner) }] },
        }),
      );
      return { kind: "String", value: inner, span };
    }
    const terminated = tok.tokenType.name === "StringLiteral" && raw.length >= 2;
    if (!terminated) {
      this.diagnostics.push(
        error("invalid-string", span, "This text has no closing `\"`: a string must end on the line it starts.", {
          fix: { title: "Add the closing `\"`", edits: [{ span: { start: span.end, end: span.end }, newText: "\"" }] },
        }),
      );
    }
    const body = terminated ? raw.slice(1, -1) : raw.slice(1);
    if (!body.includes("\\")) return { kind: "String", value: body, span };
    let value = "";
    for (let i = 0; i < body.length; i++) {
      const char = body[i]!;
      if (char !== "\\") {
        value += char;
        continue;
      }
      const next = body[i + 1];
      const escapeStart = span.start + 1 + i;
      if (next === "\"" || next === "\\") {
        value += next;
        i++;
      } else if (next === "n") {
        value += "\n";
        i++;
      } else if (next === "t") {
        value += "\t";
        i++;
      } else if (next === "u" && body[i + 2] === "{") {
        const close = body.indexOf("}", i + 3);
        const hex = close === -1 ? "" : body.slice(i + 3, close);
        const codePoint = /^[0-9A-Fa-f]{1,6}$/.test(hex) ? parseInt(hex, 16) : NaN;
        const end = close === -1 ? i + 2 : close;
        if (Number.isNaN(codePoint) || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) {
          this.diagnostics.push(
            error(
              "invalid-string",
              { start: escapeStart, end: span.start + 1 + end + 1 },
              "`\\u{...}` needs the hexadecimal number of a Unicode character, such as `\\u{1F600}`.",
            ),
          );
        } else {
          value += String.fromCodePoint(codePoint);
        }
        i = end;
      } else {
        const shown = next === undefined ? "\\" : `\\${next}`;
        this.diagnostics.push(
          error(
            "invalid-string",
            { start: escapeStart, end: escapeStart + shown.length },
            `\`${shown}\` is not an escape Baton knows. Inside a string, write \`\\"\` for a quote, \`\\\\\` for a backslash, \`\\n\` for a new line, \`\\t\` for a tab or \`\\u{...}\` for any character.`,
            { fix: { title: "Write the backslash itself (`\\\\`)", edits: [{ span: { start: escapeStart, end: escapeStart + 1 }, newText: "\\\\" }] } },
          ),
        );
        value += next ?? "";
        i++;
      }
    }
    return { kind: "String", value, span };
  }

  date(tok: IToken): A.DateLiteral {
    const literal: A.DateLiteral = { kind: "Date", text: tok.image, span: tokenSpan(tok) };
    const problem = dateProblem(tok.image);
    if (problem !== undefined) this.diagnostics.push(error("invalid-date", literal.span, problem));
    return literal;
  }

  number(tok: IToken): A.NumberLiteral {
    return { kind: "Number", value: Number(tok.image), text: tok.image, span: tokenSpan(tok) };
  }

  boolean(tok: IToken): A.BooleanLiteral {
    return { kind: "Boolean", value: tok.image === "yes", span: tokenSpan(tok) };
  }

  // ---- declarations ----

  file(cst: CstNode, comments: A.Comment[]): A.ProtocolFile {
    const declarations: A.Declaration[] = [];
    for (const declaration of nodes(cst, "declaration")) {
      const inner = Object.values(declaration.children as Children)[0]?.[0];
      if (inner === undefined || isToken(inner)) continue;
      const built = this.declaration(inner);
      if (built !== undefined) declarations.push(built);
    }
    return { kind: "File", declarations, comments, span: { start: 0, end: this.text.length } };
  }

  /** The text a node covers: Chevrotain's location, or, for a node rebuilt by recovery, its tokens' range. */
  nodeSpan(node: CstNode): A.Span {
    const location = node.location;
    if (location !== undefined && !Number.isNaN(location.startOffset) && !Number.isNaN(location.endOffset ?? NaN)) {
      return { start: location.startOffset, end: location.endOffset! + 1 };
    }
    return this.tokenRange(node) ?? { start: 0, end: 0 };
  }

  private tokenRange(node: CstNode): A.Span | null {
    let start = Infinity;
    let end = -Infinity;
    const children = node.children as Children;
    for (const key in children) {
      for (const item of children[key]!) {
        let range: A.Span | null;
        if (isToken(item)) range = present(item) ? tokenSpan(item) : null;
        else range = this.tokenRange(item);
        if (range === null) continue;
        if (range.start < start) start = range.start;
        if (range.end > end) end = range.end;
      }
    }
    return start === Infinity ? null : { start, end };
  }

  declaration(node: CstNode): A.Declaration | undefined {
    const span = this.nodeSpan(node);
    switch (node.name) {
      case "header":
        return this.header(node, span);
      case "teamDecl":
      case "panelDecl":
      case "eventDecl":
      case "documentDecl": {
        const nameToken = token(node, "name");
        if (nameToken === undefined) return undefined;
        const labelToken = token(node, "label");
        const kind = ({ teamDecl: "Team", panelDecl: "Panel", eventDecl: "Event", documentDecl: "Document" } as const)[
          node.name
        ];
        return {
          kind,
          name: this.name(nameToken),
          ...(labelToken ? { label: this.string(labelToken) } : {}),
          span,
        };
      }
      case "holidayDecl": {
        const dateToken = token(node, "date");
        if (dateToken === undefined) return undefined;
        const labelToken = token(node, "label");
        return { kind: "Holiday", date: this.date(dateToken), ...(labelToken ? { label: this.string(labelToken) } : {}), span };
      }
      case "typeDecl":
        return this.typeDecl(node, span);
      case "factDecl": {
        const nameToken = token(node, "name");
        const typeNode = child(node, "typeRef");
        const type = typeNode && this.typeRef(typeNode);
        if (nameToken === undefined || type === undefined) return undefined;
        const description = token(node, "description");
        return {
          kind: "Fact",
          name: this.name(nameToken),
          type,
          ...(description ? { description: this.string(description) } : {}),
          span,
        };
      }
      case "letDecl": {
        const nameToken = token(node, "name");
        const valueNode = child(node, "value");
        if (nameToken === undefined || valueNode === undefined) return undefined;
        return { kind: "Let", name: this.name(nameToken), value: this.condition(valueNode), span };
      }
      case "ruleDecl":
        return this.ruleDecl(node, span);
      case "testDecl":
        return this.testDecl(node, span);
      default:
        return undefined;
    }
  }

  header(node: CstNode, span: A.Span): A.Header | undefined {
    const nameToken = token(node, "name");
    if (nameToken === undefined) return undefined;
    const title = token(node, "title");
    const clauses: A.HeaderClause[] = [];
    for (const clauseNode of nodes(node, "headerClause")) {
      const clauseSpan = this.nodeSpan(clauseNode);
      const version = token(clauseNode, "version");
      const effective = token(clauseNode, "effective");
      const calendar = token(clauseNode, "calendar");
      const notice = child(clauseNode, "notice");
      const otherwise = child(clauseNode, "otherwiseClause");
      const source = child(clauseNode, "sourceClause");
      if (version) clauses.push({ kind: "Version", value: this.string(version), span: clauseSpan });
      else if (effective) clauses.push({ kind: "Effective", date: this.date(effective), span: clauseSpan });
      else if (calendar) {
        clauses.push({ kind: "Calendar", calendar: { text: calendar.image, span: tokenSpan(calendar) }, span: clauseSpan });
      } else if (notice) clauses.push({ kind: "Notice", duration: this.additive(notice), span: clauseSpan });
      else if (otherwise) {
        const panel = token(otherwise, "panel");
        const remain = token(otherwise, "Remain");
        if (remain) clauses.push({ kind: "Otherwise", outcome: { kind: "Remain", span: tokenSpan(remain) }, span: clauseSpan });
        else if (panel) {
          const outcomeSpan = this.nodeSpan(otherwise);
          const referToken = token(otherwise, "Refer");
          clauses.push({
            kind: "Otherwise",
            outcome: {
              kind: "Refer",
              panel: this.name(panel),
              span: referToken ? join(tokenSpan(referToken), tokenSpan(panel)) : outcomeSpan,
            },
            span: clauseSpan,
          });
        }
      } else if (source) {
        const text = token(source, "text");
        if (text) clauses.push({ kind: "Source", text: this.string(text), span: clauseSpan });
      }
    }
    return { kind: "Header", name: this.name(nameToken), ...(title ? { title: this.string(title) } : {}), clauses, span };
  }

  typeDecl(node: CstNode, span: A.Span): A.TypeDecl | undefined {
    const nameToken = token(node, "name");
    if (nameToken === undefined) return undefined;
    const enumNode = child(node, "enumValues");
    const recordToken = token(node, "Record");
    let definition: A.EnumType | A.RecordType;
    if (enumNode) {
      definition = this.enumValues(enumNode);
    } else if (recordToken) {
      const fields: A.FieldDecl[] = [];
      for (const fieldNode of nodes(node, "fieldDecl")) {
        const fieldName = token(fieldNode, "name");
        const typeNode = child(fieldNode, "typeRef");
        const type = typeNode && this.typeRef(typeNode);
        if (fieldName === undefined || type === undefined) continue;
        const description = token(fieldNode, "description");
        fields.push({
          kind: "Field",
          name: this.name(fieldName),
          type,
          ...(description ? { description: this.string(description) } : {}),
          span: this.nodeSpan(fieldNode),
        });
      }
      const last = fields[fields.length - 1];
      definition = { kind: "RecordType", fields, span: join(tokenSpan(recordToken), last ? last.span : tokenSpan(recordToken)) };
    } else {
      return undefined;
    }
    return { kind: "TypeDecl", name: this.name(nameToken), definition, span };
  }

  enumValues(node: CstNode): A.EnumType {
    return { kind: "EnumType", values: this.names(node, "value"), span: this.nodeSpan(node) };
  }

  typeRef(node: CstNode): A.TypeRef | undefined {
    const span = this.nodeSpan(node);
    const primitive = token(node, "primitive");
    if (primitive) {
      const name = (
        { YesNoType: "yes/no", NumberKw: "number", DateKw: "date", DurationKw: "duration", Team: "team" } as const
      )[primitive.tokenType.name as "YesNoType" | "NumberKw" | "DateKw" | "DurationKw" | "Team"];
      return { kind: "PrimitiveType", name, span };
    }
    const enumNode = child(node, "enumValues");
    if (enumNode) return this.enumValues(enumNode);
    const element = token(node, "element");
    if (element) return { kind: "ListType", element: this.name(element), span };
    const named = token(node, "named");
    if (named) return { kind: "NamedType", name: this.name(named), span };
    return undefined;
  }

  // ---- rules ----

  ruleDecl(node: CstNode, span: A.Span): A.RuleDecl | undefined {
    const nameToken = token(node, "name");
    if (nameToken === undefined) return undefined;
    const clauses: A.RuleClause[] = [];
    for (const clauseNode of nodes(node, "ruleClause")) {
      const clause = this.ruleClause(clauseNode);
      if (clause !== undefined) clauses.push(clause);
    }
    return { kind: "Rule", name: this.string(nameToken), clauses, span };
  }

  ruleClause(node: CstNode): A.RuleClause | undefined {
    const span = this.nodeSpan(node);
    const source = child(node, "sourceClause");
    if (source) {
      const text = token(source, "text");
      return text && { kind: "Source", text: this.string(text), span };
    }
    const exception = child(node, "exceptionClause");
    if (exception) {
      const rules = tokens(exception, "rule").map((tok) => this.string(tok));
      return rules.length > 0 ? { kind: "ExceptionTo", rules, span } : undefined;
    }
    const when = child(node, "when");
    if (when) return { kind: "When", condition: this.condition(when), span };
    const unless = child(node, "unless");
    if (unless) return { kind: "Unless", condition: this.condition(unless), span };
    const transfer = child(node, "transferAction");
    if (transfer) return this.transfer(transfer);
    const remain = child(node, "remainAction");
    if (remain) {
      const team = token(remain, "team");
      return { kind: "Remain", ...(team ? { team: this.name(team) } : {}), span };
    }
    const refer = child(node, "referAction");
    if (refer) {
      const panel = token(refer, "panel");
      return panel && { kind: "Refer", panel: this.name(panel), span };
    }
    const request = child(node, "request");
    if (request) {
      const timing = this.timing(request);
      return timing && { kind: "Request", timing, span };
    }
    if (token(node, "Requires")) {
      const documents = this.names(node, "document");
      return documents.length > 0 ? { kind: "Requires", documents, span } : undefined;
    }
    const because = token(node, "because");
    if (because) return { kind: "Because", text: this.string(because), span };
    return undefined;
  }

  transfer(node: CstNode): A.TransferAction | undefined {
    const target = token(node, "target");
    const timingNode = child(node, "timing");
    const timing = timingNode && this.timing(timingNode);
    if (target === undefined || timing === undefined) return undefined;
    const jointNode = child(node, "jointWork");
    const jointWork = jointNode && this.jointWork(jointNode);
    return {
      kind: "Transfer",
      from: this.names(node, "from"),
      target: this.name(target),
      timing,
      ...(jointWork ? { jointWork } : {}),
      span: this.nodeSpan(node),
    };
  }

  jointWork(node: CstNode): A.JointWork | undefined {
    const span = this.nodeSpan(node);
    const anchor = child(node, "anchor");
    if (anchor === undefined) return undefined;
    const duration = child(node, "duration");
    if (duration) return { kind: "JointBefore", duration: this.additive(duration), anchor: this.additive(anchor), span };
    return { kind: "JointFrom", anchor: this.additive(anchor), span };
  }

  timing(node: CstNode): A.Timing | undefined {
    const span = this.nodeSpan(node);
    if (token(node, "Immediately")) return { kind: "Immediately", span };
    const event = token(node, "event");
    if (event) return { kind: "AtEvent", event: this.name(event), span };
    const date = child(node, "date");
    if (date) return { kind: "OnDate", date: this.additive(date), span };
    const duration = child(node, "duration");
    const anchor = child(node, "anchor");
    if (duration === undefined || anchor === undefined) return undefined;
    if (token(node, "Within")) {
      return { kind: "Within", duration: this.additive(duration), anchor: this.additive(anchor), span };
    }
    const direction = token(node, "direction");
    if (direction === undefined) return undefined;
    return {
      kind: direction.image === "after" ? "After" : "Before",
      duration: this.additive(duration),
      anchor: this.additive(anchor),
      span,
    };
  }

  // ---- expressions ----

  missing(node: CstNode): A.Expr {
    return { kind: "Missing", span: this.nodeSpan(node) };
  }

  condition(node: CstNode): A.Expr {
    const operands = nodes(node, "operand").map((operand) => this.negation(operand));
    const operators = tokens(node, "operator");
    if (operands.length === 0) return this.missing(node);
    if (operands.length === 1 || operators.length !== operands.length - 1) {
      // A chain cut short by a syntax error: keep what was read, joined as written.
      if (operands.length === 1) return operands[0]!;
    }
    const span = join(operands[0]!.span, operands[operands.length - 1]!.span);
    const kinds = new Set(operators.map((op) => op.image));
    if (kinds.size === 1) {
      return { kind: "Logical", operator: operators[0]!.image as "and" | "or", operands, span };
    }
    // Mixed: report it, and build the tree with `and` binding tighter so later passes still see a tree.
    const groups: A.Expr[][] = [[operands[0]!]];
    operators.forEach((operator, index) => {
      const operand = operands[index + 1];
      if (operand === undefined) return;
      if (operator.image === "and") groups[groups.length - 1]!.push(operand);
      else groups.push([operand]);
    });
    const grouped = groups.map((group) =>
      group.length === 1
        ? group[0]!
        : ({ kind: "Logical", operator: "and", operands: group, span: join(group[0]!.span, group[group.length - 1]!.span) } as const),
    );
    this.reportMixedAndOr(operands, operators, groups, span);
    return { kind: "Logical", operator: "or", operands: grouped, span };
  }

  reportMixedAndOr(operands: A.Expr[], operators: IToken[], groups: A.Expr[][], span: A.Span): void {
    const source = (expr: A.Expr) => this.text.slice(expr.span.start, expr.span.end);
    const short = (text: string) => (text.length > 40 ? `${text.slice(0, 37)}...` : text);
    const firstOr = operators.find((op) => op.image === "or")!;
    // The fix writes the reading `and` binds tighter, the usual convention in logic.
    const edits = groups
      .filter((group) => group.length > 1)
      .flatMap((group) => [
        { span: { start: group[0]!.span.start, end: group[0]!.span.start }, newText: "(" },
        { span: { start: group[group.length - 1]!.span.end, end: group[group.length - 1]!.span.end }, newText: ")" },
      ]);
    let example = "";
    if (operands.length === 3) {
      const [a, b, c] = operands.map((operand) => short(source(operand)));
      const [first, second] = operators.map((op) => op.image);
      example = ` Write \`(${a} ${first} ${b}) ${second} ${c}\` or \`${a} ${first} (${b} ${second} ${c})\`.`;
    }
    this.diagnostics.push(
      error(
        "mixed-and-or",
        span,
        `This condition mixes \`and\` with \`or\` without parentheses, so it can be read two ways. Add parentheses to say which is meant.${example}`,
        {
          related: [{ span: tokenSpan(firstOr), message: "the `or` that meets an `and` here" }],
          fix: { title: "Add parentheses around the `and` parts", edits },
        },
      ),
    );
  }

  negation(node: CstNode): A.Expr {
    const comparisonNode = child(node, "comparison");
    let expr = comparisonNode ? this.comparison(comparisonNode) : this.missing(node);
    const nots = tokens(node, "not");
    for (let i = nots.length - 1; i >= 0; i--) {
      expr = { kind: "Not", operand: expr, span: join(tokenSpan(nots[i]!), expr.span) };
    }
    return expr;
  }

  comparison(node: CstNode): A.Expr {
    const leftNode = child(node, "left");
    const left = leftNode ? this.additive(leftNode) : this.missing(node);
    const span = this.nodeSpan(node);
    const compare = token(node, "compare");
    const rightNode = child(node, "right");
    if (compare) {
      const right = rightNode ? this.additive(rightNode) : this.missing(node);
      return { kind: "Compare", operator: compare.image as A.CompareOperator, left, right, span };
    }
    if (token(node, "Is")) {
      const negated = token(node, "negated") !== undefined;
      const members = nodes(node, "member");
      if (token(node, "One")) {
        return { kind: "IsOneOf", negated, subject: left, values: members.map((member) => this.additive(member)), span };
      }
      const right = rightNode ? this.additive(rightNode) : this.missing(node);
      return { kind: "Is", negated, subject: left, value: right, span };
    }
    const postfix = token(node, "postfix");
    if (postfix) return { kind: "Postfix", operator: postfix.image as "held" | "scheduled" | "complete", subject: left, span };
    return left;
  }

  additive(node: CstNode): A.Expr {
    const operands = nodes(node, "operand").map((operand) => this.primary(operand));
    const operators = tokens(node, "operator");
    if (operands.length === 0) return this.missing(node);
    if (operands.length === 1) return operands[0]!;
    const rest: A.ArithmeticStep[] = [];
    operands.slice(1).forEach((operand, index) => {
      const operator = operators[index];
      if (operator) rest.push({ operator: operator.image as "+" | "-", operand });
    });
    return { kind: "Arithmetic", first: operands[0]!, rest, span: join(operands[0]!.span, operands[operands.length - 1]!.span) };
  }

  primary(node: CstNode): A.Expr {
    const span = this.nodeSpan(node);
    const inner = child(node, "inner");
    if (inner) return { kind: "Paren", inner: this.condition(inner), span };
    const numeric = child(node, "numberOrDuration");
    if (numeric) return this.numberOrDuration(numeric);
    const date = token(node, "date");
    if (date) return this.date(date);
    const bool = token(node, "boolean");
    if (bool) return this.boolean(bool);
    if (token(node, "Today")) return { kind: "Today", span };
    const since = child(node, "since");
    if (since) return { kind: "TimeSince", operand: this.additive(since), span };
    const dateOf = token(node, "dateOf");
    if (dateOf) return { kind: "DateOf", event: this.name(dateOf), span };
    if (token(node, "Current")) return { kind: "CurrentTeam", span };
    const aggregate = token(node, "aggregate");
    const list = token(node, "list");
    if (aggregate && list) {
      const where = child(node, "where");
      return {
        kind: "Aggregate",
        aggregate: aggregate.image as "count" | "any" | "all",
        list: this.name(list),
        ...(where ? { where: this.condition(where) } : {}),
        span,
      };
    }
    const name = token(node, "name");
    if (name) return this.name(name);
    return this.missing(node);
  }

  numberOrDuration(node: CstNode): A.NumberLiteral | A.DurationLiteral {
    const amounts = tokens(node, "amount");
    const units = nodes(node, "unit");
    if (units.length === 0) return this.number(amounts[0]!);
    const parts: A.DurationPart[] = [];
    units.forEach((unitNode, index) => {
      const amount = amounts[index];
      if (amount === undefined) return;
      const unitTokens = Object.values(unitNode.children as Children).flat().filter(isToken).filter(present);
      const unitText = unitTokens.map((tok) => tok.image).join(" ");
      if (unitText === "") return;
      const unit = unitText.replace(/s$/, "") as A.DurationUnit;
      parts.push({
        amount: Number(amount.image),
        amountText: amount.image,
        unit,
        unitText,
        span: join(tokenSpan(amount), this.nodeSpan(unitNode)),
      });
    });
    const literal: A.DurationLiteral = { kind: "Duration", parts, span: this.nodeSpan(node) };
    this.checkDuration(literal);
    return literal;
  }

  checkDuration(literal: A.DurationLiteral): void {
    const working = literal.parts.filter((part) => part.unit === "working day");
    if (working.length > 0 && working.length < literal.parts.length) {
      this.diagnostics.push(
        error(
          "invalid-duration",
          literal.span,
          "A duration cannot mix working days with other units, because working days skip weekends and holidays while the others do not. Count it all in working days, or all in days, weeks, months and years.",
        ),
      );
    }
    for (const part of literal.parts) {
      if (!Number.isInteger(part.amount)) {
        this.diagnostics.push(
          error(
            "invalid-duration",
            part.span,
            `Durations are counted in whole units, so \`${part.amountText} ${part.unitText}\` cannot be used. Use a smaller unit, such as days.`,
          ),
        );
      }
    }
    const seen = new Set<string>();
    for (const part of literal.parts) {
      if (seen.has(part.unit)) {
        this.diagnostics.push(
          error("invalid-duration", part.span, `This duration gives ${part.unit}s twice. Add them up into one amount.`),
        );
      }
      seen.add(part.unit);
    }
  }

  // ---- tests ----

  testDecl(node: CstNode, span: A.Span): A.TestDecl | undefined {
    const nameToken = token(node, "name");
    if (nameToken === undefined) return undefined;
    const lines: A.TestLine[] = [];
    for (const lineNode of nodes(node, "testLine")) {
      const line = this.testLine(lineNode);
      if (line !== undefined) lines.push(line);
    }
    return { kind: "Test", name: this.string(nameToken), lines, span };
  }

  testLine(node: CstNode): A.TestLine | undefined {
    const span = this.nodeSpan(node);
    const today = token(node, "today");
    if (today) return { kind: "TestToday", date: this.date(today), span };
    const team = token(node, "team");
    if (team) return { kind: "TestTeam", team: this.name(team), span };
    const items = nodes(node, "givenItem");
    if (token(node, "Given")) {
      const built = items.map((item) => this.givenItem(item)).filter((item): item is A.GivenItem => item !== undefined);
      return built.length > 0 ? { kind: "Given", items: built, span } : undefined;
    }
    const expectation = child(node, "expectation");
    if (expectation) {
      const built = this.expectation(expectation);
      return built && { kind: "Expect", expectation: built, span };
    }
    return undefined;
  }

  givenItem(node: CstNode): A.GivenItem | undefined {
    const span = this.nodeSpan(node);
    const nameToken = token(node, "name");
    if (nameToken === undefined) return undefined;
    const name = this.name(nameToken);
    const valueNode = child(node, "value");
    if (valueNode) {
      const value = this.value(valueNode);
      return value && { kind: "GivenFact", fact: name, value, span };
    }
    const state = token(node, "state");
    const date = token(node, "date");
    if (state && date) {
      return { kind: "GivenEvent", event: name, state: state.image as "held" | "scheduled", date: this.date(date), span };
    }
    if (token(node, "Complete")) return { kind: "GivenDocument", document: name, span };
    return undefined;
  }

  value(node: CstNode): A.Value | undefined {
    const span = this.nodeSpan(node);
    const bool = token(node, "boolean");
    if (bool) return this.boolean(bool);
    const numeric = child(node, "numberOrDuration");
    if (numeric) return this.numberOrDuration(numeric);
    const date = token(node, "date");
    if (date) return this.date(date);
    const name = token(node, "name");
    if (name) return this.name(name);
    if (token(node, "LBracket")) {
      const items = nodes(node, "recordValue").map((record) => this.recordValue(record));
      return { kind: "ListValue", items, span };
    }
    return undefined;
  }

  recordValue(node: CstNode): A.RecordValue {
    const fieldTokens = tokens(node, "field");
    const values = nodes(node, "value");
    const fields: A.RecordValue["fields"] = [];
    fieldTokens.forEach((fieldToken, index) => {
      const valueNode = values[index];
      const value = valueNode && this.value(valueNode);
      if (value) fields.push({ name: this.name(fieldToken), value, span: join(tokenSpan(fieldToken), value.span) });
    });
    return { kind: "RecordValue", fields, span: this.nodeSpan(node) };
  }

  expectation(node: CstNode): A.Expectation | undefined {
    const span = this.nodeSpan(node);
    if (token(node, "Transfer")) {
      const team = token(node, "team");
      if (team === undefined) return undefined;
      const due = token(node, "due");
      const requestBy = token(node, "requestBy");
      return {
        kind: "ExpectTransfer",
        team: this.name(team),
        ...(due ? { due: this.date(due) } : {}),
        ...(requestBy ? { requestBy: this.date(requestBy) } : {}),
        span,
      };
    }
    if (token(node, "Remain")) {
      const team = token(node, "team");
      return { kind: "ExpectRemain", ...(team ? { team: this.name(team) } : {}), span };
    }
    if (token(node, "Refer")) {
      const panel = token(node, "panel");
      return panel && { kind: "ExpectRefer", panel: this.name(panel), span };
    }
    if (token(node, "No")) return { kind: "ExpectNoRule", span };
    if (token(node, "Conflict")) return { kind: "ExpectConflict", span };
    if (token(node, "Needs")) {
      const facts = this.names(node, "fact");
      return facts.length > 0 ? { kind: "ExpectNeeds", facts, span } : undefined;
    }
    if (token(node, "Missing")) {
      const documents = this.names(node, "document");
      return documents.length > 0 ? { kind: "ExpectMissing", documents, span } : undefined;
    }
    const rule = token(node, "rule");
    if (rule) return { kind: "ExpectRule", rule: this.string(rule), span };
    return undefined;
  }
}

export function buildAst(cst: CstNode, text: string, comments: A.Comment[]): { ast: A.ProtocolFile; diagnostics: Diagnostic[] } {
  const builder = new AstBuilder(text);
  const ast = builder.file(cst, comments);
  return { ast, diagnostics: builder.diagnostics };
}
