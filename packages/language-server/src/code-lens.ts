// A code lens above each `test`: runs the protocol's tests and shows whether this one passes, and
// if not, what it expected and what was decided. Clicking it runs the tests again.
import type { Diagnostic } from "@baton/core";
import type { CodeLens } from "vscode-languageserver";
import { TextDocument } from "vscode-languageserver-textdocument";
import { fileNameOf, toRange, type AnalysedDocument } from "./documents.js";
import type { BackgroundWork } from "./background.js";
import type { TestRun } from "./test-runner.js";

export const runTestsCommand = "baton.runTests";

/** Test results per document version, so scrolling or asking twice does not run the tests again. */
export class TestLenses {
  private readonly runs = new Map<string, { version: number; run: Promise<TestRun> }>();

  constructor(
    private readonly background: BackgroundWork,
    /** The runtime module compiled protocols import. */
    private readonly runtimeUrl: string,
    /** The conflicts and gaps found in the current version: tests do not run while it has errors. */
    private readonly deepFindings: (uri: string) => Promise<Diagnostic[] | undefined>,
  ) {}

  async lenses(entry: AnalysedDocument): Promise<CodeLens[]> {
    if (entry.analysis.model.tests.length === 0) return [];
    const uri = entry.document.uri;
    let cached = this.runs.get(uri);
    if (cached === undefined || cached.version !== entry.version) {
      cached = { version: entry.version, run: this.run(entry) };
      this.runs.set(uri, cached);
    }
    const run = await cached.run;
    // The document may have changed while the tests ran: place the lenses in the text they ran on.
    const document = entry.document.version === entry.version ? entry.document : TextDocument.create(entry.document.uri, "baton", entry.version, entry.text);
    const command = (title: string) => ({ title, command: runTestsCommand, arguments: [uri] });
    if ("problem" in run) {
      return entry.analysis.model.tests.map((test) => ({ range: toRange(document, test.name.span), command: command(`▶ Tests ${run.problem}`) }));
    }
    return run.results.map((result) => ({
      range: toRange(document, result.span),
      command: command(result.passed ? "✓ passes" : `✗ fails: ${result.summary}`),
    }));
  }

  private async run(entry: AnalysedDocument): Promise<TestRun> {
    const hasErrors = (diagnostics: readonly Diagnostic[] | undefined) => diagnostics?.some((diagnostic) => diagnostic.severity === "error") === true;
    // As `baton test`: not while the protocol has errors, conflicts between rules included.
    if (hasErrors(entry.analysis.diagnostics) || hasErrors(await this.deepFindings(entry.document.uri))) return { problem: "not run: the protocol has errors" };
    return this.background.runTests(entry.text, fileNameOf(entry.document.uri), this.runtimeUrl);
  }

  /** Forgets the results of `uri`, so the next request runs the tests again. */
  forget(uri: string): void {
    this.runs.delete(uri);
  }
}
