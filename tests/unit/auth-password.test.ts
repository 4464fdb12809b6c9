import { describe, expect, it } from "vitest";
import { hashPassword, MAX_PASSWORD_LENGTH, verifyPassword, WeakPasswordError } from "@/lib/auth";

describe("passwords", () => {
  it("are stored as argon2id hashes that verify the right password and no other", async () => {
    const stored = await hashPassword("correct horse battery");
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(stored).not.toContain("correct horse battery");
    expect(await verifyPassword(stored, "correct horse battery")).toBe(true);
    expect(await verifyPassword(stored, "correct horse batterY")).toBe(false);
    expect(await verifyPassword(stored, "")).toBe(false);
  });

  it("get a fresh salt each time, so equal passwords do not show as equal hashes", async () => {
    const [a, b] = await Promise.all([hashPassword("same password"), hashPassword("same password")]);
    expect(a).not.toBe(b);
  });

  it("too short or too long are refused with a message that says the limit", async () => {
    await expect(hashPassword("short")).rejects.toThrow(WeakPasswordError);
    await expect(hashPassword("short")).rejects.toThrow(/at least 8 characters/);
    await expect(hashPassword("x".repeat(MAX_PASSWORD_LENGTH + 1))).rejects.toThrow(/at most 256 characters/);
  });

  it("a corrupt stored hash denies sign-in instead of crashing", async () => {
    expect(await verifyPassword("not a hash", "whatever password")).toBe(false);
    expect(await verifyPassword("", "whatever password")).toBe(false);
  });
});
