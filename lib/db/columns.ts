// Column names of the engine's tables as mapped in prisma/schema.prisma, and the decoding of a loaded
// run, shared by the portable SQL (run-sql.ts) and SQLite's direct statements (sqlite-statements.ts).
import type { EventRow, ImmutableRunColumn, LeaseRow, RequirementRow, RunRow, RunUpdateRow } from "./rows";

export const RUN_COLUMNS: { [K in keyof RunRow]: string } = {
  id: "id",
  sessionId: "session_id",
  workflowName: "workflow_name",
  status: "status",
  pauseKind: "pause_kind",
  pausedStepName: "paused_step_name",
  pausedStepPath: "paused_step_path",
  input: "input",
  inputText: "input_text",
  content: "content",
  error: "error",
  cancelledStepName: "cancelled_step_name",
  cancelReason: "cancel_reason",
  stepResults: "step_results",
  resumeState: "resume_state",
  createdBy: "created_by",
  pendingCount: "pending_count",
  decisionCount: "decision_count",
  createdAt: "created_at",
  updatedAt: "updated_at",
};

export const LEASE_COLUMNS: { [K in keyof LeaseRow]: string } = {
  leaseOwner: "lease_owner",
  leaseExpiresAt: "lease_expires_at",
  recoveries: "recoveries",
};

/**
 * What an update does to the lease columns, given the run's new status bound at each `?`: a run that leaves
 * "running" is no one's any more, and its count of recoveries starts again.
 */
export const LEASE_ON_UPDATE_SQL = `"lease_owner" = CASE WHEN ? = 'running' THEN "lease_owner" END, "lease_expires_at" = CASE WHEN ? = 'running' THEN "lease_expires_at" END, "recoveries" = CASE WHEN ? = 'running' THEN "recoveries" ELSE 0 END`;

export const REQUIREMENT_COLUMNS: { [K in keyof RequirementRow]: string } = {
  id: "id",
  runId: "run_id",
  workflowName: "workflow_name",
  position: "position",
  parentId: "parent_id",
  kind: "kind",
  status: "status",
  resolution: "resolution",
  stepName: "step_name",
  stepPath: "step_path",
  stepType: "step_type",
  stepIndex: "step_index",
  executorId: "executor_id",
  executorName: "executor_name",
  executorType: "executor_type",
  memberName: "member_name",
  toolName: "tool_name",
  toolArgs: "tool_args",
  proposedArgs: "proposed_args",
  userInputSchema: "user_input_schema",
  message: "message",
  details: "details",
  note: "note",
  resolvedBy: "resolved_by",
  resolvedAt: "resolved_at",
  timeoutAt: "timeout_at",
  createdAt: "created_at",
  data: "data",
};

export const EVENT_COLUMNS: { [K in keyof EventRow]: string } = {
  runId: "run_id",
  seq: "seq",
  event: "event",
  stepName: "step_name",
  createdAt: "created_at",
  data: "data",
};

export const SESSION_COLUMNS = { id: "id", workflowName: "workflow_name", createdAt: "created_at", updatedAt: "updated_at" } as const;
export type SessionRow = { [K in keyof typeof SESSION_COLUMNS]: K extends "createdAt" | "updatedAt" ? Date : string };

export const RUN_KEYS = Object.keys(RUN_COLUMNS) as (keyof RunRow)[];
const IMMUTABLE: ReadonlySet<string> = new Set<ImmutableRunColumn>(["id", "sessionId", "workflowName", "input", "inputText", "createdBy", "createdAt"]);
export const RUN_UPDATE_KEYS = RUN_KEYS.filter((k): k is keyof RunUpdateRow => !IMMUTABLE.has(k));
export const REQUIREMENT_KEYS = Object.keys(REQUIREMENT_COLUMNS) as (keyof RequirementRow)[];
export const EVENT_KEYS = Object.keys(EVENT_COLUMNS) as (keyof EventRow)[];
export const SESSION_KEYS = Object.keys(SESSION_COLUMNS) as (keyof SessionRow)[];

const RUN_INDEX = Object.fromEntries(RUN_KEYS.map((k, i) => [k, i])) as { [K in keyof RunRow]: number };

export const quote = (name: string): string => `"${name}"`;

/** The sessions of many runs, each once. */
export function sessionRows(rows: readonly RunRow[]): SessionRow[] {
  const sessions = new Map<string, SessionRow>();
  for (const r of rows) {
    if (!sessions.has(r.sessionId)) sessions.set(r.sessionId, { id: r.sessionId, workflowName: r.workflowName, createdAt: r.createdAt, updatedAt: r.updatedAt });
  }
  return [...sessions.values()];
}

/**
 * The run row and its requirement rows in one statement, so both come from the same commit. `?` marks
 * where the run id is bound.
 */
export const LOAD_RUN_SQL = `SELECT ${[...RUN_KEYS.map((k) => `r.${quote(RUN_COLUMNS[k])}`), 'r."version"', 'q."kind"', 'q."parent_id"', 'q."data"', 'r."lease_owner"', 'r."lease_expires_at"', 'r."recoveries"'].join(", ")} FROM "runs" r LEFT JOIN "requirements" q ON q."run_id" = r."id" WHERE r."id" = ? ORDER BY q."position"`;

export interface LoadedRun {
  row: RunRow & LeaseRow & { version: number };
  requirements: { kind: string; parentId: string | null; data: string }[];
}

/** A date as a driver returns it: an ISO string or unix milliseconds. */
const asDate = (value: unknown): Date => new Date(typeof value === "bigint" ? Number(value) : (value as string | number));
const asDateOrNull = (value: unknown): Date | null => (value === null ? null : asDate(value));

/** Decodes the rows of LOAD_RUN_SQL (values in column order); null when there are none. */
export function loadedRun(rows: readonly (readonly unknown[])[]): LoadedRun | null {
  const first = rows[0];
  if (!first) return null;
  const n = RUN_KEYS.length;
  const at = (k: keyof RunRow) => first[RUN_INDEX[k]];
  const text = (k: keyof RunRow) => at(k) as string;
  const textOrNull = (k: keyof RunRow) => at(k) as string | null;
  const row = {
    id: text("id"),
    sessionId: text("sessionId"),
    workflowName: text("workflowName"),
    status: text("status"),
    pauseKind: textOrNull("pauseKind"),
    pausedStepName: textOrNull("pausedStepName"),
    pausedStepPath: textOrNull("pausedStepPath"),
    input: text("input"),
    inputText: text("inputText"),
    content: textOrNull("content"),
    error: textOrNull("error"),
    cancelledStepName: textOrNull("cancelledStepName"),
    cancelReason: textOrNull("cancelReason"),
    stepResults: text("stepResults"),
    resumeState: textOrNull("resumeState"),
    createdBy: textOrNull("createdBy"),
    pendingCount: Number(at("pendingCount")),
    decisionCount: Number(at("decisionCount")),
    createdAt: asDate(at("createdAt")),
    updatedAt: asDate(at("updatedAt")),
    version: Number(first[n]),
    leaseOwner: first[n + 4] as string | null,
    leaseExpiresAt: asDateOrNull(first[n + 5]),
    recoveries: Number(first[n + 6]),
  };
  const requirements: LoadedRun["requirements"] = [];
  for (const r of rows) {
    if (r[n + 1] !== null) requirements.push({ kind: r[n + 1] as string, parentId: r[n + 2] as string | null, data: r[n + 3] as string });
  }
  return { row, requirements };
}
