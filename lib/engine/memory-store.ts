import { RunConflictError, RunNotFoundError } from "./errors";
import type { WorkflowEventJSON } from "./events";
import { parseJournalEntry, type JournalEntry } from "./journal";
import type { RunOutputJSON } from "./run-output";
import type { Store, StoredRun } from "./store";
import type { WorkflowRunJSON } from "./workflow/snapshot";

interface Entry {
  json: string;
  version: number;
}

/**
 * A Store that keeps everything in this process. Snapshots are kept as JSON text so a loaded
 * run never shares objects with the one that saved it, exactly as with a database.
 */
export class InMemoryStore implements Store {
  readonly #runs = new Map<string, Entry>();
  readonly #events = new Map<string, WorkflowEventJSON[]>();
  readonly #agentRuns = new Map<string, string>();
  /** Per run: entry key → the entry as JSON text. */
  readonly #journals = new Map<string, Map<string, string>>();

  async insertRun(run: WorkflowRunJSON, events: WorkflowEventJSON[]): Promise<number> {
    if (this.#runs.has(run.runId)) throw new RunConflictError(run.runId, "a run with this id already exists.");
    this.#runs.set(run.runId, { json: JSON.stringify({ ...run, version: 1 }), version: 1 });
    this.#append(run.runId, events);
    return 1;
  }

  async updateRun(run: WorkflowRunJSON, options: { expectedVersion: number; events?: WorkflowEventJSON[] }): Promise<number> {
    const entry = this.#runs.get(run.runId);
    if (!entry) throw new RunNotFoundError(run.runId);
    if (entry.version !== options.expectedVersion) throw new RunConflictError(run.runId);
    const version = entry.version + 1;
    this.#runs.set(run.runId, { json: JSON.stringify({ ...run, version }), version });
    this.#append(run.runId, options.events ?? []);
    return version;
  }

  async appendEvents(runId: string, events: WorkflowEventJSON[], options: { expectedVersion: number }): Promise<void> {
    if (events.length === 0) return;
    const entry = this.#runs.get(runId);
    if (!entry) throw new RunNotFoundError(runId);
    if (entry.version !== options.expectedVersion) throw new RunConflictError(runId);
    this.#append(runId, events);
  }

  async getRun(runId: string): Promise<StoredRun | null> {
    const entry = this.#runs.get(runId);
    return entry ? { run: JSON.parse(entry.json) as WorkflowRunJSON, version: entry.version } : null;
  }

  /**
   * Oldest first by createdAt, as the databases order them. Runs created in the same millisecond stay in the order
   * they were saved (the databases break that tie by run id, which is random).
   */
  async listSessionRuns(sessionId: string): Promise<StoredRun[]> {
    const out: StoredRun[] = [];
    for (const entry of this.#runs.values()) {
      const run = JSON.parse(entry.json) as WorkflowRunJSON;
      if (run.sessionId === sessionId) out.push({ run, version: entry.version });
    }
    return out.sort((a, b) => Date.parse(a.run.createdAt) - Date.parse(b.run.createdAt));
  }

  async listEvents(runId: string, options: { afterSeq?: number; limit?: number } = {}): Promise<WorkflowEventJSON[]> {
    const all = this.#events.get(runId) ?? [];
    const after = options.afterSeq ?? 0;
    return all
      .filter((e) => (e.seq ?? 0) > after)
      .slice(0, options.limit)
      .map((e) => ({ ...e }));
  }

  /** By the entries' time, then key, as the databases order them. */
  async readJournal(runId: string): Promise<JournalEntry[]> {
    return [...(this.#journals.get(runId)?.values() ?? [])]
      .map((json) => parseJournalEntry(runId, JSON.parse(json)))
      .sort(byTimeThenKey);
  }

  async writeJournal(runId: string, entry: JournalEntry, options: { expectedVersion: number }): Promise<void> {
    const run = this.#runs.get(runId);
    if (!run) throw new RunNotFoundError(runId);
    if (run.version !== options.expectedVersion) throw new RunConflictError(runId);
    const journal = this.#journals.get(runId) ?? new Map<string, string>();
    if (journal.has(entry.key)) throw new RunConflictError(runId, `its journal already holds an entry at ${entry.key}; another worker recorded it.`);
    journal.set(entry.key, JSON.stringify(entry));
    this.#journals.set(runId, journal);
  }

  async saveAgentRun(run: RunOutputJSON): Promise<void> {
    this.#agentRuns.set(run.runId, JSON.stringify(run));
  }

  async getAgentRun(runId: string): Promise<RunOutputJSON | null> {
    const json = this.#agentRuns.get(runId);
    return json ? (JSON.parse(json) as RunOutputJSON) : null;
  }

  #append(runId: string, events: WorkflowEventJSON[]): void {
    if (events.length === 0) return;
    const log = this.#events.get(runId) ?? [];
    for (const e of events) log.push({ ...e, seq: log.length + 1 });
    this.#events.set(runId, log);
  }
}

function byTimeThenKey(a: JournalEntry, b: JournalEntry): number {
  return Date.parse(a.at) - Date.parse(b.at) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}
