// Slow work, done in a worker thread so the server keeps answering while it runs: the search for
// conflicts, gaps and unreachable rules (@baton/core's `analyzeProtocol`, a few hundred
// milliseconds on a large protocol, far longer than parsing and checking), and running a protocol's
// tests. The worker is this same module, started again with `workerData.role` set. Each test run
// loads a compiled protocol as a module, which stays in memory for the worker's life, so the worker
// is replaced now and then. Where no worker can be started, the work is done on the main thread.
import { analyzeProtocol, analyzeText, type Diagnostic } from "@baton/core";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { runTests, type TestRun } from "./test-runner.js";

const workerRole = "baton-background";
/** Test runs a worker does before it is replaced, freeing the protocols it loaded. */
const testRunsPerWorker = 20;

type Job = { id: number; kind: "deep"; text: string } | { id: number; kind: "tests"; text: string; fileName: string; runtimeUrl: string };
type Reply = { id: number; diagnostics: Diagnostic[] } | { id: number; run: TestRun };

/** The diagnostics of the analysis alone (none when the file has errors, as `baton check` does). */
export function deepDiagnostics(text: string): Diagnostic[] {
  const analysis = analyzeText(text, { analysis: false });
  if (analysis.model.header === undefined || analysis.diagnostics.some((diagnostic) => diagnostic.severity === "error")) return [];
  return analyzeProtocol(analysis.model, text).diagnostics;
}

function testRun(text: string, fileName: string, runtimeUrl: string): Promise<TestRun> {
  return runTests(text, analyzeText(text, { analysis: false }), fileName, { runtimeUrl });
}

async function answer(job: Job): Promise<Reply> {
  if (job.kind === "deep") return { id: job.id, diagnostics: deepDiagnostics(job.text) };
  return { id: job.id, run: await testRun(job.text, job.fileName, job.runtimeUrl) };
}

export class BackgroundWork {
  private worker: Worker | undefined;
  private nextId = 0;
  private testRuns = 0;
  private readonly pending = new Map<number, { job: Job; resolve: (reply: Reply) => void }>();

  /** `moduleUrl`: this module's bundle, which the worker loads; undefined does the work in this thread. */
  constructor(private moduleUrl: URL | undefined) {}

  async deepDiagnostics(text: string): Promise<Diagnostic[]> {
    const reply = await this.send({ id: ++this.nextId, kind: "deep", text });
    return "diagnostics" in reply ? reply.diagnostics : [];
  }

  async runTests(text: string, fileName: string, runtimeUrl: string): Promise<TestRun> {
    const reply = await this.send({ id: ++this.nextId, kind: "tests", text, fileName, runtimeUrl });
    return "run" in reply ? reply.run : { problem: "not run: the tests could not be started" };
  }

  dispose(): void {
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
  }

  private send(job: Job): Promise<Reply> {
    const worker = this.ensureWorker();
    if (worker === undefined) return answer(job);
    if (job.kind === "tests") this.testRuns++;
    return new Promise((resolve) => {
      this.pending.set(job.id, { job, resolve });
      worker.postMessage(job);
    });
  }

  private ensureWorker(): Worker | undefined {
    if (this.worker !== undefined || this.moduleUrl === undefined) return this.worker;
    try {
      const worker = new Worker(this.moduleUrl, { workerData: { role: workerRole } });
      worker.unref();
      worker.on("message", (reply: Reply) => {
        const job = this.pending.get(reply.id);
        this.pending.delete(reply.id);
        job?.resolve(reply);
        if (this.testRuns >= testRunsPerWorker && this.pending.size === 0 && this.worker === worker) {
          this.testRuns = 0;
          this.dispose();
        }
      });
      // A worker that cannot start or dies: do what it was asked here, and stop using workers.
      const fail = () => {
        if (this.worker !== worker) return;
        this.worker = undefined;
        this.moduleUrl = undefined;
        for (const [id, { job, resolve }] of this.pending) {
          this.pending.delete(id);
          void answer(job).then(resolve);
        }
      };
      worker.on("error", fail);
      worker.on("exit", fail);
      this.worker = worker;
    } catch {
      this.moduleUrl = undefined;
    }
    return this.worker;
  }
}

// In the worker: answer each job.
if (!isMainThread && (workerData as { role?: string } | null)?.role === workerRole && parentPort !== null) {
  const port = parentPort;
  port.on("message", (job: Job) => {
    answer(job).then(
      (reply) => port.postMessage(reply),
      () => port.postMessage(job.kind === "deep" ? { id: job.id, diagnostics: [] } : { id: job.id, run: { problem: "not run: the tests failed to run" } }),
    );
  });
}
