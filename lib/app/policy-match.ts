import { isDeepStrictEqual } from "node:util";
import type { PolicyCondition } from "@/lib/contracts";
import type { JsonObject, JsonValue } from "@/lib/engine";
import type { PolicyRecord } from "@/lib/db/policy-store";

/** The argument a dotted path names (`recipient.iban`, `items.0`), or undefined when the call has none there. */
export function argAt(args: JsonObject, path: string): JsonValue | undefined {
  let value: JsonValue | undefined = args;
  for (const name of path.split(".")) {
    if (value === null || typeof value !== "object") return undefined;
    value = Array.isArray(value) ? (/^\d+$/.test(name) ? value[Number(name)] : undefined) : Object.hasOwn(value, name) ? value[name] : undefined;
  }
  return value;
}

export function conditionHolds(condition: PolicyCondition, args: JsonObject): boolean {
  const value = argAt(args, condition.arg);
  if (value === undefined) return false;
  switch (condition.op) {
    case "equals":
      return isDeepStrictEqual(value, condition.value);
    case "oneOf":
      return condition.value.some((allowed) => isDeepStrictEqual(value, allowed));
    case "atMost":
      return typeof value === "number" && value <= condition.value;
  }
}

/** What a policy looks at in the call and its run. */
export interface CoveredCall {
  toolArgs: JsonObject;
  /** The run's starter (actor key), null when unknown. */
  runCreatedBy: string | null;
  /** The workflow forbids a run's starter to decide it (four eyes). */
  fourEyes: boolean;
}

/**
 * Whether the policy decides this call at `now`: live (neither revoked nor expired), covering the run's starter, every
 * condition holding, and — on a four-eyes workflow — not in a run its own creator started (a policy is its creator's
 * standing decision, so it may not approve what they could not).
 */
export function policyCovers(policy: PolicyRecord, call: CoveredCall, now: Date): boolean {
  if (policy.revokedAt !== null) return false;
  if (policy.expiresAt !== null && policy.expiresAt.getTime() <= now.getTime()) return false;
  if (policy.starter !== null && policy.starter !== call.runCreatedBy) return false;
  if (call.fourEyes && call.runCreatedBy !== null && call.runCreatedBy === policy.createdBy) return false;
  return policy.conditions.every((condition) => conditionHolds(condition, call.toolArgs));
}
