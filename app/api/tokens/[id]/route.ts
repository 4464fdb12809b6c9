import { revokeApiToken, summarizeApiToken } from "@/lib/auth";
import { idParamsSchema } from "@/lib/contracts";
import { authorized, authStore } from "@/lib/server/auth";
import { parseParams } from "@/lib/server/request";

export const runtime = "nodejs";

/** Revokes a token: its next request gets 401. Admins only. */
export async function DELETE(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  return authorized(request, "tokens:manage", async () => {
    const { id } = await parseParams(context.params, idParamsSchema);
    return Response.json({ apiToken: summarizeApiToken(await revokeApiToken(await authStore(), id)) });
  });
}
