import { auditEntryFor, type Actor, type NewAuditEntry } from "@/lib/auth";
import type { ResolveRequest } from "@/lib/contracts";
import type { PolicyRecord } from "@/lib/db/policy-store";
import { RunConflictError, type ExecutorRequirement } from "@/lib/engine";
import type { Runtime } from "@/lib/runtime/runtime";
import { workflowOfRun } from "@/lib/workflows";
import { commitDecision, decidedRequirement, findTarget, fourEyes } from "./decision";
import { policyCovers } from "./policy-match";

/** Who a policy's decision is recorded as: the run page and the audit show "policy <id> (created by <creator>)". */
export function policyActor(policy: PolicyRecord): Actor {
  return { type: "policy", id: policy.id, email: null, name: `policy ${policy.id} (created by ${policy.createdBy})`, role: policy.createdRole };
}

/** The tool confirmations of the run's current pause that nobody has decided yet. */
function openConfirmations(run: { stepRequirements: readonly { status: string; requiresExecutorInput: boolean; executorRequirements?: ExecutorRequirement[] }[] }): ExecutorRequirement[] {
  return run.stepRequirements
    .filter((step) => step.status === "pending" && step.requiresExecutorInput)
    .flatMap((step) => (step.executorRequirements ?? []).filter((r) => !r.isResolved && r.kind === "confirmation"));
}

/**
 * Lets the live standing policies decide the open tool confirmations of a run that just paused, through the same
 * write as a person's decision (version-checked, each with its audit entry, the continuation queued when nothing is
 * left open). Returns the ids of the requirements decided; none when a person decided first (the version moved on).
 */
export async function applyPolicies(runtime: Runtime, runId: string, workflowName: string, now: Date = new Date()): Promise<string[]> {
  const entry = workflowOfRun(workflowName);
  if (!entry) return [];
  const run = await entry.create(runtime.store).getRun(runId);
  if (!run?.isPaused) return [];
  const open = openConfirmations(run);
  if (open.length === 0) return [];
  const policies = runtime.db.policies();
  const byTool = new Map<string, PolicyRecord[]>();
  for (const toolName of new Set(open.map((r) => r.toolExecution.toolName))) byTool.set(toolName, await policies.live(workflowName, toolName, now));
  const strict = fourEyes(entry);
  const records: NewAuditEntry[] = [];
  for (const requirement of open) {
    const call = { toolArgs: requirement.toolExecution.toolArgs, runCreatedBy: run.createdBy ?? null, fourEyes: strict };
    const policy = byTool.get(requirement.toolExecution.toolName)?.find((p) => policyCovers(p, call, now));
    const target = policy ? findTarget(run, requirement.id) : null;
    if (!policy || !target) continue;
    const actor = policyActor(policy);
    const body: ResolveRequest = { action: "confirm", version: run.version };
    requirement.confirm({ by: actor.name });
    records.push(auditEntryFor(actor, decidedRequirement(run, target, body), body, now));
  }
  if (records.length === 0) return [];
  try {
    await commitDecision(runtime, entry, run, records, records[0]!.actorName);
  } catch (error) {
    // A person (or another instance's policy pass) decided first: their decision stands, this one is dropped whole.
    if (error instanceof RunConflictError) return [];
    throw error;
  }
  return records.map((r) => r.requirementId);
}
