import { describe, expect, it } from "vitest";
import { assertSameOrigin, CrossSiteRequestError } from "@/lib/auth";
import { parseEnv } from "@/lib/config/env";

function post(headers: Record<string, string>, url = "http://127.0.0.1:3000/api/requirements/x/resolve", method = "POST"): Request {
  return new Request(url, { method, headers });
}

describe("same-origin check against cross-site requests", () => {
  it("accepts what the browser marks as coming from the app's own pages, or typed by the person", () => {
    expect(() => assertSameOrigin(post({ "sec-fetch-site": "same-origin", origin: "http://127.0.0.1:3000" }), [])).not.toThrow();
    expect(() => assertSameOrigin(post({ "sec-fetch-site": "none" }), [])).not.toThrow();
  });

  it("refuses what the browser marks as sent by another site, even a sibling subdomain", () => {
    for (const site of ["cross-site", "same-site"]) {
      const error = (() => {
        try {
          assertSameOrigin(post({ "sec-fetch-site": site, origin: "https://evil.example" }), []);
        } catch (e) {
          return e;
        }
      })();
      expect(error, site).toBeInstanceOf(CrossSiteRequestError);
      expect((error as CrossSiteRequestError).status).toBe(403);
    }
  });

  it("without Sec-Fetch-Site (older browsers), the Origin must be the host the request was sent to", () => {
    expect(() => assertSameOrigin(post({ origin: "http://127.0.0.1:3000", host: "127.0.0.1:3000" }), [])).not.toThrow();
    expect(() =>
      assertSameOrigin(post({ origin: "https://inbox.example.com", host: "10.0.0.5:3000", "x-forwarded-host": "inbox.example.com", "x-forwarded-proto": "https" }), []),
    ).not.toThrow();
    for (const origin of ["https://evil.example", "http://127.0.0.1:4000", "https://127.0.0.1:3000", "null", "not a url"]) {
      expect(() => assertSameOrigin(post({ origin, host: "127.0.0.1:3000" }), []), origin).toThrow(CrossSiteRequestError);
    }
  });

  it("lets programs through: with neither header the request cannot have come from a person's browser", () => {
    expect(() => assertSameOrigin(post({ host: "127.0.0.1:3000" }), [])).not.toThrow();
  });

  it("accepts origins listed in APP_ORIGIN, even when the browser calls them cross-site", () => {
    const trusted = parseEnv({ APP_ORIGIN: "https://inbox.example.com/, http://localhost:3000" }).trustedOrigins;
    expect(trusted).toEqual(["https://inbox.example.com", "http://localhost:3000"]);
    expect(() => assertSameOrigin(post({ origin: "http://localhost:3000", host: "127.0.0.1:3000" }), trusted)).not.toThrow();
    expect(() => assertSameOrigin(post({ origin: "https://inbox.example.com", "sec-fetch-site": "cross-site" }), trusted)).not.toThrow();
  });

  it("checks every state-changing method but never GET or HEAD", () => {
    for (const method of ["PUT", "PATCH", "DELETE"]) {
      expect(() => assertSameOrigin(post({ "sec-fetch-site": "cross-site" }, undefined, method), [])).toThrow(CrossSiteRequestError);
    }
    for (const method of ["GET", "HEAD"]) {
      expect(() => assertSameOrigin(new Request("http://127.0.0.1:3000/api/runs", { method, headers: { "sec-fetch-site": "cross-site" } }), [])).not.toThrow();
    }
  });
});
