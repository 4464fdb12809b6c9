// What one run costs with 1 worker process and with 3 (npm run bench -- cluster-counts; COUNT_RUNS, default 300,
// COUNT_PROCESSES, default "1,3", WARM warm-up runs per process, default 0):
// the cluster bench's throughput set-up, with each worker process counting its SQL statements, notifications and
// CPU (support/count-sql.cjs), and PostgreSQL's own counters (pg_stat_database, pg_stat_user_tables, backend CPU).
// Counted, not timed: the figures do not depend on how loaded the machine is.
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { runMigrations } from "graphile-worker";
import pg from "pg";
import { z } from "zod";
import { PostgresDb } from "@/lib/db";
import { EXECUTE_RUN, queueRunStatement } from "@/lib/runtime/job-queue";
import { weatherWorkflow as catalogWeather } from "@/lib/workflows/weather";
import { createPgDatabase } from "@/tests/support/db-targets";
import { reachablePostgres } from "./support/postgres-server";
import { stopWorkerProcesses, workerProcess, type WorkerProcess } from "./support/worker-processes";

const TICKS = 100;
const snapshot = z.object({ pid: z.number(), cpuMs: z.number(), counts: z.record(z.string(), z.number()) });
type Counts = Record<string, number>;

function add(into: Counts, from: Counts, sign = 1): void {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + sign * v;
}

/** CPU ms of a pid from /proc (utime + stime), 0 once it is gone. */
function procCpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").replace(/^.*\) /, "").split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS;
  } catch {
    return 0;
  }
}

function descendants(root: number): number[] {
  const parent = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ppid = Number(readFileSync(`/proc/${entry}/stat`, "utf8").replace(/^.*\) /, "").split(" ")[1]);
      parent.set(Number(entry), ppid);
    } catch {
      /* gone */
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const [pid, pp] of parent) if (pp === p) (out.push(pid), walk(pid));
  };
  walk(root);
  return out;
}


const statsSql = `SELECT xact_commit, xact_rollback, tup_returned, tup_fetched, tup_inserted, tup_updated, tup_deleted FROM pg_stat_database WHERE datname = current_database()`;
const tablesSql = `SELECT schemaname || '.' || relname AS t, n_tup_ins, n_tup_upd, n_tup_del, seq_scan, seq_tup_read, idx_scan, idx_tup_fetch FROM pg_stat_user_tables`;

async function pgCounters(client: pg.Client): Promise<Counts> {
  await client.query(`SELECT pg_stat_clear_snapshot()`);
  const out: Counts = {};
  const { rows } = await client.query(statsSql);
  for (const [k, v] of Object.entries(rows[0] as Record<string, string>)) out[`pg ${k}`] = Number(v);
  for (const row of (await client.query(tablesSql)).rows as Record<string, string>[]) {
    for (const k of ["n_tup_ins", "n_tup_upd", "n_tup_del", "seq_scan", "seq_tup_read", "idx_scan", "idx_tup_fetch"]) if (Number(row[k])) out[`table ${row.t} ${k}`] = Number(row[k]);
  }
  return out;
}

async function backendPids(client: pg.Client): Promise<number[]> {
  const { rows } = await client.query(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`);
  return (rows as { pid: number }[]).map((r) => r.pid);
}

/** Releases held jobs of up to `limit` runs and waits until `paused` runs are paused (polled every 100 ms, counted). */
async function release(client: pg.Client, limit: number, paused: number): Promise<number> {
  await client.query(`UPDATE graphile_worker._private_jobs SET run_at = now() WHERE id IN (SELECT id FROM graphile_worker._private_jobs WHERE task_id = (SELECT id FROM graphile_worker._private_tasks WHERE identifier = '${EXECUTE_RUN}') AND run_at > now() ORDER BY id LIMIT ${limit})`);
  await client.query(`SELECT pg_notify('jobs:insert', '{"count":${limit}}')`);
  let polls = 0;
  for (;;) {
    polls++;
    const { rows } = await client.query(`SELECT count(*)::int AS n FROM runs WHERE status = 'paused'`);
    if ((rows[0] as { n: number }).n >= paused) return polls;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function measure(server: string, runs: number, processes: number, warm: number): Promise<{ perRun: Counts; perProcess: Counts[]; seconds: number }> {
  const database = await createPgDatabase(server);
  const db = new PostgresDb({ url: database.url });
  const dir = mkdtempSync(path.join(tmpdir(), "i10-counts-"));
  const workers: WorkerProcess[] = [];
  const client = new pg.Client({ connectionString: database.url });
  try {
    await db.open();
    await runMigrations({ connectionString: database.url });
    db.queueRunsWith(queueRunStatement);
    const workflow = catalogWeather.create(db);
    for (let i = 0; i < runs + warm * processes; i++) await workflow.createRun("What is the weather in Oslo?");
    await client.connect();
    await client.query(`UPDATE graphile_worker._private_jobs SET run_at = now() + interval '1 hour'`);
    for (let i = 0; i < processes; i++) workers.push(workerProcess(database.url, { COUNT_SQL_DIR: dir, NODE_OPTIONS: `--require ${path.resolve("scripts/bench/support/count-sql.cjs")}` }));
    await Promise.all(workers.map((w) => w.ready));
    // Each process executes `warm` runs first (JIT, Prisma's query compiler), outside the window counted.
    if (warm > 0) await release(client, warm * processes, warm * processes);
    // PostgreSQL's statistics reach pg_stat_* up to a second after a transaction.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const nodes = workers.flatMap((w) => descendants(w.child.pid ?? 0).filter((pid) => /worker\.ts/.test(readFileSync(`/proc/${pid}/cmdline`, "utf8"))));
    const backends = await backendPids(client);
    const mark = async () => {
      for (const pid of nodes) process.kill(pid, "SIGUSR2");
      await new Promise((resolve) => setTimeout(resolve, 300));
    };
    const backendCpu0 = new Map(backends.map((p) => [p, procCpuMs(p)]));
    const pg0 = await pgCounters(client);
    await mark();
    const t0 = performance.now();
    const polls = await release(client, runs, runs + warm * processes);
    const seconds = (performance.now() - t0) / 1000;
    await mark();
    let backendCpu = 0;
    for (const p of await backendPids(client)) backendCpu += procCpuMs(p) - (backendCpu0.get(p) ?? 0);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const pg1 = await pgCounters(client);
    const perRun: Counts = {};
    add(perRun, pg1);
    add(perRun, pg0, -1);
    perRun["cpu postgres backends ms"] = backendCpu;
    perRun["bench polls (1 xact, ~runs tuples each)"] = polls;
    const perProcess: Counts[] = [];
    for (const pid of nodes) {
      const [a, b] = [0, 1].map((n) => snapshot.parse(JSON.parse(readFileSync(path.join(dir, `${pid}-${n}.json`), "utf8"))));
      const diff: Counts = {};
      add(diff, b.counts);
      add(diff, a.counts, -1);
      diff["cpu ms"] = b.cpuMs - a.cpuMs;
      perProcess.push(diff);
      add(perRun, diff);
    }
    for (const k of Object.keys(perRun)) perRun[k] = perRun[k] / runs;
    return { perRun, perProcess, seconds };
  } finally {
    await client.end().catch(() => undefined);
    await stopWorkerProcesses(workers);
    await db.close();
    await database.drop();
  }
}

export async function run(): Promise<void> {
  const server = await reachablePostgres("cluster-counts");
  if (!server) return;
  const runs = Number(process.env.COUNT_RUNS ?? 300);
  const warm = Number(process.env.WARM ?? 0);
  const configs = (process.env.COUNT_PROCESSES ?? "1,3").split(",").map(Number);
  const results = [];
  for (const processes of configs.length ? configs : [1, 3]) results.push({ processes, ...(await measure(server, runs, processes, warm)) });
  const keys = [...new Set(results.flatMap((r) => Object.keys(r.perRun)))].sort();
  console.log(`per completed run (${runs} runs, queued → paused, ${warm} warm-up runs per process)`.padEnd(70) + results.map((r) => `${r.processes} proc`.padStart(12)).join(""));
  for (const k of keys) {
    const values = results.map((r) => r.perRun[k] ?? 0);
    if (values.every((v) => Math.abs(v) < 0.005)) continue;
    console.log(k.padEnd(70) + values.map((v) => v.toFixed(2).padStart(12)).join(""));
  }
  console.log("runs/s".padEnd(70) + results.map((r) => (runs / r.seconds).toFixed(1).padStart(12)).join(""));
  for (const r of results) console.log(`${r.processes} proc: runs per process`, r.perProcess.map((p) => p["sql lease.take"] - (p["sql lease.take (0 rows)"] ?? 0)));
}
