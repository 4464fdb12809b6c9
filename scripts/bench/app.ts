// The application at scale (`npm run bench -- app`), on SQLite and, when a server is reachable, PostgreSQL: a
// database seeded with APP_BENCH_RUNS runs (default 1,000,000; a tenth of them paused with a pending requirement),
// the real app (`next start`) on it, and over HTTP with an API token: the inbox and history search latencies, the
// CPU of 200 viewers of live runs' event streams, runs per second with the offline model, and the app's memory
// after 1,000, 5,000 and 10,000 runs made through it (APP_BENCH_MEMORY_RUNS). Printed, not asserted.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import Database from "better-sqlite3";
import pg from "pg";
import { z } from "zod";
import { issueApiToken } from "@/lib/auth";
import { PostgresDb, SqliteDb } from "@/lib/db";
import type { AppStore } from "@/lib/db/app-store";
import { AppClient } from "./support/app-client";
import { driveRuns, memoryGrowth, pageLatency, viewerCpu, type Latency } from "./support/app-measure";
import { seedRuns, type SeedSql } from "./support/app-seed";
import { buildIfStale, startApp } from "./support/app-server";
import { reachablePostgres } from "./support/postgres-server";

const settings = z
  .object({
    APP_BENCH_RUNS: z.coerce.number().int().min(10).default(1_000_000),
    APP_BENCH_PENDING: z.coerce.number().int().min(1).optional(),
    APP_BENCH_MEMORY_RUNS: z.string().default("1000,5000,10000"),
    APP_BENCH_PORT: z.coerce.number().int().min(1024).default(3356),
    APP_BENCH_DB_PREFIX: z.string().regex(/^[a-z_][a-z0-9_]*$/).default("hitl_bench_app_"),
    APP_BENCH_ROUNDS: z.coerce.number().int().min(1).default(40),
    /** "1" keeps the seeded database afterwards (its place is printed), to profile its queries. */
    APP_BENCH_KEEP: z.enum(["0", "1"]).default("0"),
    /** A database an APP_BENCH_KEEP=1 run left (SQLite file or postgresql:// URL): measured again, not seeded. */
    APP_BENCH_REUSE: z.string().min(1).optional(),
  })
  .parse(process.env);
const PENDING = settings.APP_BENCH_PENDING ?? Math.max(1, Math.round(settings.APP_BENCH_RUNS / 10));
const MEMORY_RUNS = settings.APP_BENCH_MEMORY_RUNS.split(",").filter(Boolean).map(Number);
const CONCURRENCY = 8;

interface Target {
  label: string;
  db: AppStore;
  sql: SeedSql;
  env: Record<string, string>;
  /** Closes the bench's own connection, so the app has the database to itself (to migrate it, say). */
  release(): Promise<void>;
  drop(): Promise<void>;
}

function sqliteTarget(reuse?: string): Target {
  const dir = reuse ? path.dirname(reuse) : mkdtempSync(path.join(tmpdir(), "hitl-bench-app-"));
  const file = reuse ?? path.join(dir, "app.db");
  const db = new SqliteDb({ dbFile: file });
  let raw: Database.Database | null = null;
  const conn = async () => {
    // The store creates and migrates the file on first use.
    await db.open();
    raw ??= new Database(file);
    raw.pragma("busy_timeout = 10000");
    // Seeding only: a crash would only lose the bench's own copy, so the bulk writes skip the fsyncs.
    raw.pragma("synchronous = OFF");
    raw.pragma("cache_size = -262144");
    return raw;
  };
  return {
    label: "SQLite",
    db,
    sql: {
      provider: "sqlite",
      exec: async (text) => void (await conn()).exec(text),
      rows: async <T>(text: string) => (await conn()).prepare(text).all() as T[],
    },
    env: { DATABASE_FILE: file },
    release: async () => {
      raw?.close();
      raw = null;
    },
    drop: async () => {
      raw?.close();
      if (reuse || settings.APP_BENCH_KEEP === "1") return console.log(`SQLite: kept ${file}`);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function postgresTarget(server: string, reuse?: string): Promise<Target> {
  const name = reuse ? new URL(reuse).pathname.slice(1) : `${settings.APP_BENCH_DB_PREFIX}${randomUUID().replace(/-/g, "").slice(0, 12)}`;
  if (!reuse) {
    const admin = new pg.Client({ connectionString: server });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
  }
  const url = new URL(server);
  url.pathname = `/${name}`;
  const db = new PostgresDb({ url: url.href });
  await db.open();
  const client = new pg.Client({ connectionString: url.href });
  await client.connect();
  let open = true;
  // Seeding only: the bench's own copy need not wait for each commit's flush.
  await client.query("SET synchronous_commit = off");
  return {
    label: "PostgreSQL",
    db,
    sql: {
      provider: "postgresql",
      exec: async (text) => void (await client.query(text)),
      rows: async <T>(text: string) => (await client.query(text)).rows as T[],
    },
    env: { DATABASE_URL: url.href },
    release: async () => {
      if (open) await client.end();
      open = false;
    },
    drop: async () => {
      if (open) await client.end();
      open = false;
      if (reuse || settings.APP_BENCH_KEEP === "1") return console.log(`PostgreSQL: kept ${url.href}`);
      const again = new pg.Client({ connectionString: server });
      await again.connect();
      await again.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await again.end();
    },
  };
}

const ms = (v: number) => `${v.toFixed(1)} ms`;
const row = (what: string, figure: string, target: string, met: boolean | null) =>
  console.log(`| ${what} | ${figure} | ${target} | ${met === null ? "—" : met ? "met" : "MISSED"} |`);

async function bench(target: Target, reused: boolean): Promise<void> {
  let seeded = { runs: 0, pending: 0, seconds: 0 };
  if (reused) {
    const [counts] = await target.sql.rows<{ runs: number | string; pending: number | string }>(
      `SELECT (SELECT count(*) FROM runs) AS runs, (SELECT count(*) FROM requirements WHERE status = 'pending' AND kind <> 'executor_pause') AS pending`,
    );
    seeded = { runs: Number(counts?.runs), pending: Number(counts?.pending), seconds: 0 };
    console.log(`\n### ${target.label}: reusing a seeded database (${seeded.runs.toLocaleString("en")} runs, ${seeded.pending.toLocaleString("en")} pending)`);
  } else {
    console.log(`\n### ${target.label}: seeding ${settings.APP_BENCH_RUNS.toLocaleString("en")} runs, ${PENDING.toLocaleString("en")} pending…`);
    seeded = await seedRuns(target.db, target.sql, settings.APP_BENCH_RUNS, PENDING);
    console.log(`${target.label}: seeded in ${seeded.seconds.toFixed(1)} s`);
  }
  if (target.sql.provider === "postgresql") await target.sql.exec("VACUUM ANALYZE");
  else await target.sql.exec("ANALYZE");
  const { token } = await issueApiToken(target.db.auth(), { name: "app-bench", role: "admin", createdBy: null });
  await target.db.close();
  await target.release();

  const app = await startApp(settings.APP_BENCH_PORT, target.env);
  try {
    const client = new AppClient(app.baseURL, token);
    const rounds = settings.APP_BENCH_ROUNDS;
    const inbox: Latency = await pageLatency(client, ["/api/requirements", "/api/requirements?workflow=WeatherWorkflow", "/api/requirements?limit=100", "/api/requirements?workflow=PaymentWorkflow"], rounds);
    const search: Latency = await pageLatency(client, ["/api/runs?q=oslo", "/api/runs?q=kyoto%2012345", "/api/runs?q=nowhere-at-all", "/api/runs?q=lima&status=paused"], rounds);
    console.log(`${target.label}: inbox p95 ${ms(inbox.p95)}, search p95 ${ms(search.p95)}`);
    const rate = await driveRuns(client, 200, CONCURRENCY);
    console.log(`${target.label}: ${rate.toFixed(1)} runs/s`);
    const viewers = await viewerCpu(client, app.pid, 200, 20, 15, 5);
    console.log(`${target.label}: app CPU ${viewers.withViewers.toFixed(2)} cores with 200 viewers, ${viewers.withoutViewers.toFixed(2)} without`);
    const memory = await memoryGrowth(client, app.pid, MEMORY_RUNS, CONCURRENCY);

    console.log(`\n${target.label}, ${seeded.runs.toLocaleString("en")} runs (${seeded.pending.toLocaleString("en")} pending), ${reused ? "reused" : `seeded in ${seeded.seconds.toFixed(0)} s`}, over HTTP with an API token:\n`);
    console.log("| What | Figure | Target | |\n| --- | --- | --- | --- |");
    row("Inbox `GET /api/requirements` (4 filters, 2 pages each)", `p50 ${ms(inbox.p50)}, p95 ${ms(inbox.p95)} (n=${inbox.n})`, "p95 < 50 ms", inbox.p95 < 50);
    row("History text search `GET /api/runs?q=` (4 queries, 2 pages each)", `p50 ${ms(search.p50)}, p95 ${ms(search.p95)} (n=${search.n})`, "p95 < 100 ms", search.p95 < 100);
    const viewerCost = viewers.withViewers - viewers.withoutViewers;
    row(
      "200 viewers of live runs' event streams (app CPU)",
      `${viewers.withViewers.toFixed(2)} cores with them, ${viewers.withoutViewers.toFixed(2)} without (viewers: ${viewerCost.toFixed(2)}; ${viewers.streams} streams, ${viewers.runsPerSecond.toFixed(1)} runs/s)`,
      "< 1 core",
      viewerCost < 1,
    );
    row(`Runs per second, offline model, start → confirm → completed (${CONCURRENCY} at once)`, `${rate.toFixed(1)}/s`, "printed", null);
    // The first checkpoint is the warm-up (caches, the JIT, the heap reaching its working size): growth is judged
    // from the second on when there are three or more.
    const first = memory.length >= 3 ? memory[1] : memory[0];
    const last = memory.at(-1);
    const flat = first !== undefined && last !== undefined && last.rss < first.rss * 1.1;
    row("App RSS after runs made through it", memory.map((m) => `${m.runs}: ${m.rss.toFixed(0)} MiB`).join(", "), "does not grow with them", memory.length < 2 ? null : flat);
  } finally {
    await app.stop();
  }
}

export async function run(): Promise<void> {
  buildIfStale();
  const reuse = settings.APP_BENCH_REUSE;
  if (reuse) {
    const target = /^postgres(ql)?:\/\//.test(reuse) ? await postgresTarget(reuse, reuse) : sqliteTarget(reuse);
    try {
      await bench(target, true);
    } finally {
      await target.drop();
    }
    return;
  }
  if (process.env.BENCH_DB !== "postgres") {
    const target = sqliteTarget();
    try {
      await bench(target, false);
    } finally {
      await target.drop();
    }
  }
  if (process.env.BENCH_DB === "sqlite") return;
  const server = await reachablePostgres("app");
  if (!server) return;
  const target = await postgresTarget(server);
  try {
    await bench(target, false);
  } finally {
    await target.drop();
  }
}
