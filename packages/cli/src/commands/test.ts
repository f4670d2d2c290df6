// `baton test [FILE|FOLDER...] [--coverage]`: run every protocol's test blocks.
import { analyzeText, describeDecision, LineIndex, rulesDeciding, showHiddenCharacters, testCases, unmetExpectations, type DecisionLike } from "@baton/core";
import { parseArgs } from "node:util";
import type { Command } from "../command.js";
import { readSources } from "../files.js";
import { labelsOf, loadProtocol, loadRuntime } from "../load.js";
import { formatDiagnostic, plural, stylesFor } from "../report.js";

export const testHelp = `Usage: baton test [FILE|FOLDER...] [--coverage]

Runs every \`test\` block in the protocols (the current folder when none is named). Each failure
shows the test's place, what it expected, what was decided, and why; the last line is
\`N passed, N failed\`.

Options:
  --coverage   also list the rules that did not decide in any test
  -h, --help   show this help

Exit status: 0 every test passed, 1 a test failed or a protocol has errors, 2 bad usage or an
unreadable file.`;

export interface TestOptions {
  paths: string[];
  coverage: boolean;
}

export async function runTests(options: TestOptions): Promise<number> {
  const { sources, unreadable } = readSources(options.paths.length > 0 ? options.paths : ["."]);
  const styles = stylesFor(process.stdout);
  const runtime = await loadRuntime();
  let passed = 0;
  let failed = 0;
  for (const source of sources) {
    const lines = new LineIndex(source.text);
    const analysis = analyzeText(source.text);
    const cases = testCases(analysis.model);
    const result = await loadProtocol(source.text, source.path);
    if (!result.loaded) {
      for (const diagnostic of result.diagnostics.filter((d) => d.severity === "error")) {
        process.stdout.write(`${formatDiagnostic(source.path, source.text, lines, diagnostic, styles)}\n\n`);
      }
      process.stdout.write(`${source.path}: ${plural(cases.length, "test")} not run, because the protocol has errors.\n`);
      failed += Math.max(1, cases.length);
      continue;
    }
    const { loaded } = result;
    const decisions: DecisionLike[] = [];
    let filePassed = 0;
    for (const { test, today, input } of cases) {
      const where = lines.positionAt(test.span.start);
      const place = `${source.path}:${where.line}:${where.column}`;
      let decision;
      try {
        decision = loaded.decide(input, { today });
      } catch (cause) {
        failed++;
        process.stdout.write(`${styles.error("FAIL")} ${place} test "${test.name.value}"\n  could not decide: ${(cause as Error).message.replace(/\n/g, "\n  ")}\n\n`);
        continue;
      }
      decisions.push(decision);
      const unmet = unmetExpectations(test, decision);
      if (unmet.length === 0) {
        filePassed++;
        continue;
      }
      failed++;
      const why = showHiddenCharacters(runtime.explain(decision, labelsOf(loaded.protocol))).replace(/\n/g, "\n    ");
      process.stdout.write(
        `${styles.error("FAIL")} ${place} test "${test.name.value}"\n` +
          unmet.map((line) => `  ${line}\n`).join("") +
          `  but decided: ${describeDecision(decision)}\n` +
          `  why:\n    ${why}\n\n`,
      );
    }
    passed += filePassed;
    process.stdout.write(`${source.path}: ${filePassed} of ${plural(cases.length, "test")} passed.\n`);
    if (options.coverage) {
      const decided = rulesDeciding(decisions);
      const uncovered = [...analysis.model.rules.values()].filter((rule) => !decided.has(rule.name.value));
      if (uncovered.length === 0) {
        process.stdout.write(`  coverage: every rule (${analysis.model.rules.size}) decided in at least one test.\n`);
      } else {
        process.stdout.write(`  coverage: ${uncovered.length} of ${plural(analysis.model.rules.size, "rule")} never decided in a test:\n`);
        for (const rule of uncovered) {
          const at = lines.positionAt(rule.span.start);
          process.stdout.write(`    ${source.path}:${at.line}:${at.column}: "${rule.name.value}"\n`);
        }
      }
    }
  }
  process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
  if (unreadable > 0) return 2;
  return failed > 0 ? 1 : 0;
}

export const testCommand: Command = {
  name: "test",
  synopsis: "test [FILE|FOLDER...] [--coverage]",
  summary: "run the protocols' test blocks",
  help: testHelp,
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { coverage: { type: "boolean", default: false }, help: { type: "boolean", short: "h" } },
    });
    return runTests({ paths: positionals, coverage: values.coverage ?? false });
  },
};
