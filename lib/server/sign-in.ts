import "server-only";
import {
  assertSameOrigin,
  clearedSessionCookie,
  InvalidCredentialsError,
  isSecureRequest,
  LoginThrottle,
  readSessionToken,
  revokeSession,
  sessionCookie,
  signIn,
  signInRequestSchema,
} from "@/lib/auth";
import { appEnv } from "@/lib/config/env";
import type { CurrentUserResponse } from "@/lib/contracts";
import { authStore, currentUser } from "./auth";
import { parseJsonBody } from "./request";

/**
 * Signs in with email and password, throttled per email: 200 with the person and the session in an httpOnly
 * cookie, 401 for a wrong email or password, 429 after too many failures.
 */
export async function signInWithPassword(request: Request): Promise<Response> {
  // Another site must not sign a person into an account of its choosing either.
  assertSameOrigin(request, appEnv().trustedOrigins);
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
}

/** Ends the browser's session, on the server as well as in the cookie: 204. Signing out twice is fine. */
export async function signOut(request: Request): Promise<Response> {
  assertSameOrigin(request, appEnv().trustedOrigins);
  const token = readSessionToken(request);
  if (token !== null) await revokeSession(await authStore(), token);
  return new Response(null, { status: 204, headers: { "set-cookie": clearedSessionCookie(isSecureRequest(request)) } });
}
