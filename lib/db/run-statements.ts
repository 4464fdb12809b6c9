import type { AuditRow } from "./audit-rows";
import type { LoadedRun } from "./columns";
import type { EventRow, JournalRow, RequirementRow, RunRow, RunUpdateRow } from "./rows";

/** A journal row as read: `data` holds the entry without its key and kind, which are columns (older rows hold them too). */
export interface StoredJournalRow {
  key: string;
  kind: string;
  data: string;
}

/** What became of a journal write: written, refused by the version check, or refused because the key is taken. */
export type JournalWrite = "written" | "stale" | "taken";

/** How an update brings a run's requirement rows in line with its snapshot. */
export type RequirementWrite =
  /** The stored rows are not known: delete them all and insert these. */
  | { replace: readonly RequirementRow[] }
  /** The stored rows are known: delete the ones that went, write the new and changed ones in place. */
  | { deleted: readonly string[]; upserted: readonly RequirementRow[] };

export interface RunUpdate {
  runId: string;
  row: RunUpdateRow;
  expectedVersion: number;
  /** The run's event count after this update. */
  eventCount: number;
  events: readonly EventRow[];
  /** Null when the requirement rows stay as they are. */
  requirements: RequirementWrite | null;
  /** Audit entries of the decisions this update records: written with it, or not at all. */
  audit: readonly AuditRow[];
}

/**
 * A statement that queues a run for a worker, run inside the transaction that stores the run pending (PostgreSQL:
 * the job queue's `add_job`), so the run and its job commit together or not at all.
 */
export type QueueStatement = (runId: string) => { sql: string; args: string[] };

/**
 * The engine's hot path against one database: every write is one transaction, and an update's first
 * statement is the version check.
 */
export interface RunStatements {
  /** A new run (version 1) with its session, requirements and first events. False when a row with one of its keys exists. */
  insertRun(row: RunRow, requirements: readonly RequirementRow[], events: readonly EventRow[]): Promise<boolean>;
  /**
   * Writes the update if the stored version is still `expectedVersion` and the event count still the one its events
   * follow (eventCount - events.length); false (nothing written) otherwise.
   */
  updateRun(update: RunUpdate): Promise<boolean>;
  /** Appends events (numbered from eventCount + 1) if the version and the count are still these; false otherwise. */
  appendEvents(runId: string, expectedVersion: number, eventCount: number, events: readonly EventRow[]): Promise<boolean>;
  /** Many runs (version 1, no events) with their sessions and requirements. False when one of them exists. */
  importRuns(rows: readonly RunRow[], requirements: readonly RequirementRow[]): Promise<boolean>;
  /** Inserts a journal row if the stored version is still `expectedVersion`, in one transaction that locks the run row first. */
  writeJournal(row: JournalRow, expectedVersion: number): Promise<JournalWrite>;
  /** The run's journal rows (key, kind and the rest of the entry's JSON), in the order written. */
  readJournal(runId: string): Promise<StoredJournalRow[]>;
  versionOf(runId: string): Promise<{ version: number; eventCount: number } | null>;
  loadRun(runId: string): Promise<LoadedRun | null>;
}
