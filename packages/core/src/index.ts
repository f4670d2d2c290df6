// @baton/core: the Baton compiler as a library. `analyzeText` parses and checks a protocol file;
// the parts (`parse`, `check`) are exported for tools that need them separately.
import { check, type CheckOptions } from "./check/check.js";
import type { CheckResult, ProtocolModel } from "./check/model.js";
import { sortDiagnostics, type Diagnostic } from "./diagnostics.js";
import type { ProtocolFile } from "./syntax/ast.js";
import { type ParseResult } from "./syntax/parse.js";
import { reparse, type PreviousParse } from "./syntax/reparse.js";
import { emitTypeScript, type CompiledModule, type CompileOptions } from "./compile/emit.js";
import { analyzeProtocol } from "./analysis/analyze.js";

export * from "./diagnostics.js";
export type * from "./syntax/ast.js";
export { ruleParts } from "./syntax/ast.js";
export { LineIndex, type Position } from "./syntax/spans.js";
export { parse, MAX_NESTING, type ParseResult } from "./syntax/parse.js";
export { reparse, type PreviousParse } from "./syntax/reparse.js";
export { reservedWords } from "./syntax/tokens.js";
export { escapeHiddenCharactersInJson, showHiddenCharacters } from "./syntax/unicode.js";
export { check, type CheckOptions } from "./check/check.js";
export type { BatonSymbol, CheckResult, ProtocolModel, Reference, Resolution, SymbolKind, CalendarName } from "./check/model.js";
export { calendarNames } from "./check/model.js";
export { describeType, type BatonType } from "./check/types.js";
export { closestName, editDistance } from "./check/suggest.js";

export interface Analysis {
  ast: ProtocolFile;
  model: ProtocolModel;
  /** Every problem found, parse and check together, in reading order. */
  diagnostics: Diagnostic[];
  parse: ParseResult;
}

export interface AnalyzeOptions {
  /** Look for conflicts, gaps and unreachable rules when there are no errors (default true). */
  analysis?: boolean;
  /**
   * The previous version of the text and its parse, when the text is an edit of it (an editor's
   * document): only the declarations the edit touched are parsed again. The result is the same.
   */
  previous?: PreviousParse;
}

/**
 * Parses and checks one protocol file's text and, when it has no errors, analyses its rules for
 * conflicts, gaps and unreachable rules. Never throws on any input.
 */
export function analyzeText(text: string, options: AnalyzeOptions = {}): Analysis {
  const parsed = reparse(options.previous, text);
  const checked: CheckResult = check(parsed.ast, { text, syntaxDiagnostics: parsed.diagnostics } satisfies CheckOptions);
  const diagnostics = [...parsed.diagnostics, ...checked.diagnostics];
  if (options.analysis !== false && !diagnostics.some((diagnostic) => diagnostic.severity === "error") && checked.model.header) {
    for (const diagnostic of analyzeProtocol(checked.model, text).diagnostics) diagnostics.push(diagnostic);
  }
  return { ast: parsed.ast, model: checked.model, diagnostics: sortDiagnostics(diagnostics), parse: parsed };
}

export { emitTypeScript, literal, type CompiledModule, type CompileOptions } from "./compile/emit.js";

export interface CompileResult {
  /** Present when the protocol has no errors. */
  module?: CompiledModule;
  diagnostics: Diagnostic[];
}

/**
 * Checks a protocol and, when it has no errors, compiles it to a TypeScript module. Warnings do not
 * stop compilation; errors do, and are returned instead.
 */
export function compileText(text: string, options: CompileOptions = {}): CompileResult {
  const analysis = analyzeText(text);
  if (analysis.diagnostics.some((diagnostic) => diagnostic.severity === "error")) return { diagnostics: analysis.diagnostics };
  return { module: emitTypeScript(analysis.model, text, options), diagnostics: analysis.diagnostics };
}
export { describeDecision, rulesDeciding, testCase, testCases, unmetExpectations, type DecisionLike, type TestCase } from "./testing/test-blocks.js";
export { interpretDecision, interpretProtocol } from "./evaluate/interpreter.js";
export { analyzeProtocol, DEFAULT_ANALYSIS_TIME_MS, type AnalysisOptions, type AnalysisResult } from "./analysis/analyze.js";
