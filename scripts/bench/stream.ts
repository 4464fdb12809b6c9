// The run page's live view (SQLite): how soon an event a worker writes reaches an open event stream. The stream
// sleeps on the process's RunSignals, not on a timer; its 2 s safety poll would show here as seconds.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { SqliteDb } from "@/lib/db";
import { Runtime } from "@/lib/runtime/runtime";
import { runEventStream } from "@/lib/server/run-event-stream";
import { weatherWorkflow } from "@/tests/support/db-weather";
import { report } from "./stats";

const ITERATIONS = 100;

export async function run(): Promise<void> {
  if (process.env.BENCH_DB === "postgres") return;
  const dir = mkdtempSync(path.join(tmpdir(), "hitl-bench-stream-"));
  const db = new SqliteDb({ dbFile: path.join(dir, "stream.db") });
  // No workers: the bench plays the worker, writing through the signalling store as one does.
  const runtime = new Runtime(db, () => null, { concurrency: 0, leaseMs: 30_000, recoveryAttempts: 3, pollMs: 1000 });
  try {
    const queued = await weatherWorkflow(db).createRun("What is the weather in Tokyo?");
    const stored = await db.getRun(queued.runId);
    if (!stored) throw new Error("the bench's run was not stored");
    const version = await db.updateRun({ ...stored.run, status: "running" }, { expectedVersion: stored.version });
    const abort = new AbortController();
    const stream = await runEventStream(db, runtime.signals, queued.runId, { afterSeq: 0, signal: abort.signal });
    const reader = stream.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    const nextMessage = async (): Promise<string> => {
      for (;;) {
        const end = buffer.indexOf("\n\n");
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (!block.startsWith(":")) return block;
          continue;
        }
        const chunk = await reader.read();
        if (chunk.done) throw new Error("the stream ended");
        buffer += decoder.decode(chunk.value);
      }
    };
    for (const _ of await db.listEvents(queued.runId)) await nextMessage();

    const times: number[] = [];
    for (let i = 0; i < ITERATIONS; i++) {
      const t0 = performance.now();
      await runtime.store.appendEvents(queued.runId, [{ event: "StepStarted", runId: queued.runId, createdAt: new Date().toISOString(), stepName: `s${i}` }], {
        expectedVersion: version,
      });
      const block = await nextMessage();
      times.push(performance.now() - t0);
      if (!block.includes(`"s${i}"`)) throw new Error(`the stream sent ${block} instead of step s${i}`);
    }
    report("event written → on an open stream (SQLite, target < 100 ms)", times.sort((a, b) => a - b), { p: 95, ms: 100 });
    abort.abort();
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
