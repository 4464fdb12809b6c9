import { describe, expect, it } from "vitest";
import { assertSameOrigin, CrossSiteRequestError, trustedOriginsFromEnv } from "@/lib/auth";

function post(headers: Record<string, string>, url = "http://127.0.0.1:3000/api/requirements/x/resolve", method = "POST"): Request {
  return new Request(url, { method, headers });
}

describe("same-origin check against cross-site requests", () => {
  it("accepts a POST whose Origin is the host it was sent to", () => {
    expect(() => assertSameOrigin(post({ origin: "http://127.0.0.1:3000", host: "127.0.0.1:3000" }), [])).not.toThrow();
    expect(() => assertSameOrigin(post({ origin: "https://inbox.example.com", host: "inbox.example.com", "x-forwarded-proto": "https" }), [])).not.toThrow();
  });

  it("accepts the public origin a proxy forwards, and origins listed in APP_ORIGIN", () => {
    expect(() =>
      assertSameOrigin(post({ origin: "https://inbox.example.com", host: "10.0.0.5:3000", "x-forwarded-host": "inbox.example.com", "x-forwarded-proto": "https" }), []),
    ).not.toThrow();
    const trusted = trustedOriginsFromEnv({ APP_ORIGIN: "https://inbox.example.com/, http://localhost:3000" });
    expect(trusted).toEqual(["https://inbox.example.com", "http://localhost:3000"]);
    expect(() => assertSameOrigin(post({ origin: "http://localhost:3000", host: "127.0.0.1:3000" }), trusted)).not.toThrow();
  });

  it("refuses another site, another port, another scheme, and the opaque origin of sandboxed pages", () => {
    for (const origin of ["https://evil.example", "http://127.0.0.1:4000", "https://127.0.0.1:3000", "null", "not a url"]) {
      expect(() => assertSameOrigin(post({ origin, host: "127.0.0.1:3000" }), []), origin).toThrow(CrossSiteRequestError);
    }
  });

  it("falls back to the Referer, and refuses a state change that names neither", () => {
    expect(() => assertSameOrigin(post({ referer: "http://127.0.0.1:3000/inbox", host: "127.0.0.1:3000" }), [])).not.toThrow();
    expect(() => assertSameOrigin(post({ referer: "https://evil.example/page", host: "127.0.0.1:3000" }), [])).toThrow(CrossSiteRequestError);
    expect(() => assertSameOrigin(post({ host: "127.0.0.1:3000" }), [])).toThrow(/names no Origin/);
  });

  it("checks every state-changing method but never GET or HEAD", () => {
    for (const method of ["PUT", "PATCH", "DELETE"]) {
      expect(() => assertSameOrigin(post({ origin: "https://evil.example", host: "127.0.0.1:3000" }, undefined, method), [])).toThrow(CrossSiteRequestError);
    }
    for (const method of ["GET", "HEAD"]) {
      expect(() => assertSameOrigin(new Request("http://127.0.0.1:3000/api/runs", { method, headers: { origin: "https://evil.example" } }), [])).not.toThrow();
    }
  });
});
