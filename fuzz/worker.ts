// A worker thread of `pnpm fuzz`: runs the shards it is sent and reports progress. It writes each
// input's text to a buffer shared with the main thread, and counts inputs there, so that when an
// input makes it hang (no progress at all), the main thread can stop it and still show the input.
import { parentPort } from "node:worker_threads";
import { runShard, type ShardSpec } from "./shard.js";

export interface WorkerRequest {
  shard: ShardSpec;
  /** [0]: inputs started (a heartbeat), [1]: length in bytes of the input text that follows at byte 8. */
  shared: SharedArrayBuffer;
}

export type WorkerMessage =
  | { kind: "progress"; inputs: number }
  | { kind: "done"; result: Awaited<ReturnType<typeof runShard>> }
  | { kind: "error"; message: string };

const encoder = new TextEncoder();

parentPort!.on("message", async ({ shard, shared }: WorkerRequest) => {
  const header = new Int32Array(shared, 0, 2);
  const bytes = new Uint8Array(shared, 8);
  try {
    const result = await runShard(shard, {
      progressEvery: 50,
      onProgress: (inputs) => parentPort!.postMessage({ kind: "progress", inputs } satisfies WorkerMessage),
      onInput: (text) => {
        const { written } = encoder.encodeInto(text, bytes);
        Atomics.store(header, 1, written);
        Atomics.add(header, 0, 1);
      },
    });
    parentPort!.postMessage({ kind: "done", result } satisfies WorkerMessage);
  } catch (error) {
    parentPort!.postMessage({ kind: "error", message: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies WorkerMessage);
  }
});
