import { ResumeStateError } from "../errors";
import { RunOutput } from "../run-output";
import type { WorkflowDefinition } from "./claim";
import { parseResumeState, trustResumeState } from "./resume-state";
import { WorkflowRunOutput } from "./run-output";
import type { WorkflowRunJSON } from "./snapshot";
import { checkSequence } from "./state-check";
import { attachToolChecks } from "./tool-checks";

/** A stored run as an object, with its open tool requirements checking values as the tool would. */
export function loadRun(workflow: WorkflowDefinition, json: WorkflowRunJSON): WorkflowRunOutput {
  const run = WorkflowRunOutput.fromJSON(json);
  if (!run.isPaused || json.workflowName !== workflow.name) return run;
  try {
    const resume = parseResumeState(run.runId, run.resumeState);
    run.resumeState = trustResumeState(resume);
    checkSequence(run.runId, workflow.steps, resume.root, `Workflow "${workflow.name}"`, (node, state) => {
      if (state.phase !== "executor") return;
      const req = run.stepRequirements.find((r) => r.id === state.reqId);
      if (req) attachToolChecks(node.agent ?? node.team, new RunOutput(state.run), req);
    });
  } catch (error) {
    // A run that no longer fits this definition is still returned as stored; continueRun says what changed.
    if (!(error instanceof ResumeStateError)) throw error;
  }
  return run;
}
