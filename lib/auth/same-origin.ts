import { isSecureRequest } from "./cookies";
import { CrossSiteRequestError } from "./errors";

const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

/** `APP_ORIGIN` (comma-separated) names origins besides the request's own host that may send state-changing requests. */
export function trustedOriginsFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): string[] {
  return (env.APP_ORIGIN ?? "")
    .split(",")
    .map((o) => o.trim())
    .filter((o) => o !== "")
    .map((o) => new URL(o).origin);
}

function originOf(value: string): string | null {
  try {
    const origin = new URL(value).origin;
    return origin === "null" ? null : origin;
  } catch {
    return null;
  }
}

/** The origin the browser used to reach us, from the Host the request was sent to (a proxy's X-Forwarded-Host first). */
function ownOrigin(request: Request): string | null {
  const host = request.headers.get("x-forwarded-host")?.split(",")[0]?.trim() || request.headers.get("host");
  if (!host) return new URL(request.url).origin;
  return originOf(`${isSecureRequest(request) ? "https" : "http"}://${host}`);
}

/**
 * Refuses a state-changing browser request that another site could have sent on the person's behalf (CSRF):
 * its Origin (or, failing that, its Referer) must be this app's own origin or a trusted one. A request with
 * neither is refused too: browsers always send Origin on POST, PUT, PATCH and DELETE, and programs use API
 * tokens, which no other site can attach, and are not checked here.
 */
export function assertSameOrigin(request: Request, trustedOrigins: readonly string[] = trustedOriginsFromEnv()): void {
  if (safeMethods.has(request.method.toUpperCase())) return;
  const originHeader = request.headers.get("origin");
  const referer = request.headers.get("referer");
  const claimed = originHeader !== null ? originOf(originHeader) : referer !== null ? originOf(referer) : null;
  if (claimed === null) {
    throw new CrossSiteRequestError(originHeader !== null || referer !== null ? "its Origin is opaque or malformed" : "it names no Origin");
  }
  if (claimed === ownOrigin(request) || trustedOrigins.includes(claimed)) return;
  throw new CrossSiteRequestError(`it came from ${claimed}`);
}
