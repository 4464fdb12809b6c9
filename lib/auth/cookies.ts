/**
 * The session cookie. Over HTTPS it carries the `__Host-` prefix, which browsers only accept with Secure, Path=/
 * and no Domain: a sibling subdomain or a plain-HTTP page cannot plant or overwrite it.
 */
const SECURE_NAME = "__Host-hitl_session";
const PLAIN_NAME = "hitl_session";

/** True when the browser reached the app over HTTPS, directly or through a proxy that says so. */
export function isSecureRequest(request: Request): boolean {
  const forwarded = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
  if (forwarded) return forwarded === "https";
  return new URL(request.url).protocol === "https:";
}

export function sessionCookieName(secure: boolean): string {
  return secure ? SECURE_NAME : PLAIN_NAME;
}

function cookieAttributes(secure: boolean): string {
  return `Path=/; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
}

/** The Set-Cookie value that stores a session until `expiresAt`. */
export function sessionCookie(token: string, expiresAt: Date, secure: boolean, now: Date = new Date()): string {
  const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - now.getTime()) / 1000));
  return `${sessionCookieName(secure)}=${token}; ${cookieAttributes(secure)}; Max-Age=${maxAge}; Expires=${expiresAt.toUTCString()}`;
}

/** The Set-Cookie value that makes the browser forget the session (sign-out). */
export function clearedSessionCookie(secure: boolean): string {
  return `${sessionCookieName(secure)}=; ${cookieAttributes(secure)}; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT`;
}

/** The session token from the request's Cookie header, or null. Only the name that fits the scheme is read. */
export function readSessionToken(request: Request): string | null {
  const header = request.headers.get("cookie");
  if (!header) return null;
  const name = sessionCookieName(isSecureRequest(request));
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      const value = part.slice(eq + 1).trim();
      return value === "" ? null : value;
    }
  }
  return null;
}
