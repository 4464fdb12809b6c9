import { describe, expect, it } from "vitest";
import { InMemoryAuthStore, issueApiToken, readBearerToken, revokeApiToken, summarizeApiToken, verifyApiToken, ApiTokenNotFoundError } from "@/lib/auth";
import { hashSecret } from "@/lib/auth/secrets";

describe("API tokens", () => {
  it("are shown once and stored only as a hash, with their name and role", async () => {
    const store = new InMemoryAuthStore();
    const { token, record } = await issueApiToken(store, { name: "  nightly report ", role: "viewer", createdBy: null });
    expect(token).toMatch(/^hitl_[A-Za-z0-9_-]{43}$/);
    expect(record).toMatchObject({ name: "nightly report", role: "viewer", tokenHash: hashSecret(token), lastUsedAt: null });
    const summary = summarizeApiToken(record);
    expect(JSON.stringify(summary)).not.toContain(record.tokenHash);
    expect(JSON.stringify(summary)).not.toContain(token);
  });

  it("verify, and record when they were last used without writing on every request", async () => {
    const store = new InMemoryAuthStore();
    const { token, record } = await issueApiToken(store, { name: "ci", role: "approver", createdBy: "u1" });
    const t0 = new Date("2026-11-25T10:00:00Z");
    expect((await verifyApiToken(store, token, t0))?.id).toBe(record.id);
    expect((await store.findApiTokenByHash(record.tokenHash))?.lastUsedAt).toEqual(t0);
    await verifyApiToken(store, token, new Date(t0.getTime() + 10_000));
    expect((await store.findApiTokenByHash(record.tokenHash))?.lastUsedAt).toEqual(t0);
    const t2 = new Date(t0.getTime() + 61_000);
    await verifyApiToken(store, token, t2);
    expect((await store.findApiTokenByHash(record.tokenHash))?.lastUsedAt).toEqual(t2);
  });

  it("stop working the moment they are revoked", async () => {
    const store = new InMemoryAuthStore();
    const { token, record } = await issueApiToken(store, { name: "ci", role: "approver", createdBy: null });
    await revokeApiToken(store, record.id);
    expect(await verifyApiToken(store, token)).toBeNull();
    await expect(revokeApiToken(store, "no-such-id")).rejects.toThrow(ApiTokenNotFoundError);
  });

  it("an empty name is refused", async () => {
    await expect(issueApiToken(new InMemoryAuthStore(), { name: "   ", role: "viewer", createdBy: null })).rejects.toThrow(/required/);
  });

  it("unknown and malformed tokens are refused", async () => {
    const store = new InMemoryAuthStore();
    await issueApiToken(store, { name: "ci", role: "admin", createdBy: null });
    for (const junk of ["", "hitl_", "hitl_" + "a".repeat(43), "Bearer x", "hs_" + "a".repeat(43)]) {
      expect(await verifyApiToken(store, junk)).toBeNull();
    }
  });

  it("are read from `Authorization: Bearer`, and any other Authorization header counts as malformed", () => {
    const req = (value?: string) => new Request("http://app.test/", value === undefined ? {} : { headers: { authorization: value } });
    expect(readBearerToken(req())).toBeNull();
    expect(readBearerToken(req("Bearer hitl_abc"))).toEqual({ token: "hitl_abc" });
    expect(readBearerToken(req("bearer   hitl_abc"))).toEqual({ token: "hitl_abc" });
    expect(readBearerToken(req("Basic dXNlcjpwYXNz"))).toEqual({ malformed: true });
    expect(readBearerToken(req("Bearer"))).toEqual({ malformed: true });
    expect(readBearerToken(req("Bearer a b"))).toEqual({ malformed: true });
  });
});
