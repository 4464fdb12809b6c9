import "server-only";
import type { AppStore } from "@/lib/db/app-store";
import type { RunSignals } from "@/lib/runtime/signals";

/** Statuses a run keeps only while a worker has more to do. */
const MOVING = new Set(["pending", "running"]);
/** A worker in another process changes the run without telling this one: look at least this often. */
const RECHECK_MS = 250;

/**
 * Waits until the run pauses or ends, or `ms` pass (`Prefer: wait`). Woken by this process's signals at once and
 * re-reads the status every quarter second for changes made elsewhere.
 */
export async function waitForRun(db: AppStore, signals: RunSignals, runId: string, ms: number, signal?: AbortSignal): Promise<void> {
  const deadline = Date.now() + ms;
  let wake: () => void = () => undefined;
  const stop = signals.onChanged(runId, () => wake());
  try {
    while (Date.now() < deadline && !signal?.aborted) {
      const stored = await db.getRun(runId);
      if (!stored || !MOVING.has(stored.run.status)) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(RECHECK_MS, Math.max(0, deadline - Date.now())));
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  } finally {
    stop();
  }
}
