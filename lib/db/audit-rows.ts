// The audit log's rows as written: by the auth store on its own, and by a run update in the same
// transaction as the decision it records (see RunUpdate.audit).
import { randomUUID } from "node:crypto";
import type { AuditEntry, NewAuditEntry } from "@/lib/auth/audit";

/** An audit_entries row without its `seq`, which the database assigns. */
export interface AuditRow extends Omit<AuditEntry, "seq" | "at" | "values" | "proposedArgs" | "executedArgs" | "actorType" | "actorRole" | "requirementKind" | "action"> {
  at: Date;
  actorType: string;
  actorRole: string;
  requirementKind: string;
  action: string;
  values: string | null;
  proposedArgs: string | null;
  executedArgs: string | null;
}

export const AUDIT_COLUMNS: { [K in keyof AuditRow]: string } = {
  id: "id",
  at: "at",
  actorType: "actor_type",
  actorId: "actor_id",
  actorEmail: "actor_email",
  actorName: "actor_name",
  actorRole: "actor_role",
  runId: "run_id",
  workflowName: "workflow_name",
  requirementId: "requirement_id",
  requirementKind: "requirement_kind",
  stepName: "step_name",
  toolName: "tool_name",
  action: "action",
  note: "note",
  values: "values",
  proposedArgs: "proposed_args",
  executedArgs: "executed_args",
  runVersion: "run_version",
  overrodeClaimOf: "overrode_claim_of",
};
export const AUDIT_KEYS = Object.keys(AUDIT_COLUMNS) as (keyof AuditRow)[];

const toJson = (value: unknown): string | null => (value === null ? null : JSON.stringify(value));

export function auditRow(entry: NewAuditEntry): AuditRow {
  return {
    ...entry,
    id: randomUUID(),
    at: new Date(entry.at),
    values: toJson(entry.values),
    proposedArgs: toJson(entry.proposedArgs),
    executedArgs: toJson(entry.executedArgs),
  };
}
