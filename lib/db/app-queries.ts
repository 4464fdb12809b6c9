// The app's lookups through the Prisma client: the inbox and the run history (raw SQL, portable across SQLite
// and PostgreSQL), each row decoded into what the API returns, and a run's status.
import type { JsonValue, WorkflowRunStatus } from "@/lib/engine";
import type { Page, PendingRequirementRow, RequirementFilter, RunFilter, RunStatusRow, RunSummaryRow } from "./app-store";
import { decodeCursor, encodeCursor } from "./cursor";
import { UnknownRowValueError } from "./errors";
import { Prisma } from "./generated/sqlite/client";
import { textCondition, type TextSearch } from "./history-search";
import { inboxPage } from "./inbox-query";
import { FINISHED, type RunRow } from "./rows";
import type { StoreClient } from "./store-client";
import type { InboxViewer } from "./team-inbox-store";

/** A viewer with nothing of their own: lists every item. */
const NOBODY: InboxViewer = { key: "", userId: null, roles: [] };

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

/** A page of the inbox: pending requirements, oldest first, each with its run's version (every view, nobody's "mine"). */
export function pendingRequirementsPage(client: StoreClient, filter: RequirementFilter): Promise<Page<PendingRequirementRow>> {
  const { workflowName, ...paging } = filter;
  return inboxPage(client, { ...paging, ...(workflowName !== undefined ? { workflow: workflowName } : {}) }, NOBODY, new Date());
}

/** A page of the run history, newest first, filtered by status, workflow and text. */
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
