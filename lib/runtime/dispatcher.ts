import type { LeaseStore } from "@/lib/db/app-store";
import type { RunSignals } from "./signals";
import type { Worker } from "./worker";

/**
 * Hands runnable runs to this process's worker, up to `concurrency` at once, on the lease columns alone: woken at
 * once by a run made runnable in this process, at the soonest lease expiry, and every `pollMs` for what other
 * processes queued. Right for one machine (the SQLite default); on PostgreSQL the job queue also wakes the workers of
 * every instance at once, and this remains the net for lost runs.
 */
export class LocalDispatcher {
  readonly #leases: LeaseStore;
  readonly #worker: Worker;
  readonly #signals: RunSignals;
  readonly #concurrency: number;
  readonly #pollMs: number;
  readonly #inFlight = new Set<Promise<unknown>>();
  #timer: NodeJS.Timeout | undefined;
  #expiryTimer: NodeJS.Timeout | undefined;
  #stopRunnable: (() => void) | undefined;
  #scanning = false;
  #again = false;
  #stopped = false;

  constructor(options: { leases: LeaseStore; worker: Worker; signals: RunSignals; concurrency: number; pollMs: number }) {
    this.#leases = options.leases;
    this.#worker = options.worker;
    this.#signals = options.signals;
    this.#concurrency = options.concurrency;
    this.#pollMs = options.pollMs;
  }

  start(): void {
    this.#stopRunnable = this.#signals.onRunnable(() => this.wake());
    this.#timer = setInterval(() => this.wake(), this.#pollMs);
    this.#timer.unref();
    this.wake();
  }

  /** Looks for runnable runs now (coalesced with a look already under way). */
  wake(): void {
    if (this.#stopped) return;
    if (this.#scanning) {
      this.#again = true;
      return;
    }
    this.#scanning = true;
    this.#scan()
      .catch((error: unknown) => console.error("Looking for runnable runs failed; trying again shortly.", error))
      .finally(() => {
        this.#scanning = false;
        if (this.#again) {
          this.#again = false;
          this.wake();
        }
      });
  }

  /** Stops taking runs and waits for those executing here to reach their next save. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    clearTimeout(this.#expiryTimer);
    this.#stopRunnable?.();
    await Promise.allSettled([...this.#inFlight]);
  }

  async #scan(): Promise<void> {
    const free = this.#concurrency - this.#worker.active;
    if (free > 0) {
      const ids = await this.#leases.listRunnable(new Date(), free + this.#worker.active);
      for (const runId of ids.filter((id) => !this.#worker.isRunning(id)).slice(0, free)) this.#launch(runId);
    }
    await this.#armExpiry();
  }

  #launch(runId: string): void {
    const work = this.#worker.execute(runId).finally(() => {
      this.#inFlight.delete(work);
      this.wake();
    });
    this.#inFlight.add(work);
  }

  /** Wakes just after the soonest lease expires, so a lost run is taken over within moments of its expiry. */
  async #armExpiry(): Promise<void> {
    const next = await this.#leases.nextExpiry();
    clearTimeout(this.#expiryTimer);
    if (!next || this.#stopped) return;
    const delay = Math.max(0, next.getTime() - Date.now()) + 25;
    if (delay >= this.#pollMs) return;
    this.#expiryTimer = setTimeout(() => this.wake(), delay);
    this.#expiryTimer.unref();
  }
}
