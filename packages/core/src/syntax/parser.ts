// The grammar of Baton (spec sections 2 to 7) as one Chevrotain parser, built once and reused.
// It produces a concrete syntax tree; `to-ast.ts` turns that into the AST everything else uses.
import { CstParser, type CstNode, type IParserErrorMessageProvider, type IToken, type TokenType } from "chevrotain";
import * as t from "./tokens.js";

/**
 * Chevrotain's messages are replaced by a small JSON record of what was expected; `syntax-errors.ts`
 * turns that record, with the tokens around the error, into words a policy officer can act on.
 */
export interface RawSyntaxError {
  kind: "mismatch" | "no-alternative" | "early-exit" | "leftover";
  expected: string[];
  rule: string;
}

const names = (types: TokenType[]) => types.map((type) => type.name);
const structuredMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected, ruleName }) =>
    JSON.stringify({ kind: "mismatch", expected: [expected.name], rule: ruleName } satisfies RawSyntaxError),
  buildNotAllInputParsedMessage: ({ ruleName }) =>
    JSON.stringify({ kind: "leftover", expected: [], rule: ruleName } satisfies RawSyntaxError),
  buildNoViableAltMessage: ({ expectedPathsPerAlt, ruleName }) =>
    JSON.stringify({
      kind: "no-alternative",
      expected: [...new Set(expectedPathsPerAlt.flatMap((paths) => paths.map((path) => path[0]?.name ?? "")))],
      rule: ruleName,
    } satisfies RawSyntaxError),
  buildEarlyExitMessage: ({ expectedIterationPaths, ruleName }) =>
    JSON.stringify({
      kind: "early-exit",
      expected: [...new Set(names(expectedIterationPaths.map((path) => path[0]!).filter(Boolean)))],
      rule: ruleName,
    } satisfies RawSyntaxError),
};

const durationUnitTokens = [t.Working, t.Day, t.Days, t.Week, t.Weeks, t.Month, t.Months, t.Year, t.Years];

class BatonParser extends CstParser {
  constructor() {
    super(t.allTokens, {
      recoveryEnabled: true,
      maxLookahead: 3,
      nodeLocationTracking: "onlyOffset",
      errorMessageProvider: structuredMessages,
    });
    this.performSelfAnalysis();
  }

  public file = this.RULE("file", () => {
    this.MANY(() => this.SUBRULE(this.declaration));
  });

  public declaration = this.RULE("declaration", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.header) },
      { ALT: () => this.SUBRULE(this.teamDecl) },
      { ALT: () => this.SUBRULE(this.panelDecl) },
      { ALT: () => this.SUBRULE(this.holidayDecl) },
      { ALT: () => this.SUBRULE(this.typeDecl) },
      { ALT: () => this.SUBRULE(this.factDecl) },
      { ALT: () => this.SUBRULE(this.letDecl) },
      { ALT: () => this.SUBRULE(this.eventDecl) },
      { ALT: () => this.SUBRULE(this.documentDecl) },
      { ALT: () => this.SUBRULE(this.ruleDecl) },
      { ALT: () => this.SUBRULE(this.testDecl) },
    ]);
  });

  // ---- header ----

  public header = this.RULE("header", () => {
    this.CONSUME(t.Protocol);
    this.CONSUME(t.Identifier, { LABEL: "name" });
    this.OPTION(() => this.CONSUME(t.StringLiteral, { LABEL: "title" }));
    this.MANY(() => this.SUBRULE(this.headerClause));
  });

  public headerClause = this.RULE("headerClause", () => {
    this.OR([
      { ALT: () => { this.CONSUME(t.Version); this.CONSUME(t.StringLiteral, { LABEL: "version" }); } },
      { ALT: () => { this.CONSUME(t.Effective); this.CONSUME(t.DateLiteral, { LABEL: "effective" }); } },
      { ALT: () => { this.CONSUME(t.Calendar); this.CONSUME(t.CalendarName, { LABEL: "calendar" }); } },
      { ALT: () => { this.CONSUME(t.Notice); this.SUBRULE(this.additive, { LABEL: "notice" }); } },
      { ALT: () => this.SUBRULE(this.otherwiseClause) },
      { ALT: () => this.SUBRULE(this.sourceClause) },
    ]);
  });

  public otherwiseClause = this.RULE("otherwiseClause", () => {
    this.CONSUME(t.Otherwise);
    this.OR([
      { ALT: () => this.CONSUME(t.Remain) },
      { ALT: () => { this.CONSUME(t.Refer); this.CONSUME(t.To); this.CONSUME(t.Identifier, { LABEL: "panel" }); } },
    ]);
  });

  // ---- simple declarations ----

  public teamDecl = this.RULE("teamDecl", () => {
    this.CONSUME(t.Team);
    this.CONSUME(t.Identifier, { LABEL: "name" });
    this.OPTION(() => this.CONSUME(t.StringLiteral, { LABEL: "label" }));
  });

  public panelDecl = this.RULE("panelDecl", () => {
    this.CONSUME(t.Panel);
    this.CONSUME(t.Identifier, { LABEL: "name" });
    this.OPTION(() => this.CONSUME(t.StringLiteral, { LABEL: "label" }));
  });

  public eventDecl = this.RULE("eventDecl", () => {
    this.CONSUME(t.Event);
    this.CONSUME(t.Identifier, { LABEL: "name" });
    this.OPTION(() => this.CONSUME(t.StringLiteral, { LABEL: "label" }));
  });

  public documentDecl = this.RULE("documentDecl", () => {
    this.CONSUME(t.Document);
    this.CONSUME(t.Identifier, { LABEL: "name" });
    this.OPTION(() => this.CONSUME(t.StringLiteral, { LABEL: "label" }));
  });

  public holidayDecl = this.RULE("holidayDecl", () => {
    this.CONSUME(t.Holiday);
    this.CONSUME(t.DateLiteral, { LABEL: "date" });
    this.OPTION(() => this.CONSUME(t.StringLiteral, { LABEL: "label" }));
  });

  public typeDecl = this.RULE("typeDecl", () => {
    this.CONSUME(t.Type);
    this.CONSUME(t.Identifier, { LABEL: "name" });
    this.CONSUME(t.Colon);
    this.OR([
      { ALT: () => this.SUBRULE(this.enumValues) },
      {
        ALT: () => {
          this.CONSUME(t.Record);
          this.MANY(() => this.SUBRULE(this.fieldDecl));
        },
      },
    ]);
  });

  public enumValues = this.RULE("enumValues", () => {
    this.CONSUME(t.One);
    this.CONSUME(t.Of);
    this.AT_LEAST_ONE_SEP({ SEP: t.Comma, DEF: () => this.CONSUME(t.Identifier, { LABEL: "value" }) });
  });

  public fieldDecl = this.RULE("fieldDecl", () => {
    this.CONSUME(t.Identifier, { LABEL: "name" });
    this.CONSUME(t.Colon);
    this.SUBRULE(this.typeRef);
    this.OPTION(() => this.CONSUME(t.StringLiteral, { LABEL: "description" }));
  });

  public factDecl = this.RULE("factDecl", () => {
    this.CONSUME(t.Fact);
    this.CONSUME(t.Identifier, { LABEL: "name" });
    this.CONSUME(t.Colon);
    this.SUBRULE(this.typeRef);
    this.OPTION(() => this.CONSUME(t.StringLiteral, { LABEL: "description" }));
  });

  public typeRef = this.RULE("typeRef", () => {
    this.OR([
      { ALT: () => this.CONSUME(t.YesNoType, { LABEL: "primitive" }) },
      { ALT: () => this.CONSUME(t.NumberKw, { LABEL: "primitive" }) },
      { ALT: () => this.CONSUME(t.DateKw, { LABEL: "primitive" }) },
      { ALT: () => this.CONSUME(t.DurationKw, { LABEL: "primitive" }) },
      { ALT: () => this.CONSUME(t.Team, { LABEL: "primitive" }) },
      { ALT: () => this.SUBRULE(this.enumValues) },
      { ALT: () => { this.CONSUME(t.List); this.CONSUME(t.Of); this.CONSUME(t.Identifier, { LABEL: "element" }); } },
      { ALT: () => this.CONSUME2(t.Identifier, { LABEL: "named" }) },
    ]);
  });

  public letDecl = this.RULE("letDecl", () => {
    this.CONSUME(t.Let);
    this.CONSUME(t.Identifier, { LABEL: "name" });
    this.CONSUME(t.Equals);
    this.SUBRULE(this.condition, { LABEL: "value" });
  });

  // ---- rules ----

  public ruleDecl = this.RULE("ruleDecl", () => {
    this.CONSUME(t.Rule);
    this.CONSUME(t.StringLiteral, { LABEL: "name" });
    this.MANY(() => this.SUBRULE(this.ruleClause));
  });

  public ruleClause = this.RULE("ruleClause", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.sourceClause) },
      { ALT: () => this.SUBRULE(this.exceptionClause) },
      { ALT: () => { this.CONSUME(t.When); this.SUBRULE(this.condition, { LABEL: "when" }); } },
      { ALT: () => { this.CONSUME(t.Unless); this.SUBRULE2(this.condition, { LABEL: "unless" }); } },
      { ALT: () => this.SUBRULE(this.transferAction) },
      { ALT: () => this.SUBRULE(this.remainAction) },
      { ALT: () => this.SUBRULE(this.referAction) },
      { ALT: () => { this.CONSUME(t.Request); this.SUBRULE(this.timing, { LABEL: "request" }); } },
      {
        ALT: () => {
          this.CONSUME(t.Requires);
          this.AT_LEAST_ONE_SEP({ SEP: t.Comma, DEF: () => this.CONSUME(t.Identifier, { LABEL: "document" }) });
        },
      },
      { ALT: () => { this.CONSUME(t.Because); this.CONSUME(t.StringLiteral, { LABEL: "because" }); } },
    ]);
  });

  public sourceClause = this.RULE("sourceClause", () => {
    this.CONSUME(t.Source);
    this.CONSUME(t.StringLiteral, { LABEL: "text" });
  });

  public exceptionClause = this.RULE("exceptionClause", () => {
    this.CONSUME(t.Exception);
    this.CONSUME(t.To);
    this.AT_LEAST_ONE_SEP({ SEP: t.Comma, DEF: () => this.CONSUME(t.StringLiteral, { LABEL: "rule" }) });
  });

  public transferAction = this.RULE("transferAction", () => {
    this.CONSUME(t.Transfer);
    this.OPTION(() => {
      this.CONSUME(t.From);
      this.AT_LEAST_ONE_SEP({ SEP: t.Comma, DEF: () => this.CONSUME(t.Identifier, { LABEL: "from" }) });
    });
    this.CONSUME(t.To);
    this.CONSUME2(t.Identifier, { LABEL: "target" });
    this.SUBRULE(this.timing);
    this.OPTION2(() => this.SUBRULE(this.jointWork));
  });

  public jointWork = this.RULE("jointWork", () => {
    this.CONSUME(t.Joint);
    this.CONSUME(t.Work);
    this.OR([
      { ALT: () => { this.CONSUME(t.From); this.SUBRULE(this.additive, { LABEL: "anchor" }); } },
      {
        ALT: () => {
          this.SUBRULE2(this.additive, { LABEL: "duration" });
          this.CONSUME(t.Before);
          this.SUBRULE3(this.additive, { LABEL: "anchor" });
        },
      },
    ]);
  });

  public remainAction = this.RULE("remainAction", () => {
    this.CONSUME(t.Remain);
    this.OPTION(() => {
      this.CONSUME(t.With);
      this.CONSUME(t.Identifier, { LABEL: "team" });
    });
  });

  public referAction = this.RULE("referAction", () => {
    this.CONSUME(t.Refer);
    this.CONSUME(t.To);
    this.CONSUME(t.Identifier, { LABEL: "panel" });
  });

  public timing = this.RULE("timing", () => {
    this.OR([
      { ALT: () => this.CONSUME(t.Immediately) },
      { ALT: () => { this.CONSUME(t.At); this.CONSUME(t.Identifier, { LABEL: "event" }); } },
      { ALT: () => { this.CONSUME(t.On); this.SUBRULE(this.additive, { LABEL: "date" }); } },
      {
        ALT: () => {
          this.CONSUME(t.Within);
          this.SUBRULE2(this.additive, { LABEL: "duration" });
          this.CONSUME(t.Of);
          this.SUBRULE3(this.additive, { LABEL: "anchor" });
        },
      },
      {
        ALT: () => {
          this.SUBRULE4(this.additive, { LABEL: "duration" });
          this.OR2([
            { ALT: () => this.CONSUME(t.After, { LABEL: "direction" }) },
            { ALT: () => this.CONSUME(t.Before, { LABEL: "direction" }) },
          ]);
          this.SUBRULE5(this.additive, { LABEL: "anchor" });
        },
      },
    ]);
  });

  // ---- expressions (loosest first: or/and, not, comparison, + -, primary) ----

  /** `and` and `or` are read as one chain; `to-ast.ts` applies precedence and reports mixing. */
  public condition = this.RULE("condition", () => {
    this.SUBRULE(this.negation, { LABEL: "operand" });
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(t.And, { LABEL: "operator" }) },
        { ALT: () => this.CONSUME(t.Or, { LABEL: "operator" }) },
      ]);
      this.SUBRULE2(this.negation, { LABEL: "operand" });
    });
  });

  /** A run of `not`s is read in a loop, not by recursion, so a long run cannot exhaust the stack. */
  public negation = this.RULE("negation", () => {
    this.MANY(() => this.CONSUME(t.Not, { LABEL: "not" }));
    this.SUBRULE(this.comparison);
  });

  public comparison = this.RULE("comparison", () => {
    this.SUBRULE(this.additive, { LABEL: "left" });
    this.OPTION(() => {
      this.OR([
        {
          ALT: () => {
            this.OR2([
              { ALT: () => this.CONSUME(t.Less, { LABEL: "compare" }) },
              { ALT: () => this.CONSUME(t.LessEqual, { LABEL: "compare" }) },
              { ALT: () => this.CONSUME(t.Greater, { LABEL: "compare" }) },
              { ALT: () => this.CONSUME(t.GreaterEqual, { LABEL: "compare" }) },
            ]);
            this.SUBRULE2(this.additive, { LABEL: "right" });
          },
        },
        {
          ALT: () => {
            this.CONSUME(t.Is);
            this.OPTION2(() => this.CONSUME(t.Not, { LABEL: "negated" }));
            this.OR3([
              {
                ALT: () => {
                  this.CONSUME(t.One);
                  this.CONSUME(t.Of);
                  this.AT_LEAST_ONE_SEP({ SEP: t.Comma, DEF: () => this.SUBRULE3(this.additive, { LABEL: "member" }) });
                },
              },
              { ALT: () => this.SUBRULE4(this.additive, { LABEL: "right" }) },
            ]);
          },
        },
        { ALT: () => this.CONSUME(t.Held, { LABEL: "postfix" }) },
        { ALT: () => this.CONSUME(t.Scheduled, { LABEL: "postfix" }) },
        { ALT: () => this.CONSUME(t.Complete, { LABEL: "postfix" }) },
      ]);
    });
  });

  public additive = this.RULE("additive", () => {
    this.SUBRULE(this.primary, { LABEL: "operand" });
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(t.Plus, { LABEL: "operator" }) },
        { ALT: () => this.CONSUME(t.Minus, { LABEL: "operator" }) },
      ]);
      this.SUBRULE2(this.primary, { LABEL: "operand" });
    });
  });

  public primary = this.RULE("primary", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(t.LParen);
          this.SUBRULE(this.condition, { LABEL: "inner" });
          this.CONSUME(t.RParen);
        },
      },
      { ALT: () => this.SUBRULE(this.numberOrDuration) },
      { ALT: () => this.CONSUME(t.DateLiteral, { LABEL: "date" }) },
      { ALT: () => this.CONSUME(t.Yes, { LABEL: "boolean" }) },
      { ALT: () => this.CONSUME(t.No, { LABEL: "boolean" }) },
      { ALT: () => this.CONSUME(t.Today) },
      {
        ALT: () => {
          this.CONSUME(t.Time);
          this.CONSUME(t.Since);
          this.SUBRULE(this.additive, { LABEL: "since" });
        },
      },
      {
        ALT: () => {
          this.CONSUME(t.DateKw);
          this.CONSUME(t.Of);
          this.CONSUME(t.Identifier, { LABEL: "dateOf" });
        },
      },
      { ALT: () => { this.CONSUME(t.Current); this.CONSUME(t.Team); } },
      {
        ALT: () => {
          this.OR2([
            { ALT: () => this.CONSUME(t.Count, { LABEL: "aggregate" }) },
            { ALT: () => this.CONSUME(t.Any, { LABEL: "aggregate" }) },
            { ALT: () => this.CONSUME(t.All, { LABEL: "aggregate" }) },
          ]);
          this.CONSUME2(t.Identifier, { LABEL: "list" });
          this.OPTION(() => {
            this.CONSUME(t.Where);
            this.SUBRULE2(this.condition, { LABEL: "where" });
          });
        },
      },
      { ALT: () => this.CONSUME3(t.Identifier, { LABEL: "name" }) },
    ]);
  });

  /** `12`, `12.5`, or a duration: `3 working days`, `15 years 9 months`. */
  public numberOrDuration = this.RULE("numberOrDuration", () => {
    this.CONSUME(t.NumberLiteral, { LABEL: "amount" });
    this.OPTION(() => {
      this.SUBRULE(this.durationUnit, { LABEL: "unit" });
      this.MANY(() => {
        this.CONSUME2(t.NumberLiteral, { LABEL: "amount" });
        this.SUBRULE2(this.durationUnit, { LABEL: "unit" });
      });
    });
  });

  public durationUnit = this.RULE("durationUnit", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(t.Working);
          this.OR2([{ ALT: () => this.CONSUME(t.Day) }, { ALT: () => this.CONSUME(t.Days) }]);
        },
      },
      { ALT: () => this.CONSUME2(t.Day) },
      { ALT: () => this.CONSUME2(t.Days) },
      { ALT: () => this.CONSUME(t.Week) },
      { ALT: () => this.CONSUME(t.Weeks) },
      { ALT: () => this.CONSUME(t.Month) },
      { ALT: () => this.CONSUME(t.Months) },
      { ALT: () => this.CONSUME(t.Year) },
      { ALT: () => this.CONSUME(t.Years) },
    ]);
  });

  // ---- tests ----

  public testDecl = this.RULE("testDecl", () => {
    this.CONSUME(t.Test);
    this.CONSUME(t.StringLiteral, { LABEL: "name" });
    this.MANY({
      // `team X "Label"` after a test is a team declaration, not the test's `team X` line.
      GATE: () => !(this.LA(1).tokenType === t.Team && this.LA(3).tokenType === t.StringLiteral),
      DEF: () => this.SUBRULE(this.testLine),
    });
  });

  public testLine = this.RULE("testLine", () => {
    this.OR([
      { ALT: () => { this.CONSUME(t.Today); this.CONSUME(t.DateLiteral, { LABEL: "today" }); } },
      { ALT: () => { this.CONSUME(t.Team); this.CONSUME(t.Identifier, { LABEL: "team" }); } },
      {
        ALT: () => {
          this.CONSUME(t.Given);
          this.AT_LEAST_ONE_SEP({ SEP: t.Comma, DEF: () => this.SUBRULE(this.givenItem) });
        },
      },
      { ALT: () => { this.CONSUME(t.Expect); this.SUBRULE(this.expectation); } },
    ]);
  });

  public givenItem = this.RULE("givenItem", () => {
    this.CONSUME(t.Identifier, { LABEL: "name" });
    this.OR([
      { ALT: () => { this.CONSUME(t.Equals); this.SUBRULE(this.value); } },
      {
        ALT: () => {
          this.OR2([
            { ALT: () => this.CONSUME(t.Held, { LABEL: "state" }) },
            { ALT: () => this.CONSUME(t.Scheduled, { LABEL: "state" }) },
          ]);
          this.CONSUME(t.On);
          this.CONSUME(t.DateLiteral, { LABEL: "date" });
        },
      },
      { ALT: () => this.CONSUME(t.Complete) },
    ]);
  });

  public value = this.RULE("value", () => {
    this.OR([
      { ALT: () => this.CONSUME(t.Yes, { LABEL: "boolean" }) },
      { ALT: () => this.CONSUME(t.No, { LABEL: "boolean" }) },
      { ALT: () => this.SUBRULE(this.numberOrDuration) },
      { ALT: () => this.CONSUME(t.DateLiteral, { LABEL: "date" }) },
      { ALT: () => this.CONSUME(t.Identifier, { LABEL: "name" }) },
      {
        ALT: () => {
          this.CONSUME(t.LBracket);
          this.MANY_SEP({ SEP: t.Comma, DEF: () => this.SUBRULE(this.recordValue) });
          this.CONSUME(t.RBracket);
        },
      },
    ]);
  });

  public recordValue = this.RULE("recordValue", () => {
    this.CONSUME(t.LBrace);
    this.MANY_SEP({
      SEP: t.Comma,
      DEF: () => {
        this.CONSUME(t.Identifier, { LABEL: "field" });
        this.CONSUME(t.Equals);
        this.SUBRULE(this.value);
      },
    });
    this.CONSUME(t.RBrace);
  });

  public expectation = this.RULE("expectation", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(t.Transfer);
          this.CONSUME(t.To);
          this.CONSUME(t.Identifier, { LABEL: "team" });
          this.OPTION(() => { this.CONSUME(t.On); this.CONSUME(t.DateLiteral, { LABEL: "due" }); });
          this.OPTION2(() => {
            this.CONSUME(t.Request);
            this.CONSUME(t.By);
            this.CONSUME2(t.DateLiteral, { LABEL: "requestBy" });
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME(t.Remain);
          this.OPTION3(() => { this.CONSUME(t.With); this.CONSUME2(t.Identifier, { LABEL: "team" }); });
        },
      },
      { ALT: () => { this.CONSUME(t.Refer); this.CONSUME2(t.To); this.CONSUME3(t.Identifier, { LABEL: "panel" }); } },
      { ALT: () => { this.CONSUME(t.No); this.CONSUME(t.Rule); } },
      { ALT: () => this.CONSUME(t.Conflict) },
      {
        ALT: () => {
          this.CONSUME(t.Needs);
          this.AT_LEAST_ONE_SEP({ SEP: t.Comma, DEF: () => this.CONSUME4(t.Identifier, { LABEL: "fact" }) });
        },
      },
      {
        ALT: () => {
          this.CONSUME(t.Missing);
          this.AT_LEAST_ONE_SEP2({ SEP: t.Comma, DEF: () => this.CONSUME5(t.Identifier, { LABEL: "document" }) });
        },
      },
      { ALT: () => { this.CONSUME2(t.Rule); this.CONSUME(t.StringLiteral, { LABEL: "rule" }); } },
    ]);
  });
}

/** The single parser instance; Chevrotain parsers are built once and fed new input each time. */
export const batonParser = new BatonParser();

export interface CstParseResult {
  cst: CstNode;
  errors: { raw: RawSyntaxError; token: IToken; previous: IToken | undefined; resynced: IToken[] }[];
}

export function parseTokens(tokens: IToken[]): CstParseResult {
  batonParser.input = tokens;
  const cst = batonParser.file();
  const errors = batonParser.errors.map((error) => {
    let raw: RawSyntaxError;
    try {
      raw = JSON.parse(error.message) as RawSyntaxError;
    } catch {
      raw = { kind: "mismatch", expected: [], rule: "" };
    }
    const previous = (error as unknown as { previousToken?: IToken }).previousToken;
    return { raw, token: error.token, previous, resynced: error.resyncedTokens };
  });
  return { cst, errors };
}

export const durationUnits: readonly TokenType[] = durationUnitTokens;
