import { RunNotFoundError, RunStateError } from "../errors";
import { WorkflowCancelledEvent, WorkflowContinuedEvent, WorkflowErrorEvent } from "../events";
import type { Store } from "../store";
import { eventJSON } from "./event-log";
import { WorkflowRunOutput } from "./run-output";

// What a person or the runtime does to a run as a whole, whatever its workflow: cancel it, fail it after its
// recovery attempts, retry it. Each is one version-checked write, so it races safely with a worker: the worker's
// next save fails the version check and it stops.

const ENDED = new Set(["completed", "error", "cancelled"]);

async function load(store: Store, runId: string): Promise<WorkflowRunOutput> {
  const stored = await store.getRun(runId);
  if (!stored) throw new RunNotFoundError(runId);
  return WorkflowRunOutput.fromJSON({ ...stored.run, version: stored.version });
}

/** Cancels a pending, running or paused run (RunStateError for one that ended). */
export async function cancelRun(store: Store, runId: string, options: { reason: string; now?: Date }): Promise<WorkflowRunOutput> {
  const run = await load(store, runId);
  if (ENDED.has(run.status)) throw new RunStateError(runId, `it already ended (${run.status}); only a pending, running or paused run can be cancelled.`);
  const at = (options.now ?? new Date()).toISOString();
  run.status = "cancelled";
  run.cancelReason = options.reason;
  delete run.resumeState;
  delete run.pauseKind;
  delete run.pausedStepName;
  delete run.pausedStepPath;
  delete run.lease;
  delete run.recoveries;
  run.updatedAt = at;
  const event = new WorkflowCancelledEvent({ runId, reason: options.reason, createdAt: at });
  run.version = await store.updateRun(run.toJSON(), { expectedVersion: run.version, events: [eventJSON(event)] });
  return run;
}

/**
 * Ends a running run with `error` because it could not be executed (its recovery attempts are used up). Its resume
 * state is kept, so `retryRun` can take it up again from its last durable point.
 */
export async function failRun(store: Store, runId: string, options: { expectedVersion: number; error: string; now?: Date }): Promise<WorkflowRunOutput> {
  const run = await load(store, runId);
  if (run.version !== options.expectedVersion || run.status !== "running") {
    throw new RunStateError(runId, `it is ${run.status} at version ${run.version}; only the worker holding it may fail it.`);
  }
  const at = (options.now ?? new Date()).toISOString();
  run.status = "error";
  run.error = options.error;
  delete run.lease;
  delete run.recoveries;
  run.updatedAt = at;
  const event = new WorkflowErrorEvent({ runId, error: options.error, createdAt: at });
  run.version = await store.updateRun(run.toJSON(), { expectedVersion: run.version, events: [eventJSON(event)] });
  return run;
}

/** Whether a run ended `error` in a way `retryRun` can take up: it still has the position it stopped at. */
export function isRetryable(run: { status: string; resumeState?: unknown }): boolean {
  return run.status === "error" && run.resumeState !== undefined;
}

/** Queues a run that failed after its recovery attempts again (status pending) from its last durable point. */
export async function retryRun(store: Store, runId: string, options: { now?: Date } = {}): Promise<WorkflowRunOutput> {
  const run = await load(store, runId);
  if (!isRetryable(run)) {
    throw new RunStateError(runId, `it is ${run.status}${run.status === "error" ? " with nothing left to resume" : ""}; only a run that failed after its recovery attempts can be retried.`);
  }
  const at = (options.now ?? new Date()).toISOString();
  run.status = "pending";
  delete run.error;
  run.updatedAt = at;
  const event = new WorkflowContinuedEvent({ runId, createdAt: at });
  run.version = await store.updateRun(run.toJSON(), { expectedVersion: run.version, events: [eventJSON(event)] });
  return run;
}
