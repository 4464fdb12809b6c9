import type { WorkflowEventJSON } from "./events";
import type { JournalEntry } from "./journal";
import type { RunOutputJSON } from "./run-output";
import type { WorkflowRunJSON } from "./workflow/snapshot";

export interface StoredRun {
  run: WorkflowRunJSON;
  version: number;
}

/**
 * Where the engine keeps runs. The engine writes whole snapshots; a database implementation
 * normalises them (runs, requirements, events) and must apply each call atomically.
 */
export interface Store {
  /** Saves a new run with its first events. Returns the version (1). */
  insertRun(run: WorkflowRunJSON, events: WorkflowEventJSON[]): Promise<number>;
  /**
   * Replaces the run's snapshot and appends events, in one transaction, only if the stored
   * version is still `expectedVersion`. Returns the new version (expectedVersion + 1).
   * Throws RunConflictError when the version moved on, RunNotFoundError when there is no such run.
   */
  updateRun(run: WorkflowRunJSON, options: { expectedVersion: number; events?: WorkflowEventJSON[] }): Promise<number>;
  /**
   * Appends events as they happen, between two updates, only while the stored version is still
   * `expectedVersion` (the version is not bumped): a worker that lost the run cannot write into its log.
   * Throws RunConflictError when the version moved on, RunNotFoundError when there is no such run. No events: nothing
   * is written or checked.
   */
  appendEvents(runId: string, events: WorkflowEventJSON[], options: { expectedVersion: number }): Promise<void>;
  getRun(runId: string): Promise<StoredRun | null>;
  /** Runs of a session, oldest first (by createdAt). */
  listSessionRuns(sessionId: string): Promise<StoredRun[]>;
  /** The run's event log in order; `afterSeq` returns only later events (for live tails), `limit` at most that many. */
  listEvents(runId: string, options?: { afterSeq?: number; limit?: number }): Promise<WorkflowEventJSON[]>;
  /** The run's journal (model answers, tool results, started marks), by their `at` time, then key. */
  readJournal(runId: string): Promise<JournalEntry[]>;
  /**
   * Records one journal entry, durably, only while the stored version is still `expectedVersion` (the version is not
   * bumped): a worker that lost the run cannot write into its journal. Throws RunConflictError when the version moved
   * on or an entry with the same key is already recorded, RunNotFoundError when there is no such run.
   */
  writeJournal(runId: string, entry: JournalEntry, options: { expectedVersion: number }): Promise<void>;
  /** Standalone agent/team runs (Agent/Team given a `db`). */
  saveAgentRun(run: RunOutputJSON): Promise<void>;
  getAgentRun(runId: string): Promise<RunOutputJSON | null>;
}
