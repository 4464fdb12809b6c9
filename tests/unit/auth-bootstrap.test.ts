import { describe, expect, it } from "vitest";
import { AdminBootstrapError, DEFAULT_ADMIN_EMAIL, ensureFirstAdmin, InMemoryAuthStore, signIn } from "@/lib/auth";

describe("first-start admin", () => {
  it("is created from ADMIN_EMAIL and ADMIN_PASSWORD on an empty database", async () => {
    const store = new InMemoryAuthStore();
    const lines: string[] = [];
    const result = await ensureFirstAdmin(store, { ADMIN_EMAIL: "Boss@Example.com", ADMIN_PASSWORD: "pick-a-good-one" }, (l) => lines.push(l));
    expect(result).toEqual({ created: true, email: "boss@example.com", generatedPassword: null });
    expect(lines.join("\n")).not.toContain("pick-a-good-one");
    const { user } = await signIn(store, { email: "boss@example.com", password: "pick-a-good-one" });
    expect(user.role).toBe("admin");
  });

  it("gets a generated password, printed exactly once, when none is set", async () => {
    const store = new InMemoryAuthStore();
    const lines: string[] = [];
    const result = await ensureFirstAdmin(store, {}, (l) => lines.push(l));
    if (!result.created || result.generatedPassword === null) throw new Error("expected a generated password");
    expect(result.email).toBe(DEFAULT_ADMIN_EMAIL);
    expect(result.generatedPassword).toMatch(/^[A-Za-z0-9]{24}$/);
    expect(lines.filter((l) => l.includes(result.generatedPassword!))).toHaveLength(1);
    await signIn(store, { email: DEFAULT_ADMIN_EMAIL, password: result.generatedPassword });

    const again: string[] = [];
    expect(await ensureFirstAdmin(store, {}, (l) => again.push(l))).toEqual({ created: false });
    expect(again).toEqual([]);
    expect(await store.countUsers()).toBe(1);
  });

  it("does nothing once any user exists", async () => {
    const store = new InMemoryAuthStore();
    await store.createUser({ email: "someone@example.com", role: "viewer", passwordHash: "h" });
    expect(await ensureFirstAdmin(store, { ADMIN_EMAIL: "boss@example.com", ADMIN_PASSWORD: "pick-a-good-one" }, () => {})).toEqual({ created: false });
    expect(await store.findUserByEmail("boss@example.com")).toBeNull();
  });

  it("two processes starting together create one admin", async () => {
    const store = new InMemoryAuthStore();
    const env = { ADMIN_EMAIL: "boss@example.com", ADMIN_PASSWORD: "pick-a-good-one" };
    const results = await Promise.all([ensureFirstAdmin(store, env, () => {}), ensureFirstAdmin(store, env, () => {})]);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(await store.countUsers()).toBe(1);
  });

  it("a weak ADMIN_PASSWORD or a malformed ADMIN_EMAIL stops the start with a message that says what to fix", async () => {
    await expect(ensureFirstAdmin(new InMemoryAuthStore(), { ADMIN_PASSWORD: "short" }, () => {})).rejects.toThrow(
      /ADMIN_PASSWORD cannot be used: .*at least 8 characters/,
    );
    await expect(ensureFirstAdmin(new InMemoryAuthStore(), { ADMIN_EMAIL: "boss" }, () => {})).rejects.toThrow(AdminBootstrapError);
  });
});
