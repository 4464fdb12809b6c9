// A worker process survives its database failing under it: its connections are killed again and again while it
// executes runs, and for a while the database takes no connection at all (as a full or restarting server). The
// process stays alive, says so in its log, and executes the runs queued once the database is back, each tool once.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { PostgresDb } from "@/lib/db";
import { Runtime } from "@/lib/runtime/runtime";
import { createPgDatabase, skipReason, tempDir, TEST_DATABASE_URL } from "@/tests/support/db-targets";
import { weatherWorkflow } from "@/tests/support/db-weather";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Each tool takes this long, so jobs are under way (and finish) while the database is failing. */
const TOOL_MS = 1_500;

describe.skipIf(!TEST_DATABASE_URL)(TEST_DATABASE_URL ? "a worker process whose database fails under it" : skipReason, () => {
  let url: string;
  let name: string;
  let drop: () => Promise<void>;
  const tmp = tempDir("hitl-outage-");
  const countFile = join(tmp.dir, "tools.log");
  let child: ChildProcess;
  const output: string[] = [];
  let web: { db: PostgresDb; runtime: Runtime };
  let admin: pg.Client;

  beforeAll(async () => {
    const created = await createPgDatabase(TEST_DATABASE_URL as string);
    url = created.url;
    name = new URL(url).pathname.slice(1);
    drop = created.drop;
    writeFileSync(countFile, "");
    // A web-only instance in this process: it stores the runs and their jobs, and executes none.
    const db = new PostgresDb({ url });
    const runtime = new Runtime(db, (_name, store) => weatherWorkflow(store), { concurrency: 0, leaseMs: 2_000, recoveryAttempts: 3, pollMs: 200 });
    runtime.start();
    await runtime.ready();
    web = { db, runtime };
    admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();

    child = spawn("node_modules/.bin/tsx", ["tests/support/pg-worker-process.ts", url, countFile, String(TOOL_MS)], { stdio: ["ignore", "pipe", "pipe"] });
    await new Promise<void>((resolve, reject) => {
      child.stdout?.setEncoding("utf8").on("data", (text: string) => {
        output.push(text);
        if (text.includes("ready")) resolve();
      });
      child.stderr?.setEncoding("utf8").on("data", (text: string) => output.push(text));
      child.on("exit", (code) => reject(new Error(`the worker process exited with ${code} before it was ready:\n${output.join("")}`)));
    });
  }, 60_000);

  afterAll(async () => {
    // OUTAGE_DEBUG=1 prints the worker process's log (what it said while its database failed).
    if (process.env.OUTAGE_DEBUG) console.log(output.join(""));
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGKILL");
      await exited;
    }
    await admin?.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`).catch(() => undefined);
    await admin?.end();
    await web?.runtime.stop();
    await web?.db.close();
    await drop?.();
    tmp.remove();
  }, 60_000);

  /** Paused runs decided through the web instance: each decision commits the job the worker process takes. */
  async function queueDecidedRuns(count: number): Promise<{ ids: string[]; requirements: string[] }> {
    const ids: string[] = [];
    const requirements: string[] = [];
    for (let i = 0; i < count; i++) {
      const paused = await weatherWorkflow(web.db).run("What is the weather in Tokyo?");
      for (const step of paused.stepRequirements) {
        for (const req of step.executorRequirements ?? []) {
          req.confirm({ by: "ann" });
          requirements.push(req.id);
        }
      }
      ids.push((await weatherWorkflow(web.runtime.store).queueContinue(paused)).runId);
    }
    return { ids, requirements };
  }

  async function killConnections(): Promise<void> {
    await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [name]);
  }

  async function toolsStarted(): Promise<number> {
    return readFileSync(countFile, "utf8").split("\n").filter(Boolean).length;
  }

  it("stays alive through killed connections and a database that refuses connections, then executes the runs queued after", async () => {
    await queueDecidedRuns(6);
    // Wait until the worker process is executing tools: their jobs finish while the database is failing.
    while ((await toolsStarted()) === 0) await sleep(20);
    // The worker's connections die again and again while it executes those runs.
    for (let i = 0; i < 10; i++) {
      await killConnections();
      await sleep(100);
    }
    // Then the database takes no connection for a while (full, or restarting), with every connection killed.
    await admin.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS false`);
    const refusedUntil = Date.now() + 8_000;
    while (Date.now() < refusedUntil) {
      await killConnections();
      await sleep(250);
    }
    await admin.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`);
    // The web instance's own connections were killed too; it reconnects on its next query.
    await sleep(500);
    expect(child.exitCode, `the worker process exited:\n${output.join("")}`).toBeNull();
    // A job finished while the database refused connections: its completion failed, and the process said what it does.
    expect(output.join("")).toContain("The job queue stopped taking jobs: the database failed under it");

    const { ids: after, requirements } = await queueDecidedRuns(4);
    const deadline = Date.now() + 45_000;
    let current: string[] = [];
    while (Date.now() < deadline) {
      const db = new pg.Client({ connectionString: url });
      await db.connect();
      try {
        const { rows } = await db.query(`SELECT status FROM "runs" WHERE id = ANY($1::text[])`, [after]);
        current = rows.map((r: { status: string }) => r.status);
      } finally {
        await db.end();
      }
      if (current.length === after.length && current.every((s) => s === "completed")) break;
      await sleep(200);
    }
    expect(current, `runs queued after the outage did not complete; worker output:\n${output.join("")}`).toEqual(after.map(() => "completed"));
    expect(child.exitCode, `the worker process exited:\n${output.join("")}`).toBeNull();
    // Each tool of the runs queued after the outage ran exactly once: one line per execution in the tools' file.
    const executed = readFileSync(countFile, "utf8").split("\n").filter(Boolean).map((line) => line.split(" ")[1]);
    for (const requirement of requirements) expect(executed.filter((r) => r === requirement), `tool of ${requirement}`).toHaveLength(1);
  }, 120_000);
});
