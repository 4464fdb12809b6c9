import type { DecidedRequirement, NewAuditEntry } from "@/lib/auth";
import type { RequirementKindName, ResolveRequest } from "@/lib/contracts";
import type { ErrorRequirement, ExecutorRequirement, StepRequirement, WorkflowRunOutput } from "@/lib/engine";
import { appEnv } from "@/lib/config/env";
import type { Runtime } from "@/lib/runtime/runtime";
import type { CatalogEntry } from "@/lib/workflows";
import { decisionStore } from "./decision-store";

// What every decision shares, whoever makes it (a person through the API, a standing policy as a run pauses): find
// the requirement, know whether the run may go on, describe it for the audit, and write the decision with its entry.

export type DecisionTarget =
  | { level: "executor"; kind: RequirementKindName; requirement: ExecutorRequirement }
  | { level: "step"; kind: RequirementKindName; requirement: StepRequirement }
  | { level: "error"; kind: RequirementKindName; requirement: ErrorRequirement };

export function findTarget(run: WorkflowRunOutput, id: string): DecisionTarget | null {
  for (const step of run.stepRequirements) {
    if (step.id === id && step.kind !== "executor") return { level: "step", kind: step.kind, requirement: step };
    const executor = step.executorRequirements?.find((r) => r.id === id);
    if (executor) return { level: "executor", kind: executor.kind, requirement: executor };
  }
  const error = run.errorRequirements.find((r) => r.id === id);
  return error ? { level: "error", kind: "error", requirement: error } : null;
}

/** Items still waiting for a person in this pause. A gate whose timeout passed waits no more: continuing applies it. */
function openCount(run: WorkflowRunOutput, now: Date): number {
  let open = run.errorRequirements.filter((r) => !r.isResolved).length;
  for (const step of run.stepRequirements) {
    if (step.status !== "pending") continue;
    if (step.timeoutAt !== undefined && Date.parse(step.timeoutAt) <= now.getTime()) continue;
    open += step.requiresExecutorInput ? (step.executorRequirements ?? []).filter((r) => !r.isResolved).length : step.isResolved ? 0 : 1;
  }
  return open;
}

/** Four eyes: whoever started a run of this workflow may not decide its requirements. */
export function fourEyes(entry: CatalogEntry): boolean {
  return entry.forbidSelfApproval === true || appEnv().fourEyesWorkflows.includes(entry.name);
}

/** What the audit log records about the requirement, read after the answer was applied to it. */
export function decidedRequirement(run: WorkflowRunOutput, target: DecisionTarget, body: ResolveRequest): DecidedRequirement {
  const common = { runId: run.runId, workflowName: run.workflowName, requirementId: target.requirement.id, requirementKind: target.kind };
  if (target.level !== "executor") {
    return { ...common, stepName: target.requirement.stepName, toolName: null, proposedArgs: null, executedArgs: null };
  }
  const r = target.requirement;
  const stepName = run.stepRequirements.find((s) => s.executorRequirements?.some((e) => e.id === r.id))?.stepName ?? "";
  return {
    ...common,
    stepName,
    toolName: r.toolExecution.toolName,
    proposedArgs: r.proposedArgs,
    // A rejected call, and a call left in doubt that is skipped, run nothing.
    executedArgs: body.action === "reject" || body.action === "skip" ? null : { ...r.toolExecution.toolArgs },
  };
}

/**
 * Writes the decisions applied to `run` (loaded at `run.version`) with their audit entries, in one version-checked
 * write: when no item of the pause is left open, the run's continuation is queued with it (true); otherwise the run
 * is saved still paused (false). A write that loses the version check throws RunConflictError and writes nothing.
 */
export async function commitDecision(
  runtime: Runtime,
  entry: CatalogEntry,
  run: WorkflowRunOutput,
  records: readonly NewAuditEntry[],
  userId: string,
): Promise<boolean> {
  const store = decisionStore(runtime.store, records, run.version);
  const continued = openCount(run, new Date()) === 0;
  if (continued) await entry.create(store).queueContinue(run, { userId });
  else await store.updateRun(run.toJSON(), { expectedVersion: run.version });
  return continued;
}
