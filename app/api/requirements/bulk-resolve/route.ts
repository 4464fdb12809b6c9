import { bulkResolveRequestSchema, type BulkResolveResponse } from "@/lib/contracts";
import { authorized } from "@/lib/server/auth";
import { bulkResolve } from "@/lib/server/bulk-resolve";
import { parseJsonBody } from "@/lib/server/request";

export const runtime = "nodejs";

/** One answer for many items: 200 with each item's outcome, in the order sent (see lib/server/bulk-resolve.ts). */
export async function POST(request: Request): Promise<Response> {
  return authorized(request, "requirements:resolve", async (principal) => {
    const body = await parseJsonBody(request, bulkResolveRequestSchema);
    return Response.json((await bulkResolve(body, principal)) satisfies BulkResolveResponse);
  });
}
