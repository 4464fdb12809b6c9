import { describe, expect, it } from "vitest";
import { LoginThrottle, TooManySignInsError } from "@/lib/auth";

const t0 = new Date("2026-11-25T10:00:00Z");
const later = (ms: number) => new Date(t0.getTime() + ms);

describe("sign-in throttle", () => {
  it("after too many wrong passwords for one email, sign-in for it pauses and says for how long", () => {
    const throttle = new LoginThrottle({ maxFailures: 3, windowMs: 60_000, lockMs: 5 * 60_000 });
    for (let i = 0; i < 2; i++) throttle.recordFailure("ann@example.com", later(i * 1000));
    expect(() => throttle.check("ann@example.com", later(3000))).not.toThrow();
    throttle.recordFailure("ann@example.com", later(3000));
    const error = (() => {
      try {
        throttle.check("ann@example.com", later(4000));
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(TooManySignInsError);
    expect(error).toMatchObject({ status: 429 });
    expect((error as Error).message).toMatch(/in 5 minutes/);
    expect(() => throttle.check("bob@example.com", later(4000))).not.toThrow();
    expect(() => throttle.check("ann@example.com", later(3000 + 5 * 60_000))).not.toThrow();
  });

  it("failures spread wider than the window never add up to a pause", () => {
    const throttle = new LoginThrottle({ maxFailures: 3, windowMs: 60_000, lockMs: 60_000 });
    for (let i = 0; i < 10; i++) throttle.recordFailure("ann@example.com", later(i * 31_000));
    expect(() => throttle.check("ann@example.com", later(10 * 31_000))).not.toThrow();
  });

  it("a successful sign-in clears the count", () => {
    const throttle = new LoginThrottle({ maxFailures: 2, windowMs: 60_000, lockMs: 60_000 });
    throttle.recordFailure("ann@example.com", t0);
    throttle.recordSuccess("ann@example.com");
    throttle.recordFailure("ann@example.com", later(1000));
    expect(() => throttle.check("ann@example.com", later(2000))).not.toThrow();
  });

  it("remembers a bounded number of emails, forgetting the oldest", () => {
    const throttle = new LoginThrottle({ maxFailures: 1, windowMs: 60_000, lockMs: 60_000, maxTracked: 2 });
    for (const email of ["a@x.io", "b@x.io", "c@x.io"]) throttle.recordFailure(email, t0);
    expect(() => throttle.check("a@x.io", later(1))).not.toThrow();
    expect(() => throttle.check("c@x.io", later(1))).toThrow(TooManySignInsError);
  });
});
