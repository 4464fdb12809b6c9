import { RunAbandonedError } from "../errors";
import type { Journal, JournalEntry } from "../journal";
import type { Store } from "../store";

/**
 * The journal of one drive of a workflow run. It is read once, when first needed (a fresh run has none, so it is not
 * read at all); each entry is written before the engine goes on, fenced by the run's version. A write refused (the run
 * was cancelled or another worker took it over) is reported through `onLost`, as the event log does. Once the drive's
 * signal ended nothing more is recorded: what the steps get after an abort (a tool stopped half-way, a model answer
 * to a conversation that holds it) is not what the run did, and a replay must not take it for that.
 */
export class RunJournal implements Journal {
  readonly runId: string;
  readonly #store: Store;
  readonly #version: () => number;
  readonly #onLost: (error: unknown) => void;
  readonly #signal: AbortSignal | undefined;
  #entries: Promise<Map<string, JournalEntry>> | null;

  constructor(
    store: Store,
    runId: string,
    version: () => number,
    onLost: (error: unknown) => void,
    options: { fresh?: boolean; signal?: AbortSignal } = {},
  ) {
    this.runId = runId;
    this.#store = store;
    this.#version = version;
    this.#onLost = onLost;
    this.#signal = options.signal;
    this.#entries = options.fresh ? Promise.resolve(new Map()) : null;
  }

  async lookup(key: string): Promise<JournalEntry | undefined> {
    return (await this.#load()).get(key);
  }

  async record(entry: JournalEntry): Promise<void> {
    if (this.#signal?.aborted) throw new RunAbandonedError(this.runId, { cause: this.#signal.reason });
    const entries = await this.#load();
    try {
      await this.#store.writeJournal(this.runId, entry, { expectedVersion: this.#version() });
    } catch (error) {
      this.#onLost(error);
      throw error;
    }
    entries.set(entry.key, entry);
  }

  #load(): Promise<Map<string, JournalEntry>> {
    if (!this.#entries) {
      const loading = this.#store.readJournal(this.runId).then((list) => new Map(list.map((e) => [e.key, e])));
      loading.catch(() => {
        this.#entries = null;
      });
      this.#entries = loading;
    }
    return this.#entries;
  }
}
