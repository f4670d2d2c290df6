// The grammar of Baton (spec sections 2 to 7) as one Chevrotain parser, built once and reused.
// Its actions build the AST directly, with no concrete syntax tree in between: on large files
// that halves the work. Parts lost to a syntax error are left out of the AST (their error is
// already reported), so every AST node is complete.
import { EmbeddedActionsParser, type AtLeastOneSepMethodOpts, type IOrAlt, type IParserErrorMessageProvider, type IToken, type TokenType } from "chevrotain";
import type { Diagnostic } from "../diagnostics.js";
import type * as A from "./ast.js";
import { Literals, tokenEnd, tokenSpan } from "./literals.js";
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
      expected: [...new Set(expectedIterationPaths.map((path) => path[0]?.name ?? ""))],
      rule: ruleName,
    } satisfies RawSyntaxError),
};

/** A token that is really there: recovery may insert placeholder tokens with no text. */
function present(token: IToken | undefined): token is IToken {
  return token !== undefined && token.isInsertedInRecovery !== true && !Number.isNaN(token.startOffset);
}

function join(first: A.Span, last: A.Span): A.Span {
  return { start: first.start, end: Math.max(first.end, last.end) };
}

const missingExpr = (span: A.Span): A.Expr => ({ kind: "Missing", span });

/** One `+` or `-` and what follows it, as read. */
interface ArithmeticRead {
  operator: IToken;
  operand: A.Expr | undefined;
}

class BatonParser extends EmbeddedActionsParser {
  /** Set for each parse: where literals and their problems go. */
  private literals = new Literals("", []);
  /**
   * How to build the declaration being read from what has been read so far. When a syntax error
   * abandons it, recovery keeps that part (a rule with its first clauses, say), as a concrete
   * syntax tree would, so its names still resolve and the editor still sees it.
   */
  private partial: (() => A.Declaration | undefined) | undefined;

  constructor() {
    super(t.allTokens, {
      recoveryEnabled: true,
      maxLookahead: 3,
      errorMessageProvider: structuredMessages,
    });
    this.performSelfAnalysis();
  }

  prepare(text: string, diagnostics: Diagnostic[]): void {
    this.literals = new Literals(text, diagnostics);
    this.partial = undefined;
    this.declarations = [];
  }

  private takePartial(): A.Declaration | undefined {
    const build = this.partial;
    this.partial = undefined;
    return build?.();
  }

  /** The start of whatever comes next. */
  private begin(): number {
    return this.LA(1).startOffset;
  }

  /** From `start` to the end of the last token consumed. */
  private spanFrom(start: number): A.Span {
    const last = this.LA(0);
    const end = present(last) ? tokenEnd(last) : start;
    return { start, end: Math.max(start, end) };
  }

  private name(token: IToken): A.Name | undefined {
    return present(token) ? this.literals.name(token) : undefined;
  }

  private string(token: IToken): A.StringLiteral | undefined {
    return present(token) ? this.literals.string(token) : undefined;
  }

  private date(token: IToken): A.DateLiteral | undefined {
    return present(token) ? this.literals.date(token) : undefined;
  }

  /** How many syntax errors so far, without copying them all as Chevrotain's `errors` does on every read. */
  private errorCount(): number {
    const recorded = (this as unknown as { _errors?: unknown[] })._errors;
    return recorded !== undefined ? recorded.length : this.errors.length;
  }

  /** The declarations read so far, kept so that recovery at the end of the file does not lose them. */
  private declarations: A.Declaration[] = [];

  public file = this.RULE(
    "file",
    (): A.Declaration[] => {
      const declarations: A.Declaration[] = [];
      this.ACTION(() => {
        this.declarations = declarations;
      });
      this.MANY({
        // Text that is not a protocol at all (a megabyte of junk) gives a syntax error every few
        // words, and recovering from each takes time; only the first hundred are reported, so past
        // MAX_PARSER_ERRORS the rest of the file is left unread.
        GATE: () => this.errorCount() < MAX_PARSER_ERRORS,
        DEF: () => {
          const declaration = this.SUBRULE(this.declaration);
          if (declaration !== undefined) declarations.push(declaration);
        },
      });
      return declarations;
    },
    {
      // A declaration cut short by the end of the file cannot recover inside itself; without this the
      // whole file's declarations would be lost with it (and the editor would go blank while typing).
      recoveryValueFunc: () => {
        const last = this.takePartial();
        return last === undefined ? this.declarations : [...this.declarations, last];
      },
    },
  );

  public declaration = this.RULE(
    "declaration",
    (): A.Declaration | undefined => {
      this.ACTION(() => {
        this.partial = undefined;
      });
      return this.OR<A.Declaration | undefined>(this.declarationAlternatives);
    },
    { recoveryValueFunc: () => this.takePartial() },
  );

  /**
   * The alternatives of a rule called often are made once, not on every call (Chevrotain's advice:
   * a large file has hundreds of thousands of calls, and the garbage collector's work was a third
   * of parsing), so they use nothing of the call they are in. Those that need where the rule
   * started find it themselves: nothing is read before they run. For the same reason these rules
   * build their nodes unless Chevrotain is only recording the grammar (`RECORDING_PHASE`), which is
   * what `ACTION` does, rather than making a function for `ACTION` on every call.
   */
  private readonly declarationAlternatives: IOrAlt<A.Declaration | undefined>[] = [
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
  ];

  // ---- header ----

  public header = this.RULE("header", (): A.Header | undefined => {
    const start = this.begin();
    this.CONSUME(t.Protocol);
    const name = this.CONSUME(t.Identifier);
    let title: IToken | undefined;
    this.OPTION(() => {
      title = this.CONSUME(t.StringLiteral);
    });
    const clauses: (A.HeaderClause | undefined)[] = [];
    const build = (): A.Header | undefined => {
      const nameNode = this.name(name);
      if (nameNode === undefined) return undefined;
      const titleNode = title && this.string(title);
      return {
        kind: "Header",
        name: nameNode,
        ...(titleNode ? { title: titleNode } : {}),
        clauses: clauses.filter((clause): clause is A.HeaderClause => clause !== undefined),
        span: this.spanFrom(start),
      };
    };
    this.ACTION(() => {
      this.partial = build;
    });
    this.MANY(() => {
      clauses.push(this.SUBRULE(this.headerClause));
    });
    return this.ACTION(build);
  });

  public headerClause = this.RULE("headerClause", (): A.HeaderClause | undefined => {
    const start = this.begin();
    return this.OR<A.HeaderClause | undefined>([
      {
        ALT: () => {
          this.CONSUME(t.Version);
          const value = this.CONSUME(t.StringLiteral);
          return this.ACTION(() => {
            const node = this.string(value);
            return node && { kind: "Version", value: node, span: this.spanFrom(start) };
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME(t.Effective);
          const value = this.CONSUME(t.DateLiteral);
          return this.ACTION(() => {
            const node = this.date(value);
            return node && { kind: "Effective", date: node, span: this.spanFrom(start) };
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME(t.Calendar);
          const value = this.CONSUME(t.CalendarName);
          return this.ACTION(() =>
            present(value)
              ? { kind: "Calendar", calendar: { text: value.image, span: tokenSpan(value) }, span: this.spanFrom(start) }
              : undefined,
          );
        },
      },
      {
        ALT: () => {
          this.CONSUME(t.Notice);
          const duration = this.SUBRULE(this.additive);
          return this.ACTION(() => duration && { kind: "Notice", duration, span: this.spanFrom(start) });
        },
      },
      {
        ALT: () => {
          const outcome = this.SUBRULE(this.otherwiseClause);
          return this.ACTION(() => outcome && { kind: "Otherwise", outcome, span: this.spanFrom(start) });
        },
      },
      {
        ALT: () => {
          const text = this.SUBRULE(this.sourceClause);
          return this.ACTION(() => text && { kind: "Source", text, span: this.spanFrom(start) });
        },
      },
    ]);
  });

  public otherwiseClause = this.RULE("otherwiseClause", (): A.OtherwiseOutcome | undefined => {
    this.CONSUME(t.Otherwise);
    const start = this.begin();
    return this.OR<A.OtherwiseOutcome | undefined>([
      {
        ALT: () => {
          this.CONSUME(t.Remain);
          return this.ACTION(() => ({ kind: "Remain", span: this.spanFrom(start) }));
        },
      },
      {
        ALT: () => {
          this.CONSUME(t.Refer);
          this.CONSUME(t.To);
          const panel = this.CONSUME(t.Identifier);
          return this.ACTION(() => {
            const node = this.name(panel);
            return node && { kind: "Refer", panel: node, span: this.spanFrom(start) };
          });
        },
      },
    ]);
  });

  // ---- simple declarations ----

  private labelled<K extends "Team" | "Panel" | "Event" | "Document">(keyword: TokenType, kind: K): A.LabelledDecl<K> | undefined {
    const start = this.begin();
    this.CONSUME(keyword);
    const name = this.CONSUME(t.Identifier);
    let label: IToken | undefined;
    this.OPTION(() => {
      label = this.CONSUME(t.StringLiteral);
    });
    return this.ACTION(() => {
      const nameNode = this.name(name);
      if (nameNode === undefined) return undefined;
      const labelNode = label && this.string(label);
      return { kind, name: nameNode, ...(labelNode ? { label: labelNode } : {}), span: this.spanFrom(start) };
    });
  }

  public teamDecl = this.RULE("teamDecl", () => this.labelled(t.Team, "Team"));
  public panelDecl = this.RULE("panelDecl", () => this.labelled(t.Panel, "Panel"));
  public eventDecl = this.RULE("eventDecl", () => this.labelled(t.Event, "Event"));
  public documentDecl = this.RULE("documentDecl", () => this.labelled(t.Document, "Document"));

  public holidayDecl = this.RULE("holidayDecl", (): A.HolidayDecl | undefined => {
    const start = this.begin();
    this.CONSUME(t.Holiday);
    const date = this.CONSUME(t.DateLiteral);
    let label: IToken | undefined;
    this.OPTION(() => {
      label = this.CONSUME(t.StringLiteral);
    });
    return this.ACTION(() => {
      const dateNode = this.date(date);
      if (dateNode === undefined) return undefined;
      const labelNode = label && this.string(label);
      return { kind: "Holiday", date: dateNode, ...(labelNode ? { label: labelNode } : {}), span: this.spanFrom(start) };
    });
  });

  public typeDecl = this.RULE("typeDecl", (): A.TypeDecl | undefined => {
    const start = this.begin();
    this.CONSUME(t.Type);
    const name = this.CONSUME(t.Identifier);
    this.CONSUME(t.Colon);
    const definition = this.OR<A.EnumType | A.RecordType | undefined>([
      { ALT: () => this.SUBRULE(this.enumValues) },
      {
        ALT: () => {
          const recordStart = this.begin();
          this.CONSUME(t.Record);
          const fields: (A.FieldDecl | undefined)[] = [];
          this.MANY(() => {
            fields.push(this.SUBRULE(this.fieldDecl));
          });
          return this.ACTION(() => ({
            kind: "RecordType",
            fields: fields.filter((field): field is A.FieldDecl => field !== undefined),
            span: this.spanFrom(recordStart),
          }));
        },
      },
    ]);
    return this.ACTION(() => {
      const nameNode = this.name(name);
      if (nameNode === undefined || definition === undefined) return undefined;
      return { kind: "TypeDecl", name: nameNode, definition, span: this.spanFrom(start) };
    });
  });

  public enumValues = this.RULE("enumValues", (): A.EnumType | undefined => {
    const start = this.begin();
    this.CONSUME(t.One);
    this.CONSUME(t.Of);
    const values: IToken[] = [];
    this.AT_LEAST_ONE_SEP({
      SEP: t.Comma,
      DEF: () => {
        values.push(this.CONSUME(t.Identifier));
      },
    });
    return this.ACTION(() => ({
      kind: "EnumType",
      values: values.filter(present).map((value) => this.literals.name(value)),
      span: this.spanFrom(start),
    }));
  });

  public fieldDecl = this.RULE("fieldDecl", (): A.FieldDecl | undefined => {
    const start = this.begin();
    const name = this.CONSUME(t.Identifier);
    this.CONSUME(t.Colon);
    const type = this.SUBRULE(this.typeRef);
    let description: IToken | undefined;
    this.OPTION(() => {
      description = this.CONSUME(t.StringLiteral);
    });
    return this.ACTION(() => {
      const nameNode = this.name(name);
      if (nameNode === undefined || type === undefined) return undefined;
      const descriptionNode = description && this.string(description);
      return { kind: "Field", name: nameNode, type, ...(descriptionNode ? { description: descriptionNode } : {}), span: this.spanFrom(start) };
    });
  });

  public factDecl = this.RULE("factDecl", (): A.FactDecl | undefined => {
    const start = this.begin();
    this.CONSUME(t.Fact);
    const name = this.CONSUME(t.Identifier);
    this.CONSUME(t.Colon);
    const type = this.SUBRULE(this.typeRef);
    let description: IToken | undefined;
    this.OPTION(() => {
      description = this.CONSUME(t.StringLiteral);
    });
    return this.ACTION(() => {
      const nameNode = this.name(name);
      if (nameNode === undefined || type === undefined) return undefined;
      const descriptionNode = description && this.string(description);
      return { kind: "Fact", name: nameNode, type, ...(descriptionNode ? { description: descriptionNode } : {}), span: this.spanFrom(start) };
    });
  });

  public typeRef = this.RULE("typeRef", (): A.TypeRef | undefined => {
    const start = this.begin();
    const primitive = (token: TokenType, name: A.PrimitiveTypeName) => ({
      ALT: () => {
        this.CONSUME(token);
        return this.ACTION((): A.TypeRef => ({ kind: "PrimitiveType", name, span: this.spanFrom(start) }));
      },
    });
    return this.OR<A.TypeRef | undefined>([
      primitive(t.YesNoType, "yes/no"),
      primitive(t.NumberKw, "number"),
      primitive(t.DateKw, "date"),
      primitive(t.DurationKw, "duration"),
      primitive(t.Team, "team"),
      { ALT: () => this.SUBRULE(this.enumValues) },
      {
        ALT: () => {
          this.CONSUME(t.List);
          this.CONSUME(t.Of);
          const element = this.CONSUME(t.Identifier);
          return this.ACTION(() => {
            const node = this.name(element);
            return node && { kind: "ListType", element: node, span: this.spanFrom(start) };
          });
        },
      },
      {
        ALT: () => {
          const named = this.CONSUME2(t.Identifier);
          return this.ACTION(() => {
            const node = this.name(named);
            return node && { kind: "NamedType", name: node, span: this.spanFrom(start) };
          });
        },
      },
    ]);
  });

  public letDecl = this.RULE("letDecl", (): A.LetDecl | undefined => {
    const start = this.begin();
    this.CONSUME(t.Let);
    const name = this.CONSUME(t.Identifier);
    this.CONSUME(t.Equals);
    const value = this.SUBRULE(this.condition);
    return this.ACTION(() => {
      const nameNode = this.name(name);
      if (nameNode === undefined || value === undefined) return undefined;
      return { kind: "Let", name: nameNode, value, span: this.spanFrom(start) };
    });
  });

  // ---- rules ----

  public ruleDecl = this.RULE("ruleDecl", (): A.RuleDecl | undefined => {
    const start = this.begin();
    this.CONSUME(t.Rule);
    const name = this.CONSUME(t.StringLiteral);
    const clauses: (A.RuleClause | undefined)[] = [];
    const build = (): A.RuleDecl | undefined => {
      const nameNode = this.string(name);
      if (nameNode === undefined) return undefined;
      return {
        kind: "Rule",
        name: nameNode,
        clauses: clauses.filter((clause): clause is A.RuleClause => clause !== undefined),
        span: this.spanFrom(start),
      };
    };
    this.ACTION(() => {
      this.partial = build;
    });
    this.MANY(() => {
      clauses.push(this.SUBRULE(this.ruleClause));
    });
    return this.ACTION(build);
  });

  public ruleClause = this.RULE("ruleClause", (): A.RuleClause | undefined => this.OR<A.RuleClause | undefined>(this.ruleClauseAlternatives));

  private readonly ruleClauseAlternatives: IOrAlt<A.RuleClause | undefined>[] = [
    {
      ALT: () => {
        const start = this.begin();
        const text = this.SUBRULE(this.sourceClause);
        return this.RECORDING_PHASE ? undefined : text && { kind: "Source", text, span: this.spanFrom(start) };
      },
    },
    { ALT: () => this.SUBRULE(this.exceptionClause) },
    {
      ALT: () => {
        const start = this.begin();
        this.CONSUME(t.When);
        const condition = this.SUBRULE(this.condition);
        return this.RECORDING_PHASE ? undefined : condition && { kind: "When", condition, span: this.spanFrom(start) };
      },
    },
    {
      ALT: () => {
        const start = this.begin();
        this.CONSUME(t.Unless);
        const condition = this.SUBRULE2(this.condition);
        return this.RECORDING_PHASE ? undefined : condition && { kind: "Unless", condition, span: this.spanFrom(start) };
      },
    },
    { ALT: () => this.SUBRULE(this.transferAction) },
    { ALT: () => this.SUBRULE(this.remainAction) },
    { ALT: () => this.SUBRULE(this.referAction) },
    {
      ALT: () => {
        const start = this.begin();
        this.CONSUME(t.Request);
        const timing = this.SUBRULE(this.timing);
        return this.RECORDING_PHASE ? undefined : timing && { kind: "Request", timing, span: this.spanFrom(start) };
      },
    },
    {
      ALT: () => {
        const start = this.begin();
        this.CONSUME(t.Requires);
        const documents: IToken[] = (this.listed = []);
        this.AT_LEAST_ONE_SEP(this.listedIdentifiers);
        if (this.RECORDING_PHASE) return undefined;
        const names = documents.filter(present).map((token) => this.literals.name(token));
        return names.length > 0 ? { kind: "Requires", documents: names, span: this.spanFrom(start) } : undefined;
      },
    },
    {
      ALT: () => {
        const start = this.begin();
        this.CONSUME(t.Because);
        const text = this.CONSUME2(t.StringLiteral);
        if (this.RECORDING_PHASE) return undefined;
        const node = this.string(text);
        return node && { kind: "Because", text: node, span: this.spanFrom(start) };
      },
    },
  ];

  public sourceClause = this.RULE("sourceClause", (): A.StringLiteral | undefined => {
    this.CONSUME(t.Source);
    const text = this.CONSUME(t.StringLiteral);
    return this.ACTION(() => this.string(text));
  });

  public exceptionClause = this.RULE("exceptionClause", (): A.RuleClause | undefined => {
    const start = this.begin();
    this.CONSUME(t.Exception);
    this.CONSUME(t.To);
    const rules: IToken[] = (this.listed = []);
    this.AT_LEAST_ONE_SEP(this.listedStrings);
    if (this.RECORDING_PHASE) return undefined;
    const names = rules.filter(present).map((token) => this.literals.string(token));
    return names.length > 0 ? { kind: "ExceptionTo", rules: names, span: this.spanFrom(start) } : undefined;
  });

  private readonly listedStrings: AtLeastOneSepMethodOpts<void> = {
    SEP: t.Comma,
    DEF: () => {
      this.listed.push(this.CONSUME(t.StringLiteral));
    },
  };

  public transferAction = this.RULE("transferAction", (): A.TransferAction | undefined => {
    const start = this.begin();
    this.CONSUME(t.Transfer);
    const from: IToken[] = (this.listed = []);
    this.OPTION(this.transferFrom);
    this.CONSUME(t.To);
    const target = this.CONSUME2(t.Identifier);
    const timing = this.SUBRULE(this.timing);
    const jointWork = this.OPTION2(this.jointWorkAfter);
    if (this.RECORDING_PHASE) return undefined;
    const targetNode = this.name(target);
    if (targetNode === undefined || timing === undefined) return undefined;
    const fromNodes = from.filter(present).map((token) => this.literals.name(token));
    const span = this.spanFrom(start);
    return jointWork
      ? { kind: "Transfer", from: fromNodes, target: targetNode, timing, jointWork, span }
      : { kind: "Transfer", from: fromNodes, target: targetNode, timing, span };
  });

  /**
   * The names or texts of the comma-separated list being read (kept here for the reason given at
   * `chainOperators`). A list holds nothing else, so nothing else can use the field while it is read.
   */
  private listed: IToken[] = [];

  private readonly transferFrom = (): void => {
    this.CONSUME(t.From);
    this.AT_LEAST_ONE_SEP(this.listedIdentifiers);
  };

  private readonly listedIdentifiers: AtLeastOneSepMethodOpts<void> = {
    SEP: t.Comma,
    DEF: () => {
      this.listed.push(this.CONSUME(t.Identifier));
    },
  };

  private readonly jointWorkAfter = (): A.JointWork | undefined => this.SUBRULE(this.jointWork);

  public jointWork = this.RULE("jointWork", (): A.JointWork | undefined => {
    const start = this.begin();
    this.CONSUME(t.Joint);
    this.CONSUME(t.Work);
    return this.OR<A.JointWork | undefined>([
      {
        ALT: () => {
          this.CONSUME(t.From);
          const anchor = this.SUBRULE(this.additive);
          return this.ACTION(() => anchor && { kind: "JointFrom", anchor, span: this.spanFrom(start) });
        },
      },
      {
        ALT: () => {
          const duration = this.SUBRULE2(this.additive);
          this.CONSUME(t.Before);
          const anchor = this.SUBRULE3(this.additive);
          return this.ACTION(() => duration && anchor && { kind: "JointBefore", duration, anchor, span: this.spanFrom(start) });
        },
      },
    ]);
  });

  public remainAction = this.RULE("remainAction", (): A.RemainAction | undefined => {
    const start = this.begin();
    this.CONSUME(t.Remain);
    let team: IToken | undefined;
    this.OPTION(() => {
      this.CONSUME(t.With);
      team = this.CONSUME(t.Identifier);
    });
    return this.ACTION(() => {
      const teamNode = team && this.name(team);
      return { kind: "Remain", ...(teamNode ? { team: teamNode } : {}), span: this.spanFrom(start) };
    });
  });

  public referAction = this.RULE("referAction", (): A.ReferAction | undefined => {
    const start = this.begin();
    this.CONSUME(t.Refer);
    this.CONSUME(t.To);
    const panel = this.CONSUME(t.Identifier);
    return this.ACTION(() => {
      const node = this.name(panel);
      return node && { kind: "Refer", panel: node, span: this.spanFrom(start) };
    });
  });

  public timing = this.RULE("timing", (): A.Timing | undefined => this.OR<A.Timing | undefined>(this.timingAlternatives));

  private readonly timingAlternatives: IOrAlt<A.Timing | undefined>[] = [
    {
      ALT: () => {
        const start = this.begin();
        this.CONSUME(t.Immediately);
        return this.RECORDING_PHASE ? undefined : { kind: "Immediately", span: this.spanFrom(start) };
      },
    },
    {
      ALT: () => {
        const start = this.begin();
        this.CONSUME(t.At);
        const event = this.CONSUME(t.Identifier);
        if (this.RECORDING_PHASE) return undefined;
        const node = this.name(event);
        return node && { kind: "AtEvent", event: node, span: this.spanFrom(start) };
      },
    },
    {
      ALT: () => {
        const start = this.begin();
        this.CONSUME(t.On);
        const date = this.SUBRULE(this.additive);
        return this.RECORDING_PHASE ? undefined : date && { kind: "OnDate", date, span: this.spanFrom(start) };
      },
    },
    {
      ALT: () => {
        const start = this.begin();
        this.CONSUME(t.Within);
        const duration = this.SUBRULE2(this.additive);
        this.CONSUME(t.Of);
        const anchor = this.SUBRULE3(this.additive);
        return this.RECORDING_PHASE ? undefined : duration && anchor && { kind: "Within", duration, anchor, span: this.spanFrom(start) };
      },
    },
    {
      ALT: () => {
        const start = this.begin();
        const duration = this.SUBRULE4(this.additive);
        const direction = this.OR2(this.afterOrBefore);
        const anchor = this.SUBRULE5(this.additive);
        return this.ACTION(() =>
          duration && anchor && present(direction)
            ? { kind: direction.tokenType === t.After ? "After" : "Before", duration, anchor, span: this.spanFrom(start) }
            : undefined,
        );
      },
    },
  ];

  private readonly afterOrBefore: IOrAlt<IToken>[] = [{ ALT: () => this.CONSUME(t.After) }, { ALT: () => this.CONSUME(t.Before) }];

  // ---- expressions (loosest first: or/and, not, comparison, + -, primary) ----

  /** `and` and `or` are read as one chain; mixing them is reported, and `and` binds tighter. */
  public condition = this.RULE("condition", (): A.Expr | undefined => {
    const start = this.begin();
    const first = this.SUBRULE(this.negation);
    const outerOperators = this.chainOperators;
    const outerOperands = this.chainOperands;
    this.chainOperators = undefined;
    this.chainOperands = undefined;
    let operators: IToken[] | undefined;
    let rest: (A.Expr | undefined)[] | undefined;
    try {
      this.MANY(this.conditionStep);
    } finally {
      operators = this.chainOperators as IToken[] | undefined;
      rest = this.chainOperands as (A.Expr | undefined)[] | undefined;
      this.chainOperators = outerOperators;
      this.chainOperands = outerOperands;
    }
    if (this.RECORDING_PHASE) return undefined;
    if (rest === undefined) return first ?? missingExpr(this.spanFrom(start));
    const read = [first, ...rest].filter((operand): operand is A.Expr => operand !== undefined);
    if (read.length === 0) return missingExpr(this.spanFrom(start));
    if (read.length === 1) return read[0];
    const span = join(read[0]!.span, read[read.length - 1]!.span);
    const written: IToken[] = operators ?? [];
    // Whether both words are used, and the first used, without making a set of them.
    let firstWord: string | undefined;
    let mixed = false;
    for (const operator of written) {
      if (!present(operator)) continue;
      if (firstWord === undefined) firstWord = operator.image;
      else if (operator.image !== firstWord) mixed = true;
    }
    if (!mixed || read.length !== written.length + 1) {
      return { kind: "Logical", operator: (firstWord ?? "and") as "and" | "or", operands: read, span };
    }
    // Mixed: report it, and build the tree with `and` binding tighter so later passes still see a tree.
    const groups: A.Expr[][] = [[read[0]!]];
    written.forEach((operator, index) => {
      const operand = read[index + 1]!;
      if (operator.image === "and") groups[groups.length - 1]!.push(operand);
      else groups.push([operand]);
    });
    const grouped = groups.map((group): A.Expr =>
      group.length === 1
        ? group[0]!
        : { kind: "Logical", operator: "and", operands: group, span: join(group[0]!.span, group[group.length - 1]!.span) },
    );
    this.literals.reportMixedAndOr(read, written, groups, span);
    return { kind: "Logical", operator: "or", operands: grouped, span };
  });

  /**
   * The `and`s and `or`s, and the operands after the first, of the chain being read; undefined
   * until there is one. The rules called most often keep what their loops read in fields like these
   * rather than in variables of the call, so that their loops and alternatives can be functions
   * made once. A rule that can read another of its kind inside its loop (a condition in brackets)
   * saves the fields first and puts them back as it returns; its loop takes them before reading on.
   */
  private chainOperators: IToken[] | undefined;
  private chainOperands: (A.Expr | undefined)[] | undefined;

  private readonly conditionStep = (): void => {
    const operators = (this.chainOperators ??= []);
    const operands = (this.chainOperands ??= []);
    operators.push(this.OR(this.andOrOr));
    operands.push(this.SUBRULE2(this.negation));
  };

  private readonly andOrOr: IOrAlt<IToken>[] = [{ ALT: () => this.CONSUME(t.And) }, { ALT: () => this.CONSUME(t.Or) }];

  /** A run of `not`s is read in a loop, not by recursion, so a long run cannot exhaust the stack. */
  public negation = this.RULE("negation", (): A.Expr | undefined => {
    // Nothing but `not`s is read in the loop, so nothing else can use the field before it is read.
    this.nots = undefined;
    this.MANY(this.readNot);
    const nots = this.nots as IToken[] | undefined;
    const operand = this.SUBRULE(this.comparison);
    if (this.RECORDING_PHASE || operand === undefined) return undefined;
    let expr = operand;
    if (nots === undefined) return expr;
    for (let i = nots.length - 1; i >= 0; i--) {
      if (present(nots[i])) expr = { kind: "Not", operand: expr, span: join(tokenSpan(nots[i]!), expr.span) };
    }
    return expr;
  });

  private nots: IToken[] | undefined;
  private readonly readNot = (): void => {
    (this.nots ??= []).push(this.CONSUME(t.Not));
  };

  public comparison = this.RULE("comparison", (): A.Expr | undefined => {
    const start = this.begin();
    const left = this.SUBRULE(this.additive);
    const outerStart = this.comparedStart;
    const outerLeft = this.comparedLeft;
    this.comparedStart = start;
    this.comparedLeft = left;
    try {
      return this.OPTION(this.comparisonTail) ?? left;
    } finally {
      this.comparedStart = outerStart;
      this.comparedLeft = outerLeft;
    }
  });

  /** Where the innermost comparison being read starts, and its left side (see `chainOperators`): its alternatives take them first. */
  private comparedStart = 0;
  private comparedLeft: A.Expr | undefined;

  private readonly comparisonTail = (): A.Expr | undefined => this.OR<A.Expr | undefined>(this.comparisonAlternatives);

  private readonly comparisonAlternatives: IOrAlt<A.Expr | undefined>[] = [
    {
      ALT: () => {
        const start = this.comparedStart;
        const left = this.comparedLeft;
        const operator = this.OR2(this.compareOperators);
        const right = this.SUBRULE2(this.additive);
        if (this.RECORDING_PHASE) return undefined;
        const span = this.spanFrom(start);
        return {
          kind: "Compare",
          operator: operator.image as A.CompareOperator,
          left: left ?? missingExpr(span),
          right: right ?? missingExpr(span),
          span,
        };
      },
    },
    {
      ALT: () => {
        const start = this.comparedStart;
        const left = this.comparedLeft;
        this.CONSUME(t.Is);
        const negated = this.OPTION2(this.isNot) === true;
        return this.OR3<A.Expr | undefined>([
          {
            ALT: () => {
              this.CONSUME(t.One);
              this.CONSUME(t.Of);
              const values: (A.Expr | undefined)[] = [];
              this.AT_LEAST_ONE_SEP({
                SEP: t.Comma,
                DEF: () => {
                  values.push(this.SUBRULE3(this.additive));
                },
              });
              return this.ACTION(() => {
                const span = this.spanFrom(start);
                return {
                  kind: "IsOneOf",
                  negated,
                  subject: left ?? missingExpr(span),
                  values: values.filter((value): value is A.Expr => value !== undefined),
                  span,
                };
              });
            },
          },
          {
            ALT: () => {
              const value = this.SUBRULE4(this.additive);
              return this.ACTION(() => {
                const span = this.spanFrom(start);
                return { kind: "Is", negated, subject: left ?? missingExpr(span), value: value ?? missingExpr(span), span };
              });
            },
          },
        ]);
      },
    },
    {
      // `=` is not Baton, but it is what people write: read it as `is`, with one error and a fix.
      ALT: () => {
        const start = this.comparedStart;
        const left = this.comparedLeft;
        const equals = this.CONSUME(t.Equals);
        const value = this.SUBRULE5(this.additive);
        return this.ACTION(() => {
          const span = this.spanFrom(start);
          if (present(equals)) this.literals.reportEqualsForIs(tokenSpan(equals));
          return { kind: "Is", negated: false, subject: left ?? missingExpr(span), value: value ?? missingExpr(span), span };
        });
      },
    },
    {
      ALT: () => {
        const start = this.comparedStart;
        const left = this.comparedLeft;
        const operator = this.OR4(this.postfixOperators);
        if (this.RECORDING_PHASE) return undefined;
        const span = this.spanFrom(start);
        return {
          kind: "Postfix",
          operator: operator.image as "held" | "scheduled" | "complete",
          subject: left ?? missingExpr(span),
          span,
        };
      },
    },
  ];

  private readonly isNot = (): boolean => {
    this.CONSUME2(t.Not);
    return true;
  };

  private readonly compareOperators: IOrAlt<IToken>[] = [
    { ALT: () => this.CONSUME(t.Less) },
    { ALT: () => this.CONSUME(t.LessEqual) },
    { ALT: () => this.CONSUME(t.Greater) },
    { ALT: () => this.CONSUME(t.GreaterEqual) },
  ];
  private readonly postfixOperators: IOrAlt<IToken>[] = [
    { ALT: () => this.CONSUME(t.Held) },
    { ALT: () => this.CONSUME(t.Scheduled) },
    { ALT: () => this.CONSUME(t.Complete) },
  ];

  public additive = this.RULE("additive", (): A.Expr | undefined => {
    const first = this.SUBRULE(this.primary);
    const outer = this.arithmetic;
    this.arithmetic = undefined;
    let rest: ArithmeticRead[] | undefined;
    try {
      this.MANY(this.additiveStep);
    } finally {
      rest = this.arithmetic as ArithmeticRead[] | undefined;
      this.arithmetic = outer;
    }
    if (this.RECORDING_PHASE || first === undefined) return undefined;
    if (rest === undefined) return first;
    const steps: A.ArithmeticStep[] = [];
    for (const { operator, operand } of rest) {
      if (operand !== undefined && present(operator)) steps.push({ operator: operator.image as "+" | "-", operand });
    }
    if (steps.length === 0) return first;
    return { kind: "Arithmetic", first, rest: steps, span: join(first.span, steps[steps.length - 1]!.operand.span) };
  });

  /** The `+`s and `-`s read so far by the innermost `additive` (see `chainOperators`); none yet when undefined. */
  private arithmetic: ArithmeticRead[] | undefined;

  private readonly additiveStep = (): void => {
    const operator = this.OR(this.plusOrMinus);
    const rest = (this.arithmetic ??= []);
    rest.push({ operator, operand: this.SUBRULE2(this.primary) });
  };

  private readonly plusOrMinus: IOrAlt<IToken>[] = [{ ALT: () => this.CONSUME(t.Plus) }, { ALT: () => this.CONSUME(t.Minus) }];

  public primary = this.RULE("primary", (): A.Expr | undefined => this.OR<A.Expr | undefined>(this.primaryAlternatives));

  private readonly primaryAlternatives: IOrAlt<A.Expr | undefined>[] = [
    {
      ALT: () => {
        const start = this.begin();
        this.CONSUME(t.LParen);
        const inner = this.SUBRULE(this.condition);
        this.CONSUME(t.RParen);
        if (this.RECORDING_PHASE) return undefined;
        const span = this.spanFrom(start);
        return { kind: "Paren", inner: inner ?? missingExpr(span), span };
      },
    },
    { ALT: () => this.SUBRULE(this.numberOrDuration) },
    {
      ALT: () => {
        const date = this.CONSUME(t.DateLiteral);
        return this.RECORDING_PHASE ? undefined : this.date(date);
      },
    },
    {
      ALT: () => {
        const value = this.OR2(this.yesOrNo);
        return this.RECORDING_PHASE || !present(value) ? undefined : this.literals.boolean(value);
      },
    },
    {
      ALT: () => {
        const start = this.begin();
        this.CONSUME(t.Today);
        return this.RECORDING_PHASE ? undefined : { kind: "Today", span: this.spanFrom(start) };
      },
    },
    {
      ALT: () => {
        const start = this.begin();
        this.CONSUME(t.Time);
        this.CONSUME(t.Since);
        const operand = this.SUBRULE(this.additive);
        if (this.RECORDING_PHASE) return undefined;
        const span = this.spanFrom(start);
        return { kind: "TimeSince", operand: operand ?? missingExpr(span), span };
      },
    },
    {
      ALT: () => {
        const start = this.begin();
        this.CONSUME(t.DateKw);
        this.CONSUME2(t.Of);
        const event = this.CONSUME(t.Identifier);
        if (this.RECORDING_PHASE) return undefined;
        const node = this.name(event);
        return node && { kind: "DateOf", event: node, span: this.spanFrom(start) };
      },
    },
    {
      ALT: () => {
        const start = this.begin();
        this.CONSUME(t.Current);
        this.CONSUME(t.Team);
        return this.RECORDING_PHASE ? undefined : { kind: "CurrentTeam", span: this.spanFrom(start) };
      },
    },
    {
      ALT: () => {
        const start = this.begin();
        const aggregate = this.OR3(this.aggregateWords);
        const list = this.CONSUME2(t.Identifier);
        const where = this.OPTION(this.aggregateWhere);
        if (this.RECORDING_PHASE) return undefined;
        const listNode = this.name(list);
        if (listNode === undefined || !present(aggregate)) return undefined;
        const kind = aggregate.image as "count" | "any" | "all";
        const span = this.spanFrom(start);
        return where ? { kind: "Aggregate", aggregate: kind, list: listNode, where, span } : { kind: "Aggregate", aggregate: kind, list: listNode, span };
      },
    },
    {
      ALT: () => {
        const name = this.CONSUME3(t.Identifier);
        return this.RECORDING_PHASE ? undefined : this.name(name);
      },
    },
  ];

  private readonly aggregateWhere = (): A.Expr | undefined => {
    this.CONSUME(t.Where);
    return this.SUBRULE2(this.condition);
  };

  private readonly yesOrNo: IOrAlt<IToken>[] = [{ ALT: () => this.CONSUME(t.Yes) }, { ALT: () => this.CONSUME(t.No) }];
  private readonly aggregateWords: IOrAlt<IToken>[] = [
    { ALT: () => this.CONSUME(t.Count) },
    { ALT: () => this.CONSUME(t.Any) },
    { ALT: () => this.CONSUME(t.All) },
  ];

  /** `12`, `12.5`, or a duration: `3 working days`, `15 years 9 months`. */
  public numberOrDuration = this.RULE("numberOrDuration", (): A.NumberLiteral | A.DurationLiteral | undefined => {
    const start = this.begin();
    const amounts: IToken[] = [this.CONSUME(t.NumberLiteral)];
    // Only numbers and units are read in the option, so nothing else can use the fields before they are read.
    this.durationAmounts = amounts;
    this.durationUnits = undefined;
    this.OPTION(this.durationParts);
    const units = this.durationUnits as (IToken[] | undefined)[] | undefined;
    if (this.RECORDING_PHASE || !present(amounts[0])) return undefined;
    if (units === undefined) return this.literals.number(amounts[0]);
    const parts: A.DurationPart[] = [];
    units.forEach((unitTokens, index) => {
      const amount = amounts[index];
      const words = (unitTokens ?? []).filter(present);
      if (!present(amount) || words.length === 0) return;
      // Nearly every unit is one word (`working days` is the only two): no array or regular expression for those.
      const unitText = words.length === 1 ? words[0]!.image : words.map((word) => word.image).join(" ");
      parts.push({
        amount: Number(amount.image),
        amountText: amount.image,
        unit: (unitText.endsWith("s") ? unitText.slice(0, -1) : unitText) as A.DurationUnit,
        unitText,
        span: join(tokenSpan(amount), tokenSpan(words[words.length - 1]!)),
      });
    });
    const literal: A.DurationLiteral = { kind: "Duration", parts, span: this.spanFrom(start) };
    this.literals.checkDuration(literal);
    return literal;
  });

  /** The numbers and units of the duration being read (see `chainOperators`); no units when it is a number. */
  private durationAmounts: IToken[] = [];
  private durationUnits: (IToken[] | undefined)[] | undefined;

  private readonly durationParts = (): void => {
    this.durationUnits = [this.SUBRULE(this.durationUnit)];
    this.MANY(this.durationPart);
  };

  private readonly durationPart = (): void => {
    this.durationAmounts.push(this.CONSUME2(t.NumberLiteral));
    this.durationUnits!.push(this.SUBRULE2(this.durationUnit));
  };

  public durationUnit = this.RULE("durationUnit", (): IToken[] => this.OR(this.durationUnitAlternatives));

  private readonly durationUnitAlternatives: IOrAlt<IToken[]>[] = [
    { ALT: () => [this.CONSUME(t.Working), this.OR2(this.dayOrDays)] },
    { ALT: () => [this.CONSUME2(t.Day)] },
    { ALT: () => [this.CONSUME2(t.Days)] },
    { ALT: () => [this.CONSUME(t.Week)] },
    { ALT: () => [this.CONSUME(t.Weeks)] },
    { ALT: () => [this.CONSUME(t.Month)] },
    { ALT: () => [this.CONSUME(t.Months)] },
    { ALT: () => [this.CONSUME(t.Year)] },
    { ALT: () => [this.CONSUME(t.Years)] },
  ];

  private readonly dayOrDays: IOrAlt<IToken>[] = [{ ALT: () => this.CONSUME(t.Day) }, { ALT: () => this.CONSUME(t.Days) }];

  // ---- tests ----

  public testDecl = this.RULE("testDecl", (): A.TestDecl | undefined => {
    const start = this.begin();
    this.CONSUME(t.Test);
    const name = this.CONSUME(t.StringLiteral);
    const lines: (A.TestLine | undefined)[] = [];
    const build = (): A.TestDecl | undefined => {
      const nameNode = this.string(name);
      if (nameNode === undefined) return undefined;
      return {
        kind: "Test",
        name: nameNode,
        lines: lines.filter((line): line is A.TestLine => line !== undefined),
        span: this.spanFrom(start),
      };
    };
    this.ACTION(() => {
      this.partial = build;
    });
    this.MANY({
      // `team X "Label"` after a test is a team declaration, not the test's `team X` line.
      GATE: () => !(this.LA(1).tokenType === t.Team && this.LA(3).tokenType === t.StringLiteral),
      DEF: () => {
        lines.push(this.SUBRULE(this.testLine));
      },
    });
    return this.ACTION(build);
  });

  public testLine = this.RULE("testLine", (): A.TestLine | undefined => {
    const start = this.begin();
    return this.OR<A.TestLine | undefined>([
      {
        ALT: () => {
          this.CONSUME(t.Today);
          const date = this.CONSUME(t.DateLiteral);
          return this.ACTION(() => {
            const node = this.date(date);
            return node && { kind: "TestToday", date: node, span: this.spanFrom(start) };
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME(t.Team);
          const team = this.CONSUME(t.Identifier);
          return this.ACTION(() => {
            const node = this.name(team);
            return node && { kind: "TestTeam", team: node, span: this.spanFrom(start) };
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME(t.Given);
          const items: (A.GivenItem | undefined)[] = [];
          this.AT_LEAST_ONE_SEP({
            SEP: t.Comma,
            DEF: () => {
              items.push(this.SUBRULE(this.givenItem));
            },
          });
          return this.ACTION(() => {
            const read = items.filter((item): item is A.GivenItem => item !== undefined);
            return read.length > 0 ? { kind: "Given", items: read, span: this.spanFrom(start) } : undefined;
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME(t.Expect);
          const expectation = this.SUBRULE(this.expectation);
          return this.ACTION(() => expectation && { kind: "Expect", expectation, span: this.spanFrom(start) });
        },
      },
    ]);
  });

  public givenItem = this.RULE("givenItem", (): A.GivenItem | undefined => {
    const start = this.begin();
    const nameToken = this.CONSUME(t.Identifier);
    return this.OR<A.GivenItem | undefined>([
      {
        ALT: () => {
          this.CONSUME(t.Equals);
          const value = this.SUBRULE(this.value);
          return this.ACTION(() => {
            const name = this.name(nameToken);
            return name && value && { kind: "GivenFact", fact: name, value, span: this.spanFrom(start) };
          });
        },
      },
      {
        ALT: () => {
          const state = this.OR2([{ ALT: () => this.CONSUME(t.Held) }, { ALT: () => this.CONSUME(t.Scheduled) }]);
          this.CONSUME(t.On);
          const date = this.CONSUME(t.DateLiteral);
          return this.ACTION(() => {
            const name = this.name(nameToken);
            const dateNode = this.date(date);
            if (name === undefined || dateNode === undefined || !present(state)) return undefined;
            return { kind: "GivenEvent", event: name, state: state.image as "held" | "scheduled", date: dateNode, span: this.spanFrom(start) };
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME(t.Complete);
          return this.ACTION(() => {
            const name = this.name(nameToken);
            return name && { kind: "GivenDocument", document: name, span: this.spanFrom(start) };
          });
        },
      },
    ]);
  });

  public value = this.RULE("value", (): A.Value | undefined => {
    const start = this.begin();
    return this.OR<A.Value | undefined>([
      {
        ALT: () => {
          const value = this.OR2([{ ALT: () => this.CONSUME(t.Yes) }, { ALT: () => this.CONSUME(t.No) }]);
          return this.ACTION(() => (present(value) ? this.literals.boolean(value) : undefined));
        },
      },
      { ALT: () => this.SUBRULE(this.numberOrDuration) },
      {
        ALT: () => {
          const date = this.CONSUME(t.DateLiteral);
          return this.ACTION(() => this.date(date));
        },
      },
      {
        ALT: () => {
          const name = this.CONSUME(t.Identifier);
          return this.ACTION(() => this.name(name));
        },
      },
      {
        ALT: () => {
          this.CONSUME(t.LBracket);
          const items: (A.RecordValue | undefined)[] = [];
          this.MANY_SEP({
            SEP: t.Comma,
            DEF: () => {
              items.push(this.SUBRULE(this.recordValue));
            },
          });
          this.CONSUME(t.RBracket);
          return this.ACTION(() => ({
            kind: "ListValue",
            items: items.filter((item): item is A.RecordValue => item !== undefined),
            span: this.spanFrom(start),
          }));
        },
      },
    ]);
  });

  public recordValue = this.RULE("recordValue", (): A.RecordValue | undefined => {
    const start = this.begin();
    this.CONSUME(t.LBrace);
    const fields: { name: IToken; value: A.Value | undefined }[] = [];
    this.MANY_SEP({
      SEP: t.Comma,
      DEF: () => {
        const name = this.CONSUME(t.Identifier);
        this.CONSUME(t.Equals);
        fields.push({ name, value: this.SUBRULE(this.value) });
      },
    });
    this.CONSUME(t.RBrace);
    return this.ACTION(() => {
      const read: A.RecordValue["fields"] = [];
      for (const { name, value } of fields) {
        if (present(name) && value !== undefined) {
          read.push({ name: this.literals.name(name), value, span: join(tokenSpan(name), value.span) });
        }
      }
      return { kind: "RecordValue", fields: read, span: this.spanFrom(start) };
    });
  });

  public expectation = this.RULE("expectation", (): A.Expectation | undefined => {
    const start = this.begin();
    const names = (tokens: IToken[]) => tokens.filter(present).map((token) => this.literals.name(token));
    return this.OR<A.Expectation | undefined>([
      {
        ALT: () => {
          this.CONSUME(t.Transfer);
          this.CONSUME(t.To);
          const team = this.CONSUME(t.Identifier);
          let due: IToken | undefined;
          let requestBy: IToken | undefined;
          this.OPTION(() => {
            this.CONSUME(t.On);
            due = this.CONSUME(t.DateLiteral);
          });
          this.OPTION2(() => {
            this.CONSUME(t.Request);
            this.CONSUME(t.By);
            requestBy = this.CONSUME2(t.DateLiteral);
          });
          return this.ACTION(() => {
            const teamNode = this.name(team);
            if (teamNode === undefined) return undefined;
            const dueNode = due && this.date(due);
            const requestNode = requestBy && this.date(requestBy);
            return {
              kind: "ExpectTransfer",
              team: teamNode,
              ...(dueNode ? { due: dueNode } : {}),
              ...(requestNode ? { requestBy: requestNode } : {}),
              span: this.spanFrom(start),
            };
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME(t.Remain);
          let team: IToken | undefined;
          this.OPTION3(() => {
            this.CONSUME(t.With);
            team = this.CONSUME2(t.Identifier);
          });
          return this.ACTION(() => {
            const teamNode = team && this.name(team);
            return { kind: "ExpectRemain", ...(teamNode ? { team: teamNode } : {}), span: this.spanFrom(start) };
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME(t.Refer);
          this.CONSUME2(t.To);
          const panel = this.CONSUME3(t.Identifier);
          return this.ACTION(() => {
            const node = this.name(panel);
            return node && { kind: "ExpectRefer", panel: node, span: this.spanFrom(start) };
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME(t.No);
          this.CONSUME(t.Rule);
          return this.ACTION(() => ({ kind: "ExpectNoRule", span: this.spanFrom(start) }));
        },
      },
      {
        ALT: () => {
          this.CONSUME(t.Conflict);
          return this.ACTION(() => ({ kind: "ExpectConflict", span: this.spanFrom(start) }));
        },
      },
      {
        ALT: () => {
          this.CONSUME(t.Needs);
          const facts: IToken[] = [];
          this.AT_LEAST_ONE_SEP({
            SEP: t.Comma,
            DEF: () => {
              facts.push(this.CONSUME4(t.Identifier));
            },
          });
          return this.ACTION(() => {
            const read = names(facts);
            return read.length > 0 ? { kind: "ExpectNeeds", facts: read, span: this.spanFrom(start) } : undefined;
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME(t.Missing);
          const documents: IToken[] = [];
          this.AT_LEAST_ONE_SEP2({
            SEP: t.Comma,
            DEF: () => {
              documents.push(this.CONSUME5(t.Identifier));
            },
          });
          return this.ACTION(() => {
            const read = names(documents);
            return read.length > 0 ? { kind: "ExpectMissing", documents: read, span: this.spanFrom(start) } : undefined;
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME2(t.Rule);
          const rule = this.CONSUME(t.StringLiteral);
          return this.ACTION(() => {
            const node = this.string(rule);
            return node && { kind: "ExpectRule", rule: node, span: this.spanFrom(start) };
          });
        },
      },
    ]);
  });
}

/** The single parser instance; Chevrotain parsers are built once and fed new input each time. */
export const batonParser = new BatonParser();

export interface ParserError {
  raw: RawSyntaxError;
  token: IToken;
  previous: IToken | undefined;
}

/** Parses the tokens into declarations; literal problems go into `diagnostics`. */
/** Far more syntax errors than are reported one by one (100); past this many, parsing stops. */
export const MAX_PARSER_ERRORS = 2_000;

export function parseTokens(tokens: IToken[], text: string, diagnostics: Diagnostic[]): { declarations: A.Declaration[]; errors: ParserError[] } {
  batonParser.prepare(text, diagnostics);
  batonParser.input = tokens;
  const declarations = batonParser.file() ?? [];
  const errors = batonParser.errors.map((error) => {
    let raw: RawSyntaxError;
    try {
      raw = JSON.parse(error.message) as RawSyntaxError;
    } catch {
      raw = { kind: "mismatch", expected: [], rule: "" };
    }
    const previous = (error as unknown as { previousToken?: IToken }).previousToken;
    return { raw, token: error.token, previous };
  });
  return { declarations, errors };
}
