// Scale-out on PostgreSQL with real processes: three app instances (the app's route handlers and instrumentation
// behind a plain node:http server, tests/support/app-instance.ts) and one `npm run worker` process on one
// database. 300 runs are started across the instances and their decisions sent to instances picked at random.
// Every run completes, each approved tool ran once, and each of the four processes executed at least 15% of the
// work: a trigger records in a ledger which worker (lease owner) took each run each time, and each process prints
// its owner when it starts.
import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runMigrations } from "graphile-worker";
import pg from "pg";
import type { ResolveResponse, RunDto, RunResponse } from "@/lib/contracts";
import { ensureFirstAdmin } from "@/lib/auth/bootstrap";
import { issueApiToken } from "@/lib/auth/api-tokens";
import { PostgresDb } from "@/lib/db";
import { createPgDatabase, skipReason, TEST_DATABASE_URL } from "@/tests/support/db-targets";
import { startOpenAIServer, type OpenAIServer, type RecordedRequest } from "@/tests/support/openai-server";

const RUNS = 300;
const IN_FLIGHT = 24;
const PORTS = [3401, 3402, 3403];
/** How long the model takes to answer: as a real one does, it keeps each process's worker slots busy for a while. */
const MODEL_MS = 150;

const LEDGER_SQL = `
CREATE TABLE scale_ledger (run_id text NOT NULL, owner text NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp());
CREATE FUNCTION scale_ledger_take() RETURNS trigger AS $$
BEGIN
  INSERT INTO scale_ledger (run_id, owner) VALUES (NEW.id, NEW.lease_owner);
  RETURN NEW;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER scale_ledger_take AFTER UPDATE ON runs FOR EACH ROW
  WHEN (NEW.status = 'running' AND NEW.lease_owner IS NOT NULL AND (OLD.status <> 'running' OR OLD.lease_owner IS DISTINCT FROM NEW.lease_owner))
  EXECUTE FUNCTION scale_ledger_take();`;

interface Proc {
  name: string;
  child: ChildProcess;
  owner: Promise<string>;
  output: string[];
}

/** A deterministic pick of instances for the decisions (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function inParallel<T>(count: number, limit: number, work: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array<T>(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < count) {
        const i = next++;
        out[i] = await work(i);
      }
    }),
  );
  return out;
}

describe.skipIf(!TEST_DATABASE_URL)(TEST_DATABASE_URL ? "scale-out on PostgreSQL: three instances and a worker process" : skipReason, () => {
  let url: string;
  let drop: () => Promise<void>;
  let token: string;
  let model: OpenAIServer;
  const procs: Proc[] = [];

  function launch(name: string, args: string[], env: Record<string, string>): Proc {
    const child = spawn("node_modules/.bin/tsx", args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    const output: string[] = [];
    const owner = new Promise<string>((resolve, reject) => {
      const ready = new Set<string>();
      const needed = name === "worker" ? 1 : 2;
      child.stdout?.setEncoding("utf8").on("data", (text: string) => {
        output.push(text);
        const owned = /Worker (worker-[0-9a-f-]+) is taking runs/.exec(text);
        if (owned) ready.add(`owner:${owned[1]}`);
        if (/Listening on/.test(text)) ready.add("listening");
        const ownerEntry = [...ready].find((r) => r.startsWith("owner:"));
        if (ownerEntry && ready.size >= needed) resolve(ownerEntry.slice("owner:".length));
      });
      child.stderr?.setEncoding("utf8").on("data", (text: string) => output.push(text));
      child.on("exit", (code) => reject(new Error(`${name} exited with ${code} before it was ready:\n${output.join("")}`)));
    });
    const proc = { name, child, owner, output };
    procs.push(proc);
    return proc;
  }

  beforeAll(async () => {
    const created = await createPgDatabase(TEST_DATABASE_URL as string);
    url = created.url;
    drop = created.drop;
    // Schemas first, once, as a deploy would (`npm run db:migrate`), so four processes do not race to create them.
    const db = new PostgresDb({ url });
    await db.open();
    await runMigrations({ connectionString: url });
    await ensureFirstAdmin(db.auth(), { ADMIN_EMAIL: "admin@example.com", ADMIN_PASSWORD: "scale-out-password-1234" }, () => undefined);
    token = (await issueApiToken(db.auth(), { name: "scale-out", role: "admin", createdBy: null })).token;
    await db.close();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(LEDGER_SQL);
    await client.end();

    // Every process calls one local OpenAI-compatible server: a lookup first, then the answer once the tool ran.
    model = await startOpenAIServer();
    model.enqueue(
      ...Array.from({ length: 2 * RUNS }, () => async (request: RecordedRequest) => {
        await new Promise((resolve) => setTimeout(resolve, MODEL_MS));
        const toolRan = request.body.messages.some((m) => m.role === "tool");
        return toolRan ? { content: "It is 70 degrees and cloudy in Oslo." } : { toolCalls: [{ name: "get_the_weather", arguments: { city: "Oslo" } }] };
      }),
    );
    const env = { DATABASE_URL: url, OPENAI_API_KEY: "local", OPENAI_BASE_URL: model.baseURL, WORKER_CONCURRENCY: "4", NEXT_RUNTIME: "nodejs" };
    for (const port of PORTS) launch(`instance ${port}`, ["--conditions=react-server", "tests/support/app-instance.ts", String(port)], env);
    launch("worker", ["scripts/worker.ts"], env);
    await Promise.all(procs.map((p) => p.owner));
  }, 120_000);

  afterAll(async () => {
    await Promise.all(
      procs.map(
        (p) =>
          new Promise<void>((resolve) => {
            if (p.child.exitCode !== null) return resolve();
            p.child.once("exit", () => resolve());
            p.child.kill("SIGTERM");
          }),
      ),
    );
    await model?.close();
    await drop?.();
  }, 60_000);

  async function call<T>(port: number, method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`http://127.0.0.1:${port}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} on ${port}: HTTP ${response.status} ${text}`);
    return JSON.parse(text) as T;
  }

  it("300 runs: all complete, each approved tool ran once, and every process executed at least 15% of the work", async () => {
    const pick = random(20261202);
    const port = () => PORTS[Math.floor(pick() * PORTS.length)] as number;
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      /** Waits until every run has the status; the runs move in other processes, so the database is where it shows. */
      const allAre = async (status: string) => {
        for (;;) {
          const { rows } = await client.query(`SELECT count(*)::int AS n FROM runs WHERE status = $1`, [status]);
          if ((rows[0] as { n: number }).n === RUNS) return;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      };
      // Starts and decisions answer at once (no Prefer: wait): the instances' time goes to their workers.
      const started = await inParallel(RUNS, IN_FLIGHT, async (i) => {
        const at = PORTS[i % PORTS.length] as number;
        return (await call<RunResponse>(at, "POST", "/api/workflows/WeatherWorkflow/runs", { input: "What is the weather in Oslo?" })).run;
      });
      expect(started).toHaveLength(RUNS);
      await allAre("paused");

      const requirementOf = (run: RunDto) => run.stepRequirements.at(-1)?.executorRequirements?.[0]?.id as string;
      await inParallel(RUNS, IN_FLIGHT, async (i) => {
        const run = (await call<RunResponse>(port(), "GET", `/api/runs/${(started[i] as RunDto).runId}`)).run;
        const decided = await call<ResolveResponse>(port(), "POST", `/api/requirements/${requirementOf(run)}/resolve`, { action: "confirm", version: run.version });
        expect(decided.continued).toBe(true);
      });
      await allAre("completed");
      const done = await inParallel(RUNS, IN_FLIGHT, async (i) => (await call<RunResponse>(port(), "GET", `/api/runs/${(started[i] as RunDto).runId}`)).run);
        expect(new Set(done.map((r) => r.content))).toEqual(new Set(["It is 70 degrees and cloudy in Oslo."]));

      const statuses = await client.query(`SELECT status, count(*)::int AS n FROM runs GROUP BY status`);
      expect(statuses.rows).toEqual([{ status: "completed", n: RUNS }]);
      expect(model.requests).toHaveLength(2 * RUNS);
      // The tool's start is appended as it happens: one per run means it ran once, never again after a takeover.
      const tools = await client.query(`SELECT run_id, count(*)::int AS n FROM events WHERE event = 'ToolCallStarted' GROUP BY run_id`);
      expect(tools.rows).toHaveLength(RUNS);
      expect(new Set(tools.rows.map((r: { n: number }) => r.n))).toEqual(new Set([1]));

      const ledger = await client.query(`SELECT owner, count(*)::int AS n FROM scale_ledger GROUP BY owner`);
      const byOwner = new Map(ledger.rows.map((r: { owner: string; n: number }) => [r.owner, r.n]));
      const total = [...byOwner.values()].reduce((a, b) => a + b, 0);
      // Two executions per run: to its pause, and after the decision to its end.
      expect(total).toBe(2 * RUNS);
      const shares = await Promise.all(procs.map(async (p) => ({ process: p.name, share: (byOwner.get(await p.owner) ?? 0) / total })));
      console.log("Share of executions per process:", shares.map((s) => `${s.process} ${(s.share * 100).toFixed(1)}%`).join(", "));
      for (const { share } of shares) expect(share).toBeGreaterThanOrEqual(0.15);
    } finally {
      await client.end();
    }
    // 56-89 s of test here at a load average of 12-20 on 2 cores; the margin is for busier moments.
  }, 180_000);
});
