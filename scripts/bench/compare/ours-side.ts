// Our side of `npm run bench:compare`: the same shapes as langgraph-side.mjs, printed as one JSON line.
// Per step of a 10-step linear workflow (InMemoryStore; SqliteDb on a WAL file), the weather cycle on SQLite
// as two requests would do it (the pause in one; in the other a fresh SqliteDb on the same file, a fresh
// Workflow and the tool defined anew, load → confirm → continue → completed), and the bytes stored per run.
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { SqliteDb } from "@/lib/db";
import { InMemoryStore, Step, Workflow, type Store } from "@/lib/engine";
import { weatherWorkflow } from "@/tests/support/db-weather";

const num = (key: string, fallback: number) => (process.env[key] ? Number(process.env[key]) : fallback);
const STEP_N = num("STEP_N", 1000);
const STEP_WARM = num("STEP_WARM", 100);
const CYCLE_N = num("CYCLE_N", 500);
const CYCLE_WARM = num("CYCLE_WARM", 50);
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

/** Milliseconds of each 10-step run, after the warm-up. */
async function steps(flow: Workflow): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < STEP_WARM + STEP_N; i++) {
    const t0 = performance.now();
    const out = await flow.run("go");
    const t = performance.now() - t0;
    if (out.status !== "completed" || out.stepResults.length !== STEPS) fail(`a 10-step run ended ${out.status} after ${out.stepResults.length} steps`);
    if (i >= STEP_WARM) ms.push(t);
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

async function cycle(file: string): Promise<number[]> {
  const first = new SqliteDb({ dbFile: file });
  const ms: number[] = [];
  try {
    for (let i = 0; i < CYCLE_WARM + CYCLE_N; i++) {
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
      if (i >= CYCLE_WARM) ms.push(t);
    }
  } finally {
    await first.close();
  }
  return ms;
}

const dir = mkdtempSync(join(tmpdir(), "compare-ours-"));
try {
  const stepMemoryMs = await steps(linear(new InMemoryStore()));
  const stepsDb = new SqliteDb({ dbFile: join(dir, "steps.db") });
  const stepSqliteMs = await steps(linear(stepsDb));
  await stepsDb.close();

  const file = join(dir, "cycle.db");
  const empty = new SqliteDb({ dbFile: file });
  await empty.listRuns({ limit: 1 }); // creates and migrates the file
  await empty.close();
  const emptyBytes = fileBytes(file);
  const cycleSqliteMs = await cycle(file);
  const storage = { runs: CYCLE_WARM + CYCLE_N, bytes: fileBytes(file), emptyBytes };
  process.stdout.write(`${JSON.stringify({ side: "ours", stepMemoryMs, stepSqliteMs, cycleSqliteMs, storage })}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exit(0);
