import "server-only";
import type { RunDto } from "@/lib/contracts";
import { cancelRun, retryRun, RunConflictError, RunNotFoundError, RunStateError } from "@/lib/engine";
import { ConflictError, NotFoundError } from "./api-error";
import { loadRunView } from "./run-view";
import { appRuntime } from "@/lib/app/runtime";

/** The engine's refusals as HTTP answers: an unknown run is 404, a run in the wrong state (or that moved on) 409. */
async function answering<T>(runId: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof RunNotFoundError) throw new NotFoundError(`There is no run with id ${runId}.`);
    if (error instanceof RunStateError) throw new ConflictError(error.message);
    if (error instanceof RunConflictError) throw new ConflictError(`Run ${runId} changed while this was being done. Reload it and try again.`);
    throw error;
  }
}

/**
 * Cancels a pending, running or paused run. A worker executing it here stops at once (the abort reaches its model
 * request and its tool); one elsewhere stops at its next write, which the version check refuses, or when its
 * lease renewal finds the run is no longer its own.
 */
export async function cancelRunById(runId: string, by: string): Promise<RunDto> {
  const runtime = appRuntime();
  await answering(runId, () => cancelRun(runtime.store, runId, { reason: `cancelled by ${by}` }));
  runtime.signals.cancelled(runId);
  return loadRunView(runtime.db, runId);
}

/** Queues a run that ended `error` after its recovery attempts again, from its last durable point. */
export async function retryRunById(runId: string): Promise<RunDto> {
  const runtime = appRuntime();
  await answering(runId, () => retryRun(runtime.store, runId));
  return loadRunView(runtime.db, runId);
}
