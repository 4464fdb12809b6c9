import type { ListRunsQuery, ListRunsResponse } from "@/lib/contracts";
import { appDb } from "./db";

/** Run history, newest first. */
export async function listRuns(query: ListRunsQuery): Promise<ListRunsResponse> {
  const page = await appDb().listRuns({
    limit: query.limit,
    ...(query.status ? { status: query.status } : {}),
    ...(query.workflow ? { workflowName: query.workflow } : {}),
    ...(query.q ? { q: query.q } : {}),
    ...(query.cursor ? { cursor: query.cursor } : {}),
  });
  return { runs: page.items, nextCursor: page.nextCursor };
}
