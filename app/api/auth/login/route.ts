import { assertSameOrigin, InvalidCredentialsError, isSecureRequest, LoginThrottle, sessionCookie, signIn, signInRequestSchema } from "@/lib/auth";
import type { CurrentUserResponse } from "@/lib/contracts";
import { authStore, currentUser } from "@/lib/server/auth";
import { parseJsonBody } from "@/lib/server/request";
import { respond } from "@/lib/server/respond";

export const runtime = "nodejs";

/** Signs in with email and password; the session travels in an httpOnly cookie. */
export async function POST(request: Request): Promise<Response> {
  return respond(async () => {
    // Another site must not sign a person into an account of its choosing either.
    assertSameOrigin(request);
    const credentials = await parseJsonBody(request, signInRequestSchema);
    const store = await authStore();
    const throttle = new LoginThrottle(store);
    await throttle.check(credentials.email);
    const { token, session, user } = await signIn(store, credentials).catch(async (error: unknown) => {
      if (error instanceof InvalidCredentialsError) await throttle.recordFailure(credentials.email);
      throw error;
    });
    await throttle.recordSuccess(credentials.email);
    const body: CurrentUserResponse = {
      user: currentUser({ type: "user", userId: user.id, email: user.email, role: user.role, sessionId: session.id }),
    };
    return Response.json(body, { headers: { "set-cookie": sessionCookie(token, session.expiresAt, isSecureRequest(request)) } });
  });
}
