import { createApiToken, listApiTokens } from "@/lib/server/api-tokens";
import { authorized } from "@/lib/server/auth";

export const runtime = "nodejs";

/** Every API token, newest first, revoked ones included; never their secrets. Admins only. */
export async function GET(request: Request): Promise<Response> {
  return authorized(request, "tokens:manage", async () => Response.json({ tokens: await listApiTokens() }));
}

/** Creates a token for a program. The answer holds the token itself: the only time it is shown. Admins only. */
export async function POST(request: Request): Promise<Response> {
  return authorized(request, "tokens:manage", async (principal) =>
    Response.json(await createApiToken(request, principal), { status: 201, headers: { "cache-control": "no-store" } }),
  );
}
