import { assertSameOrigin, clearedSessionCookie, isSecureRequest, readSessionToken, revokeSession } from "@/lib/auth";
import { authStore } from "@/lib/server/auth";
import { respond } from "@/lib/server/respond";

export const runtime = "nodejs";

/** Ends the browser's session, on the server as well as in the cookie. Signing out twice is fine. */
export async function POST(request: Request): Promise<Response> {
  return respond(async () => {
    assertSameOrigin(request);
    const token = readSessionToken(request);
    if (token !== null) await revokeSession(await authStore(), token);
    return new Response(null, { status: 204, headers: { "set-cookie": clearedSessionCookie(isSecureRequest(request)) } });
  });
}
