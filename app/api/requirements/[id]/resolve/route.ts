import { requirementParamsSchema, resolveRequestSchema, type ResolveResponse } from "@/lib/contracts";
import { actingUser } from "@/lib/server/acting-user";
import { parseJsonBody, parseParams } from "@/lib/server/request";
import { resolveRequirement } from "@/lib/server/resolve-requirement";
import { respond } from "@/lib/server/respond";

export const runtime = "nodejs";

export async function POST(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  return respond(async () => {
    const { id } = await parseParams(context.params, requirementParamsSchema);
    const body = await parseJsonBody(request, resolveRequestSchema);
    return Response.json((await resolveRequirement(id, body, actingUser(request))) satisfies ResolveResponse);
  });
}
