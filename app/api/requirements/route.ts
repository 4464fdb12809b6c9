import { listRequirementsQuerySchema, type ListRequirementsResponse } from "@/lib/contracts";
import { listRequirements } from "@/lib/server/list-requirements";
import { parseQuery } from "@/lib/server/request";
import { authorized } from "@/lib/server/auth";

export const runtime = "nodejs";

export async function GET(request: Request): Promise<Response> {
  return authorized(request, "inbox:read", async (principal) => {
    const query = parseQuery(request, listRequirementsQuerySchema);
    return Response.json((await listRequirements(query, principal)) satisfies ListRequirementsResponse);
  });
}
