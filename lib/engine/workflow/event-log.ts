import type { WorkflowEvent, WorkflowEventJSON } from "../events";
import type { Store } from "../store";

/** Events are stored as plain data. */
export function eventJSON(event: WorkflowEvent): WorkflowEventJSON {
  return { ...event } as unknown as WorkflowEventJSON;
}

/**
 * A run's events written as they happen. Events gather while the engine works without waiting on the outside
 * world and are appended as soon as it does (a model answer, a tool, a timer): a viewer sees a step start before
 * its slow call returns, and a burst of quick steps costs one write. The appends are chained, so the log keeps
 * its order; the next update of the run takes what is left. An append refused by the version check (the run was
 * cancelled or another worker took it over) is reported once through `onLost`.
 */
export class EventLog {
  readonly #store: Store;
  readonly #runId: string;
  readonly #version: () => number;
  readonly #onLost: (error: unknown) => void;
  readonly #unsaved: WorkflowEventJSON[] = [];
  #writing: Promise<void> = Promise.resolve();
  #failure: unknown = null;
  #scheduled = false;

  constructor(store: Store, runId: string, version: () => number, onLost: (error: unknown) => void) {
    this.#store = store;
    this.#runId = runId;
    this.#version = version;
    this.#onLost = onLost;
  }

  push(event: WorkflowEvent): void {
    this.#unsaved.push(eventJSON(event));
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => this.#flush());
  }

  /** Waits for the appends in flight and hands over the events not yet written, for the update that follows. */
  async take(): Promise<WorkflowEventJSON[]> {
    // A flush may start while this waits (its timer fires in between) and take the last events: wait for it too, or
    // the update would go ahead without them while their append is refused by the version the update moves on.
    for (let writing = this.#writing; ; writing = this.#writing) {
      await writing;
      if (writing === this.#writing) break;
    }
    if (this.#failure !== null) throw this.#failure;
    return this.#unsaved.splice(0);
  }

  #flush(): void {
    this.#scheduled = false;
    if (this.#unsaved.length === 0 || this.#failure !== null) return;
    const batch = this.#unsaved.splice(0);
    this.#writing = this.#writing.then(async () => {
      if (this.#failure !== null) return;
      try {
        await this.#store.appendEvents(this.#runId, batch, { expectedVersion: this.#version() });
      } catch (error) {
        this.#failure = error;
        this.#onLost(error);
      }
    });
  }
}
