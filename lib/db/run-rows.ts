// A run snapshot ⇄ its run row: every queried value of the run in its own column.
import type { JsonValue, WorkflowRunJSON } from "@/lib/engine";

export interface RunRow {
  id: string;
  sessionId: string;
  workflowName: string;
  status: string;
  pauseKind: string | null;
  pausedStepName: string | null;
  pausedStepPath: string | null;
  input: string;
  inputText: string;
  content: string | null;
  error: string | null;
  cancelledStepName: string | null;
  cancelReason: string | null;
  stepResults: string;
  resumeState: string | null;
  createdBy: string | null;
  pendingCount: number;
  decisionCount: number;
  createdAt: Date;
  updatedAt: Date;
}

/** The lease columns: written by the runtime's lease calls, read with the run, cleared when it leaves "running". */
export interface LeaseRow {
  leaseOwner: string | null;
  leaseExpiresAt: Date | null;
  recoveries: number;
}

/** The run columns that never change after the run is inserted. */
export type ImmutableRunColumn = "id" | "sessionId" | "workflowName" | "input" | "inputText" | "createdBy" | "createdAt";
export type RunUpdateRow = Omit<RunRow, ImmutableRunColumn>;

export interface RequirementCounts {
  pendingCount: number;
  decisionCount: number;
}

/** The statuses of a run that is over: it never runs or waits again. */
export const FINISHED: ReadonlySet<string> = new Set<WorkflowRunJSON["status"]>(["completed", "error", "cancelled"]);

export const jsonColumn = (value: JsonValue | undefined): string | null => (value === undefined ? null : JSON.stringify(value));

/** What the history searches: the input as lower-case text (strings as they are, anything else as JSON). */
export function inputText(input: JsonValue): string {
  return (typeof input === "string" ? input : JSON.stringify(input)).toLowerCase();
}

/** The columns a later snapshot of the run can change. */
export function runUpdateRow(run: WorkflowRunJSON, counts: RequirementCounts): RunUpdateRow {
  return {
    status: run.status,
    pauseKind: run.pauseKind ?? null,
    pausedStepName: run.pausedStepName ?? null,
    pausedStepPath: run.pausedStepPath ? JSON.stringify(run.pausedStepPath) : null,
    content: jsonColumn(run.content),
    error: run.error ?? null,
    cancelledStepName: run.cancelledStepName ?? null,
    cancelReason: run.cancelReason ?? null,
    stepResults: JSON.stringify(run.stepResults),
    resumeState: jsonColumn(run.resumeState),
    pendingCount: counts.pendingCount,
    decisionCount: counts.decisionCount,
    updatedAt: new Date(run.updatedAt),
  };
}

export function runRow(run: WorkflowRunJSON, counts: RequirementCounts): RunRow {
  return {
    id: run.runId,
    sessionId: run.sessionId,
    workflowName: run.workflowName,
    input: JSON.stringify(run.input),
    inputText: inputText(run.input),
    createdBy: run.createdBy ?? null,
    createdAt: new Date(run.createdAt),
    ...runUpdateRow(run, counts),
  };
}
