// The fuzzing targets: each a fast-check arbitrary and the properties every input must have.
//
//   valid         generated valid programs: no errors; the formatter formats them (so also
//                 idempotently, keeping their meaning: the same AST, positions aside); the compiled
//                 module decides random cases exactly as the interpreter does
//   nearly-valid  generated programs with a token or two deleted, inserted, replaced or swapped
//   examples      the example protocols with tokens, lines and bytes damaged
//
// Every input, whatever the target: parsing, checking, analysis and formatting never throw; every
// diagnostic's range (and its related places' and fix's) lies inside the text; the formatter either
// formats (idempotently, keeping the AST and every comment) or, when the parser could not read the
// whole file, refuses with its syntax error; and the whole takes under two seconds.
import fc from "fast-check";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import * as prettier from "prettier/standalone";
import type { CaseInput } from "../packages/runtime/src/index.js";
import { analyzeText, emitTypeScript, interpretDecision, interpretProtocol, parse, testCases, type Analysis, type Diagnostic } from "../packages/core/src/index.js";
import batonPlugin, { BatonSyntaxError, refusingDiagnostics } from "../packages/prettier-plugin/src/index.js";
import { layOut, program as syntacticProgram } from "../packages/prettier-plugin/test/generate.js";
import { withoutPositions } from "../packages/prettier-plugin/test/helpers.js";
import { caseRecord, type CaseRecord } from "./cases.js";
import { loadCompiled, repositoryRoot, runtimeSpecifier, type CompiledProtocol } from "./compiled.js";
import { mutateLines, mutateText, textMutation, tokenMutation, type TextMutation, type TokenMutation } from "./mutate.js";
import { validProgram, type Line, type ValidProgram } from "./program.js";

export const targetNames = ["valid", "nearly-valid", "examples"] as const;
export type TargetName = (typeof targetNames)[number];

/** An input slower than this is reported as a hang. */
export const TIME_LIMIT_MS = 2_000;

/** A property that does not hold, in words. */
export class FuzzFailure extends Error {
  override name = "FuzzFailure";
}

function fail(message: string): never {
  throw new FuzzFailure(message);
}

/** What a target counts as it runs: every input, shrinking included. */
export interface Stats {
  inputs: number;
  /** Inputs the formatter formatted, and inputs it refused for their syntax errors. */
  formatted: number;
  refused: number;
  /** Programs compiled and run against the interpreter, and the cases decided both ways. */
  compiled: number;
  cases: number;
  slowestMs: number;
}

export const emptyStats = (): Stats => ({ inputs: 0, formatted: 0, refused: 0, compiled: 0, cases: 0, slowestMs: 0 });

export interface RunContext {
  stats: Stats;
  /** Called with each input's text before it is worked on (the watchdog keeps it, for a hang). */
  onInput?: (text: string) => void;
  /** Compile and compare with the interpreter on one valid program in this many (1: all of them). */
  compileEvery?: number;
  /** No time limit (warming up: the first inputs compile the formatter and the checker). */
  untimed?: boolean;
}

export interface Target<T> {
  name: TargetName;
  arbitrary: fc.Arbitrary<T>;
  /** The text the input stands for, to show and save when it fails. */
  text(value: T): string;
  check(value: T, context: RunContext): Promise<void>;
}

// ---- checks shared by every target ----

function stackOf(error: unknown): string {
  return error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
}

function attempt<T>(step: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    fail(`${step} threw: ${stackOf(error)}`);
  }
}

/** 0 <= start <= end <= length, for a diagnostic's span, its related spans and its fix's edits. */
export function checkSpans(text: string, diagnostics: readonly Diagnostic[]): void {
  const inside = (span: { start: number; end: number } | undefined, what: string, diagnostic: Diagnostic) => {
    if (span === undefined || !Number.isInteger(span.start) || !Number.isInteger(span.end) || span.start < 0 || span.start > span.end || span.end > text.length) {
      fail(`${what} of the ${diagnostic.code} diagnostic "${diagnostic.message}" is ${JSON.stringify(span)}, outside the text (0 to ${text.length})`);
    }
  };
  for (const diagnostic of diagnostics) {
    inside(diagnostic.span, "the span", diagnostic);
    if (typeof diagnostic.message !== "string" || diagnostic.message.length === 0) fail(`a ${diagnostic.code} diagnostic has no message`);
    for (const related of diagnostic.related ?? []) inside(related.span, "a related span", diagnostic);
    for (const edit of diagnostic.fix?.edits ?? []) inside(edit.span, "an edit of the fix", diagnostic);
  }
}

function format(text: string, printWidth: number | undefined): Promise<string> {
  return prettier.format(text, { parser: "baton", plugins: [batonPlugin], ...(printWidth ? { printWidth } : {}) });
}

/** The first place two values differ, as a path, for a message. */
function firstDifference(a: unknown, b: unknown, path = "$"): string | undefined {
  if (isDeepStrictEqual(a, b)) return undefined;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) {
    return `${path}: ${JSON.stringify(a)?.slice(0, 200)} against ${JSON.stringify(b)?.slice(0, 200)}`;
  }
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) {
    const found = firstDifference((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${path}.${key}`);
    if (found) return found;
  }
  return `${path} differs`;
}

const commentTexts = (ast: Analysis["ast"]) => ast.comments.map((comment) => comment.text.trimEnd()).sort();

/**
 * Formats the text, checking the formatter behaves: it refuses (with its syntax error) exactly the
 * texts the parser could not read in full; otherwise its output formats to itself and reads as the
 * same AST with the same comments. Returns the formatted text, or undefined when refused.
 */
async function checkFormatting(text: string, analysis: Analysis, printWidth: number | undefined, stats: Stats): Promise<string | undefined> {
  const refusing = refusingDiagnostics(analysis.parse.diagnostics);
  let formatted: string;
  try {
    formatted = await format(text, printWidth);
  } catch (error) {
    if (refusing.length > 0 && error instanceof BatonSyntaxError) {
      stats.refused++;
      return undefined;
    }
    if (refusing.length > 0) fail(`the formatter refused a file with syntax errors, but not with its syntax error: ${stackOf(error)}`);
    fail(`the formatter threw on a file the parser reads in full: ${stackOf(error)}`);
  }
  // Prettier itself formats a file of nothing but spaces and line breaks to an empty file, without
  // asking the plugin: nothing is lost, though the checker says there is no protocol in it.
  const blank = text.trim() === "";
  if (refusing.length > 0 && !blank) fail(`the formatter formatted a file with syntax errors (${refusing[0]!.message}), which could lose text`);
  stats.formatted++;
  let again: string;
  try {
    again = await format(formatted, printWidth);
  } catch (error) {
    fail(`the formatter's own output does not format: ${stackOf(error)}\n--- formatted ---\n${formatted}`);
  }
  if (again !== formatted) fail(`formatting is not idempotent:\n--- formatted once ---\n${formatted}\n--- twice ---\n${again}`);
  const after = attempt("parse on the formatted text", () => parse(formatted));
  checkSpans(formatted, after.diagnostics);
  const difference = firstDifference(withoutPositions(analysis.ast), withoutPositions(after.ast));
  if (difference) fail(`formatting changed the AST at ${difference}\n--- formatted ---\n${formatted}`);
  if (!isDeepStrictEqual(commentTexts(analysis.ast), commentTexts(after.ast))) fail(`formatting lost or changed a comment\n--- formatted ---\n${formatted}`);
  return formatted;
}

/**
 * Parsing, checking, analysis and formatting of any text: none throws, spans are inside, within the
 * time limit. `analysed` runs between the analysis and the formatting (outside the time taken).
 */
async function checkAnyText(text: string, context: RunContext, printWidth?: number, analysed?: (analysis: Analysis) => void) {
  context.stats.inputs++;
  context.onInput?.(text);
  let started = performance.now();
  const analysis = attempt("analyzeText", () => analyzeText(text));
  checkSpans(text, analysis.diagnostics);
  if (analysed) {
    const before = performance.now();
    analysed(analysis);
    started += performance.now() - before;
  }
  const formatting = await checkFormatting(text, analysis, printWidth, context.stats);
  const elapsed = performance.now() - started;
  context.stats.slowestMs = Math.max(context.stats.slowestMs, elapsed);
  if (elapsed > TIME_LIMIT_MS && !context.untimed) fail(`parsing, checking, analysis and formatting took ${Math.round(elapsed)} ms (limit ${TIME_LIMIT_MS} ms): a hang`);
  return { analysis, formatting };
}

// ---- valid programs ----

type Outcome = { decision: unknown } | { error: string };

function outcome(run: () => unknown): Outcome {
  try {
    return { decision: JSON.parse(JSON.stringify(run())) };
  } catch (error) {
    return { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

export interface ValidInput {
  program: ValidProgram;
  layout: number;
  printWidth: number | undefined;
  cases: CaseRecord[];
}

export const validArbitrary: fc.Arbitrary<ValidInput> = validProgram.chain((program) =>
  fc.record({
    program: fc.constant(program),
    layout: fc.integer(),
    printWidth: fc.option(fc.integer({ min: 20, max: 160 }), { nil: undefined, freq: 3 }),
    cases: fc.array(caseRecord(program.declarations), { minLength: 1, maxLength: 6 }),
  }),
);

async function checkValid(input: ValidInput, context: RunContext): Promise<void> {
  const text = layOut(input.program.lines, input.layout);
  // Which programs are compiled is decided by the input itself, so a replayed failure compiles again.
  const compile = Math.abs(input.layout) % (context.compileEvery ?? 1) === 0;
  let loading: Promise<{ module: CompiledProtocol } | { error: unknown }> | undefined;
  let typescript = "";
  const { analysis, formatting } = await checkAnyText(text, context, input.printWidth, (analysis) => {
    const errors = analysis.diagnostics.filter((d) => d.severity === "error" && !(input.program.conflictsAllowed && d.code === "conflict"));
    if (errors.length > 0) fail(`a valid program has errors: ${errors.map((d) => `[${d.code}] ${d.message} at ${JSON.stringify(text.slice(d.span.start, d.span.end))}`).join("; ")}`);
    if (!compile) return;
    // The compiled module, emitted straight from the model (`compileText` would refuse a program
    // whose conflicts are errors); esbuild strips its types in its own process while this one formats.
    typescript = attempt("emitTypeScript", () => emitTypeScript(analysis.model, text, { runtimeImport: runtimeSpecifier }).typescript);
    loading = loadCompiled(typescript).then(
      (module) => ({ module }),
      (error: unknown) => ({ error }),
    );
  });
  if (formatting === undefined) fail("the formatter refused a valid program");
  if (loading === undefined) return;

  context.stats.compiled++;
  const loaded = await loading;
  if ("error" in loaded) fail(`the compiled module does not load: ${stackOf(loaded.error)}\n--- module ---\n${typescript}`);
  const compiled = loaded.module;
  const spec = attempt("interpretProtocol", () => interpretProtocol(analysis.model, text));
  const fromTests = testCases(analysis.model).map(({ input: record, today }) => ({ input: record, today }));
  for (const { input: record, today } of [...input.cases, ...fromTests]) {
    context.stats.cases++;
    const byModule = outcome(() => compiled.decide(record, { today }));
    const validated = outcome(() => compiled.validate(record));
    // The cases are made from the declarations (and the program's own tests): all valid.
    if ("error" in validated) fail(`validate refuses a valid case ${JSON.stringify({ today, input: record })}: ${validated.error}`);
    const byInterpreter = outcome(() => interpretDecision(spec, compiled.validate(record) as CaseInput, today));
    // Deciding may refuse only a date the bank holiday data does not cover; anything else thrown is
    // a crash, even when both evaluations crash alike.
    for (const [who, result] of [["the compiled module", byModule], ["the interpreter", byInterpreter]] as const) {
      if ("error" in result && !result.error.startsWith("CalendarCoverageError:")) fail(`${who} threw deciding ${JSON.stringify({ today, input: record })}: ${result.error}`);
    }
    const difference = firstDifference(byModule, byInterpreter);
    if (difference) {
      fail(`the compiled module and the interpreter decide differently on ${JSON.stringify({ today, input: record })}: ${difference}\ncompiled: ${JSON.stringify(byModule)}\ninterpreted: ${JSON.stringify(byInterpreter)}`);
    }
    // Without a trace, decide skips the rules a key fact rules out: the decision must not change.
    const withoutTrace = outcome(() => compiled.decide(record, { today, trace: false }));
    const expected = "decision" in byModule ? { decision: { ...(byModule.decision as object), trace: [] } } : byModule;
    const untraced = firstDifference(withoutTrace, expected);
    if (untraced) {
      fail(`the compiled module decides differently without a trace on ${JSON.stringify({ today, input: record })}: ${untraced}\nwith: ${JSON.stringify(byModule)}\nwithout: ${JSON.stringify(withoutTrace)}`);
    }
    // A record `validate` returned is decided without a second check: the decision must not change.
    for (const trace of [true, false]) {
      const checked = outcome(() => compiled.decide(compiled.validate(record), { today, trace }));
      const difference = firstDifference(checked, trace ? byModule : expected);
      if (difference) fail(`the compiled module decides the record validate returned differently (trace: ${trace}) on ${JSON.stringify({ today, input: record })}: ${difference}`);
    }
  }
}

// ---- nearly valid programs ----

export interface NearlyValidInput {
  lines: Line[][];
  mutations: TokenMutation[];
  layout: number;
}

export const nearlyValidArbitrary: fc.Arbitrary<NearlyValidInput> = fc.record({
  // Mostly valid programs; some from the formatter's generator, which parse but need not check.
  lines: fc.oneof({ weight: 3, arbitrary: validProgram.map((program) => program.lines) }, { weight: 1, arbitrary: syntacticProgram }),
  mutations: fc.array(tokenMutation, { minLength: 1, maxLength: 2 }),
  layout: fc.integer(),
});

const nearlyValidText = (input: NearlyValidInput) => layOut(mutateLines(input.lines, input.mutations), input.layout);

// ---- damaged examples ----

export const exampleFiles: { name: string; text: string }[] = readdirSync(join(repositoryRoot, "examples"))
  .filter((name) => name.endsWith(".baton"))
  .sort()
  .map((name) => ({ name, text: readFileSync(join(repositoryRoot, "examples", name), "utf8") }));

export interface ExampleInput {
  example: number;
  mutations: TextMutation[];
}

export const exampleArbitrary: fc.Arbitrary<ExampleInput> = fc.record({
  example: fc.nat(exampleFiles.length - 1),
  mutations: fc.oneof(
    { weight: 3, arbitrary: fc.array(textMutation, { minLength: 1, maxLength: 5 }) },
    // Only line breaks and comments moved in: still the same protocol, for the formatter to lay out.
    { weight: 1, arbitrary: fc.array(textMutation.map((mutation): TextMutation => ({ ...mutation, op: "relayout" })), { minLength: 1, maxLength: 8 }) },
  ),
});

const exampleText = (input: ExampleInput) => input.mutations.reduce(mutateText, exampleFiles[input.example]!.text);

// ---- the targets ----

export const targets: { [K in TargetName]: Target<K extends "valid" ? ValidInput : K extends "nearly-valid" ? NearlyValidInput : ExampleInput> } = {
  valid: {
    name: "valid",
    arbitrary: validArbitrary,
    text: (input) => layOut(input.program.lines, input.layout),
    check: checkValid,
  },
  "nearly-valid": {
    name: "nearly-valid",
    arbitrary: nearlyValidArbitrary,
    text: nearlyValidText,
    check: async (input, context) => void (await checkAnyText(nearlyValidText(input), context)),
  },
  examples: {
    name: "examples",
    arbitrary: exampleArbitrary,
    text: exampleText,
    check: async (input, context) => void (await checkAnyText(exampleText(input), context)),
  },
};

/** Runs the checks once before timing anything: the first format loads and compiles the formatter. */
export async function warmUp(): Promise<void> {
  const stats = emptyStats();
  for (const example of exampleFiles) await checkAnyText(example.text, { stats, untimed: true });
  parse("");
}
