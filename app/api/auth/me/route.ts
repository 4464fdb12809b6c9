import type { CurrentUserResponse } from "@/lib/contracts";
import { authorized, currentUser } from "@/lib/server/auth";

export const runtime = "nodejs";

/** Who is signed in, and what their role lets the pages offer. */
export async function GET(request: Request): Promise<Response> {
  return authorized(request, "runs:read", async (principal) => Response.json({ user: currentUser(principal) } satisfies CurrentUserResponse));
}
