import "server-only";
import { actorKey, can, type Principal } from "@/lib/auth";
import {
  createPolicyRequestSchema,
  idParamsSchema,
  updatePolicyRequestSchema,
  type PolicyDto,
} from "@/lib/contracts";
import type { PolicyRecord } from "@/lib/db/policy-store";
import { fourEyes } from "@/lib/app/decision";
import { appDb } from "@/lib/app/db";
import { catalog } from "@/lib/workflows";
import { ApiError, ConflictError, InvalidInputError, NotFoundError } from "./api-error";
import { parseJsonBody, parseParams } from "./request";

const LIST_LIMIT = 500;

export function policyDto(policy: PolicyRecord, now: Date = new Date()): PolicyDto {
  const expired = policy.expiresAt !== null && policy.expiresAt.getTime() <= now.getTime();
  return {
    ...policy,
    expiresAt: policy.expiresAt?.toISOString() ?? null,
    createdAt: policy.createdAt.toISOString(),
    updatedAt: policy.updatedAt.toISOString(),
    revokedAt: policy.revokedAt?.toISOString() ?? null,
    status: policy.revokedAt !== null ? "revoked" : expired ? "expired" : "live",
  };
}

function futureDate(value: string | null, now: Date): Date | null {
  if (value === null) return null;
  const at = new Date(value);
  if (at.getTime() <= now.getTime()) throw new InvalidInputError("expiresAt", "Invalid expiresAt: is in the past. Pick a later date, or leave it out for no expiry.");
  return at;
}

/** A policy limited to its creator's own runs can never decide on a four-eyes workflow: refused rather than kept dead. */
function assertCanApply(workflowName: string, starter: string | null, createdBy: string): void {
  const entry = catalog.find((e) => e.name === workflowName);
  if (entry && fourEyes(entry) && starter === createdBy) {
    throw new InvalidInputError(
      "starter",
      `Invalid starter: workflow "${workflowName}" needs someone other than the run's starter to decide, so a policy of yours never decides runs you started. Cover other people's runs instead.`,
    );
  }
}

/** Creates a standing policy for the caller. */
export async function createPolicy(request: Request, principal: Principal): Promise<PolicyDto> {
  const body = await parseJsonBody(request, createPolicyRequestSchema);
  if (!catalog.some((e) => e.name === body.workflowName)) {
    throw new InvalidInputError("workflowName", `Invalid workflowName: there is no workflow named "${body.workflowName}". Available: ${catalog.map((e) => e.name).join(", ")}.`);
  }
  const now = new Date();
  const createdBy = actorKey(principal);
  assertCanApply(body.workflowName, body.starter, createdBy);
  const policy = await appDb()
    .policies()
    .create({ ...body, expiresAt: futureDate(body.expiresAt, now), createdBy, createdRole: principal.role }, now);
  return policyDto(policy, now);
}

/** Every policy for an admin; the caller's own for anyone else. Newest first. */
export async function listPolicies(principal: Principal): Promise<PolicyDto[]> {
  const filter = can(principal.role, "policies:manage") ? {} : { createdBy: actorKey(principal) };
  const now = new Date();
  return (await appDb().policies().list({ ...filter, limit: LIST_LIMIT })).map((p) => policyDto(p, now));
}

/** The policy the URL names, if the caller may change it (its creator, or an admin) and it is not revoked. */
async function changeable(params: Promise<unknown>, principal: Principal): Promise<PolicyRecord> {
  const { id } = await parseParams(params, idParamsSchema);
  const policy = await appDb().policies().get(id);
  if (!policy) throw new NotFoundError(`There is no policy with id ${id}. Reload the list of policies.`);
  if (policy.createdBy !== actorKey(principal) && !can(principal.role, "policies:manage")) {
    throw new ApiError("forbidden", "Only the policy's creator or an admin may change it. Ask an admin.");
  }
  if (policy.revokedAt !== null) throw new ConflictError(`Policy ${id} was revoked already by ${policy.revokedBy ?? "someone"}; it decides nothing. Create a new one instead.`);
  return policy;
}

/** Changes a policy's conditions, starter or expiry; the workflow and tool stay. */
export async function updatePolicy(request: Request, params: Promise<unknown>, principal: Principal): Promise<PolicyDto> {
  const policy = await changeable(params, principal);
  const body = await parseJsonBody(request, updatePolicyRequestSchema);
  const now = new Date();
  const starter = body.starter === undefined ? policy.starter : body.starter;
  assertCanApply(policy.workflowName, starter, policy.createdBy);
  const patch = {
    ...(body.conditions !== undefined && { conditions: body.conditions }),
    ...(body.starter !== undefined && { starter: body.starter }),
    ...(body.expiresAt !== undefined && { expiresAt: futureDate(body.expiresAt, now) }),
  };
  const updated = await appDb().policies().update(policy.id, patch, now);
  if (!updated) throw new NotFoundError(`There is no policy with id ${policy.id}. Reload the list of policies.`);
  return policyDto(updated, now);
}

/** Revokes a policy: from now on it decides nothing. Recorded on the policy (who, when). */
export async function revokePolicy(params: Promise<unknown>, principal: Principal): Promise<PolicyDto> {
  const policy = await changeable(params, principal);
  const now = new Date();
  const outcome = await appDb().policies().revoke(policy.id, actorKey(principal), now);
  if (!outcome) throw new NotFoundError(`There is no policy with id ${policy.id}. Reload the list of policies.`);
  if ("alreadyRevoked" in outcome) throw new ConflictError(`Policy ${policy.id} was revoked already by ${outcome.alreadyRevoked.revokedBy ?? "someone"}.`);
  return policyDto(outcome.revoked, now);
}
