import { assignRequestSchema, requirementParamsSchema, type ClaimResponse } from "@/lib/contracts";
import { authorized } from "@/lib/server/auth";
import { assignRequirement } from "@/lib/server/claims";
import { parseJsonBody, parseParams } from "@/lib/server/request";

export const runtime = "nodejs";

/** Assigns the item to `{ userId }`, `{ email }` or `{ role }`; `{}` takes the assignment away. */
export async function POST(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  return authorized(request, "requirements:resolve", async (principal) => {
    const { id } = await parseParams(context.params, requirementParamsSchema);
    const body = await parseJsonBody(request, assignRequestSchema);
    return Response.json((await assignRequirement(id, body, principal)) satisfies ClaimResponse);
  });
}
