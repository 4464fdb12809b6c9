// Persistence figures for SqliteDb (a WAL file in a temp folder) and PostgresDb (a fresh database on
// TEST_DATABASE_URL / DATABASE_URL / postgresql://postgres@127.0.0.1:5432/test, dropped afterwards):
// one persisted step, the weather workflow's pause → load elsewhere → continue cycle, and the app's
// inbox and history queries with 100,000 runs loaded. BENCH_DB=sqlite or BENCH_DB=postgres runs only that one.
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { PostgresDb, SqliteDb } from "@/lib/db";
import { Step, Workflow, type WorkflowEventJSON, type WorkflowRunJSON } from "@/lib/engine";
import { seededRun } from "@/tests/support/db-seed";
import { weatherWorkflow } from "@/tests/support/db-weather";
import { measure, report } from "./stats";
import { reachablePostgres } from "./support/postgres-server";

type Db = SqliteDb | PostgresDb;
const LOADED_RUNS = 100_000;

function tenSteps(db: Db): Workflow {
  return new Workflow({
    name: "TenSteps",
    db,
    steps: Array.from({ length: 10 }, (_, i) => new Step({ name: `step_${i + 1}`, executor: (input) => `${i + 1}:${String(input.previousStepContent ?? input.input).length}` })),
  });
}

/** A running weather run as the engine saves it after a step, with that step's two events. */
function stepSnapshot(): { run: WorkflowRunJSON; events: WorkflowEventJSON[] } {
  const run = seededRun(LOADED_RUNS + 1);
  Object.assign(run, { runId: randomUUID(), sessionId: randomUUID(), status: "running", isPaused: false, owner: { pid: process.pid, host: "bench", since: run.createdAt } });
  run.resumeState = { v: 1, root: { index: 1, outputs: ["It is 70 degrees and cloudy in Tokyo"] } };
  const at = new Date().toISOString();
  const events: WorkflowEventJSON[] = [
    { event: "StepStarted", runId: run.runId, createdAt: at, stepName: "get_weather" },
    { event: "StepCompleted", runId: run.runId, createdAt: at, stepName: "get_weather", content: "It is 70 degrees" },
  ];
  return { run, events };
}

async function figures(label: string, db: Db, targets: boolean): Promise<void> {
  const { run: step, events } = stepSnapshot();
  let version = await db.insertRun(step, []);
  const persisted = await measure(3000, async () => {
    step.updatedAt = new Date().toISOString();
    version = await db.updateRun(step, { expectedVersion: version, events });
  }, 300);
  report(`${label}: persisted step (updateRun, 2 events)`, persisted, targets ? { p: 50, ms: 0.07 } : undefined);

  // What the journal adds: one entry (a model answer or a tool result) recorded, fenced by the run's version.
  let entry = 0;
  const journaled = await measure(3000, async () => {
    const key = `step/get_weather/attempt%3A0/turn%3A${++entry}`;
    await db.writeJournal(step.runId, { kind: "model", key, at: new Date().toISOString(), response: { content: "It is 70 degrees", toolCalls: [] } }, { expectedVersion: version });
  }, 300);
  report(`${label}: one journal entry (writeJournal)`, journaled);

  const ten = tenSteps(db);
  const tenRuns = await measure(500, async () => {
    if ((await ten.run("What is the weather in Tokyo?")).status !== "completed") throw new Error("10-step run did not complete");
  }, 50);
  report(`${label}: 10-step workflow, per step (run / 10)`, tenRuns.map((ms) => ms / 10));

  const wf = weatherWorkflow(db);
  const cycle = await measure(2000, async () => {
    const paused = await wf.run("What is the weather in Tokyo?");
    const loaded = await weatherWorkflow(db).getRun(paused.runId);
    if (!loaded) throw new Error("paused run not found");
    for (const stepReq of loaded.stepRequirements) for (const req of stepReq.executorRequirements ?? []) req.confirm();
    const done = await weatherWorkflow(db).continueRun(loaded);
    if (done.status !== "completed") throw new Error(`weather cycle ended ${done.status}`);
  }, 200);
  report(`${label}: weather pause → persist → load in a fresh Workflow → continue → completed`, cycle, targets ? { p: 50, ms: 0.9 } : undefined);

  // The same cycle with the tool itself defined anew for each Workflow (zod schema and its JSON schema built
  // twice per cycle), which the app never does: it shows what defining tools per request would cost.
  const perLoadTool = () => weatherWorkflow(db, () => undefined);
  const rebuilt = await measure(2000, async () => {
    const paused = await perLoadTool().run("What is the weather in Tokyo?");
    const loaded = await perLoadTool().getRun(paused.runId);
    if (!loaded) throw new Error("paused run not found");
    for (const stepReq of loaded.stepRequirements) for (const req of stepReq.executorRequirements ?? []) req.confirm();
    if ((await perLoadTool().continueRun(loaded)).status !== "completed") throw new Error("weather cycle did not complete");
  }, 200);
  report(`${label}: the same cycle, the tool also defined anew per Workflow`, rebuilt);

  const t0 = performance.now();
  for (let start = 0; start < LOADED_RUNS; start += 5000) {
    await db.importRuns(Array.from({ length: 5000 }, (_, i) => seededRun(start + i)));
  }
  console.log(`${label}: loaded ${LOADED_RUNS.toLocaleString("en")} runs in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const firstPage = await db.listPendingRequirements({ limit: 50 });
  report(`${label}: inbox, first page of 50`, await measure(300, async () => void (await db.listPendingRequirements({ limit: 50 }))), targets ? { p: 95, ms: 5 } : undefined);
  report(
    `${label}: inbox, next page by cursor`,
    await measure(300, async () => void (await db.listPendingRequirements({ limit: 50, cursor: firstPage.nextCursor ?? undefined }))),
    targets ? { p: 95, ms: 5 } : undefined,
  );
  report(`${label}: inbox filtered by workflow`, await measure(300, async () => void (await db.listPendingRequirements({ workflowName: "ReportWorkflow", limit: 50 }))), targets ? { p: 95, ms: 5 } : undefined);
  report(`${label}: history, first page of 50`, await measure(300, async () => void (await db.listRuns({ limit: 50 }))));
  report(`${label}: history by status`, await measure(300, async () => void (await db.listRuns({ status: "error", limit: 50 }))));
  report(`${label}: history text search ("oslo")`, await measure(100, async () => void (await db.listRuns({ q: "oslo", limit: 50 }))));
  report(`${label}: run with requirements (getRun)`, await measure(1000, async () => void (await db.getRun("run-0050001"))));
}

export async function run(): Promise<void> {
  const only = process.env.BENCH_DB;
  if (only !== undefined && only !== "sqlite" && only !== "postgres") throw new Error(`BENCH_DB must be sqlite or postgres, not ${only}`);
  if (only !== "postgres") await sqliteFigures();
  if (only !== "sqlite") await postgresFigures();
}

async function sqliteFigures(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "hitl-bench-"));
  const sqlite = new SqliteDb({ dbFile: join(dir, "bench.db") });
  try {
    await figures("SqliteDb", sqlite, true);
  } finally {
    await sqlite.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function postgresFigures(): Promise<void> {
  const server = await reachablePostgres("PostgresDb");
  if (!server) return;
  const name = `hitl_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  const postgres = new PostgresDb({ url: url.toString() });
  try {
    await figures("PostgresDb", postgres, false);
  } finally {
    await postgres.close();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}
