import { summarizeUser, updateUser, updateUserRequestSchema } from "@/lib/auth";
import { idParamsSchema } from "@/lib/contracts";
import { authorized, authStore } from "@/lib/server/auth";
import { parseJsonBody, parseParams } from "@/lib/server/request";

export const runtime = "nodejs";

/** Changes a user's role, disables or re-enables them, or sets a new password (which signs them out). Admins only. */
export async function PATCH(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  return authorized(request, "users:manage", async () => {
    const { id } = await parseParams(context.params, idParamsSchema);
    const body = await parseJsonBody(request, updateUserRequestSchema);
    return Response.json({ user: summarizeUser(await updateUser(await authStore(), id, body)) });
  });
}
