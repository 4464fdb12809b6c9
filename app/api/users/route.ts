import { authorized } from "@/lib/server/auth";
import { addUser, listUsers } from "@/lib/server/users";

export const runtime = "nodejs";

/** Every user, oldest first. Admins only. */
export async function GET(request: Request): Promise<Response> {
  return authorized(request, "users:manage", async () => Response.json({ users: await listUsers() }));
}

/** Adds a user with an email, a first password and a role. Admins only. */
export async function POST(request: Request): Promise<Response> {
  return authorized(request, "users:manage", async () => Response.json({ user: await addUser(request) }, { status: 201 }));
}
