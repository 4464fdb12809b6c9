import { z } from "zod";
import {
  jsonObjectSchema,
  jsonValueSchema,
  requirementKindSchema,
  resolveActions,
  type RequirementKindName,
  type ResolveRequest,
} from "@/lib/contracts";
import type { JsonObject, JsonValue } from "@/lib/engine/json";
import type { Actor } from "./principal";

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
  actorType: z.enum(["user", "token"]),
  /** The user's id, or the API token's id for a program. */
  actorId: z.string(),
  /** The user's email; null for an API token. */
  actorEmail: z.string().nullable(),
  /** The email for a user, the token's name for a program: what a person reads. */
  actorName: z.string(),
  actorRole: z.enum(["viewer", "approver", "admin"]),
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
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;
export type NewAuditEntry = Omit<AuditEntry, "id" | "seq">;

/** What the server knows about the requirement being decided. */
export interface DecidedRequirement {
  runId: string;
  workflowName: string;
  requirementId: string;
  requirementKind: RequirementKindName;
  stepName: string;
  toolName: string | null;
  /** The arguments as the model proposed them (null for step-level requirements). */
  proposedArgs: JsonObject | null;
  /** The arguments the tool runs with after the decision, or null when nothing runs (rejected, step-level). */
  executedArgs: JsonObject | null;
}

function decisionValues(request: ResolveRequest): JsonValue | null {
  switch (request.action) {
    case "input":
      return request.values;
    case "result":
      return request.result;
    case "edit":
      return request.output;
    case "select":
      return request.choices;
    default:
      return null;
  }
}

function decisionNote(request: ResolveRequest): string | null {
  if (request.action !== "reject") return null;
  return request.note ?? request.feedback ?? null;
}

/** The audit entry of one resolve request by one actor. */
export function auditEntryFor(actor: Actor, requirement: DecidedRequirement, request: ResolveRequest, at: Date): NewAuditEntry {
  return {
    at: at.toISOString(),
    actorType: actor.type,
    actorId: actor.id,
    actorEmail: actor.email,
    actorName: actor.name,
    actorRole: actor.role,
    ...requirement,
    action: request.action,
    note: decisionNote(request),
    values: decisionValues(request),
    runVersion: request.version,
  };
}
