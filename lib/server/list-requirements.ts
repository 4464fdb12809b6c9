import "server-only";
import type { Principal } from "@/lib/auth";
import type { ListRequirementsQuery, ListRequirementsResponse } from "@/lib/contracts";
import { appRuntime } from "@/lib/app/runtime";
import { claimView, viewerOf } from "./inbox-viewer";
import { pendingTotalOf } from "./pending-total";

/**
 * The approval inbox as `principal` sees it: pending requirements of the view and filters asked for, oldest first,
 * each with who is on it and whom it is assigned to, and the total for the navigation badge.
 */
export async function listRequirements(query: ListRequirementsQuery, principal: Principal): Promise<ListRequirementsResponse> {
  const runtime = appRuntime();
  const { status: _pending, cursor, limit, ...filters } = query;
  const [page, total] = await Promise.all([
    runtime.db.teamInbox().page({ ...filters, limit, ...(cursor ? { cursor } : {}) }, viewerOf(principal), new Date()),
    pendingTotalOf(runtime).get(),
  ]);
  return {
    requirements: page.items.map(({ claim, assignee, ...item }) => ({ ...item, ...claimView({ claim, assignee }, principal) })),
    nextCursor: page.nextCursor,
    total,
  };
}
