import { requirementParamsSchema, resolveRequestSchema, type ResolveResponse } from "@/lib/contracts";
import { authorized } from "@/lib/server/auth";
import { preferenceApplied, preferredWait } from "@/lib/server/prefer";
import { parseJsonBody, parseParams } from "@/lib/server/request";
import { resolveRequirement } from "@/lib/server/resolve-requirement";

export const runtime = "nodejs";

export async function POST(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  return authorized(request, "requirements:resolve", async (principal) => {
    const { id } = await parseParams(context.params, requirementParamsSchema);
    const waitSeconds = preferredWait(request.headers);
    const body = await parseJsonBody(request, resolveRequestSchema);
    const result = await resolveRequirement(id, body, principal, { waitSeconds, signal: request.signal });
    return Response.json(result satisfies ResolveResponse, { headers: preferenceApplied(waitSeconds) });
  });
}
