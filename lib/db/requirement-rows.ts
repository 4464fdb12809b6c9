// A run snapshot's requirements → requirement rows: one per executor pause (stored, never an inbox item), one per
// tool call, gate and error, with every value the inbox queries or shows in its own column.
import { stepRequirementKind, type RequirementKind, type StepRequirementJSON } from "@/lib/engine/schemas";
import type { WorkflowRunJSON } from "@/lib/engine";
import { detailsColumn, errorWaitingFor, executorWaitingFor, IN_DOUBT_MESSAGE, stepMessage, stepWaitingFor } from "./requirement-details";
import { FINISHED, jsonColumn, type RequirementCounts } from "./run-rows";

/** The step requirement that groups an executor pause's requirements; stored, never an inbox item. */
export const EXECUTOR_PAUSE = "executor_pause";
export type RowKind = RequirementKind | typeof EXECUTOR_PAUSE;

/**
 * A requirement row's status column: "pending" (an inbox item), "resolved", or "closed" — still undecided when its
 * run ended (a Parallel sibling failed, say), so nobody can decide it any more. The snapshot in `data` keeps it as
 * the engine left it.
 */
export type RequirementRowStatus = "pending" | "resolved" | "closed";

export interface RequirementRow {
  id: string;
  runId: string;
  workflowName: string;
  position: number;
  parentId: string | null;
  kind: RowKind;
  status: RequirementRowStatus;
  resolution: string | null;
  stepName: string;
  stepPath: string;
  stepType: string;
  stepIndex: number | null;
  executorId: string | null;
  executorName: string | null;
  executorType: string | null;
  memberName: string | null;
  toolName: string | null;
  toolArgs: string | null;
  proposedArgs: string | null;
  userInputSchema: string | null;
  message: string | null;
  details: string | null;
  note: string | null;
  resolvedBy: string | null;
  resolvedAt: Date | null;
  timeoutAt: Date | null;
  createdAt: Date;
  data: string;
}

const date = (iso: string | undefined): Date | null => (iso === undefined ? null : new Date(iso));
const rowStatus = (status: string, run: WorkflowRunJSON): RequirementRowStatus =>
  status !== "pending" ? "resolved" : FINISHED.has(run.status) ? "closed" : "pending";

/** True when the run ended with a requirement still undecided, whose row is then stored as closed. */
export function endedUndecided(run: WorkflowRunJSON): boolean {
  if (!FINISHED.has(run.status)) return false;
  return (
    run.errorRequirements.some((r) => r.status === "pending") ||
    run.stepRequirements.some((s) => s.status === "pending" || (s.executorRequirements ?? []).some((r) => r.status === "pending"))
  );
}

/** A row with every column set: built as one literal and then filled in, which keeps this hot path cheap. */
function blankRow(
  run: WorkflowRunJSON,
  position: number,
  step: { id: string; stepName: string; stepPath: string[]; stepType: string; stepIndex?: number; createdAt: string; status: string },
  kind: RowKind,
): RequirementRow {
  return {
    id: step.id,
    runId: run.runId,
    workflowName: run.workflowName,
    position,
    parentId: null,
    kind,
    status: rowStatus(step.status, run),
    resolution: null,
    stepName: step.stepName,
    stepPath: JSON.stringify(step.stepPath),
    stepType: step.stepType,
    stepIndex: step.stepIndex ?? null,
    executorId: null,
    executorName: null,
    executorType: null,
    memberName: null,
    toolName: null,
    toolArgs: null,
    proposedArgs: null,
    userInputSchema: null,
    message: null,
    details: null,
    note: null,
    resolvedBy: null,
    resolvedAt: null,
    timeoutAt: null,
    createdAt: new Date(step.createdAt),
    data: "",
  };
}

/** An executor pause: its group row, then one row per tool call. */
function executorPauseRows(run: WorkflowRunJSON, step: StepRequirementJSON, rows: RequirementRow[]): void {
  const { executorRequirements, ...group } = step;
  const row = blankRow(run, rows.length, step, EXECUTOR_PAUSE);
  row.resolution = step.resolution ?? null;
  row.executorId = step.executorId ?? null;
  row.executorName = step.executorName ?? null;
  row.executorType = step.executorType ?? null;
  row.message = step.confirmationMessage ?? null;
  row.note = step.note ?? null;
  row.resolvedBy = step.resolvedBy ?? null;
  row.resolvedAt = date(step.resolvedAt);
  row.timeoutAt = date(step.timeoutAt);
  row.data = JSON.stringify(executorRequirements ? { ...group, executorRequirements: [] } : group);
  rows.push(row);
  for (const req of executorRequirements ?? []) {
    const at = { id: req.id, stepName: step.stepName, stepPath: step.stepPath, stepType: step.stepType, ...(step.stepIndex !== undefined && { stepIndex: step.stepIndex }), createdAt: req.createdAt, status: req.status };
    const waiting = executorWaitingFor(req);
    const item = blankRow(run, rows.length, at, waiting.kind);
    item.parentId = step.id;
    item.resolution = req.status === "pending" ? null : req.status;
    item.executorId = req.executorId;
    item.executorName = req.executorName;
    item.executorType = req.executorType;
    item.memberName = req.memberName ?? null;
    item.toolName = req.toolExecution.toolName;
    item.toolArgs = JSON.stringify(req.toolExecution.toolArgs);
    item.proposedArgs = jsonColumn(req.proposedArgs);
    item.userInputSchema = req.needsUserInput ? JSON.stringify(req.userInputSchema) : null;
    item.message = req.inDoubt ? IN_DOUBT_MESSAGE : (step.confirmationMessage ?? null);
    item.details = detailsColumn(waiting);
    item.note = req.note ?? null;
    item.resolvedBy = req.resolvedBy ?? null;
    item.resolvedAt = date(req.resolvedAt);
    item.timeoutAt = row.timeoutAt;
    item.data = JSON.stringify(req);
    rows.push(item);
  }
}

export function requirementRows(run: WorkflowRunJSON): RequirementRow[] {
  const rows: RequirementRow[] = [];
  for (const step of run.stepRequirements) {
    const kind = stepRequirementKind(step);
    if (kind === "executor") {
      executorPauseRows(run, step, rows);
      continue;
    }
    const waiting = stepWaitingFor(step, kind);
    const row = blankRow(run, rows.length, step, kind);
    row.resolution = step.resolution ?? (step.status === "timed_out" ? "timeout" : null);
    row.userInputSchema = kind === "step_user_input" && step.userInputSchema !== undefined ? JSON.stringify(step.userInputSchema) : null;
    row.message = stepMessage(step, kind);
    row.details = detailsColumn(waiting);
    row.note = step.note ?? step.rejectionFeedback ?? null;
    row.resolvedBy = step.resolvedBy ?? null;
    row.resolvedAt = date(step.resolvedAt);
    row.timeoutAt = date(step.timeoutAt);
    row.data = JSON.stringify(step);
    rows.push(row);
  }
  for (const err of run.errorRequirements) {
    const row = blankRow(run, rows.length, err, "error");
    row.resolution = err.action ?? null;
    row.message = err.errorMessage;
    row.details = detailsColumn(errorWaitingFor(err));
    row.resolvedBy = err.resolvedBy ?? null;
    row.resolvedAt = date(err.resolvedAt);
    row.data = JSON.stringify(err);
    rows.push(row);
  }
  return rows;
}

export function requirementCounts(requirements: readonly RequirementRow[]): RequirementCounts {
  let pendingCount = 0;
  let decisionCount = 0;
  for (const r of requirements) {
    if (r.kind === EXECUTOR_PAUSE) continue;
    if (r.status === "pending") pendingCount++;
    else if (r.status === "resolved") decisionCount++;
  }
  return { pendingCount, decisionCount };
}
