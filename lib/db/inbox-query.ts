// The approval inbox as one query: pending requirements with their run's version and their claim, filtered by the
// inbox's views (mine, unassigned) and filters (workflow, tool, kind, age, assignee). Portable raw SQL.
import type { InboxFilters } from "@/lib/contracts/views";
import type { Page } from "./app-store";
import { claimStateOf, type ClaimColumns } from "./claims";
import { decodeCursor, encodeCursor } from "./cursor";
import { Prisma } from "./generated/sqlite/client";
import { inboxItemFromRow, type InboxRow } from "./inbox-item";
import { EXECUTOR_PAUSE } from "./rows";
import type { StoreClient } from "./store-client";
import type { InboxViewer, TeamInboxFilter, TeamInboxItem } from "./team-inbox-store";

const MINUTE_MS = 60_000;
const and = (condition: Prisma.Sql | null): Prisma.Sql => (condition ? Prisma.sql`AND ${condition}` : Prisma.empty);

/** Nobody is on it: no claim row, or one whose claim is gone (released or expired). */
const noLiveClaim = (now: Date) => Prisma.sql`(c."holder_key" IS NULL OR c."expires_at" <= ${now})`;
const noAssignee = Prisma.sql`(c."assignee_user_id" IS NULL AND c."assignee_role" IS NULL)`;

function viewCondition(view: InboxFilters["view"], viewer: InboxViewer, now: Date): Prisma.Sql | null {
  if (view === "unassigned") return Prisma.sql`${noAssignee} AND ${noLiveClaim(now)}`;
  if (view !== "mine") return null;
  const mine = [Prisma.sql`(c."holder_key" = ${viewer.key} AND c."expires_at" > ${now})`];
  if (viewer.userId !== null) mine.push(Prisma.sql`c."assignee_user_id" = ${viewer.userId}`);
  if (viewer.roles.length > 0) mine.push(Prisma.sql`c."assignee_role" IN (${Prisma.join([...viewer.roles])})`);
  return Prisma.sql`(${Prisma.join(mine, " OR ")})`;
}

function assigneeCondition(assignee: string | undefined): Prisma.Sql | null {
  if (assignee === undefined) return null;
  if (assignee === "none") return noAssignee;
  if (assignee.startsWith("role:")) return Prisma.sql`c."assignee_role" = ${assignee.slice(5)}`;
  return Prisma.sql`c."assignee_user_id" = ${assignee}`;
}

/** FROM and WHERE shared by the page and the count, so a tab's count is exactly what the tab lists. */
function matching(filter: InboxFilters, viewer: InboxViewer, now: Date): Prisma.Sql {
  // Empty text filters mean "any", as the history's do.
  return Prisma.sql`
    FROM "requirements" q JOIN "runs" r ON r."id" = q."run_id" LEFT JOIN "requirement_claims" c ON c."requirement_id" = q."id"
    WHERE q."status" = 'pending' AND q."kind" <> ${EXECUTOR_PAUSE}
      ${and(filter.workflow ? Prisma.sql`q."workflow_name" = ${filter.workflow}` : null)}
      ${and(filter.tool ? Prisma.sql`q."tool_name" = ${filter.tool}` : null)}
      ${and(filter.kind ? Prisma.sql`q."kind" = ${filter.kind}` : null)}
      ${and(filter.olderThan ? Prisma.sql`q."created_at" <= ${new Date(now.getTime() - filter.olderThan * MINUTE_MS)}` : null)}
      ${and(assigneeCondition(filter.assignee))}
      ${and(viewCondition(filter.view, viewer, now))}`;
}

/** A page of the inbox, oldest first, each item with its run's version, its live claim and its assignee. */
export async function inboxPage(client: StoreClient, filter: TeamInboxFilter, viewer: InboxViewer, now: Date): Promise<Page<TeamInboxItem>> {
  const after = filter.cursor ? decodeCursor(filter.cursor) : null;
  // One statement with the run's version and the claim joined in: relation loads would be more round trips.
  const rows = await client.$queryRaw<(InboxRow & ClaimColumns)[]>`
    SELECT q."id", q."run_id" AS "runId", q."workflow_name" AS "workflowName", q."step_name" AS "stepName",
           q."step_path" AS "stepPath", q."step_type" AS "stepType", q."step_index" AS "stepIndex", q."kind", q."executor_name" AS "executorName",
           q."executor_type" AS "executorType", q."member_name" AS "memberName", q."tool_name" AS "toolName",
           q."tool_args" AS "toolArgs", q."user_input_schema" AS "userInputSchema", q."message", q."details",
           q."created_at" AS "createdAt", r."version",
           c."holder_key" AS "holderKey", c."holder_name" AS "holderName", c."expires_at" AS "expiresAt",
           c."assignee_user_id" AS "assigneeUserId", c."assignee_email" AS "assigneeEmail", c."assignee_role" AS "assigneeRole"
    ${matching(filter, viewer, now)}
      ${and(after ? Prisma.sql`q."created_at" >= ${after.at} AND (q."created_at" > ${after.at} OR q."id" > ${after.id})` : null)}
    ORDER BY q."created_at", q."id"
    LIMIT ${filter.limit + 1}`;
  const page = rows.slice(0, filter.limit);
  const last = page.at(-1);
  return {
    items: page.map((row) => ({ ...inboxItemFromRow(row), ...claimStateOf(row, now) })),
    nextCursor: rows.length > filter.limit && last ? encodeCursor(new Date(last.createdAt), last.id) : null,
  };
}

/** How many pending items match, counted up to `cap` so a tab's count stays cheap however full the inbox is. */
export async function inboxCount(client: StoreClient, filter: InboxFilters, viewer: InboxViewer, now: Date, cap: number): Promise<number> {
  const rows = await client.$queryRaw<{ n: number | bigint }[]>`
    SELECT COUNT(*) AS "n" FROM (SELECT 1 AS "one" ${matching(filter, viewer, now)} LIMIT ${cap}) "matched"`;
  return Number(rows[0]?.n ?? 0);
}
