import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { isJsonValue } from "@/lib/engine";

const zodJson = z.json();

describe("isJsonValue", () => {
  it("accepts every JSON value, as z.json() does", () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => isJsonValue(value) && zodJson.safeParse(value).success));
  });

  it("refuses what z.json() refuses, also deep inside", () => {
    class Point {
      x = 1;
    }
    const bad: unknown[] = [undefined, Number.NaN, Infinity, -Infinity, 1n, Symbol("s"), () => 1, new Date(0), new Map(), new Point()];
    for (const value of bad) {
      for (const wrapped of [value, [1, value], { a: { b: [value] } }, { a: value }]) {
        expect(isJsonValue(wrapped)).toBe(false);
        expect(zodJson.safeParse(wrapped).success).toBe(false);
      }
    }
  });

  it("accepts objects without a prototype, and refuses a cycle instead of overflowing", () => {
    const bare = Object.assign(Object.create(null) as object, { a: 1 });
    expect(isJsonValue(bare)).toBe(true);
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(isJsonValue(cycle)).toBe(false);
  });
});
