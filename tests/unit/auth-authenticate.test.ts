import { describe, expect, it } from "vitest";
import {
  authenticate,
  createSession,
  CrossSiteRequestError,
  ForbiddenError,
  InMemoryAuthStore,
  issueApiToken,
  requirePermission,
  revokeApiToken,
  UnauthenticatedError,
  type UserRole,
} from "@/lib/auth";

async function setup(role: UserRole = "approver") {
  const store = new InMemoryAuthStore();
  const user = await store.createUser({ email: "ann@example.com", role, passwordHash: "h" });
  const { token: sessionToken } = await createSession(store, user.id, new Date("2026-11-25T10:00:00Z"));
  return { store, user, sessionToken };
}

const origin = "http://app.test";
function browserPost(path: string, sessionToken: string, from = origin): Request {
  return new Request(`${origin}${path}`, {
    method: "POST",
    headers: { cookie: `hitl_session=${sessionToken}`, origin: from, host: "app.test", "sec-fetch-site": from === origin ? "same-origin" : "cross-site", "content-type": "application/json" },
    body: "{}",
  });
}

describe("authenticate", () => {
  it("without a session or a token the answer is 401 and says how to sign in", async () => {
    const { store } = await setup();
    const error = await authenticate(new Request(`${origin}/api/runs`), { store }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnauthenticatedError);
    expect(error).toMatchObject({ status: 401, code: "unauthenticated" });
    expect((error as Error).message).toMatch(/Sign in/);
  });

  it("a session cookie identifies the signed-in person", async () => {
    const { store, user, sessionToken } = await setup();
    const request = new Request(`${origin}/api/runs`, { headers: { cookie: `hitl_session=${sessionToken}` } });
    const auth = await authenticate(request, { store, now: new Date("2026-11-26T10:00:00Z") });
    expect(auth.principal).toMatchObject({ type: "user", userId: user.id, email: "ann@example.com", role: "approver" });
    expect(auth.setCookie).toBeNull();
  });

  it("a renewed session sends the cookie again with the new expiry", async () => {
    const { store, sessionToken } = await setup();
    const request = new Request(`${origin}/api/runs`, { headers: { cookie: `hitl_session=${sessionToken}` } });
    const auth = await authenticate(request, { store, now: new Date("2026-12-05T10:00:00Z") });
    expect(auth.setCookie).toMatch(new RegExp(`^hitl_session=${sessionToken}; .*Max-Age=1209600; Expires=Sat, 19 Dec 2026 10:00:00 GMT$`));
  });

  it("an API token identifies the program with the token's role, and wins over a cookie", async () => {
    const { store, sessionToken } = await setup("admin");
    const { token, record } = await issueApiToken(store, { name: "ci", role: "viewer", createdBy: null });
    const request = new Request(`${origin}/api/runs`, { headers: { authorization: `Bearer ${token}`, cookie: `hitl_session=${sessionToken}` } });
    const auth = await authenticate(request, { store });
    expect(auth.principal).toEqual({ type: "token", tokenId: record.id, name: "ci", role: "viewer" });
    expect(auth.via).toBe("token");
  });

  it("a bad or revoked token is 401 even when a valid session cookie is also sent", async () => {
    const { store, sessionToken } = await setup();
    const { token, record } = await issueApiToken(store, { name: "ci", role: "approver", createdBy: null });
    await revokeApiToken(store, record.id);
    for (const authorization of [`Bearer ${token}`, "Basic abc", "Bearer nonsense"]) {
      const request = new Request(`${origin}/api/runs`, { headers: { authorization, cookie: `hitl_session=${sessionToken}` } });
      await expect(authenticate(request, { store })).rejects.toThrow(UnauthenticatedError);
    }
  });
});

describe("requirePermission", () => {
  it("a viewer who tries to approve gets 403 naming the role it needs", async () => {
    const { store, sessionToken } = await setup("viewer");
    const error = await requirePermission(browserPost("/api/requirements/r1/resolve", sessionToken), "requirements:resolve", { store }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error).toMatchObject({ status: 403 });
    expect((error as Error).message).toMatch(/"viewer".*needs the "approver" role/);
  });

  it("an approver may resolve from the app's own page", async () => {
    const { store, sessionToken } = await setup("approver");
    const auth = await requirePermission(browserPost("/api/requirements/r1/resolve", sessionToken), "requirements:resolve", { store });
    expect(auth.principal.role).toBe("approver");
  });

  it("a cross-site POST carrying the person's cookie is refused with 403", async () => {
    const { store, sessionToken } = await setup("admin");
    const request = browserPost("/api/requirements/r1/resolve", sessionToken, "https://evil.example");
    await expect(requirePermission(request, "requirements:resolve", { store })).rejects.toThrow(CrossSiteRequestError);
  });

  it("a program with a token needs no Origin: other sites cannot attach its token", async () => {
    const { store } = await setup();
    const { token } = await issueApiToken(store, { name: "ci", role: "approver", createdBy: null });
    const request = new Request(`${origin}/api/requirements/r1/resolve`, { method: "POST", headers: { authorization: `Bearer ${token}` }, body: "{}" });
    const auth = await requirePermission(request, "requirements:resolve", { store });
    expect(auth.via).toBe("token");
  });

  it("a viewer token cannot approve either", async () => {
    const { store } = await setup();
    const { token } = await issueApiToken(store, { name: "dash", role: "viewer", createdBy: null });
    const request = new Request(`${origin}/api/requirements/r1/resolve`, { method: "POST", headers: { authorization: `Bearer ${token}` }, body: "{}" });
    await expect(requirePermission(request, "requirements:resolve", { store })).rejects.toThrow(ForbiddenError);
  });

  it("reading needs no Origin, so links and reloads keep working", async () => {
    const { store, sessionToken } = await setup("viewer");
    const request = new Request(`${origin}/api/runs`, { headers: { cookie: `hitl_session=${sessionToken}` } });
    expect((await requirePermission(request, "runs:read", { store })).principal.role).toBe("viewer");
  });
});
