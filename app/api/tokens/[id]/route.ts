import { revokeApiTokenById } from "@/lib/server/api-tokens";
import { authorized } from "@/lib/server/auth";

export const runtime = "nodejs";

/** Revokes a token: its next request gets 401. Admins only. */
export async function DELETE(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  return authorized(request, "tokens:manage", async () => Response.json({ apiToken: await revokeApiTokenById(context.params) }));
}
