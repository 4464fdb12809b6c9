import "server-only";
import type { ListRequirementsQuery, ListRequirementsResponse } from "@/lib/contracts";
import { appRuntime } from "@/lib/app/runtime";
import { pendingTotalOf } from "./pending-total";

/** The approval inbox: pending requirements, oldest first, with the total for the navigation badge. */
export async function listRequirements(query: ListRequirementsQuery): Promise<ListRequirementsResponse> {
  const runtime = appRuntime();
  const [page, total] = await Promise.all([
    runtime.db.listPendingRequirements({
      limit: query.limit,
      ...(query.workflow ? { workflowName: query.workflow } : {}),
      ...(query.cursor ? { cursor: query.cursor } : {}),
    }),
    pendingTotalOf(runtime).get(),
  ]);
  return { requirements: page.items, nextCursor: page.nextCursor, total };
}
