import type { Journal, JournalEntry } from "../journal";
import type { Store } from "../store";

/**
 * The journal of one drive of a workflow run. It is read once, when first needed (a fresh run has none, so it is not
 * read at all); each entry is written before the engine goes on, fenced by the run's version. A write refused (the run
 * was cancelled or another worker took it over) is reported through `onLost`, as the event log does.
 */
export class RunJournal implements Journal {
  readonly runId: string;
  readonly #store: Store;
  readonly #version: () => number;
  readonly #onLost: (error: unknown) => void;
  #entries: Promise<Map<string, JournalEntry>> | null;

  constructor(store: Store, runId: string, version: () => number, onLost: (error: unknown) => void, options: { fresh?: boolean } = {}) {
    this.runId = runId;
    this.#store = store;
    this.#version = version;
    this.#onLost = onLost;
    this.#entries = options.fresh ? Promise.resolve(new Map()) : null;
  }

  async lookup(key: string): Promise<JournalEntry | undefined> {
    return (await this.#load()).get(key);
  }

  async record(entry: JournalEntry): Promise<void> {
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
