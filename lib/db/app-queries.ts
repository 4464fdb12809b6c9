// The app's lookups through the Prisma client: the inbox and the run history (raw SQL, portable across SQLite
// and PostgreSQL), each row decoded into what the API returns, and a run's status.
import type { JsonValue, WorkflowRunStatus } from "@/lib/engine";
import type { Page, PendingRequirementRow, RequirementFilter, RunFilter, RunStatusRow, RunSummaryRow } from "./app-store";
import { decodeCursor, encodeCursor } from "./cursor";
import { UnknownRowValueError } from "./errors";
import { Prisma } from "./generated/sqlite/client";
import { textCondition, type TextSearch } from "./history-search";
import { inboxItemFromRow, type InboxRow } from "./inbox-item";
import { EXECUTOR_PAUSE, FINISHED, type RunRow } from "./rows";
import type { StoreClient } from "./store-client";

/** A history row as the raw query returns it: the run's own columns, and numbers and dates as each driver gives them. */
interface HistoryRow extends Pick<RunRow, "id" | "sessionId" | "workflowName" | "status" | "pauseKind" | "pausedStepName" | "input" | "createdBy"> {
  leaseExpiresAt: Date | string | number | bigint | null;
  recoveries: number | bigint;
  createdAt: Date | string;
  updatedAt: Date | string;
  decisionCount: number | bigint;
  pendingCount: number | bigint;
  /** 1 or 0, as a number or a bigint depending on the driver. */
  retryable: number | bigint;
}

/** A page of the inbox: pending requirements, oldest first, each with its run's version. */
export async function pendingRequirementsPage(client: StoreClient, filter: RequirementFilter): Promise<Page<PendingRequirementRow>> {
  const after = filter.cursor ? decodeCursor(filter.cursor) : null;
  // One statement with the run's version joined in: the client's relation load would be a second round trip.
  const rows = await client.$queryRaw<InboxRow[]>`
    SELECT q."id", q."run_id" AS "runId", q."workflow_name" AS "workflowName", q."step_name" AS "stepName",
           q."step_path" AS "stepPath", q."step_type" AS "stepType", q."step_index" AS "stepIndex", q."kind", q."executor_name" AS "executorName",
           q."executor_type" AS "executorType", q."member_name" AS "memberName", q."tool_name" AS "toolName",
           q."tool_args" AS "toolArgs", q."user_input_schema" AS "userInputSchema", q."message", q."details",
           q."created_at" AS "createdAt", r."version"
    FROM "requirements" q JOIN "runs" r ON r."id" = q."run_id"
    WHERE q."status" = 'pending' AND q."kind" <> ${EXECUTOR_PAUSE}
      ${filter.workflowName !== undefined ? Prisma.sql`AND q."workflow_name" = ${filter.workflowName}` : Prisma.empty}
      ${after ? Prisma.sql`AND q."created_at" >= ${after.at} AND (q."created_at" > ${after.at} OR q."id" > ${after.id})` : Prisma.empty}
    ORDER BY q."created_at", q."id"
    LIMIT ${filter.limit + 1}`;
  const page = rows.slice(0, filter.limit);
  const last = page.at(-1);
  return {
    items: page.map(inboxItemFromRow),
    nextCursor: rows.length > filter.limit && last ? encodeCursor(new Date(last.createdAt), last.id) : null,
  };
}

/** A page of the run history, newest first, filtered by status, workflow and text (found as `search` says). */
export async function runsPage(client: StoreClient, filter: RunFilter, search: TextSearch): Promise<Page<RunSummaryRow>> {
  const before = filter.cursor ? decodeCursor(filter.cursor) : null;
  const text = await textCondition(client, filter.q?.trim().toLowerCase(), search);
  // Raw SQL for the text condition (an ESCAPE clause, or SQLite's search index) and the keyset paging.
  const rows = await client.$queryRaw<HistoryRow[]>`
    SELECT "id", "session_id" AS "sessionId", "workflow_name" AS "workflowName", "status", "pause_kind" AS "pauseKind",
           "paused_step_name" AS "pausedStepName", "input", "lease_expires_at" AS "leaseExpiresAt", "recoveries",
           "created_at" AS "createdAt", "updated_at" AS "updatedAt", "decision_count" AS "decisionCount",
           "pending_count" AS "pendingCount", "created_by" AS "createdBy",
           CASE WHEN "status" = 'error' AND "resume_state" IS NOT NULL THEN 1 ELSE 0 END AS "retryable"
    FROM ${text.from}
    WHERE 1 = 1
      ${filter.status !== undefined ? Prisma.sql`AND "status" = ${filter.status}` : Prisma.empty}
      ${filter.workflowName !== undefined ? Prisma.sql`AND "workflow_name" = ${filter.workflowName}` : Prisma.empty}
      ${text.where}
      ${before ? Prisma.sql`AND "created_at" <= ${before.at} AND ("created_at" < ${before.at} OR "id" < ${before.id})` : Prisma.empty}
    ORDER BY "created_at" DESC, "id" DESC
    LIMIT ${filter.limit + 1}`;
  const page = rows.slice(0, filter.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => {
      const input = JSON.parse(r.input) as JsonValue;
      const text = typeof input === "string" ? input : JSON.stringify(input);
      const createdAt = new Date(r.createdAt);
      const updatedAt = new Date(r.updatedAt);
      return {
        runId: r.id,
        sessionId: r.sessionId,
        workflowName: r.workflowName,
        status: r.status as WorkflowRunStatus,
        recoveries: Number(r.recoveries),
        leaseExpiresAt: r.leaseExpiresAt === null ? null : new Date(typeof r.leaseExpiresAt === "bigint" ? Number(r.leaseExpiresAt) : r.leaseExpiresAt).toISOString(),
        pauseKind: r.pauseKind,
        pausedStepName: r.pausedStepName,
        inputSummary: text.length > 200 ? `${text.slice(0, 199)}…` : text,
        createdAt: createdAt.toISOString(),
        updatedAt: updatedAt.toISOString(),
        durationMs: FINISHED.has(r.status) ? updatedAt.getTime() - createdAt.getTime() : null,
        decisionCount: Number(r.decisionCount),
        pendingCount: Number(r.pendingCount),
        createdBy: r.createdBy,
        retryable: Number(r.retryable) === 1,
      };
    }),
    nextCursor: rows.length > filter.limit && last ? encodeCursor(new Date(last.createdAt), last.id) : null,
  };
}

const RUN_STATUSES: ReadonlySet<string> = new Set<WorkflowRunStatus>(["pending", "running", "paused", "completed", "error", "cancelled"]);
const isRunStatus = (status: string): status is WorkflowRunStatus => RUN_STATUSES.has(status);

/** A run's status and version, or null when there is no such run. */
export async function runStatus(client: StoreClient, runId: string): Promise<RunStatusRow | null> {
  const row = await client.run.findUnique({ where: { id: runId }, select: { status: true, version: true } });
  if (!row) return null;
  if (!isRunStatus(row.status)) throw new UnknownRowValueError(`Run ${runId} has the status "${row.status}", which this version of the app does not know. Was it written by a newer version? Upgrade this instance.`);
  return { status: row.status, version: row.version };
}
