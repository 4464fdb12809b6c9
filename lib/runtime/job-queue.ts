import { Logger, run, runMigrations, type LogLevel, type Runner, type TaskList } from "graphile-worker";
import pg from "pg";
import { z } from "zod";
import type { PostgresDb } from "@/lib/db";
import type { QueueStatement } from "@/lib/db/run-statements";
import type { Worker } from "./worker";

/** The queue's task that hands a run to a worker. Its job key is the run id, so a run has one waiting job. */
export const EXECUTE_RUN = "execute-run";
/** The cluster's sweep for runs with no job: lost leases, and runs stored before the queue existed. */
const RECOVER_RUNS = "recover-runs";
/** The recovery job waits at most this long, holding its slot, for a lease about to expire. */
const WAIT_FOR_EXPIRY_MS = 1_000;
/** Each instance makes sure the cluster's scheduled jobs exist this often (the one running them may have died). */
const ENSURE_EVERY_MS = 5_000;
/** After the queue stopped under a failing database, it starts again this soon, doubling up to the maximum. */
const RESTART_MIN_MS = 500;
const RESTART_MAX_MS = 10_000;

/** Work done once per cluster every `everyMs` by one of the instances' workers, never by each of them. */
export interface ScheduledJob {
  name: string;
  everyMs: number;
  run(): Promise<void>;
}

const executePayload = z.object({ runId: z.string() });
const expiryRow = z.object({ ms: z.number().nullable() });

/** Inside the transaction that stores a run pending: its job, committed with it (Graphile Worker's `add_job`). */
export const queueRunStatement: QueueStatement = (runId) => ({
  sql: `SELECT graphile_worker.add_job('${EXECUTE_RUN}', json_build_object('runId', $1::text), job_key := $2::text, max_attempts := 1)`,
  args: [runId, runId],
});

/**
 * Runs the queue needs but has no waiting job for: pending runs stored before the queue's schema existed, and
 * running runs whose lease expired (their worker died or gave them up). The dates are the runs table's UTC
 * timestamps without a zone, so "now" is passed in that form.
 */
const RECOVER_SQL = `
SELECT graphile_worker.add_job('${EXECUTE_RUN}', json_build_object('runId', r."id"), job_key := r."id", max_attempts := 1)
FROM "runs" r
WHERE (r."status" = 'pending' OR (r."status" = 'running' AND r."lease_expires_at" < $1::timestamp))
  AND NOT EXISTS (SELECT 1 FROM graphile_worker._private_jobs j WHERE j."key" = r."id" AND j."is_available")
LIMIT 1000`;
/** The epoch of a zoneless timestamp reads it as UTC, as it was written. */
const NEXT_EXPIRY_SQL = `SELECT (EXTRACT(EPOCH FROM MIN("lease_expires_at")) * 1000)::float8 AS "ms" FROM "runs" WHERE "status" = 'running' AND "lease_expires_at" > $1::timestamp`;

const utcTimestamp = (at: Date) => at.toISOString().replace("T", " ").replace("Z", "");

export class JobQueueError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "JobQueueError";
  }
}

export interface JobQueueOptions {
  db: PostgresDb;
  pool: pg.Pool;
  /** Null on a web-only instance: it queues runs but executes none. */
  worker: Worker | null;
  concurrency: number;
  /** How often the cluster looks for lost runs, and the queue's own poll for jobs scheduled later. */
  pollMs: number;
  jobs: readonly ScheduledJob[];
  log: (message: string, error?: unknown) => void;
}

/**
 * Dispatch on PostgreSQL through Graphile Worker: a run stored pending gets its job in the same transaction, the
 * queue wakes an idle worker on any instance with LISTEN/NOTIFY, and the job hands the run to the worker, whose
 * lease stays the fence (a duplicate job finds the run taken and does nothing). Runs that lost their worker are
 * re-queued by a cluster-wide scheduled job at the next lease expiry, as are the cluster's other scheduled jobs.
 */
export class JobQueue {
  readonly #options: JobQueueOptions;
  readonly #logger: Logger;
  #runner: Runner | null = null;
  #ensure: NodeJS.Timeout | undefined;
  #restart: NodeJS.Timeout | undefined;
  #restartMs = RESTART_MIN_MS;
  #stopped = false;

  constructor(options: JobQueueOptions) {
    this.#options = options;
    this.#logger = new Logger(() => (level: LogLevel, message: string) => {
      if (level === "error" || level === "warning") options.log(`Job queue: ${message}`);
    });
  }

  /** Installs the queue's schema, queues runs with their writes from now on and (with a worker) starts taking jobs. */
  async start(): Promise<void> {
    const { db, pool, worker, concurrency, pollMs } = this.#options;
    // The recovery sweep reads the app's tables: they exist once the store has migrated.
    await db.open();
    try {
      await runMigrations({ pgPool: pool, logger: this.#logger });
    } catch (error) {
      throw new JobQueueError("Installing the job queue's schema (graphile_worker) failed. Check that the database user may create a schema, then restart.", { cause: error });
    }
    db.queueRunsWith(queueRunStatement);
    if (!worker || this.#stopped) return;
    // Called again after a failed start (the runtime rejoins): a queue already taking jobs is not started twice.
    if (!this.#runner) await this.#startRunner(worker, concurrency, pollMs);
    await this.#ensureScheduled();
    await this.#recover();
    this.#ensure = setInterval(() => void this.#ensureScheduled().catch((error: unknown) => this.#options.log("Scheduling the cluster's jobs failed; trying again shortly.", error)), ENSURE_EVERY_MS);
    this.#ensure.unref();
  }

  /**
   * Stops taking jobs; jobs under way finish first (the worker was told to stop its runs, and gave their leases up).
   * Those runs are queued again at once, so another instance takes them over without waiting for the next sweep.
   */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#ensure);
    clearTimeout(this.#restart);
    const runner = this.#runner;
    this.#runner = null;
    if (!runner) return;
    // A runner that already stopped on its own (its end was logged) rejects this; there is nothing left to stop.
    await runner.stop().catch(() => undefined);
    await this.#recover().catch((error: unknown) => this.#options.log("Queueing the runs this instance gave up failed; the cluster's sweep will.", error));
  }

  /**
   * Starts Graphile Worker's runner. Completions and failures are batched (delay 0): a job's completion that fails
   * (the database refused or dropped the connection) then stops the runner through its promise, instead of being a
   * promise nobody awaits, whose rejection would end the process. A runner that stops on its own is started again.
   */
  async #startRunner(worker: Worker, concurrency: number, pollMs: number): Promise<void> {
    const runner = await run({
      pgPool: this.#options.pool,
      concurrency,
      noHandleSignals: true,
      // New jobs wake the queue at once (LISTEN/NOTIFY); the poll only finds jobs scheduled for later.
      pollInterval: Math.min(pollMs, 1000),
      logger: this.#logger,
      taskList: this.#tasks(worker),
      preset: { worker: { completeJobBatchDelay: 0, failJobBatchDelay: 0 } },
    });
    if (this.#stopped) {
      await runner.stop().catch(() => undefined);
      return;
    }
    this.#runner = runner;
    const startedAt = Date.now();
    runner.promise.then(
      () => this.#runnerEnded(runner, startedAt, worker, concurrency, pollMs),
      (error: unknown) => this.#runnerEnded(runner, startedAt, worker, concurrency, pollMs, error),
    );
  }

  /** The runner stopped without being told to: the database failed under it. The process stays up and retries. */
  #runnerEnded(runner: Runner, startedAt: number, worker: Worker, concurrency: number, pollMs: number, error?: unknown): void {
    if (this.#stopped || this.#runner !== runner) return;
    this.#runner = null;
    // A runner that lasted a while had a working database: start again soon. One that died at once backs off.
    if (Date.now() - startedAt > RESTART_MAX_MS) this.#restartMs = RESTART_MIN_MS;
    this.#options.log(
      `The job queue stopped taking jobs: the database failed under it (connections refused or dropped). It starts again in ${this.#restartMs} ms; if this repeats, check the database server (max_connections, restarts).`,
      error,
    );
    this.#scheduleRestart(worker, concurrency, pollMs);
  }

  #scheduleRestart(worker: Worker, concurrency: number, pollMs: number): void {
    const delay = this.#restartMs;
    this.#restartMs = Math.min(this.#restartMs * 2, RESTART_MAX_MS);
    this.#restart = setTimeout(() => {
      if (this.#stopped) return;
      this.#startRunner(worker, concurrency, pollMs).then(
        // Runs whose jobs were lost with the old runner are queued again at once, not at the next sweep.
        () => this.#recover().catch(() => undefined),
        (error: unknown) => {
          this.#options.log(`Starting the job queue again failed; trying again in ${this.#restartMs} ms.`, error);
          this.#scheduleRestart(worker, concurrency, pollMs);
        },
      );
    }, delay);
  }

  #tasks(worker: Worker): TaskList {
    const tasks: TaskList = {
      [EXECUTE_RUN]: async (payload) => {
        // A run that fails is left to its lease: the job itself never fails, so the queue never retries it.
        await worker.execute(executePayload.parse(payload).runId);
      },
      [RECOVER_RUNS]: async () => {
        const { pollMs } = this.#options;
        const until = Date.now() + Math.min(pollMs, WAIT_FOR_EXPIRY_MS);
        try {
          await this.#recover();
          // A lease that expires before this job's next turn is waited for here: the queue finds a job scheduled for
          // later only at its next poll, which would add up to a poll interval to the takeover.
          for (let at = await this.#nextExpiry(); at !== null && at < until && !this.#stopped; at = await this.#nextExpiry()) {
            await new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now()) + 25));
            await this.#recover();
          }
        } finally {
          await this.#schedule(RECOVER_RUNS, new Date(Date.now() + pollMs), "replace");
        }
      },
    };
    for (const job of this.#options.jobs) {
      tasks[scheduledTask(job.name)] = async () => {
        await job
          .run()
          .catch((error: unknown) => this.#options.log(`The scheduled job "${job.name}" failed; it runs again in ${job.everyMs} ms.`, error))
          .finally(() => this.#schedule(scheduledTask(job.name), new Date(Date.now() + job.everyMs), "replace"));
      };
    }
    return tasks;
  }

  /** Queues every run that should be executing but has no job waiting. */
  async #recover(): Promise<void> {
    await this.#options.pool.query(RECOVER_SQL, [utcTimestamp(new Date())]);
  }

  /** When the next lease still held expires (epoch ms), or null. */
  async #nextExpiry(): Promise<number | null> {
    const { rows } = await this.#options.pool.query(NEXT_EXPIRY_SQL, [utcTimestamp(new Date())]);
    return rows.length === 0 ? null : expiryRow.parse(rows[0]).ms;
  }

  /** Each instance keeps one job of each scheduled task waiting, without moving one already scheduled. */
  async #ensureScheduled(): Promise<void> {
    const soon = new Date(Date.now() + this.#options.pollMs);
    await this.#schedule(RECOVER_RUNS, soon, "preserve_run_at");
    for (const job of this.#options.jobs) await this.#schedule(scheduledTask(job.name), new Date(Date.now() + job.everyMs), "preserve_run_at");
  }

  async #schedule(task: string, at: Date, mode: "replace" | "preserve_run_at"): Promise<void> {
    if (this.#stopped) return;
    await this.#options.pool.query(`SELECT graphile_worker.add_job($1::text, '{}'::json, run_at := $2::timestamptz, job_key := $1::text, job_key_mode := $3::text, max_attempts := 1)`, [task, at.toISOString(), mode]);
  }
}

const scheduledTask = (name: string) => `scheduled:${name}`;
