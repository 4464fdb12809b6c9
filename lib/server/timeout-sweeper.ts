import type { AppStore } from "@/lib/db/app-store";
import { RunConflictError } from "@/lib/engine/errors";
import { nextTimeoutAt } from "@/lib/engine/workflow";
import { workflowOfRun } from "./catalog";
import { appDb } from "./db";

const SWEEP_EVERY_MS = 5_000;
const PAGE = 100;

/**
 * Continues every paused run with a gate whose timeout passed: the engine applies the gate's `onTimeout`.
 * Returns the ids of the runs it continued. A run someone else continued meanwhile is left alone.
 */
export async function sweepExpiredGates(db: AppStore, now: Date = new Date()): Promise<string[]> {
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
      if (await continueExpired(db, runId, now)) continued.push(runId);
      else stuck++;
    }
    // Runs that stay due keep their places at the head of the list; each pass tries a run once.
    limit = PAGE + stuck;
  }
}

/** Continues one run whose gate timed out; false when it could not (gone, moved on, unknown workflow, failed). */
async function continueExpired(db: AppStore, runId: string, now: Date): Promise<boolean> {
  const stored = await db.getRun(runId);
  const timeoutAt = stored ? nextTimeoutAt(stored.run) : null;
  if (!stored || !timeoutAt || timeoutAt > now) return false;
  const entry = workflowOfRun(stored.run.workflowName);
  if (!entry) return false;
  const workflow = entry.create(db);
  try {
    const run = await workflow.getRun(runId);
    if (!run?.isPaused) return false;
    await workflow.continueRun(run, { now: () => now });
    return true;
  } catch (error) {
    if (!(error instanceof RunConflictError)) console.error(`Timeout sweep of run ${runId} failed:`, error);
    return false;
  }
}

const holder = globalThis as typeof globalThis & { __hitlTimeoutSweeper?: NodeJS.Timeout };

/** Sweeps every few seconds for the life of the process; calling it again does nothing. */
export function startTimeoutSweeper(intervalMs = SWEEP_EVERY_MS): void {
  if (holder.__hitlTimeoutSweeper) return;
  let sweeping = false;
  holder.__hitlTimeoutSweeper = setInterval(() => {
    if (sweeping) return;
    sweeping = true;
    sweepExpiredGates(appDb())
      .catch((error: unknown) => console.error("Timeout sweep failed:", error))
      .finally(() => {
        sweeping = false;
      });
  }, intervalMs);
  holder.__hitlTimeoutSweeper.unref();
}
