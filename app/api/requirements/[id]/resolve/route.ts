import { requirementParamsSchema, resolveRequestSchema, type ResolveResponse } from "@/lib/contracts";
import { parseJsonBody, parseParams } from "@/lib/server/request";
import { resolveRequirement } from "@/lib/server/resolve-requirement";
import { authorized } from "@/lib/server/auth";

export const runtime = "nodejs";

export async function POST(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  return authorized(request, "requirements:resolve", async (principal) => {
    const { id } = await parseParams(context.params, requirementParamsSchema);
    const body = await parseJsonBody(request, resolveRequestSchema);
    return Response.json((await resolveRequirement(id, body, principal)) satisfies ResolveResponse);
  });
}
