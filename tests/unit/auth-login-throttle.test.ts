import { describe, expect, it } from "vitest";
import { InMemoryAuthStore, LoginThrottle, TooManySignInsError } from "@/lib/auth";

const t0 = new Date("2026-11-25T10:00:00Z");
const later = (ms: number) => new Date(t0.getTime() + ms);

describe("sign-in throttle", () => {
  it("after too many wrong passwords for one email, sign-in for it pauses and says for how long", async () => {
    const throttle = new LoginThrottle(new InMemoryAuthStore(), { maxFailures: 3, windowMs: 60_000, lockMs: 5 * 60_000 });
    for (let i = 0; i < 2; i++) await throttle.recordFailure("ann@example.com", later(i * 1000));
    await expect(throttle.check("ann@example.com", later(3000))).resolves.toBeUndefined();
    await throttle.recordFailure("ann@example.com", later(3000));
    const error: unknown = await throttle.check("ann@example.com", later(4000)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TooManySignInsError);
    expect(error).toMatchObject({ status: 429 });
    expect((error as Error).message).toMatch(/in 5 minutes/);
    await expect(throttle.check("bob@example.com", later(4000))).resolves.toBeUndefined();
    await expect(throttle.check("ann@example.com", later(3000 + 5 * 60_000))).resolves.toBeUndefined();
  });

  it("failures spread wider than the window never add up to a pause", async () => {
    const throttle = new LoginThrottle(new InMemoryAuthStore(), { maxFailures: 3, windowMs: 60_000, lockMs: 60_000 });
    for (let i = 0; i < 10; i++) await throttle.recordFailure("ann@example.com", later(i * 31_000));
    await expect(throttle.check("ann@example.com", later(10 * 31_000))).resolves.toBeUndefined();
  });

  it("a successful sign-in clears the count", async () => {
    const throttle = new LoginThrottle(new InMemoryAuthStore(), { maxFailures: 2, windowMs: 60_000, lockMs: 60_000 });
    await throttle.recordFailure("ann@example.com", t0);
    await throttle.recordSuccess("ann@example.com");
    await throttle.recordFailure("ann@example.com", later(1000));
    await expect(throttle.check("ann@example.com", later(2000))).resolves.toBeUndefined();
  });

  it("two throttles on one store (two server processes on one database) count together", async () => {
    const store = new InMemoryAuthStore();
    const [a, b] = [new LoginThrottle(store, { maxFailures: 4 }), new LoginThrottle(store, { maxFailures: 4 })];
    for (let i = 0; i < 2; i++) {
      await a.recordFailure("ann@example.com", later(i));
      await b.recordFailure("ann@example.com", later(i));
    }
    await expect(a.check("ann@example.com", later(10))).rejects.toThrow(TooManySignInsError);
    await expect(b.check("ann@example.com", later(10))).rejects.toThrow(TooManySignInsError);
  });
});
