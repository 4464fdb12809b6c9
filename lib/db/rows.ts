// Snapshot ⇄ rows. The engine hands over whole WorkflowRunJSON snapshots; the database keeps them as
// a run row, one row per requirement and one per event, with every queried value in its own column.
import type { WorkflowEventJSON } from "@/lib/engine/events";
import type { JournalEntry } from "@/lib/engine/journal";
import type { JsonValue } from "@/lib/engine/json";
import type { ExecutorRequirementJSON } from "@/lib/engine/requirements";
import type {
  ErrorRequirementJSON,
  RequirementKind,
  StepRequirementJSON,
  StepResultJSON,
  WorkflowRunJSON,
} from "@/lib/engine/workflow/snapshot";

/** The step requirement that groups an executor pause's requirements; stored, never an inbox item. */
export const EXECUTOR_PAUSE = "executor_pause";
export type RowKind = RequirementKind | typeof EXECUTOR_PAUSE;

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

export interface EventRow {
  runId: string;
  seq: number;
  event: string;
  stepName: string | null;
  createdAt: Date;
  data: string;
}

export interface JournalRow {
  runId: string;
  key: string;
  kind: string;
  createdAt: Date;
  data: string;
}

export const JOURNAL_COLUMNS: { [K in keyof JournalRow]: string } = { runId: "run_id", key: "key", kind: "kind", createdAt: "created_at", data: "data" };
export const JOURNAL_KEYS = Object.keys(JOURNAL_COLUMNS) as (keyof JournalRow)[];

/** A journal row: its key and kind are columns, so `data` holds the rest of the entry (put back when read). */
export function journalRow(runId: string, entry: JournalEntry): JournalRow {
  const { key, kind, ...rest } = entry;
  return { runId, key, kind, createdAt: new Date(entry.at), data: JSON.stringify(rest) };
}

const json = (value: JsonValue | undefined): string | null => (value === undefined ? null : JSON.stringify(value));
const date = (iso: string | undefined): Date | null => (iso === undefined ? null : new Date(iso));

/** What the history searches: the input as lower-case text (strings as they are, anything else as JSON). */
export function inputText(input: JsonValue): string {
  return (typeof input === "string" ? input : JSON.stringify(input)).toLowerCase();
}

/** What the inbox says about a call left in doubt. */
export const IN_DOUBT_MESSAGE =
  "This call started before a crash and left no result: it may or may not have taken effect. Run it again (same idempotency key), skip it (the model is told it failed), or paste what happened.";

export function executorKind(req: ExecutorRequirementJSON): RequirementKind {
  if (req.inDoubt) return "tool_in_doubt";
  if (req.needsExternalExecution) return "external_execution";
  if (req.needsUserInput) return "user_input";
  return "confirmation";
}

/** Which gate a step requirement is. Flags can be copied from the step's settings, so the data decides ties. */
export function stepKind(req: StepRequirementJSON): RequirementKind {
  if (req.requiresRouteSelection) return "route_selection";
  if (req.requiresIterationReview) return "iteration_review";
  if (req.requiresOutputReview && (req.stepOutput !== undefined || (!req.requiresConfirmation && !req.requiresUserInput))) {
    return "output_review";
  }
  if (req.requiresUserInput) return "step_user_input";
  return "step_confirmation";
}

function stepMessage(req: StepRequirementJSON, kind: RequirementKind): string | null {
  switch (kind) {
    case "output_review":
      return req.outputReviewMessage ?? null;
    case "step_user_input":
    case "route_selection":
      return req.userInputMessage ?? req.confirmationMessage ?? null;
    default:
      return req.confirmationMessage ?? null;
  }
}

/** What a person may pick when rejecting, and a Condition's suggestion: the inbox's "Reject and cancel" and hint. */
function decisionDetails(req: StepRequirementJSON): { [k: string]: JsonValue } {
  const out: { [k: string]: JsonValue } = {};
  if (req.onReject !== undefined) out.onReject = req.onReject;
  if (req.allowedOnReject !== undefined) out.allowedOnReject = req.allowedOnReject;
  if (req.suggestedBranch !== undefined) out.suggestedBranch = req.suggestedBranch;
  return out;
}

function stepDetails(req: StepRequirementJSON, kind: RequirementKind): JsonValue | undefined {
  const base = kindDetails(req, kind);
  const decision = decisionDetails(req);
  if (Object.keys(decision).length === 0) return base;
  return base !== undefined && typeof base === "object" && base !== null && !Array.isArray(base) ? { ...base, ...decision } : decision;
}

function kindDetails(req: StepRequirementJSON, kind: RequirementKind): JsonValue | undefined {
  switch (kind) {
    case "output_review": {
      const out: { [k: string]: JsonValue } = { stepOutput: req.stepOutput ?? null };
      if (req.retryCount !== undefined) out.retryCount = req.retryCount;
      if (req.maxRetries !== undefined) out.maxRetries = req.maxRetries;
      if (req.availableChoices !== undefined) out.availableChoices = req.availableChoices;
      if (req.selectedChoices !== undefined) out.selectedChoices = req.selectedChoices;
      return out;
    }
    case "route_selection": {
      const out: { [k: string]: JsonValue } = { availableChoices: req.availableChoices ?? [], allowMultipleSelections: req.allowMultipleSelections ?? false };
      if (req.rejectionFeedback !== undefined) out.feedback = req.rejectionFeedback;
      if (req.selectedChoices !== undefined) out.previousChoices = req.selectedChoices;
      return out;
    }
    case "iteration_review":
      return { iteration: req.iteration ?? null, stepOutput: req.stepOutput ?? null };
    default:
      return undefined;
  }
}

/**
 * A requirement row's status column: "pending" (an inbox item), "resolved", or "closed" — still undecided when its
 * run ended (a Parallel sibling failed, say), so nobody can decide it any more. The snapshot in `data` keeps it as
 * the engine left it.
 */
export type RequirementRowStatus = "pending" | "resolved" | "closed";
/** The statuses of a run that is over: it never runs or waits again. */
export const FINISHED: ReadonlySet<string> = new Set<WorkflowRunJSON["status"]>(["completed", "error", "cancelled"]);
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

export function requirementRows(run: WorkflowRunJSON): RequirementRow[] {
  const rows: RequirementRow[] = [];
  for (const step of run.stepRequirements) {
    if (step.requiresExecutorInput) {
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
        const item = blankRow(run, rows.length, at, executorKind(req));
        item.parentId = step.id;
        item.resolution = req.status === "pending" ? null : req.status;
        item.executorId = req.executorId;
        item.executorName = req.executorName;
        item.executorType = req.executorType;
        item.memberName = req.memberName ?? null;
        item.toolName = req.toolExecution.toolName;
        item.toolArgs = JSON.stringify(req.toolExecution.toolArgs);
        item.proposedArgs = json(req.proposedArgs);
        item.userInputSchema = req.needsUserInput ? JSON.stringify(req.userInputSchema) : null;
        item.message = req.inDoubt ? IN_DOUBT_MESSAGE : (step.confirmationMessage ?? null);
        item.details = req.inDoubt ? JSON.stringify(req.inDoubt) : null;
        item.note = req.note ?? null;
        item.resolvedBy = req.resolvedBy ?? null;
        item.resolvedAt = date(req.resolvedAt);
        item.timeoutAt = row.timeoutAt;
        item.data = JSON.stringify(req);
        rows.push(item);
      }
      continue;
    }
    const kind = stepKind(step);
    const row = blankRow(run, rows.length, step, kind);
    row.resolution = step.resolution ?? (step.status === "timed_out" ? "timeout" : null);
    row.userInputSchema = kind === "step_user_input" ? json(step.userInputSchema as JsonValue | undefined) : null;
    row.message = stepMessage(step, kind);
    row.details = json(stepDetails(step, kind));
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
    row.details = JSON.stringify({ retryCount: err.retryCount, ...(err.errorType !== undefined && { errorType: err.errorType }) });
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

/** The columns a later snapshot of the run can change. */
export function runUpdateRow(run: WorkflowRunJSON, counts: RequirementCounts): RunUpdateRow {
  return {
    status: run.status,
    pauseKind: run.pauseKind ?? null,
    pausedStepName: run.pausedStepName ?? null,
    pausedStepPath: run.pausedStepPath ? JSON.stringify(run.pausedStepPath) : null,
    content: json(run.content),
    error: run.error ?? null,
    cancelledStepName: run.cancelledStepName ?? null,
    cancelReason: run.cancelReason ?? null,
    stepResults: JSON.stringify(run.stepResults),
    resumeState: json(run.resumeState),
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

/**
 * Event rows. What the columns hold (run id, event name, step name, time) is left out of `data` and put back by
 * eventFromRow: a run's log is most of what it stores. A time that is not in toISOString's form stays in `data`.
 */
export function eventRows(runId: string, events: readonly WorkflowEventJSON[], firstSeq: number): EventRow[] {
  return events.map((e, i) => {
    const { seq: _assigned, event, runId: own, createdAt, stepName, ...rest } = e;
    const at = new Date(createdAt);
    const data: { [k: string]: unknown } = rest;
    if (own !== runId) data.runId = own;
    if (at.toISOString() !== createdAt) data.createdAt = createdAt;
    return { runId, seq: firstSeq + i, event, stepName: stepName ?? null, createdAt: at, data: JSON.stringify(data) };
  });
}

/** Rebuilds the engine's snapshot from a run row and its requirement rows (ordered by position). */
export function snapshotFromRows(
  row: RunRow & { version: number } & Partial<LeaseRow>,
  requirements: readonly { kind: string; parentId: string | null; data: string }[],
): WorkflowRunJSON {
  const stepRequirements: StepRequirementJSON[] = [];
  const errorRequirements: ErrorRequirementJSON[] = [];
  const groups = new Map<string, StepRequirementJSON>();
  for (const r of requirements) {
    if (r.kind === EXECUTOR_PAUSE) {
      const group = JSON.parse(r.data) as StepRequirementJSON;
      groups.set(group.id, group);
      stepRequirements.push(group);
    } else if (r.parentId !== null) {
      const group = groups.get(r.parentId);
      group?.executorRequirements?.push(JSON.parse(r.data) as ExecutorRequirementJSON);
    } else if (r.kind === "error") {
      errorRequirements.push(JSON.parse(r.data) as ErrorRequirementJSON);
    } else {
      stepRequirements.push(JSON.parse(r.data) as StepRequirementJSON);
    }
  }
  const run: WorkflowRunJSON = {
    runId: row.id,
    sessionId: row.sessionId,
    workflowName: row.workflowName,
    status: row.status as WorkflowRunJSON["status"],
    isPaused: row.status === "paused",
    isCancelled: row.status === "cancelled",
    input: JSON.parse(row.input) as JsonValue,
    stepRequirements,
    errorRequirements,
    stepResults: JSON.parse(row.stepResults) as StepResultJSON[],
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
  if (row.pauseKind !== null) run.pauseKind = row.pauseKind as NonNullable<WorkflowRunJSON["pauseKind"]>;
  if (row.pausedStepName !== null) run.pausedStepName = row.pausedStepName;
  if (row.pausedStepPath !== null) run.pausedStepPath = JSON.parse(row.pausedStepPath) as string[];
  if (row.content !== null) run.content = JSON.parse(row.content) as JsonValue;
  if (row.error !== null) run.error = row.error;
  if (row.cancelledStepName !== null) run.cancelledStepName = row.cancelledStepName;
  if (row.cancelReason !== null) run.cancelReason = row.cancelReason;
  if (row.resumeState !== null) run.resumeState = JSON.parse(row.resumeState) as JsonValue;
  if (row.leaseOwner && row.leaseExpiresAt) run.lease = { owner: row.leaseOwner, expiresAt: row.leaseExpiresAt.toISOString() };
  if (row.recoveries) run.recoveries = row.recoveries;
  if (row.createdBy !== null) run.createdBy = row.createdBy;
  return run;
}

export function eventFromRow(row: Pick<EventRow, "runId" | "seq" | "event" | "stepName" | "createdAt" | "data">): WorkflowEventJSON {
  const head = { event: row.event, runId: row.runId, createdAt: row.createdAt.toISOString(), ...(row.stepName !== null && { stepName: row.stepName }) };
  return { ...head, ...(JSON.parse(row.data) as Partial<WorkflowEventJSON>), seq: row.seq } as WorkflowEventJSON;
}
