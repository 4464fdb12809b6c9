import type { JsonObject, JsonValue } from "@/lib/engine";
import type { PolicyCondition } from "@/lib/contracts";

/**
 * The conditions an "always allow" form proposes for a call: each top-level argument as it was given — a number as
 * an upper bound ("at most"), anything else as an exact value.
 */
export function suggestedConditions(args: JsonObject | null): PolicyCondition[] {
  return Object.entries(args ?? {}).map(([arg, value]): PolicyCondition =>
    typeof value === "number" ? { arg, op: "atMost", value } : { arg, op: "equals", value },
  );
}

const shown = (value: JsonValue) => JSON.stringify(value);

/** A condition in words: `city is "Tokyo"`, `amount is at most 250`, `city is one of "Oslo", "Bern"`. */
export function describeCondition(condition: PolicyCondition): string {
  switch (condition.op) {
    case "equals":
      return `${condition.arg} is ${shown(condition.value)}`;
    case "oneOf":
      return `${condition.arg} is one of ${condition.value.map(shown).join(", ")}`;
    case "atMost":
      return `${condition.arg} is at most ${condition.value}`;
  }
}

/** How long a new policy lasts, as the forms offer it. */
export const expiryChoices = [
  { label: "Never expires", days: null },
  { label: "Expires in 1 day", days: 1 },
  { label: "Expires in 7 days", days: 7 },
  { label: "Expires in 30 days", days: 30 },
] as const;

export function expiryFrom(days: number | null, now: number = Date.now()): string | null {
  return days === null ? null : new Date(now + days * 86_400_000).toISOString();
}
