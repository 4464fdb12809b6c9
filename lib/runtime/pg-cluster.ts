import pg from "pg";
import type { PostgresDb } from "@/lib/db";
import { pgConfig } from "@/lib/db/adapters";
import { JobQueue, type ScheduledJob } from "./job-queue";
import { PgSignalRelay } from "./pg-signal-relay";
import type { RunSignals } from "./signals";
import type { Worker } from "./worker";

/**
 * What makes instances on one PostgreSQL database act as one cluster: the job queue that dispatches runs and runs
 * the scheduled jobs once per cluster, and the relay that shares run signals. Both use one small pool of their own.
 */
export class PgCluster {
  readonly #pool: pg.Pool;
  readonly #queue: JobQueue;
  readonly #relay: PgSignalRelay;
  #stopping = false;
  #listening = false;

  constructor(options: { db: PostgresDb; signals: RunSignals; worker: Worker | null; concurrency: number; pollMs: number; jobs: readonly ScheduledJob[]; readers?: boolean; log: (message: string, error?: unknown) => void }) {
    const config = pgConfig(options.db.url);
    // Connections closing under a stopping instance are expected, not failures.
    const log = (message: string, error?: unknown) => {
      if (!this.#stopping) options.log(message, error);
    };
    // The queue's LISTEN connection, its job fetches and completions, the signals sent, the recovery sweep.
    this.#pool = new pg.Pool({ ...config, max: options.concurrency + 4 });
    this.#pool.on("error", (error) => log("An idle connection of the job queue's pool failed; it will be replaced.", error));
    // A connection that fails while checked out reports through its query; this keeps the failure from crashing the process.
    this.#pool.on("connect", (client) => client.on("error", (error) => log("A connection of the job queue's pool failed.", error)));
    this.#queue = new JobQueue({ db: options.db, pool: this.#pool, worker: options.worker, concurrency: Math.max(1, options.concurrency), pollMs: options.pollMs, jobs: options.jobs, log: options.log });
    this.#relay = new PgSignalRelay({ pool: this.#pool, config, signals: options.signals, readers: options.readers, log: options.log });
  }

  /** Starts relaying and taking jobs; after a failure, calling it again resumes where it stopped. */
  async start(): Promise<void> {
    if (!this.#listening) {
      await this.#relay.start();
      this.#listening = true;
    }
    await this.#queue.start();
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    await this.#queue.stop();
    await this.#relay.stop();
    await this.#pool.end();
  }
}
