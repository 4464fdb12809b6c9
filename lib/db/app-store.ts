import type { NewAuditEntry } from "@/lib/auth/audit";
import type { AuthStore } from "@/lib/auth/store";
import type { Store, WorkflowEventJSON, WorkflowRunJSON, WorkflowRunStatus } from "@/lib/engine";
import type { InboxItem } from "@/lib/engine/schemas";
import type { PolicyStore } from "./policy-store";
import type { TeamInboxStore } from "./team-inbox-store";

/** A page of results; `nextCursor` is null on the last page. Cursors are opaque strings. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** One item of the approval inbox: a pending executor requirement, or a pending step-level one (`inboxItemSchema`). */
export type PendingRequirementRow = InboxItem;

export interface RunSummaryRow {
  runId: string;
  sessionId: string;
  workflowName: string;
  status: WorkflowRunStatus;
  /** Times a worker took the run over after another's lease expired, in the segment now running. */
  recoveries: number;
  /** Until when the worker running it holds its lease; past this, another worker takes it over. */
  leaseExpiresAt: string | null;
  pauseKind: string | null;
  pausedStepName: string | null;
  /** The input as text, cut to 200 characters. */
  inputSummary: string;
  createdAt: string;
  updatedAt: string;
  /** Null while the run is not finished. */
  durationMs: number | null;
  /** Requirements resolved so far in this run. */
  decisionCount: number;
  pendingCount: number;
  createdBy: string | null;
  /** Ended `error` after its recovery attempts with a point to resume from: it can be retried. */
  retryable: boolean;
}

export interface RunFilter {
  status?: WorkflowRunStatus;
  workflowName?: string;
  /** Case-insensitive text searched in the run's input. */
  q?: string;
  cursor?: string;
  limit: number;
}

export interface RequirementFilter {
  workflowName?: string;
  cursor?: string;
  limit: number;
}

/** The few columns of a run a live viewer checks between reads of its new events. */
export interface RunStatusRow {
  status: WorkflowRunStatus;
  version: number;
}

/** The engine's update options, plus the audit entries of the decisions the update records. */
export interface RunUpdateOptions {
  expectedVersion: number;
  events?: WorkflowEventJSON[];
  /** Written in the same transaction as the run, so a decision and its audit entry land together or not at all. */
  audit?: readonly NewAuditEntry[];
}

/** A run a worker has taken: the version its lease left the run at, and how many times it was taken over. */
export interface TakenRun {
  version: number;
  recoveries: number;
}

/**
 * Leases on runs. A worker takes a runnable run (pending, or running with an expired lease) for a while and renews
 * the lease as it goes; a worker that dies stops renewing, and once the lease has expired any worker may take the
 * run over. Taking bumps the run's version, so the worker that lost it is fenced: its next save fails.
 */
export interface LeaseStore {
  /** Takes the run for `owner` until `until`; null when it is not runnable (someone holds it, or it moved on). */
  take(runId: string, owner: string, until: Date, now: Date): Promise<TakenRun | null>;
  /** Extends `owner`'s lease; false when the owner lost it (taken over, cancelled, ended). */
  renew(runId: string, owner: string, until: Date): Promise<boolean>;
  /** Gives the run up at once (its lease expires now), so another worker may take it over without waiting. */
  release(runId: string, owner: string, now: Date): Promise<void>;
  /** Runs waiting for a worker: pending ones, oldest first, then running ones whose lease expired by `now`. */
  listRunnable(now: Date, limit: number): Promise<string[]>;
  /** The soonest expiry of a lease still held, or null: when a dispatcher should look for lost runs again. */
  nextExpiry(): Promise<Date | null>;
}

/** A start's Idempotency-Key as stored: which request it came with and which run it started. */
export interface IdempotencyRecord {
  requestHash: string;
  runId: string;
  createdAt: Date;
}

export interface IdempotencyKeyStore {
  /** The record of `key` sent by `scope`, if one was written after `since`. */
  find(scope: string, key: string, since: Date): Promise<IdempotencyRecord | null>;
  /**
   * Records the key for a run, unless a record of it newer than `since` exists (then returns that one and writes
   * nothing): of two starts with one key at the same moment, one wins.
   */
  claim(scope: string, key: string, record: IdempotencyRecord, since: Date): Promise<IdempotencyRecord | null>;
}

/** The engine's Store whose updates also carry audit entries: what the app's engine writes go through. */
export type AuditedStore = Store & { updateRun(run: WorkflowRunJSON, options: RunUpdateOptions): Promise<number> };

/** What the app needs beyond the engine's Store. Every query is served by an index. */
export interface AppStore extends Store {
  updateRun(run: WorkflowRunJSON, options: RunUpdateOptions): Promise<number>;
  /** The run's status and version alone (one indexed row, no snapshot): what an event stream checks. */
  getRunStatus(runId: string): Promise<RunStatusRow | null>;
  listPendingRequirements(filter: RequirementFilter): Promise<Page<PendingRequirementRow>>;
  countPendingRequirements(): Promise<number>;
  listRuns(filter: RunFilter): Promise<Page<RunSummaryRow>>;
  /**
   * Runs with a pending gate whose timeout has passed (at or before `now`), soonest expired first:
   * what a timeout sweeper continues. Served by the requirements' (status, timeout) index.
   */
  listRunsWithExpiredGates(now: Date, limit: number): Promise<string[]>;
  /** Who executes which run: the workers' leases. */
  leases(): LeaseStore;
  /** Keys of run starts, so a repeated start answers with the run it started. */
  idempotencyKeys(): IdempotencyKeyStore;
  /** Which run a requirement (executor-level or step-level id) belongs to. */
  findRequirementRun(requirementId: string): Promise<{ runId: string } | null>;
  /** Users, sessions, API tokens and the audit log on the same database. */
  auth(): AuthStore;
  /** Standing policies ("always allow") on the same database. */
  policies(): PolicyStore;
  /** Claims, assignments and saved views of the inbox, and its filtered lists and counts. */
  teamInbox(): TeamInboxStore;
  close(): Promise<void>;
}
