// The abstract syntax tree of a protocol file. Every node has a `span` (start and end offsets in the
// source text, end exclusive); lines and columns are derived from it when needed (see spans.ts).

export interface Span {
  start: number;
  end: number;
}

/** An identifier as written, e.g. a team, fact or event name. */
export interface Name {
  kind: "Name";
  text: string;
  span: Span;
}

/** A string literal, already decoded (escapes applied). */
export interface StringLiteral {
  kind: "String";
  value: string;
  span: Span;
}

export interface DateLiteral {
  kind: "Date";
  /** The date as written, `YYYY-MM-DD`; checked to be a real calendar date when the AST is built. */
  text: string;
  span: Span;
}

export interface NumberLiteral {
  kind: "Number";
  value: number;
  text: string;
  span: Span;
}

export type DurationUnit = "day" | "working day" | "week" | "month" | "year";

export interface DurationPart {
  amount: number;
  /** The amount as written (`12.5`), for printing. */
  amountText: string;
  unit: DurationUnit;
  /** The unit as written, singular or plural (`days`), for printing. */
  unitText: string;
  span: Span;
}

export interface DurationLiteral {
  kind: "Duration";
  parts: DurationPart[];
  span: Span;
}

export interface BooleanLiteral {
  kind: "Boolean";
  value: boolean;
  span: Span;
}

export interface Comment {
  /** The comment including its leading `#`. */
  text: string;
  span: Span;
}

export interface ProtocolFile {
  kind: "File";
  declarations: Declaration[];
  comments: Comment[];
  span: Span;
}

export type Declaration =
  | Header
  | TeamDecl
  | PanelDecl
  | HolidayDecl
  | TypeDecl
  | FactDecl
  | LetDecl
  | EventDecl
  | DocumentDecl
  | RuleDecl
  | TestDecl;

// ---- header ----

export interface Header {
  kind: "Header";
  name: Name;
  title?: StringLiteral;
  clauses: HeaderClause[];
  span: Span;
}

export type HeaderClause =
  | { kind: "Version"; value: StringLiteral; span: Span }
  | { kind: "Effective"; date: DateLiteral; span: Span }
  | { kind: "Calendar"; calendar: { text: string; span: Span }; span: Span }
  | { kind: "Notice"; duration: Expr; span: Span }
  | { kind: "Otherwise"; outcome: OtherwiseOutcome; span: Span }
  | { kind: "Source"; text: StringLiteral; span: Span };

export type OtherwiseOutcome = { kind: "Remain"; span: Span } | { kind: "Refer"; panel: Name; span: Span };

// ---- simple declarations ----

/** Teams, panels, events and documents: a name and an optional label. */
export interface LabelledDecl<K extends string> {
  kind: K;
  name: Name;
  label?: StringLiteral;
  span: Span;
}
export type TeamDecl = LabelledDecl<"Team">;
export type PanelDecl = LabelledDecl<"Panel">;
export type EventDecl = LabelledDecl<"Event">;
export type DocumentDecl = LabelledDecl<"Document">;

export interface HolidayDecl {
  kind: "Holiday";
  date: DateLiteral;
  label?: StringLiteral;
  span: Span;
}

export interface TypeDecl {
  kind: "TypeDecl";
  name: Name;
  definition: EnumType | RecordType;
  span: Span;
}

export interface EnumType {
  kind: "EnumType";
  values: Name[];
  span: Span;
}

export interface RecordType {
  kind: "RecordType";
  fields: FieldDecl[];
  span: Span;
}

export interface FieldDecl {
  kind: "Field";
  name: Name;
  type: TypeRef;
  description?: StringLiteral;
  span: Span;
}

export type PrimitiveTypeName = "yes/no" | "number" | "date" | "duration" | "team";

export type TypeRef =
  | { kind: "PrimitiveType"; name: PrimitiveTypeName; span: Span }
  | EnumType
  | { kind: "NamedType"; name: Name; span: Span }
  | { kind: "ListType"; element: Name; span: Span };

export interface FactDecl {
  kind: "Fact";
  name: Name;
  type: TypeRef;
  description?: StringLiteral;
  span: Span;
}

export interface LetDecl {
  kind: "Let";
  name: Name;
  value: Expr;
  span: Span;
}

// ---- rules ----

export interface RuleDecl {
  kind: "Rule";
  name: StringLiteral;
  /** The clauses in the order written (the checker reports clauses out of the spec's order). */
  clauses: RuleClause[];
  span: Span;
}

export type RuleClause =
  | { kind: "Source"; text: StringLiteral; span: Span }
  | { kind: "ExceptionTo"; rules: StringLiteral[]; span: Span }
  | { kind: "When"; condition: Expr; span: Span }
  | { kind: "Unless"; condition: Expr; span: Span }
  | Action
  | { kind: "Request"; timing: Timing; span: Span }
  | { kind: "Requires"; documents: Name[]; span: Span }
  | { kind: "Because"; text: StringLiteral; span: Span };

export type Action = TransferAction | RemainAction | ReferAction;

export interface TransferAction {
  kind: "Transfer";
  /** Empty when the rule has no `from`: it then applies whichever team holds the case. */
  from: Name[];
  target: Name;
  timing: Timing;
  jointWork?: JointWork;
  span: Span;
}

export interface RemainAction {
  kind: "Remain";
  team?: Name;
  span: Span;
}

export interface ReferAction {
  kind: "Refer";
  panel: Name;
  span: Span;
}

/**
 * When responsibility moves (or a request is due). An `anchor` is an event name or a date
 * expression; which one it is is decided by name resolution, since both are written as a name.
 */
export type Timing =
  | { kind: "Immediately"; span: Span }
  | { kind: "AtEvent"; event: Name; span: Span }
  | { kind: "OnDate"; date: Expr; span: Span }
  | { kind: "Within"; duration: Expr; anchor: Expr; span: Span }
  | { kind: "After"; duration: Expr; anchor: Expr; span: Span }
  | { kind: "Before"; duration: Expr; anchor: Expr; span: Span };

export type JointWork =
  | { kind: "JointFrom"; anchor: Expr; span: Span }
  | { kind: "JointBefore"; duration: Expr; anchor: Expr; span: Span };

// ---- expressions ----

export type CompareOperator = "<" | "<=" | ">" | ">=";

export type Expr =
  | Name
  | NumberLiteral
  | DateLiteral
  | DurationLiteral
  | BooleanLiteral
  | { kind: "Paren"; inner: Expr; span: Span }
  | { kind: "Logical"; operator: "and" | "or"; operands: Expr[]; span: Span }
  | { kind: "Not"; operand: Expr; span: Span }
  | { kind: "Compare"; operator: CompareOperator; left: Expr; right: Expr; span: Span }
  | { kind: "Is"; negated: boolean; subject: Expr; value: Expr; span: Span }
  | { kind: "IsOneOf"; negated: boolean; subject: Expr; values: Expr[]; span: Span }
  | { kind: "Postfix"; operator: "held" | "scheduled" | "complete"; subject: Expr; span: Span }
  | { kind: "Arithmetic"; first: Expr; rest: ArithmeticStep[]; span: Span }
  | { kind: "Today"; span: Span }
  | { kind: "TimeSince"; operand: Expr; span: Span }
  | { kind: "DateOf"; event: Name; span: Span }
  | { kind: "CurrentTeam"; span: Span }
  | { kind: "Aggregate"; aggregate: "count" | "any" | "all"; list: Name; where?: Expr; span: Span }
  /** Stands in for an expression the parser could not read; its error has already been reported. */
  | { kind: "Missing"; span: Span };

export interface ArithmeticStep {
  operator: "+" | "-";
  operand: Expr;
}

export type ExprKind = Expr["kind"];
export type ExprOf<K extends ExprKind> = Extract<Expr, { kind: K }>;

// ---- tests ----

export interface TestDecl {
  kind: "Test";
  name: StringLiteral;
  lines: TestLine[];
  span: Span;
}

export type TestLine =
  | { kind: "TestToday"; date: DateLiteral; span: Span }
  | { kind: "TestTeam"; team: Name; span: Span }
  | { kind: "Given"; items: GivenItem[]; span: Span }
  | { kind: "Expect"; expectation: Expectation; span: Span };

export type GivenItem =
  | { kind: "GivenFact"; fact: Name; value: Value; span: Span }
  | { kind: "GivenEvent"; event: Name; state: "held" | "scheduled"; date: DateLiteral; span: Span }
  | { kind: "GivenDocument"; document: Name; span: Span };

export type Value =
  | BooleanLiteral
  | NumberLiteral
  | DurationLiteral
  | DateLiteral
  | Name
  | { kind: "ListValue"; items: RecordValue[]; span: Span };

export interface RecordValue {
  kind: "RecordValue";
  fields: { name: Name; value: Value; span: Span }[];
  span: Span;
}

export type Expectation =
  | { kind: "ExpectTransfer"; team: Name; due?: DateLiteral; requestBy?: DateLiteral; span: Span }
  | { kind: "ExpectRemain"; team?: Name; span: Span }
  | { kind: "ExpectRefer"; panel: Name; span: Span }
  | { kind: "ExpectNoRule"; span: Span }
  | { kind: "ExpectConflict"; span: Span }
  | { kind: "ExpectNeeds"; facts: Name[]; span: Span }
  | { kind: "ExpectMissing"; documents: Name[]; span: Span }
  | { kind: "ExpectRule"; rule: StringLiteral; span: Span };

// ---- helpers ----

/** The parts of a rule by role; when a clause is written twice, the first is used (the second is an error). */
export interface RuleParts {
  source?: StringLiteral;
  exceptionTo: StringLiteral[];
  when?: Expr;
  unless?: Expr;
  action?: Action;
  request?: Timing;
  requires: Name[];
  because?: StringLiteral;
}

export function ruleParts(rule: RuleDecl): RuleParts {
  const parts: RuleParts = { exceptionTo: [], requires: [] };
  for (const clause of rule.clauses) {
    switch (clause.kind) {
      case "Source":
        parts.source ??= clause.text;
        break;
      case "ExceptionTo":
        for (const name of clause.rules) parts.exceptionTo.push(name);
        break;
      case "When":
        parts.when ??= clause.condition;
        break;
      case "Unless":
        parts.unless ??= clause.condition;
        break;
      case "Transfer":
      case "Remain":
      case "Refer":
        parts.action ??= clause;
        break;
      case "Request":
        parts.request ??= clause.timing;
        break;
      case "Requires":
        for (const document of clause.documents) parts.requires.push(document);
        break;
      case "Because":
        parts.because ??= clause.text;
        break;
      default:
        assertNever(clause);
    }
  }
  return parts;
}

export function assertNever(value: never): never {
  throw new Error(`Unexpected AST node: ${JSON.stringify(value)}`);
}
