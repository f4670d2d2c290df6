// Running a protocol's `test` blocks inside the server, as `baton test` does: the protocol is
// compiled, turned into JavaScript with esbuild, loaded from a data: URL against the runtime bundle
// that sits beside the server, and each test's case is decided and compared with its expectations.
import { describeDecision, emitTypeScript, testCases, unmetExpectations, type Analysis, type DecisionLike, type Span } from "@baton/core";

export interface TestRunnerOptions {
  /** The runtime module compiled protocols import (the `runtime.mjs` bundle beside the server). */
  runtimeUrl: string;
  /** TypeScript to JavaScript; by default esbuild's `transform`, loaded when first needed. */
  transform?: (typescript: string) => Promise<string>;
}

export interface TestResult {
  name: string;
  /** The test's name in the source. */
  span: Span;
  passed: boolean;
  /** "passes", or what was expected and what was decided instead. */
  summary: string;
  details: string[];
}

/** The results, or why the tests did not run ("not run: ...", shown after "Tests"). */
export type TestRun = { results: TestResult[] } | { problem: string };

interface LoadedProtocol {
  decide(input: unknown, options?: { today?: string }): DecisionLike;
}

/** Tests cannot run in this server at all (as opposed to this protocol's tests failing to load). */
class TestsUnavailable extends Error {}

async function esbuildTransform(typescript: string): Promise<string> {
  let esbuild: typeof import("esbuild");
  try {
    esbuild = await import("esbuild");
  } catch {
    throw new TestsUnavailable("not run here: running tests needs the `baton` command line, which brings esbuild (see docs/editor.md)");
  }
  const result = await esbuild.transform(typescript, { loader: "ts", format: "esm", target: "es2022" });
  return result.code;
}

export async function runTests(text: string, analysis: Analysis, fileName: string, options: TestRunnerOptions): Promise<TestRun> {
  const cases = testCases(analysis.model);
  if (cases.length === 0) return { results: [] };
  // `analysis` is the checked file (the caller has ruled out conflicts): compiled as `compileText` would.
  if (analysis.diagnostics.some((diagnostic) => diagnostic.severity === "error")) return { problem: "not run: the protocol has errors" };
  const compiled = emitTypeScript(analysis.model, text, { fileName, runtimeImport: options.runtimeUrl });
  let loaded: LoadedProtocol;
  try {
    const javascript = await (options.transform ?? esbuildTransform)(compiled.typescript);
    // The same module text gives the same URL, so an unchanged protocol is not loaded twice.
    loaded = (await import(`data:text/javascript;base64,${Buffer.from(javascript).toString("base64")}`)) as LoadedProtocol;
  } catch (cause) {
    return { problem: cause instanceof TestsUnavailable ? cause.message : `not run: the compiled protocol could not be loaded (${(cause as Error).message})` };
  }
  const results: TestResult[] = [];
  for (const { test, today, input } of cases) {
    const name = test.name.value;
    let decision: DecisionLike;
    try {
      decision = loaded.decide(input, { today });
    } catch (cause) {
      const message = (cause as Error).message.split("\n")[0] ?? "";
      results.push({ name, span: test.name.span, passed: false, summary: `could not decide: ${message}`, details: [(cause as Error).message] });
      continue;
    }
    const unmet = unmetExpectations(test, decision);
    if (unmet.length === 0) {
      results.push({ name, span: test.name.span, passed: true, summary: "passes", details: [`decided: ${describeDecision(decision)}`] });
    } else {
      const decided = `decided: ${describeDecision(decision)}`;
      results.push({ name, span: test.name.span, passed: false, summary: `${unmet.join("; ")}; ${decided}`, details: [...unmet, decided] });
    }
  }
  return { results };
}
