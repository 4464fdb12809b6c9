import "server-only";
import type { ListRunsQuery, ListRunsResponse } from "@/lib/contracts";
import { recoveryOf } from "./recovery";
import { appRuntime } from "@/lib/app/runtime";

/** Run history, newest first. */
export async function listRuns(query: ListRunsQuery): Promise<ListRunsResponse> {
  const runtime = appRuntime();
  const page = await runtime.db.listRuns({
    limit: query.limit,
    ...(query.status ? { status: query.status } : {}),
    ...(query.workflow ? { workflowName: query.workflow } : {}),
    ...(query.q ? { q: query.q } : {}),
    ...(query.cursor ? { cursor: query.cursor } : {}),
  });
  const now = new Date();
  const runs = page.items.map(({ recoveries, leaseExpiresAt, ...row }) => ({
    ...row,
    recovery: recoveryOf({ status: row.status, recoveries, leaseExpiresAt }, runtime.settings.recoveryAttempts, now),
  }));
  return { runs, nextCursor: page.nextCursor };
}
