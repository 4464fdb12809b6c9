// Execution off the request on PostgreSQL (Graphile Worker dispatch, LISTEN/NOTIFY signals), on a fresh database
// of TEST_DATABASE_URL / DATABASE_URL / the local server: how fast a start answers while the model takes 2.5 s, how
// soon a worker on another instance picks up a decided run, how soon a run whose worker died runs again after its
// lease expired, and runs per second (offline model) with one worker process against three. Printed, not asserted.
import { runMigrations } from "graphile-worker";
import pg from "pg";
import { PostgresDb } from "@/lib/db";
import { EXECUTE_RUN, queueRunStatement } from "@/lib/runtime/job-queue";
import { Runtime } from "@/lib/runtime/runtime";
import { weatherWorkflow as catalogWeather } from "@/lib/workflows/weather";
import { weatherWorkflow } from "@/tests/support/db-weather";
import { createPgDatabase } from "@/tests/support/db-targets";
import { report } from "./stats";
import { reachablePostgres } from "./support/postgres-server";
import { stopWorkerProcesses, workerProcess, type WorkerProcess } from "./support/worker-processes";
import { measureStartAnswers } from "./support/start-answer";

const ITERATIONS = 60;
const settings = { concurrency: 4, leaseMs: 30_000, recoveryAttempts: 3, pollMs: 1000 };

async function pickUp(url: string): Promise<void> {
  const webDb = new PostgresDb({ url });
  const web = new Runtime(webDb, () => null, { ...settings, concurrency: 0 });
  const workerDb = new PostgresDb({ url });
  let resolved: () => void = () => undefined;
  // The worker resolves the workflow right after it took the run (lease written, run loaded).
  const worker = new Runtime(workerDb, (name, store) => {
    resolved();
    return name === "WeatherWorkflow" ? weatherWorkflow(store) : null;
  }, settings);
  web.start();
  worker.start();
  await Promise.all([web.ready(), worker.ready()]);
  const workflow = weatherWorkflow(web.store);
  const times: number[] = [];
  for (let i = 0; i < ITERATIONS + 5; i++) {
    const paused = await workflow.run("What is the weather in Tokyo?");
    for (const step of paused.stepRequirements) for (const req of step.executorRequirements ?? []) req.confirm();
    const picked = new Promise<void>((resolve) => (resolved = resolve));
    const t0 = performance.now();
    await workflow.queueContinue(paused);
    await picked;
    if (i >= 5) times.push(performance.now() - t0);
    // Let the run finish before the next decision, so each pick-up finds an idle worker.
    await new Promise<void>((resolve) => {
      const check = () => void webDb.getRun(paused.runId).then((s) => (s?.run.status === "completed" ? resolve() : setTimeout(check, 2)));
      check();
    });
  }
  report("decision → a worker on another instance has the run (PostgreSQL)", times.sort((a, b) => a - b), { p: 95, ms: 50 });
  await Promise.all([web.stop(), worker.stop()]);
  await Promise.all([webDb.close(), workerDb.close()]);
}

async function leaseExpiry(url: string): Promise<void> {
  const leaseMs = 2000;
  const db = new PostgresDb({ url });
  // The dead worker's handle queues no job with the runs it stores: only the recovery of expired leases finds them.
  const dead = new PostgresDb({ url });
  const workflow = weatherWorkflow(dead);
  const runtime = new Runtime(db, (name, store) => (name === "WeatherWorkflow" ? weatherWorkflow(store) : null), { ...settings, leaseMs, recoveryAttempts: 100 });
  runtime.start();
  await runtime.ready();
  const times: number[] = [];
  for (let i = 0; i < 10; i++) {
    // A worker that dies at once: it takes the run before any worker and never renews its lease.
    const queued = await workflow.createRun("What is the weather in Tokyo?");
    const expires = new Date(Date.now() + leaseMs);
    const taken = await dead.leases().take(queued.runId, "dead-worker", expires, new Date());
    if (!taken) {
      // The queue was faster than the bench: try again with the next run.
      i--;
      continue;
    }
    for (;;) {
      const stored = await db.getRun(queued.runId);
      if (stored?.run.lease && stored.run.lease.owner !== "dead-worker") break;
      if (stored && stored.run.status !== "running") break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    times.push(Date.now() - expires.getTime() + leaseMs);
  }
  report(`lease ${leaseMs} ms expires → running again (PostgreSQL, target < 2× the lease)`, times.sort((a, b) => a - b), { p: 95, ms: 2 * leaseMs });
  await runtime.stop();
  await db.close();
  await dead.close();
}


/**
 * Runs per second from queued to paused (the weather workflow's first execution, offline model). The runs are
 * stored with their jobs held back an hour; once the worker processes are ready the jobs are released in one
 * statement, so the figure is the workers' pace, not the pace of the loop that stores the runs.
 */
async function throughput(server: string, processes: number): Promise<number> {
  const RUNS = 300;
  const database = await createPgDatabase(server);
  const db = new PostgresDb({ url: database.url });
  const workers: WorkerProcess[] = [];
  const client = new pg.Client({ connectionString: database.url });
  try {
    await db.open();
    await runMigrations({ connectionString: database.url });
    db.queueRunsWith(queueRunStatement);
    const workflow = catalogWeather.create(db);
    for (let i = 0; i < RUNS; i++) await workflow.createRun("What is the weather in Oslo?");
    await client.connect();
    await client.query(`UPDATE graphile_worker._private_jobs SET run_at = now() + interval '1 hour'`);
    for (let i = 0; i < processes; i++) workers.push(workerProcess(database.url));
    await Promise.all(workers.map((w) => w.ready));
    const t0 = performance.now();
    await client.query(`UPDATE graphile_worker._private_jobs SET run_at = now() WHERE task_id = (SELECT id FROM graphile_worker._private_tasks WHERE identifier = '${EXECUTE_RUN}')`);
    await client.query(`SELECT pg_notify('jobs:insert', '{"count":${RUNS}}')`);
    for (;;) {
      const { rows } = await client.query(`SELECT count(*)::int AS n FROM runs WHERE status = 'paused'`);
      if ((rows[0] as { n: number }).n >= RUNS) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return RUNS / ((performance.now() - t0) / 1000);
  } finally {
    await client.end().catch(() => undefined);
    await stopWorkerProcesses(workers);
    await db.close();
    await database.drop();
  }
}

export async function run(): Promise<void> {
  if (process.env.BENCH_DB === "sqlite") return;
  const server = await reachablePostgres("cluster");
  if (!server) return;
  const database = await createPgDatabase(server);
  try {
    await measureStartAnswers("PostgreSQL", { DATABASE_URL: database.url }, ITERATIONS);
    await pickUp(database.url);
    await leaseExpiry(database.url);
  } finally {
    await database.drop();
  }
  const one = await throughput(server, 1);
  const three = await throughput(server, 3);
  console.log(`runs per second, queued → paused, offline model (PostgreSQL): 1 worker process ${one.toFixed(1)}/s, 3 processes ${three.toFixed(1)}/s (×${(three / one).toFixed(2)}, target ≥ 2.5×)`);
}
