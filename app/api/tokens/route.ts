import { createApiTokenRequestSchema, issueApiToken, summarizeApiToken } from "@/lib/auth";
import { authorized, authStore } from "@/lib/server/auth";
import { parseJsonBody } from "@/lib/server/request";

export const runtime = "nodejs";

/** Every API token, newest first, revoked ones included; never their secrets. Admins only. */
export async function GET(request: Request): Promise<Response> {
  return authorized(request, "tokens:manage", async () =>
    Response.json({ tokens: (await (await authStore()).listApiTokens()).map(summarizeApiToken) }),
  );
}

/** Creates a token for a program. The answer holds the token itself: the only time it is shown. Admins only. */
export async function POST(request: Request): Promise<Response> {
  return authorized(request, "tokens:manage", async (principal) => {
    const body = await parseJsonBody(request, createApiTokenRequestSchema);
    const createdBy = principal.type === "user" ? principal.userId : null;
    const { token, record } = await issueApiToken(await authStore(), { ...body, createdBy });
    return Response.json({ token, apiToken: summarizeApiToken(record) }, { status: 201, headers: { "cache-control": "no-store" } });
  });
}
