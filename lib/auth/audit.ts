import type { AuditEntry } from "@/lib/contracts/audit";
import type { RequirementKindName, ResolveRequest } from "@/lib/contracts";
import type { JsonObject, JsonValue } from "@/lib/engine";
import type { Actor } from "./principal";

export { auditEntrySchema, type AuditEntry } from "@/lib/contracts/audit";
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
    case "reject":
      // The outcome the person picked instead of the gate's default (e.g. cancel the run) is part of the decision.
      return request.onReject !== undefined ? { onReject: request.onReject } : null;
    default:
      return null;
  }
}

function decisionNote(request: ResolveRequest): string | null {
  if (request.action !== "reject") return null;
  return request.note ?? request.feedback ?? null;
}

/**
 * The audit entry of one resolve request by one actor; `overrodeClaimOf` names whoever held a live claim on the item
 * that this actor decided anyway.
 */
export function auditEntryFor(
  actor: Actor,
  requirement: DecidedRequirement,
  request: ResolveRequest,
  at: Date,
  overrodeClaimOf: string | null = null,
): NewAuditEntry {
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
    overrodeClaimOf,
  };
}
