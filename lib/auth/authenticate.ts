import { readBearerToken, verifyApiToken } from "./api-tokens";
import { isSecureRequest, readSessionToken, sessionCookie } from "./cookies";
import { ForbiddenError, UnauthenticatedError } from "./errors";
import type { Principal } from "./principal";
import { can, requiredRole, type AuthAction } from "./roles";
import { assertSameOrigin } from "./same-origin";
import { validateSession } from "./sessions";
import type { AuthStore } from "./store";

export interface AuthOptions {
  store: AuthStore;
  /** Injected clock for tests. */
  now?: Date;
  /** Origins besides the app's own that may send state-changing requests (the app passes APP_ORIGIN's); none by default. */
  trustedOrigins?: readonly string[];
}

export interface Authentication {
  principal: Principal;
  /** A Set-Cookie value to send with the answer when the session was renewed; null otherwise. */
  setCookie: string | null;
  /** How the request proved who it is. Only cookie sessions need the cross-site check. */
  via: "session" | "token";
}

/**
 * Who sent the request: an `Authorization: Bearer` API token, else the session cookie. A present but unusable
 * Authorization header is a 401 rather than a fall-back to the cookie, so a program never acts as a person.
 * Throws UnauthenticatedError.
 */
export async function authenticate(request: Request, options: AuthOptions): Promise<Authentication> {
  const now = options.now ?? new Date();
  const bearer = readBearerToken(request);
  if (bearer !== null) {
    if ("malformed" in bearer) throw new UnauthenticatedError("The Authorization header must be `Bearer <token>`. Create a token with `npm run token:create`.");
    const token = await verifyApiToken(options.store, bearer.token, now);
    if (!token) throw new UnauthenticatedError("This API token is unknown or was revoked. Ask an admin for a new one.");
    return { principal: { type: "token", tokenId: token.id, name: token.name, role: token.role }, setCookie: null, via: "token" };
  }
  const sessionToken = readSessionToken(request);
  if (sessionToken === null) throw new UnauthenticatedError();
  const valid = await validateSession(options.store, sessionToken, now);
  if (!valid) throw new UnauthenticatedError("Your session has ended. Sign in again.");
  return {
    principal: { type: "user", userId: valid.user.id, email: valid.user.email, role: valid.user.role, sessionId: valid.session.id },
    setCookie: valid.renewed ? sessionCookie(sessionToken, valid.session.expiresAt, isSecureRequest(request), now) : null,
    via: "session",
  };
}

/** Throws ForbiddenError unless the principal's role allows the action. */
export function authorize(principal: Principal, action: AuthAction): void {
  if (!can(principal.role, action)) throw new ForbiddenError(action, principal.role, requiredRole(action));
}

/**
 * What every endpoint calls first: authenticates (401), refuses cross-site state changes made with a cookie (403),
 * then checks the role (403). Nothing has been changed when it throws.
 */
export async function requirePermission(request: Request, action: AuthAction, options: AuthOptions): Promise<Authentication> {
  const authentication = await authenticate(request, options);
  if (authentication.via === "session") assertSameOrigin(request, options.trustedOrigins ?? []);
  authorize(authentication.principal, action);
  return authentication;
}
