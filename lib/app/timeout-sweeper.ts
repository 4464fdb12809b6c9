import { SWEEP_EVERY_MS, sweepExpiredGates } from "./gate-timeouts";
import { appRuntime } from "./runtime";

export { sweepExpiredGates } from "./gate-timeouts";

const holder = globalThis as typeof globalThis & { __hitlTimeoutSweeper?: NodeJS.Timeout };

/**
 * Sweeps every few seconds for the life of the process; calling it again does nothing. On PostgreSQL it does
 * nothing at all: the sweep is a scheduled job of the cluster's queue, run by one worker at a time.
 */
export function startTimeoutSweeper(intervalMs = SWEEP_EVERY_MS): void {
  if (holder.__hitlTimeoutSweeper || appRuntime().clustered) return;
  let sweeping = false;
  holder.__hitlTimeoutSweeper = setInterval(() => {
    if (sweeping) return;
    sweeping = true;
    const runtime = appRuntime();
    sweepExpiredGates(runtime.db, new Date(), runtime.store)
      .catch((error: unknown) => console.error("Timeout sweep failed:", error))
      .finally(() => {
        sweeping = false;
      });
  }, intervalMs);
  holder.__hitlTimeoutSweeper.unref();
}
