import { ResumeStateError, RunStateError, UnresolvedRequirementError } from "../errors";
import { WorkflowContinuedEvent } from "../events";
import type { WorkflowNode } from "./node";
import { activeRequirementIds, parseResumeState, type ResumeState } from "./resume-state";
import { WorkflowRunOutput } from "./run-output";
import { checkSequence } from "./state-check";
import type { StepRequirement } from "./step-requirement";

/** The workflow a run is continued with: its name and its steps. */
export interface WorkflowDefinition {
  name: string;
  steps: readonly WorkflowNode[];
}

/** The run's saved position, checked against the workflow's steps (ResumeStateError when they no longer fit). */
export function checkResumeState(workflow: WorkflowDefinition, run: WorkflowRunOutput): ResumeState {
  const resume = parseResumeState(run.runId, run.resumeState);
  checkSequence(run.runId, workflow.steps, resume.root, `Workflow "${workflow.name}"`);
  return resume;
}

/**
 * The checks continueRun makes, and the run as it is claimed: expired gates timed out, answered executor pauses
 * marked resolved, status `status`. Throws (changing nothing) when the run cannot be continued.
 */
export function claimPausedRun(
  workflow: WorkflowDefinition,
  run: WorkflowRunOutput,
  clock: () => Date,
  status: "pending" | "running",
): { out: WorkflowRunOutput; event: WorkflowContinuedEvent; resume: ResumeState } {
  if (run.workflowName !== workflow.name) {
    throw new RunStateError(run.runId, `it belongs to workflow "${run.workflowName}"; continue it with that workflow, not "${workflow.name}".`);
  }
  if (run.status !== "paused") throw new RunStateError(run.runId, `it is ${run.status}, not paused: only a paused run can be continued.`);
  const resume = checkResumeState(workflow, run);
  const now = clock();
  const expired: string[] = [];
  const executorPauses: string[] = [];
  for (const id of activeRequirementIds(resume)) {
    const failed = run.errorRequirements.find((r) => r.id === id);
    if (failed) {
      if (!failed.isResolved) throw new UnresolvedRequirementError(failed.id, `${failed.describe()}: call retry() or skip()`);
      continue;
    }
    const req = run.stepRequirements.find((r) => r.id === id);
    if (!req) throw new ResumeStateError(run.runId, `its saved position points at requirement ${id}, which the run does not have.`);
    if (req.requiresExecutorInput) executorPauses.push(id);
    if (req.isResolved) continue;
    if (req.timeoutAt !== undefined && Date.parse(req.timeoutAt) <= now.getTime()) {
      expired.push(id);
      continue;
    }
    const open = req.firstUnresolved() as { id: string; description: string };
    throw new UnresolvedRequirementError(open.id, open.description);
  }

  const out = WorkflowRunOutput.fromJSON(run.toJSON());
  const byId = new Map<string, StepRequirement>(out.stepRequirements.map((r) => [r.id, r]));
  for (const id of expired) byId.get(id)?.markTimedOut(now);
  for (const id of executorPauses) byId.get(id)?.markExecutorResolved(now);
  out.status = status;
  delete out.pauseKind;
  delete out.pausedStepName;
  delete out.pausedStepPath;
  out.updatedAt = now.toISOString();
  return { out, event: new WorkflowContinuedEvent({ runId: out.runId, createdAt: now.toISOString() }), resume };
}
