import { createUser, createUserRequestSchema, summarizeUser } from "@/lib/auth";
import { authorized, authStore } from "@/lib/server/auth";
import { parseJsonBody } from "@/lib/server/request";

export const runtime = "nodejs";

/** Every user, oldest first. Admins only. */
export async function GET(request: Request): Promise<Response> {
  return authorized(request, "users:manage", async () => Response.json({ users: (await (await authStore()).listUsers()).map(summarizeUser) }));
}

/** Adds a user with an email, a first password and a role. Admins only. */
export async function POST(request: Request): Promise<Response> {
  return authorized(request, "users:manage", async () => {
    const body = await parseJsonBody(request, createUserRequestSchema);
    return Response.json({ user: summarizeUser(await createUser(await authStore(), body)) }, { status: 201 });
  });
}
