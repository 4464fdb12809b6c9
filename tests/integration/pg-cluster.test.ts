// Instances on one PostgreSQL database act as one cluster: the job queue hands a run stored on one instance to a
// worker on another, a cancel on one instance aborts the worker on another at once, a write on one wakes the
// readers of another, and a scheduled job runs once per cluster, not once per instance.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { PostgresDb } from "@/lib/db";
import { cancelRun, type Store, type ToolContext } from "@/lib/engine";
import { Runtime } from "@/lib/runtime/runtime";
import type { ScheduledJob } from "@/lib/runtime/job-queue";
import { createPgDatabase, skipReason, TEST_DATABASE_URL } from "@/tests/support/db-targets";
import { weatherWorkflow } from "@/tests/support/db-weather";

const settings = { concurrency: 2, leaseMs: 30_000, recoveryAttempts: 3, pollMs: 100 };

describe.skipIf(!TEST_DATABASE_URL)(TEST_DATABASE_URL ? "PostgreSQL cluster: queue, shared signals, scheduled jobs" : skipReason, () => {
  let url: string;
  let drop: () => Promise<void>;
  const open: { db: PostgresDb; runtime: Runtime }[] = [];
  const onAfter: (() => Promise<void>)[] = [];

  /** One instance: its own database handle and runtime, as another process would have. */
  async function instance(options: { concurrency?: number; tool?: (ctx: ToolContext) => Promise<void>; jobs?: ScheduledJob[]; readers?: boolean } = {}) {
    const db = new PostgresDb({ url });
    const runtime = new Runtime(db, (_name, store) => weatherWorkflow(store, options.tool), { ...settings, concurrency: options.concurrency ?? settings.concurrency }, { jobs: options.jobs, readers: options.readers });
    runtime.start();
    await runtime.ready();
    open.push({ db, runtime });
    return { db, runtime };
  }

  /** A paused run decided through `store` (an instance's store, or a bare handle that queues nothing). */
  async function pausedAndDecided(db: PostgresDb, store: Store = db): Promise<string> {
    const paused = await weatherWorkflow(db).run("What is the weather in Tokyo?");
    for (const step of paused.stepRequirements) for (const req of step.executorRequirements ?? []) req.confirm({ by: "ann" });
    return (await weatherWorkflow(store).queueContinue(paused)).runId;
  }

  async function jobsFor(runId: string): Promise<number> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query(`SELECT count(*)::int AS n FROM graphile_worker._private_jobs WHERE key = $1`, [runId]);
      return (rows[0] as { n: number }).n;
    } finally {
      await client.end();
    }
  }

  beforeAll(async () => {
    const created = await createPgDatabase(TEST_DATABASE_URL as string);
    url = created.url;
    drop = created.drop;
  });
  afterEach(async () => {
    for (const { db, runtime } of open.splice(0)) {
      await runtime.stop();
      await db.close();
    }
    for (const close of onAfter.splice(0)) await close();
  });
  afterAll(async () => {
    await drop?.();
  });

  it("a decision stored on a web-only instance commits its job with it; a worker on another instance executes the run", async () => {
    const web = await instance({ concurrency: 0 });
    const runId = await pausedAndDecided(web.db, web.runtime.store);
    // No worker anywhere yet: the job waits in the queue, written in the decision's transaction.
    expect(await jobsFor(runId)).toBe(1);
    expect((await web.db.getRun(runId))!.run.status).toBe("pending");

    const executed: ToolContext[] = [];
    const done = new Promise<void>((resolve) => {
      const stop = web.runtime.signals.onChanged(runId, () => {
        void web.db.getRun(runId).then((s) => {
          if (s?.run.status === "completed") {
            stop();
            resolve();
          }
        });
      });
    });
    await instance({ tool: async (ctx) => void executed.push(ctx) });
    await done;
    expect(executed).toHaveLength(1);
    expect((await web.db.getRun(runId))!.run).toMatchObject({ status: "completed", content: "Done: It is 70 degrees and cloudy in Tokyo" });
  });

  it("a cancel on one instance aborts the tool running on another at once, long before its lease would expire", async () => {
    let started: (ctx: ToolContext) => void = () => undefined;
    const toolStarted = new Promise<ToolContext>((resolve) => (started = resolve));
    const blocking = async (ctx: ToolContext) => {
      started(ctx);
      await new Promise((_, reject) => ctx.signal.addEventListener("abort", () => reject(new Error("aborted")), { once: true }));
    };
    // A worker process serves no readers (`npm run worker`): it listens for cancellations only.
    const worker = await instance({ tool: blocking, readers: false });
    const web = await instance({ concurrency: 0 });
    const runId = await pausedAndDecided(web.db, web.runtime.store);
    const ctx = await toolStarted;

    // Whether the worker still held the run is read in the abort itself: a moment later the run has ended there.
    const aborted = new Promise<{ at: number; running: boolean }>((resolve) =>
      ctx.signal.addEventListener("abort", () => resolve({ at: Date.now(), running: worker.runtime.worker?.isRunning(runId) ?? false }), { once: true }),
    );
    const cancelledAt = Date.now();
    await cancelRun(web.runtime.store, runId, { reason: "cancelled by ann" });
    web.runtime.signals.cancelled(runId);
    const abort = await aborted;
    // The lease lasts 30 s: only the shared signal can stop the tool this soon, while the worker still runs it.
    expect(abort.at - cancelledAt).toBeLessThan(1_000);
    expect(abort.running).toBe(true);
    const after = (await web.db.getRun(runId))!.run;
    expect(after).toMatchObject({ status: "cancelled", cancelReason: "cancelled by ann" });
  });

  it("an event written on one instance wakes a reader on another within 100 ms", async () => {
    const writer = await instance({ concurrency: 0 });
    const reader = await instance({ concurrency: 0 });
    const paused = await weatherWorkflow(writer.runtime.store).run("What is the weather in Tokyo?");
    const woken = new Promise<number>((resolve) => reader.runtime.signals.onChanged(paused.runId, () => resolve(Date.now())));
    const stored = (await writer.db.getRun(paused.runId))!;
    const writtenAt = Date.now();
    await writer.runtime.store.appendEvents(paused.runId, [{ event: "RunContent", runId: paused.runId, content: "hello", createdAt: new Date().toISOString() }], { expectedVersion: stored.version });
    expect((await woken) - writtenAt).toBeLessThan(100);
  });

  it("an instance without readers is not sent the other instances' writes; one with readers is", async () => {
    const writer = await instance({ concurrency: 0 });
    const reader = await instance({ concurrency: 0 });
    const workerOnly = await instance({ concurrency: 0, readers: false });
    const paused = await weatherWorkflow(writer.runtime.store).run("What is the weather in Tokyo?");
    let heardByWorkerOnly = 0;
    workerOnly.runtime.signals.onChanged(paused.runId, () => heardByWorkerOnly++);
    const woken = new Promise<void>((resolve) => reader.runtime.signals.onChanged(paused.runId, () => resolve()));
    const stored = (await writer.db.getRun(paused.runId))!;
    await writer.runtime.store.appendEvents(paused.runId, [{ event: "RunContent", runId: paused.runId, content: "hello", createdAt: new Date().toISOString() }], { expectedVersion: stored.version });
    await woken;
    // One notification goes to every listener at once: the reader having heard it, the other would have too.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(heardByWorkerOnly).toBe(0);
  });

  it("a crash strands no run: a run stored without a job and a run whose worker died are both executed by the cluster", async () => {
    // A handle that queues nothing, as a process that died between its write and its job, or wrote before the queue existed.
    const bare = new PostgresDb({ url });
    onAfter.push(() => bare.close());
    const orphan = await pausedAndDecided(bare);
    const abandoned = await pausedAndDecided(bare);
    const now = new Date();
    expect(await bare.leases().take(abandoned, "worker-that-died", new Date(now.getTime() + 500), now)).not.toBeNull();
    expect(await jobsFor(orphan)).toBe(0);

    const { db } = await instance();
    const completed = async (runId: string) => {
      for (;;) {
        const stored = (await db.getRun(runId))!.run;
        if (stored.status === "completed") return stored;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    expect(await completed(orphan)).toMatchObject({ content: "Done: It is 70 degrees and cloudy in Tokyo" });
    const recovered = await completed(abandoned);
    expect(recovered).toMatchObject({ content: "Done: It is 70 degrees and cloudy in Tokyo" });
  });

  it("a scheduled job runs once per cluster: two instances never run it at the same time or twice per interval", async () => {
    const everyMs = 300;
    const calls: number[] = [];
    let sixth: () => void = () => undefined;
    const six = new Promise<void>((resolve) => (sixth = resolve));
    const job = (): ScheduledJob => ({
      name: "tick",
      everyMs,
      run: async () => {
        calls.push(Date.now());
        if (calls.length === 6) sixth();
      },
    });
    await instance({ jobs: [job()] });
    await instance({ jobs: [job()] });
    await six;
    const gaps = calls.slice(1, 6).map((at, i) => at - (calls[i] as number));
    // Once per instance would interleave two schedules: some gaps far shorter than the interval.
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(everyMs - 50);
  });
});

