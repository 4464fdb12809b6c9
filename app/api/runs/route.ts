import { listRunsQuerySchema, type ListRunsResponse } from "@/lib/contracts";
import { listRuns } from "@/lib/server/list-runs";
import { parseQuery } from "@/lib/server/request";
import { authorized } from "@/lib/server/auth";

export const runtime = "nodejs";

export async function GET(request: Request): Promise<Response> {
  return authorized(request, "runs:read", async () => {
    const query = parseQuery(request, listRunsQuerySchema);
    return Response.json((await listRuns(query)) satisfies ListRunsResponse);
  });
}
