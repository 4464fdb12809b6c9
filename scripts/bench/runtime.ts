// Execution off the request (SQLite; PostgreSQL figures are printed by the cluster suite): how fast a start
// answers while the model takes 2.5 s, how soon a worker picks up a decided run, and how soon a run whose worker
// died runs again after its lease expired.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { SqliteDb } from "@/lib/db";
import { Runtime } from "@/lib/runtime/runtime";
import { weatherWorkflow } from "@/tests/support/db-weather";
import { report } from "./stats";
import { measureStartAnswers } from "./support/start-answer";

const ITERATIONS = 60;

async function pickUp(dir: string): Promise<void> {
  const db = new SqliteDb({ dbFile: path.join(dir, "pickup.db") });
  const runtime = new Runtime(db, (name, store) => (name === "WeatherWorkflow" ? weatherWorkflow(store) : null), { concurrency: 4, leaseMs: 30_000, recoveryAttempts: 3, pollMs: 1000 });
  runtime.start();
  const workflow = weatherWorkflow(runtime.store);
  const times: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const paused = await workflow.run("What is the weather in Tokyo?");
    for (const step of paused.stepRequirements) for (const req of step.executorRequirements ?? []) req.confirm();
    let taken: () => void = () => undefined;
    const picked = new Promise<void>((resolve) => (taken = resolve));
    const stop = runtime.signals.onChanged(paused.runId, () => {
      void db.getRun(paused.runId).then((s) => s?.run.lease && taken());
    });
    const t0 = performance.now();
    await workflow.queueContinue(paused);
    await picked;
    times.push(performance.now() - t0);
    stop();
  }
  report("decision → a worker has the run (SQLite)", times.sort((a, b) => a - b), { p: 95, ms: 20 });
  await runtime.stop();
  await db.close();
}

async function leaseExpiry(dir: string): Promise<void> {
  const leaseMs = 2000;
  const db = new SqliteDb({ dbFile: path.join(dir, "lease.db") });
  const workflow = weatherWorkflow(db);
  const runtime = new Runtime(db, (name, store) => (name === "WeatherWorkflow" ? weatherWorkflow(store) : null), { concurrency: 4, leaseMs, recoveryAttempts: 100, pollMs: 1000 });
  runtime.start();
  const times: number[] = [];
  for (let i = 0; i < 10; i++) {
    const queued = await workflow.createRun("What is the weather in Tokyo?");
    // A worker that dies at once: it takes the run and never renews its lease.
    const expires = new Date(Date.now() + leaseMs);
    const taken = await db.leases().take(queued.runId, "dead-worker", expires, new Date());
    if (!taken) throw new Error("the bench could not take its own run");
    for (;;) {
      const stored = await db.getRun(queued.runId);
      if (stored?.run.lease && stored.run.lease.owner !== "dead-worker") break;
      if (stored && stored.run.status !== "running") break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    times.push(Date.now() - expires.getTime() + leaseMs);
  }
  report(`lease ${leaseMs} ms expires → running again (target < 2× the lease)`, times.sort((a, b) => a - b), { p: 95, ms: 2 * leaseMs });
  await runtime.stop();
  await db.close();
}

export async function run(): Promise<void> {
  if (process.env.BENCH_DB === "postgres") return;
  const dir = mkdtempSync(path.join(tmpdir(), "hitl-bench-runtime-"));
  try {
    await measureStartAnswers("SQLite", { DATABASE_FILE: path.join(dir, "start.db"), DATABASE_URL: undefined }, ITERATIONS);
    await pickUp(dir);
    await leaseExpiry(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
