import { z } from "zod";
import { userRoleSchema } from "./auth";
import { jsonObjectSchema, jsonValueSchema } from "./json";
import { requirementKindSchema, resolveActions } from "./requirement-kinds";

/**
 * One decision, recorded for good: who, when, what, the note, and the tool's arguments as the model proposed them
 * and as they were executed (they differ when a person provided values). Never updated, never deleted.
 */
export const auditEntrySchema = z.object({
  id: z.string(),
  /** Increases with every entry across the whole log; the export pages by it. */
  seq: z.number().int(),
  /** ISO 8601, UTC. */
  at: z.string(),
  actorType: z.enum(["user", "token", "policy"]),
  /** The user's id, the API token's id for a program, the policy's id for a standing policy. */
  actorId: z.string(),
  /** The user's email; null for an API token and a policy. */
  actorEmail: z.string().nullable(),
  /**
   * The email for a user, the token's name for a program, "policy <id> (created by <creator>)" for a standing policy
   * (its role is its creator's when they created it): what a person reads.
   */
  actorName: z.string(),
  actorRole: userRoleSchema,
  runId: z.string(),
  workflowName: z.string(),
  requirementId: z.string(),
  requirementKind: requirementKindSchema,
  stepName: z.string(),
  toolName: z.string().nullable(),
  action: z.enum(resolveActions),
  note: z.string().nullable(),
  /** What the person gave beside the action: input values, an external result, the chosen routes, an edited output. */
  values: jsonValueSchema.nullable(),
  proposedArgs: jsonObjectSchema.nullable(),
  executedArgs: jsonObjectSchema.nullable(),
  /** The run version the person saw when deciding. */
  runVersion: z.number().int(),
  /** Who held a live claim on the item when this person decided it anyway (an override); null otherwise. */
  overrodeClaimOf: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

/** GET /api/runs/{runId}/audit: the run's decisions, oldest first. */
export const runAuditResponseSchema = z.object({ entries: z.array(auditEntrySchema) });
export type RunAuditResponse = z.infer<typeof runAuditResponseSchema>;
