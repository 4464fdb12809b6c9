import { describe, expect, it } from "vitest";
import {
  clearedSessionCookie,
  createSession,
  InMemoryAuthStore,
  readSessionToken,
  revokeSession,
  sessionCookie,
  SESSION_TTL_MS,
  validateSession,
} from "@/lib/auth";
import { hashSecret } from "@/lib/auth/secrets";

const day = 24 * 60 * 60 * 1000;

async function withUser() {
  const store = new InMemoryAuthStore();
  const user = await store.createUser({ email: "ann@example.com", role: "approver", passwordHash: "h" });
  return { store, user };
}

describe("sessions", () => {
  it("the database keeps only the hash of the session token", async () => {
    const { store, user } = await withUser();
    const { token, session } = await createSession(store, user.id);
    expect(token).toMatch(/^hs_[A-Za-z0-9_-]{43}$/);
    expect(session.tokenHash).toBe(hashSecret(token));
    expect(session.tokenHash).not.toContain(token);
    expect(await store.findSessionByTokenHash(token)).toBeNull();
  });

  it("a fresh session is valid for two weeks and is not renewed on every request", async () => {
    const { store, user } = await withUser();
    const start = new Date("2026-11-25T10:00:00Z");
    const { token } = await createSession(store, user.id, start);
    const valid = await validateSession(store, token, new Date(start.getTime() + day));
    expect(valid?.user.email).toBe("ann@example.com");
    expect(valid?.renewed).toBe(false);
    expect(valid?.session.expiresAt.getTime()).toBe(start.getTime() + SESSION_TTL_MS);
  });

  it("a session used in its second week is extended, so an active person stays signed in", async () => {
    const { store, user } = await withUser();
    const start = new Date("2026-11-25T10:00:00Z");
    const { token } = await createSession(store, user.id, start);
    const later = new Date(start.getTime() + 10 * day);
    const valid = await validateSession(store, token, later);
    expect(valid?.renewed).toBe(true);
    expect(valid?.session.expiresAt.getTime()).toBe(later.getTime() + SESSION_TTL_MS);
    const stillValid = await validateSession(store, token, new Date(start.getTime() + 20 * day));
    expect(stillValid?.user.id).toBe(user.id);
  });

  it("an expired session is refused and removed", async () => {
    const { store, user } = await withUser();
    const start = new Date("2026-11-25T10:00:00Z");
    const { token } = await createSession(store, user.id, start);
    expect(await validateSession(store, token, new Date(start.getTime() + SESSION_TTL_MS))).toBeNull();
    expect(await store.findSessionByTokenHash(hashSecret(token))).toBeNull();
  });

  it("a disabled user's session no longer works", async () => {
    const { store, user } = await withUser();
    const { token } = await createSession(store, user.id);
    await store.updateUser(user.id, { disabled: true });
    expect(await validateSession(store, token)).toBeNull();
  });

  it("signing out ends the session; garbage tokens are simply invalid", async () => {
    const { store, user } = await withUser();
    const { token } = await createSession(store, user.id);
    await revokeSession(store, token);
    expect(await validateSession(store, token)).toBeNull();
    for (const junk of ["", "hs_", "x".repeat(5000), `${token}x`, token.toUpperCase()]) {
      expect(await validateSession(store, junk)).toBeNull();
    }
  });
});

describe("session cookie", () => {
  const expires = new Date("2026-12-09T10:00:00Z");
  const now = new Date("2026-11-25T10:00:00Z");

  it("is httpOnly, SameSite=Lax, for the whole site, and Secure with the __Host- prefix over HTTPS", () => {
    const secure = sessionCookie("hs_abc", expires, true, now);
    expect(secure).toBe(
      "__Host-hitl_session=hs_abc; Path=/; HttpOnly; SameSite=Lax; Secure; Max-Age=1209600; Expires=Wed, 09 Dec 2026 10:00:00 GMT",
    );
    const plain = sessionCookie("hs_abc", expires, false, now);
    expect(plain).toMatch(/^hitl_session=hs_abc; Path=\/; HttpOnly; SameSite=Lax; Max-Age=1209600;/);
    expect(plain).not.toContain("Secure");
    expect(clearedSessionCookie(true)).toMatch(/^__Host-hitl_session=; Path=\/; HttpOnly; SameSite=Lax; Secure; Max-Age=0;/);
  });

  it("is read back from the Cookie header under the name that fits the scheme", () => {
    const http = new Request("http://app.test/api/runs", { headers: { cookie: "theme=dark; hitl_session=hs_one; other=1" } });
    expect(readSessionToken(http)).toBe("hs_one");
    const https = new Request("https://app.test/api/runs", { headers: { cookie: "hitl_session=hs_planted; __Host-hitl_session=hs_real" } });
    expect(readSessionToken(https)).toBe("hs_real");
    const proxied = new Request("http://app.test/api/runs", {
      headers: { cookie: "hitl_session=hs_planted", "x-forwarded-proto": "https" },
    });
    expect(readSessionToken(proxied)).toBeNull();
    expect(readSessionToken(new Request("http://app.test/"))).toBeNull();
  });
});
