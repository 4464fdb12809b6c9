// Our side of `npm run bench:compare`: the same shapes as langgraph-side.mjs, measured in batches that
// scripts/bench-compare.ts asks for over stdin (one JSON request a line, one JSON answer a line; see protocol.ts).
// Per step of a 10-step linear workflow (InMemoryStore; SqliteDb on a WAL file), the weather cycle on SQLite
// as two requests would do it (the pause in one; in the other a fresh SqliteDb on the same file, a fresh
// Workflow and the tool defined anew, load → confirm → continue → completed), and the bytes stored per run.
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import Database from "better-sqlite3";
import { SqliteDb } from "@/lib/db";
import { InMemoryStore, Step, Workflow, type Store } from "@/lib/engine";
import { weatherWorkflow } from "@/tests/support/db-weather";
import { SideRequest, type SideAnswer } from "./protocol";

const STEPS = 10;

function fail(message: string): never {
  throw new Error(`our side: ${message}`);
}

function linear(db: Store): Workflow {
  return new Workflow({
    name: "TenSteps",
    db,
    steps: Array.from({ length: STEPS }, (_, i) => new Step({ name: `n${i}`, executor: () => `n${i}` })),
  });
}

/** Milliseconds of each of `n` 10-step runs. */
async function steps(flow: Workflow, n: number): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const out = await flow.run("go");
    const t = performance.now() - t0;
    if (out.status !== "completed" || out.stepResults.length !== STEPS) fail(`a 10-step run ended ${out.status} after ${out.stepResults.length} steps`);
    ms.push(t);
  }
  return ms;
}

/** Bytes of the database file and its WAL after a checkpoint (with every handle on it closed). */
function fileBytes(file: string): number {
  const db = new Database(file);
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
  return statSync(file).size + (existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0);
}

/** A request's Workflow: built anew with its tool, as a handler that defines its tools per request would. */
const perRequest = (db: Store) => weatherWorkflow(db, () => undefined);

/** Milliseconds of each of `n` pause → resume cycles; `first` is the handle the pausing request keeps. */
async function cycle(first: SqliteDb, file: string, n: number): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const paused = await perRequest(first).run("What is the weather in Tokyo?");
    const db = new SqliteDb({ dbFile: file });
    let status: string;
    try {
      const loaded = await perRequest(db).getRun(paused.runId);
      if (!loaded) fail("the paused run was not found by a fresh handle");
      for (const step of loaded.stepRequirements) for (const req of step.executorRequirements ?? []) req.confirm();
      status = (await perRequest(db).continueRun(loaded)).status;
    } finally {
      await db.close();
    }
    const t = performance.now() - t0;
    if (paused.status !== "paused") fail(`the weather run ended ${paused.status} instead of pausing`);
    if (status !== "completed") fail(`the continued run ended ${status}`);
    ms.push(t);
  }
  return ms;
}

const dir = mkdtempSync(join(tmpdir(), "compare-ours-"));
const memory = linear(new InMemoryStore());
const stepsDb = new SqliteDb({ dbFile: join(dir, "steps.db") });
const persisted = linear(stepsDb);
const file = join(dir, "cycle.db");
const empty = new SqliteDb({ dbFile: file });
await empty.listRuns({ limit: 1 }); // creates and migrates the file
await empty.close();
const emptyBytes = fileBytes(file);
const first = new SqliteDb({ dbFile: file });
let cycles = 0;

const answer = (a: SideAnswer) => process.stdout.write(`${JSON.stringify(a)}\n`);
try {
  answer({ ready: "ours" });
  for await (const line of createInterface({ input: process.stdin })) {
    const req = SideRequest.parse(JSON.parse(line));
    if (req.op === "finish") break;
    if (req.shape === "stepMemory") answer({ ms: await steps(memory, req.n) });
    else if (req.shape === "stepSqlite") answer({ ms: await steps(persisted, req.n) });
    else {
      cycles += req.n;
      answer({ ms: await cycle(first, file, req.n) });
    }
  }
  await stepsDb.close();
  await first.close();
  answer({ storage: { runs: cycles, bytes: fileBytes(file), emptyBytes } });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exit(0);
