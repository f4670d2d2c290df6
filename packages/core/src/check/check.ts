// The checker: runs the passes over a parsed file (declarations, header, types, lets, rules, tests,
// unused declarations) and gathers the model the compiler and the editor need.
import { error, sortDiagnostics, warning, type Diagnostic } from "../diagnostics.js";
import type * as A from "../syntax/ast.js";
import { CheckContext } from "./context.js";
import { ExpressionChecker } from "./expressions.js";
import { isPlainAscii, reportConfusableNames, reportHiddenCharacters } from "./hazards.js";
import type { CheckResult, SymbolKind } from "./model.js";
import { checkHeader, declareAll, resolveDeclaredTypes } from "./names.js";
import { RuleChecker } from "./rules.js";
import { TestChecker } from "./test-blocks.js";

export interface CheckOptions {
  /** The source text, for quoting it in messages. */
  text: string;
  /** Diagnostics from parsing: declarations holding a syntax error are spared follow-on complaints. */
  syntaxDiagnostics?: readonly Diagnostic[];
}

const kindNoun: Record<SymbolKind, string> = {
  team: "team",
  panel: "panel",
  type: "type",
  fact: "fact",
  let: "value",
  event: "event",
  document: "document",
};

const unusedAdvice: Record<SymbolKind, string> = {
  team: "no rule moves cases to or from it",
  panel: "no rule refers cases to it",
  type: "no fact uses it",
  fact: "no rule or `let` uses it",
  let: "no rule uses it",
  event: "no rule or `let` uses it",
  document: "no rule requires it",
};

export function check(file: A.ProtocolFile, options: CheckOptions): CheckResult {
  const context = new CheckContext(options.text);
  const brokenSpans = (options.syntaxDiagnostics ?? [])
    .filter((d) => d.code === "syntax" || d.code === "too-deep")
    .map((d) => d.span);

  // Text in plain ASCII (as nearly every protocol is) holds no hidden characters, and without a
  // backslash its strings have no escapes either, so no name in it can mix alphabets: knowing that
  // up front spares going through every character and every name looking for them.
  const plainText = isPlainAscii(options.text);
  const declarations = declareAll(context, file, plainText && !options.text.includes("\\"));
  const { header, calendar } = checkHeader(context, file, false, declarations.headers);
  resolveDeclaredTypes(context, declarations.types, declarations.facts);

  const expressions = new ExpressionChecker(context);
  for (const clause of header?.clauses ?? []) {
    if (clause.kind === "Notice") expressions.expectKind(clause.duration, [], "duration", "`notice`");
  }
  for (const declaration of declarations.lets) {
    if (context.symbols.get(declaration.name.text)?.decl === declaration) {
      expressions.letType(context.symbols.get(declaration.name.text)!);
    }
  }

  // Where each declaration's text ends, worked out only if asked for: only a rule with no action,
  // in a file with a syntax error, needs it.
  let nextStart: Map<A.Declaration, number> | undefined;
  const extentEnd = (declaration: A.Declaration): number => {
    if (nextStart === undefined) {
      nextStart = new Map();
      const declarations = file.declarations;
      for (let index = 0; index < declarations.length; index++) {
        nextStart.set(declarations[index]!, declarations[index + 1]?.span.start ?? options.text.length);
      }
    }
    return nextStart.get(declaration) ?? options.text.length;
  };
  const rules = new RuleChecker(context, expressions, brokenSpans, extentEnd);
  const ruleDecls = declarations.rules;
  // Rule names first, so `exception to` can name a rule written further down.
  for (const rule of ruleDecls) rules.check(rule);
  rules.checkExceptionCycles();

  context.inTest = true;
  const tests = new TestChecker(context);
  const testDecls = declarations.tests;
  for (const test of testDecls) tests.check(test);
  context.inTest = false;

  reportHiddenCharacters(context, plainText);
  if (!declarations.plainNames) reportConfusableNames(context, file);

  const namesCalendar = header?.clauses.some((clause) => clause.kind === "Calendar") ?? false;
  if (header !== undefined && !namesCalendar && countsWorkingDays(context)) {
    const at = (header.title ?? header.name).span.end;
    context.report(
      error(
        "header",
        header.name.span,
        "This protocol counts working days but does not say which bank holidays to skip. Add `calendar england-and-wales` (or `scotland`, `northern-ireland`, or `none` to skip weekends only).",
        { fix: { title: "Add `calendar england-and-wales`", edits: [{ span: { start: at, end: at }, newText: "\n  calendar england-and-wales" }] } },
      ),
    );
  }

  // Where a fact's value is a team (`fact last_team: team`), any team may be that value.
  const teamsAreValues = [...context.valueTypes.values()].some(
    (type) => type.kind === "team" || (type.kind === "list" && [...type.element.fields.values()].some((field) => field.type.kind === "team")),
  );
  for (const symbol of context.symbols.values()) {
    if (symbol.decl === undefined || context.used.has(symbol) || context.suggested.has(symbol.name)) continue;
    if (symbol.kind === "team" && teamsAreValues) continue;
    // A syntax error may have swallowed the use, and a chain of lets cut short hides the rest of it.
    if (brokenSpans.length > 0 || context.diagnostics.some((d) => d.code === "too-deep")) continue;
    context.report(
      warning("unused", symbol.decl.name.span, `The ${kindNoun[symbol.kind]} \`${symbol.name}\` is declared but never used: ${unusedAdvice[symbol.kind]}. Remove it, or use it.`),
    );
  }

  return {
    diagnostics: sortDiagnostics(context.diagnostics),
    model: {
      file,
      header,
      calendar,
      symbols: context.symbols,
      rules: context.rules,
      tests: testDecls,
      valueTypes: context.valueTypes,
      exceptionTo: context.exceptionTo,
      resolutions: context.resolutions,
      expressionTypes: context.expressionTypes,
      references: context.references,
      letSizes: expressions.letSizes(),
    },
  };
}

function countsWorkingDays(context: CheckContext): boolean {
  for (const type of context.expressionTypes.values()) {
    if (type.kind === "duration" && type.working) return true;
  }
  return false;
}
