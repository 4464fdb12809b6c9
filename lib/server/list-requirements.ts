import "server-only";
import type { ListRequirementsQuery, ListRequirementsResponse } from "@/lib/contracts";
import { appDb } from "@/lib/app/db";

/** The approval inbox: pending requirements, oldest first, with the total for the navigation badge. */
export async function listRequirements(query: ListRequirementsQuery): Promise<ListRequirementsResponse> {
  const db = appDb();
  const [page, total] = await Promise.all([
    db.listPendingRequirements({
      limit: query.limit,
      ...(query.workflow ? { workflowName: query.workflow } : {}),
      ...(query.cursor ? { cursor: query.cursor } : {}),
    }),
    db.countPendingRequirements(),
  ]);
  return { requirements: page.items, nextCursor: page.nextCursor, total };
}
