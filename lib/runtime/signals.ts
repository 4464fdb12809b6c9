import { EventEmitter } from "node:events";

/** The signals other instances must hear too: a viewer or waiter may be there, or the worker executing the run. */
export type SharedSignal = "changed" | "cancelled";

/** Carries this process's shared signals to the other instances (LISTEN/NOTIFY on PostgreSQL). */
export interface SignalRelay {
  publish(signal: SharedSignal, runId: string): void;
}

/**
 * What happens to runs: a run became runnable, a run's log or state changed, a run was cancelled. The dispatcher
 * wakes on the first, event streams and `Prefer: wait` on the second, workers on the third. With a relay (several
 * instances on PostgreSQL), "changed" and "cancelled" reach every instance; "runnable" stays here, as the job queue
 * tells workers elsewhere.
 */
export class RunSignals {
  readonly #emitter = new EventEmitter();
  #relay: SignalRelay | null = null;

  constructor() {
    // Every open event stream and waiting request listens: no fixed limit fits.
    this.#emitter.setMaxListeners(0);
  }

  /** Sends this process's "changed" and "cancelled" signals to the other instances too (null stops it). */
  relayTo(relay: SignalRelay | null): void {
    this.#relay = relay;
  }

  runnable(runId: string): void {
    this.#emitter.emit("runnable", runId);
  }

  changed(runId: string): void {
    this.#emitter.emit(`changed:${runId}`);
    this.#emitter.emit("any", "changed", runId);
    this.#relay?.publish("changed", runId);
  }

  cancelled(runId: string): void {
    this.#emitter.emit(`cancelled:${runId}`);
    this.#emitter.emit("any", "cancelled", runId);
    this.#relay?.publish("cancelled", runId);
  }

  /** A signal another instance sent: told to this process's listeners, not relayed again. */
  received(signal: SharedSignal, runId: string): void {
    this.#emitter.emit(`${signal}:${runId}`);
    this.#emitter.emit("any", signal, runId);
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

  /** Every "changed" or "cancelled" signal of any run: this process's own and, with a relay, other instances'. */
  onAnyChange(listener: (signal: SharedSignal, runId: string) => void): () => void {
    this.#emitter.on("any", listener);
    return () => this.#emitter.off("any", listener);
  }
}
