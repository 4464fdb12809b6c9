import type { AppStore } from "@/lib/db/app-store";
import { RunConflictError } from "@/lib/engine/errors";
import { nextTimeoutAt } from "@/lib/engine/workflow";
import type { WorkflowRunJSON } from "@/lib/engine/workflow/snapshot";
import { workflowOfRun } from "./catalog";
import { appDb } from "./db";

const SWEEP_EVERY_MS = 5_000;
const PAGE = 100;

/**
 * Continues every paused run with a gate whose timeout passed: the engine applies the gate's `onTimeout`.
 * Returns the ids of the runs it continued. A run someone else continued meanwhile is left alone.
 */
export async function sweepExpiredGates(db: AppStore, now: Date = new Date()): Promise<string[]> {
  const due: WorkflowRunJSON[] = [];
  let cursor: string | undefined;
  do {
    const page = await db.listRuns({ status: "paused", limit: PAGE, ...(cursor ? { cursor } : {}) });
    for (const summary of page.items) {
      const stored = await db.getRun(summary.runId);
      const timeoutAt = stored ? nextTimeoutAt(stored.run) : null;
      if (stored && timeoutAt && timeoutAt <= now) due.push(stored.run);
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);

  const continued: string[] = [];
  for (const snapshot of due) {
    const entry = workflowOfRun(snapshot.workflowName);
    if (!entry) continue;
    const workflow = entry.create(db);
    try {
      const run = await workflow.getRun(snapshot.runId);
      if (!run?.isPaused) continue;
      await workflow.continueRun(run, { now: () => now });
      continued.push(snapshot.runId);
    } catch (error) {
      if (!(error instanceof RunConflictError)) console.error(`Timeout sweep of run ${snapshot.runId} failed:`, error);
    }
  }
  return continued;
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
