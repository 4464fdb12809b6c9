import { EventEmitter } from "node:events";

/**
 * What happens to runs, told inside this process: a run became runnable, a run's log or state changed, a run was
 * cancelled. The dispatcher wakes on the first, event streams and `Prefer: wait` on the second, workers on the
 * third. Other processes learn the same from the database (polling, or LISTEN/NOTIFY on PostgreSQL).
 */
export class RunSignals {
  readonly #emitter = new EventEmitter();

  constructor() {
    // Every open event stream and waiting request listens: no fixed limit fits.
    this.#emitter.setMaxListeners(0);
  }

  runnable(runId: string): void {
    this.#emitter.emit("runnable", runId);
  }

  changed(runId: string): void {
    this.#emitter.emit(`changed:${runId}`);
  }

  cancelled(runId: string): void {
    this.#emitter.emit(`cancelled:${runId}`);
  }

  onRunnable(listener: (runId: string) => void): () => void {
    this.#emitter.on("runnable", listener);
    return () => this.#emitter.off("runnable", listener);
  }

  onChanged(runId: string, listener: () => void): () => void {
    this.#emitter.on(`changed:${runId}`, listener);
    return () => this.#emitter.off(`changed:${runId}`, listener);
  }

  onCancelled(runId: string, listener: () => void): () => void {
    this.#emitter.on(`cancelled:${runId}`, listener);
    return () => this.#emitter.off(`cancelled:${runId}`, listener);
  }
}
