import type { AppStore, AuditedStore } from "@/lib/db/app-store";
import { PostgresDb } from "@/lib/db/postgres-db";
import { LocalDispatcher } from "./dispatcher";
import type { ScheduledJob } from "./job-queue";
import { PgCluster } from "./pg-cluster";
import type { RuntimeSettings } from "./settings";
import { RunSignals } from "./signals";
import { signallingStore } from "./signalling-store";
import { Worker, type WorkflowResolver } from "./worker";

/** How soon an instance that could not join its cluster tries again. */
const REJOIN_MS = 5_000;

export interface RuntimeOptions {
  /** Jobs the cluster runs once per interval on PostgreSQL (on SQLite each process schedules its own). */
  jobs?: readonly ScheduledJob[];
  log?: (message: string, error?: unknown) => void;
  /** Called after this instance's worker executed a run to a pause (see WorkerDeps.afterPause). */
  afterPause?: (runtime: Runtime, runId: string, workflowName: string) => Promise<void>;
  /**
   * False on a process that serves no readers (no event stream, no `Prefer: wait`), such as `npm run worker`: on
   * PostgreSQL it then does not listen for the other instances' "changed" signals, only for cancellations.
   */
  readers?: boolean;
}

/**
 * Everything that makes runs happen in this process: the signals, the store the engine writes through, and —
 * unless the instance is web-only — the worker. On SQLite an in-process dispatcher over the lease columns hands it
 * runs; on PostgreSQL the job queue does, and the instances share their signals (LISTEN/NOTIFY).
 */
export class Runtime {
  readonly db: AppStore;
  readonly signals = new RunSignals();
  readonly settings: RuntimeSettings;
  /** The store the engine writes through: every write is signalled. */
  readonly store: AuditedStore;
  readonly worker: Worker | null;
  readonly #dispatcher: LocalDispatcher | null;
  readonly #cluster: PgCluster | null;
  readonly #log: (message: string, error?: unknown) => void;
  #started: Promise<void> | null = null;
  #rejoin: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(db: AppStore, resolve: WorkflowResolver, settings: RuntimeSettings, options: RuntimeOptions = {}) {
    this.db = db;
    this.settings = settings;
    this.#log = options.log ?? ((m, e) => console.error(m, e ?? ""));
    this.store = signallingStore(db, this.signals);
    const afterPause = options.afterPause;
    this.worker =
      settings.concurrency === 0
        ? null
        : new Worker({
            store: this.store,
            leases: db.leases(),
            signals: this.signals,
            resolve,
            settings,
            log: this.#log,
            ...(afterPause && { afterPause: (runId: string, workflowName: string) => afterPause(this, runId, workflowName) }),
          });
    if (db instanceof PostgresDb) {
      this.#dispatcher = null;
      this.#cluster = new PgCluster({ db, signals: this.signals, worker: this.worker, concurrency: settings.concurrency, pollMs: settings.pollMs, jobs: options.jobs ?? [], readers: options.readers, log: this.#log });
    } else {
      this.#cluster = null;
      this.#dispatcher = this.worker
        ? new LocalDispatcher({ leases: db.leases(), worker: this.worker, signals: this.signals, concurrency: settings.concurrency, pollMs: settings.pollMs })
        : null;
    }
  }

  /** True on PostgreSQL: the job queue dispatches runs and runs the scheduled jobs once per cluster. */
  get clustered(): boolean {
    return this.#cluster !== null;
  }

  /** Starts taking runs (a web-only instance only queues and relays). Call once. */
  start(): void {
    this.#dispatcher?.start();
    this.#started ??= this.#cluster ? this.#join(this.#cluster) : Promise.resolve();
  }

  /** Resolves once the first attempt to join the cluster is over (at once on SQLite). */
  async ready(): Promise<void> {
    await this.#started;
  }

  /** Joins the cluster, and keeps trying while the database cannot be reached (a database restarting with the app). */
  async #join(cluster: PgCluster): Promise<void> {
    try {
      await cluster.start();
    } catch (error) {
      this.#log(`Joining the cluster (job queue, shared signals) failed; trying again in ${REJOIN_MS / 1000} s. Until then this instance executes no runs.`, error);
      if (this.#stopped) return;
      this.#rejoin = setTimeout(() => void this.#join(cluster), REJOIN_MS);
      this.#rejoin.unref();
    }
  }

  /** Stops taking runs and waits for the runs executing here to stop. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#rejoin);
    this.worker?.abortAll("The server is shutting down.");
    await this.#dispatcher?.stop();
    await this.#started;
    await this.#cluster?.stop();
  }
}
