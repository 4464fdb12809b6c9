import { authorized } from "@/lib/server/auth";
import { changeUser } from "@/lib/server/users";

export const runtime = "nodejs";

/** Changes a user's role, disables or re-enables them, or sets a new password (which signs them out). Admins only. */
export async function PATCH(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  return authorized(request, "users:manage", async () => Response.json({ user: await changeUser(request, context.params) }));
}
