import { NextResponse, type NextRequest } from "next/server";
import { sessionCookieName } from "@/lib/auth/cookies";

/**
 * Sends a browser without a session cookie to the sign-in page before any page renders. It only looks for the
 * cookie: whether the session is valid, and what its role allows, every API endpoint checks for itself, and the
 * pages get their data from those endpoints.
 */
export function proxy(request: NextRequest): NextResponse {
  if (request.cookies.has(sessionCookieName(true)) || request.cookies.has(sessionCookieName(false))) return NextResponse.next();
  const login = request.nextUrl.clone();
  login.pathname = "/login";
  login.search = `?next=${encodeURIComponent(`${request.nextUrl.pathname}${request.nextUrl.search}`)}`;
  return NextResponse.redirect(login);
}

export const config = {
  // Pages only: the API answers 401 itself, and the sign-in page and static files must load without a session.
  matcher: ["/((?!api/|login|_next/|favicon\\.ico|icon|apple-icon|.*\\.(?:svg|png|ico|webmanifest|txt)$).*)"],
};
