import type { AppStore } from "@/lib/db/app-store";
import { nextTimeoutAt, RunConflictError, type Store } from "@/lib/engine";
import { workflowOfRun } from "@/lib/workflows";

/** How often gates that timed out are looked for (once per cluster on PostgreSQL, per process on SQLite). */
export const SWEEP_EVERY_MS = 5_000;
const PAGE = 100;

/**
 * Queues the continuation of every paused run with a gate whose timeout passed (a worker then applies the gate's
 * `onTimeout`), writing through `store`. Returns the ids of the runs it queued. A run someone else continued or
 * queued meanwhile is left alone: the version check lets one instance of a cluster queue each run, once.
 */
export async function sweepExpiredGates(db: AppStore, now: Date = new Date(), store: Store = db): Promise<string[]> {
  const tried = new Set<string>();
  const continued: string[] = [];
  let limit = PAGE;
  for (;;) {
    const due = await db.listRunsWithExpiredGates(now, limit);
    const fresh = due.filter((runId) => !tried.has(runId));
    if (fresh.length === 0) {
      if (due.length < limit) return continued;
      // A whole page of runs this pass already tried and could not move on: look past them.
      limit += PAGE;
      continue;
    }
    let stuck = due.length - fresh.length;
    for (const runId of fresh) {
      tried.add(runId);
      if (await continueExpired(db, store, runId, now)) continued.push(runId);
      else stuck++;
    }
    // Runs that stay due keep their places at the head of the list; each pass tries a run once.
    limit = PAGE + stuck;
  }
}

/** Queues one run whose gate timed out; false when it could not (gone, moved on, unknown workflow, failed). */
async function continueExpired(db: AppStore, store: Store, runId: string, now: Date): Promise<boolean> {
  const stored = await db.getRun(runId);
  const timeoutAt = stored ? nextTimeoutAt(stored.run) : null;
  if (!stored || !timeoutAt || timeoutAt > now) return false;
  const entry = workflowOfRun(stored.run.workflowName);
  if (!entry) return false;
  const workflow = entry.create(store);
  try {
    const run = await workflow.getRun(runId);
    if (!run?.isPaused) return false;
    await workflow.queueContinue(run, { now: () => now });
    return true;
  } catch (error) {
    if (!(error instanceof RunConflictError)) console.error(`Timeout sweep of run ${runId} failed:`, error);
    return false;
  }
}

