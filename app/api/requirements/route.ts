import { listRequirementsQuerySchema, type ListRequirementsResponse } from "@/lib/contracts";
import { listRequirements } from "@/lib/server/list-requirements";
import { parseQuery } from "@/lib/server/request";
import { respond } from "@/lib/server/respond";

export const runtime = "nodejs";

export async function GET(request: Request): Promise<Response> {
  return respond(async () => {
    const query = parseQuery(request, listRequirementsQuerySchema);
    return Response.json((await listRequirements(query)) satisfies ListRequirementsResponse);
  });
}
