import { claimRequestSchema, requirementParamsSchema, type ClaimResponse } from "@/lib/contracts";
import { authorized } from "@/lib/server/auth";
import { claimRequirement, releaseClaim } from "@/lib/server/claims";
import { parseJsonBody, parseParams } from "@/lib/server/request";

export const runtime = "nodejs";

type Context = { params: Promise<{ id: string }> };

/** Takes the item for a while (`{ minutes? }`, 15 by default); 409 `claimed_by_other` when someone else is on it. */
export async function POST(request: Request, context: Context): Promise<Response> {
  return authorized(request, "requirements:resolve", async (principal) => {
    const { id } = await parseParams(context.params, requirementParamsSchema);
    const body = await parseJsonBody(request, claimRequestSchema);
    return Response.json((await claimRequirement(id, body, principal)) satisfies ClaimResponse);
  });
}

/** Lets go of the caller's claim. */
export async function DELETE(request: Request, context: Context): Promise<Response> {
  return authorized(request, "requirements:resolve", async (principal) => {
    const { id } = await parseParams(context.params, requirementParamsSchema);
    return Response.json((await releaseClaim(id, principal)) satisfies ClaimResponse);
  });
}
