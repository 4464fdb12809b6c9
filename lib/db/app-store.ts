import type { NewAuditEntry } from "@/lib/auth/audit";
import type { AuthStore } from "@/lib/auth/store";
import type { WorkflowEventJSON } from "@/lib/engine/events";
import type { JsonObject, JsonValue } from "@/lib/engine/json";
import type { ExecutorType } from "@/lib/engine/requirements";
import type { Store } from "@/lib/engine/store";
import type { UserInputField } from "@/lib/engine/user-input";
import type { RequirementKind, StepType, WorkflowRunJSON, WorkflowRunStatus } from "@/lib/engine/workflow/snapshot";

/** A page of results; `nextCursor` is null on the last page. Cursors are opaque strings. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** One item of the approval inbox: a pending executor requirement, or a pending step-level one. */
export interface PendingRequirementRow {
  id: string;
  /** The run's optimistic-lock version: a resolve request must carry it back. */
  version: number;
  runId: string;
  workflowName: string;
  stepName: string;
  stepPath: string[];
  stepType: StepType;
  kind: RequirementKind;
  executorName: string | null;
  executorType: ExecutorType | null;
  memberName: string | null;
  toolName: string | null;
  toolArgs: JsonObject | null;
  userInputSchema: UserInputField[] | null;
  /** The gate's message (confirmation, user input, output review), or the error message. */
  message: string | null;
  /** Output under review, router choices, etc.: the rest of what the person needs to decide. */
  details: JsonValue | null;
  createdAt: string;
}

export interface RunSummaryRow {
  runId: string;
  sessionId: string;
  workflowName: string;
  status: WorkflowRunStatus;
  /** True for a run left `running` by a process that died (its lease expired). */
  interrupted: boolean;
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

/** The engine's update options, plus the audit entries of the decisions the update records. */
export interface RunUpdateOptions {
  expectedVersion: number;
  events?: WorkflowEventJSON[];
  /** Written in the same transaction as the run, so a decision and its audit entry land together or not at all. */
  audit?: readonly NewAuditEntry[];
}

/** What the app needs beyond the engine's Store. Every query is served by an index. */
export interface AppStore extends Store {
  updateRun(run: WorkflowRunJSON, options: RunUpdateOptions): Promise<number>;
  listPendingRequirements(filter: RequirementFilter): Promise<Page<PendingRequirementRow>>;
  countPendingRequirements(): Promise<number>;
  listRuns(filter: RunFilter): Promise<Page<RunSummaryRow>>;
  /**
   * Runs with a pending gate whose timeout has passed (at or before `now`), soonest expired first:
   * what a timeout sweeper continues. Served by the requirements' (status, timeout) index.
   */
  listRunsWithExpiredGates(now: Date, limit: number): Promise<string[]>;
  /**
   * Whether a run is left "running" by a process that is gone: the rule the history's `interrupted` uses,
   * for a run loaded on its own (the run page).
   */
  isInterrupted(run: WorkflowRunJSON): boolean;
  /** Which run a requirement (executor-level or step-level id) belongs to. */
  findRequirementRun(requirementId: string): Promise<{ runId: string } | null>;
  /** Users, sessions, API tokens and the audit log on the same database. */
  auth(): AuthStore;
  close(): Promise<void>;
}
