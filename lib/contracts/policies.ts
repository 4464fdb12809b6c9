import { z } from "zod";
import { userRoleSchema } from "./auth";
import { jsonValueSchema } from "./json";

/** A dotted path into the tool's arguments: `city`, `recipient.iban`, `items.0.sku`. */
const argPathSchema = z
  .string()
  .max(200, "is too long")
  .regex(/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/, 'must be a dotted path of argument names, such as "city" or "recipient.iban"');

/**
 * One condition on a tool call's arguments; a policy decides a call only when every condition holds.
 * `equals`: the argument is exactly this JSON value. `oneOf`: it equals one of these. `atMost`: it is a number no
 * greater than this one (a missing or non-numeric argument does not hold).
 */
export const policyConditionSchema = z.discriminatedUnion(
  "op",
  [
    z.object({ arg: argPathSchema, op: z.literal("equals"), value: jsonValueSchema }),
    z.object({ arg: argPathSchema, op: z.literal("oneOf"), value: z.array(jsonValueSchema).min(1, "needs at least one value").max(100, "has more than 100 values") }),
    z.object({ arg: argPathSchema, op: z.literal("atMost"), value: z.number({ error: "must be a number" }).finite() }),
  ],
  { error: 'must be "equals", "oneOf" or "atMost"' },
);
export type PolicyCondition = z.infer<typeof policyConditionSchema>;
export const policyConditionsSchema = z.array(policyConditionSchema).max(20, "has more than 20 conditions");

/** An ISO 8601 date-time with its offset, as `Date.toISOString()` writes it. */
const expiresAtSchema = z.iso.datetime({ offset: true, error: "must be an ISO 8601 date-time, such as 2027-01-31T17:00:00Z" });

/** A standing policy as the API shows it. `status` is derived: live, expired or revoked. */
export const policySchema = z.object({
  id: z.string(),
  workflowName: z.string(),
  toolName: z.string(),
  conditions: policyConditionsSchema,
  /** Whose runs it covers (an actor key: an email, or an API token's name and id); null: anyone's. */
  starter: z.string().nullable(),
  expiresAt: z.string().nullable(),
  createdBy: z.string(),
  createdRole: userRoleSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
  revokedAt: z.string().nullable(),
  revokedBy: z.string().nullable(),
  status: z.enum(["live", "expired", "revoked"]),
});
export type PolicyDto = z.infer<typeof policySchema>;

/** POST /api/policies. */
export const createPolicyRequestSchema = z.strictObject({
  workflowName: z.string().min(1, "is required").max(200, "is too long"),
  toolName: z.string().min(1, "is required").max(64, "is too long"),
  conditions: policyConditionsSchema.default([]),
  starter: z.string().min(1, "is empty: leave it out (or null) to cover anyone's runs").max(320, "is too long").nullable().default(null),
  expiresAt: expiresAtSchema.nullable().default(null),
});
export type CreatePolicyRequest = z.input<typeof createPolicyRequestSchema>;

/** PATCH /api/policies/{id}: the fields to change; the workflow and the tool stay. */
export const updatePolicyRequestSchema = z
  .strictObject({
    conditions: policyConditionsSchema.optional(),
    starter: z.string().min(1, "is empty: send null to cover anyone's runs").max(320, "is too long").nullable().optional(),
    expiresAt: expiresAtSchema.nullable().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { error: "names nothing to change: send conditions, starter or expiresAt" });
export type UpdatePolicyRequest = z.input<typeof updatePolicyRequestSchema>;

export const policyResponseSchema = z.object({ policy: policySchema });
export type PolicyResponse = z.infer<typeof policyResponseSchema>;
export const policiesResponseSchema = z.object({ policies: z.array(policySchema) });
export type PoliciesResponse = z.infer<typeof policiesResponseSchema>;
