import { isSecureRequest } from "./cookies";
import { CrossSiteRequestError } from "./errors";

const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

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
 * Refuses a state-changing browser request that another site could have sent on the person's behalf (CSRF), the
 * way Go's http.CrossOriginProtection does: browsers mark every request with Sec-Fetch-Site, which pages cannot
 * forge; where it is missing (older browsers), the Origin must be this app's own. A request with neither header
 * did not come from a browser, so no site can have made a person send it. Origins in `trustedOrigins` pass.
 */
export function assertSameOrigin(request: Request, trustedOrigins: readonly string[] = []): void {
  if (safeMethods.has(request.method.toUpperCase())) return;
  const originHeader = request.headers.get("origin");
  const origin = originHeader === null ? null : originOf(originHeader);
  if (origin !== null && trustedOrigins.includes(origin)) return;
  const fetchSite = request.headers.get("sec-fetch-site")?.toLowerCase();
  if (fetchSite !== undefined) {
    if (fetchSite === "same-origin" || fetchSite === "none") return;
    throw new CrossSiteRequestError(`the browser marked it ${fetchSite}`);
  }
  if (originHeader === null) return;
  if (origin === null) throw new CrossSiteRequestError("its Origin is opaque or malformed");
  if (origin !== ownOrigin(request)) throw new CrossSiteRequestError(`it came from ${origin}`);
}
