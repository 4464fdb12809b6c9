import { describe, expect, it } from "vitest";
import { PENDING_TOTAL_MAX_AGE_MS, PendingTotal } from "@/lib/server/pending-total";

/** A count the test answers by hand, so it can be left in flight while things change. */
function manualCount() {
  const calls: { resolve: (value: number) => void; reject: (error: Error) => void }[] = [];
  const count = () => new Promise<number>((resolve, reject) => void calls.push({ resolve, reject }));
  return { calls, count };
}

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

describe("PendingTotal", () => {
  it("counts once, then answers from the kept count until it is a second old", async () => {
    const time = clock();
    let counted = 0;
    const total = new PendingTotal(async () => ++counted * 10, { now: time.now });
    expect(await total.get()).toBe(10);
    time.advance(PENDING_TOTAL_MAX_AGE_MS - 1);
    expect(await total.get()).toBe(10);
    time.advance(1);
    expect(await total.get()).toBe(20);
    expect(counted).toBe(2);
  });

  it("counts afresh at once after a change", async () => {
    const time = clock();
    let counted = 0;
    const total = new PendingTotal(async () => ++counted, { now: time.now });
    expect(await total.get()).toBe(1);
    total.changed();
    expect(await total.get()).toBe(2);
    expect(await total.get()).toBe(2);
  });

  it("requests at once share one count", async () => {
    const { calls, count } = manualCount();
    const total = new PendingTotal(count, { now: clock().now });
    const answers = Promise.all([total.get(), total.get(), total.get()]);
    expect(calls).toHaveLength(1);
    calls[0]!.resolve(7);
    expect(await answers).toEqual([7, 7, 7]);
    expect(await total.get()).toBe(7);
    expect(calls).toHaveLength(1);
  });

  it("a count that started before a change is not kept, and a request after the change does not join it", async () => {
    const { calls, count } = manualCount();
    const total = new PendingTotal(count, { now: clock().now });
    const before = total.get();
    total.changed();
    const after = total.get();
    expect(calls).toHaveLength(2);
    calls[0]!.resolve(5);
    expect(await before).toBe(5);
    // The count from before the change finished first but was not kept: the next request joins the later one.
    const next = total.get();
    expect(calls).toHaveLength(2);
    calls[1]!.resolve(6);
    expect([await after, await next]).toEqual([6, 6]);
    expect(await total.get()).toBe(6);
    expect(calls).toHaveLength(2);
  });

  it("a stale count that finishes after a fresh one does not replace it", async () => {
    const { calls, count } = manualCount();
    const total = new PendingTotal(count, { now: clock().now });
    const before = total.get();
    total.changed();
    const after = total.get();
    calls[1]!.resolve(6);
    expect(await after).toBe(6);
    calls[0]!.resolve(5);
    expect(await before).toBe(5);
    expect(await total.get()).toBe(6);
    expect(calls).toHaveLength(2);
  });

  it("a count in flight for more than a second is not joined", async () => {
    const time = clock();
    const { calls, count } = manualCount();
    const total = new PendingTotal(count, { now: time.now });
    const slow = total.get();
    time.advance(PENDING_TOTAL_MAX_AGE_MS);
    const later = total.get();
    expect(calls).toHaveLength(2);
    calls[0]!.resolve(1);
    calls[1]!.resolve(2);
    expect([await slow, await later]).toEqual([1, 2]);
  });

  it("a slow count finishing after a later one does not replace it", async () => {
    const time = clock();
    const { calls, count } = manualCount();
    const total = new PendingTotal(count, { now: time.now });
    const slow = total.get();
    time.advance(PENDING_TOTAL_MAX_AGE_MS);
    const later = total.get();
    calls[1]!.resolve(2);
    calls[0]!.resolve(1);
    expect([await slow, await later]).toEqual([1, 2]);
    time.advance(PENDING_TOTAL_MAX_AGE_MS - 1);
    // The later count is still under a second old and is the one kept.
    expect(await total.get()).toBe(2);
    expect(calls).toHaveLength(2);
  });

  it("a failed count is not kept: its callers get the error and the next request counts again", async () => {
    const { calls, count } = manualCount();
    const total = new PendingTotal(count, { now: clock().now });
    const failing = total.get();
    calls[0]!.reject(new Error("database unreachable"));
    await expect(failing).rejects.toThrow("database unreachable");
    const retried = total.get();
    expect(calls).toHaveLength(2);
    calls[1]!.resolve(3);
    expect(await retried).toBe(3);
  });
});
