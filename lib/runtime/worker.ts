import { randomUUID } from "node:crypto";
import type { LeaseStore } from "@/lib/db/app-store";
import { failRun, RunAbandonedError, RunConflictError, type Store, type Workflow } from "@/lib/engine";
import type { RuntimeSettings } from "./settings";
import type { RunSignals } from "./signals";

/** Builds the workflow a stored run belongs to, on the given store; null when this process does not know it. */
export type WorkflowResolver = (workflowName: string, store: Store) => Workflow | null;

export interface WorkerDeps {
  store: Store;
  leases: LeaseStore;
  signals: RunSignals;
  resolve: WorkflowResolver;
  settings: Pick<RuntimeSettings, "leaseMs" | "recoveryAttempts">;
  /**
   * Called once a run this worker executed has paused and its lease is given back: the app lets its standing
   * policies decide there (lib/app). A failure is logged; the run stays paused for a person.
   */
  afterPause?: (runId: string, workflowName: string) => Promise<void>;
  /** Where failures that leave a run to be recovered are told; console.error by default. */
  log?: (message: string, error?: unknown) => void;
  now?: () => Date;
}

/** What became of one attempt to execute a run. */
export type ExecuteResult = "done" | "not-runnable" | "lost" | "failed" | "gave-up";

/**
 * Executes runs under a lease. One instance per process; `owner` names it in the leases (a fresh id per process
 * start, never a pid: a restarted container reuses its pid).
 */
export class Worker {
  readonly owner = `worker-${randomUUID()}`;
  readonly #deps: WorkerDeps;
  readonly #running = new Map<string, AbortController>();
  #stopping = false;

  constructor(deps: WorkerDeps) {
    this.#deps = deps;
  }

  /** Runs executing here now. */
  get active(): number {
    return this.#running.size;
  }

  isRunning(runId: string): boolean {
    return this.#running.has(runId);
  }

  /**
   * Stops every run executing here and takes no more: each gives its lease up as it stops, so another worker takes
   * it over at once from its last durable point.
   */
  abortAll(reason: string): void {
    this.#stopping = true;
    for (const controller of this.#running.values()) controller.abort(new Error(reason));
  }

  /**
   * Takes the run if it is runnable and drives it to its next pause or end, renewing the lease as it goes. A run
   * taken over too often ends `error` (a person may retry it). A run cancelled or taken over meanwhile is left to
   * whoever changed it.
   */
  async execute(runId: string): Promise<ExecuteResult> {
    const { store, leases, signals, settings } = this.#deps;
    const now = this.#deps.now ?? (() => new Date());
    if (this.#running.has(runId) || this.#stopping) return "not-runnable";
    const at = now();
    const taken = await leases.take(runId, this.owner, new Date(at.getTime() + settings.leaseMs), at);
    if (!taken) return "not-runnable";
    signals.changed(runId);
    const controller = new AbortController();
    this.#running.set(runId, controller);
    const stopListening = signals.onCancelled(runId, () => controller.abort(new Error("The run was cancelled.")));
    const heartbeat = setInterval(() => {
      leases
        .renew(runId, this.owner, new Date(now().getTime() + settings.leaseMs))
        .then((held) => {
          if (!held) controller.abort(new Error("The lease on the run was lost."));
        })
        .catch((error: unknown) => this.#log(`Renewing the lease on run ${runId} failed; it will be tried again.`, error));
    }, Math.max(1, Math.floor(settings.leaseMs / 3)));
    heartbeat.unref();
    let pausedWorkflow: string | null = null;
    try {
      if (taken.recoveries > settings.recoveryAttempts) {
        await failRun(store, runId, {
          expectedVersion: taken.version,
          error: `The run stopped ${taken.recoveries} times while it was executing (its worker died or lost contact) and was given up after ${settings.recoveryAttempts} recovery attempts. Retry it once the cause is fixed.`,
        });
        return "gave-up";
      }
      const stored = await store.getRun(runId);
      const workflow = stored ? this.#deps.resolve(stored.run.workflowName, store) : null;
      if (!stored || !workflow) {
        await failRun(store, runId, {
          expectedVersion: taken.version,
          error: `The workflow "${stored?.run.workflowName ?? "?"}" is not in this server's catalog, so the run cannot execute.`,
        });
        return "failed";
      }
      const output = await workflow.execute(runId, { expectedVersion: taken.version, signal: controller.signal });
      if (output.isPaused) pausedWorkflow = output.workflowName;
      return "done";
    } catch (error) {
      if (error instanceof RunConflictError || error instanceof RunAbandonedError || controller.signal.aborted) return "lost";
      // The lease is left to expire: another attempt (here or elsewhere) picks the run up from its last durable point.
      this.#log(`Run ${runId} failed while executing; it will be recovered when its lease expires.`, error);
      return "failed";
    } finally {
      if (this.#stopping) await leases.release(runId, this.owner, now()).catch((error: unknown) => this.#log(`Giving up run ${runId} failed; its lease will expire.`, error));
      clearInterval(heartbeat);
      stopListening();
      this.#running.delete(runId);
      if (pausedWorkflow !== null && this.#deps.afterPause) {
        await this.#deps.afterPause(runId, pausedWorkflow).catch((error: unknown) => this.#log(`Applying standing policies to paused run ${runId} failed; it waits for a person.`, error));
      }
    }
  }

  #log(message: string, error?: unknown): void {
    (this.#deps.log ?? ((m: string, e?: unknown) => console.error(m, e ?? "")))(message, error);
  }
}
