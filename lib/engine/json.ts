import { z } from "zod";

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** Deeper than this counts as not JSON: a cycle, or nothing a run would hold. */
const MAX_DEPTH = 256;

/** A plain object (also from another realm), as zod's record check decides it; not a class instance. */
function isPlainObject(value: object): value is Record<string, unknown> {
  const ctor: unknown = (value as { constructor?: unknown }).constructor;
  if (ctor === undefined || typeof ctor !== "function") return true;
  const proto: unknown = ctor.prototype;
  return typeof proto === "object" && proto !== null && Object.hasOwn(proto, "isPrototypeOf");
}

/**
 * True when `value` is JSON data: strings, finite numbers, booleans, null, arrays and plain objects of
 * them (what z.json() accepts), checked in one walk without building a copy.
 */
export function isJsonValue(value: unknown, depth = 0): value is JsonValue {
  switch (typeof value) {
    case "string":
    case "boolean":
      return true;
    case "number":
      return Number.isFinite(value);
    case "object": {
      if (value === null) return true;
      if (depth >= MAX_DEPTH) return false;
      if (Array.isArray(value)) {
        for (const item of value) if (!isJsonValue(item, depth + 1)) return false;
        return true;
      }
      if (!isPlainObject(value)) return false;
      for (const key of Object.keys(value)) if (!isJsonValue(value[key], depth + 1)) return false;
      return true;
    }
    default:
      return false;
  }
}

/**
 * z.json() as one walk: z.json() tries each JSON type on every value (collecting issues for the misses)
 * and copies the tree. Values pass through as they are.
 */
export const jsonValue = z.custom<JsonValue>((value) => isJsonValue(value), "Invalid input: expected JSON");
