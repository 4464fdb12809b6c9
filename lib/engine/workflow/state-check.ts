import { ResumeStateError } from "../errors";
import { Condition } from "./condition";
import { describeNode } from "./gates";
import { Loop } from "./loop";
import type { WorkflowNode } from "./node";
import { Parallel } from "./parallel";
import type { NodeState, SeqState, StepState } from "./resume-state";
import { Router } from "./router";
import { Step } from "./step";
import { Steps } from "./steps";

const changed = (runId: string, detail: string) =>
  new ResumeStateError(runId, `the workflow changed since it paused: ${detail}. Continue it with the definition it was started with.`);

/**
 * Checks, before anything is written, that the saved position still fits the workflow's definition:
 * every node on the path to every paused leaf has the same index, name and type.
 */
/** Called for every Step the run is paused in, with its saved state. */
export type PausedStepVisitor = (node: Step, state: StepState) => void;

export function checkSequence(runId: string, nodes: readonly WorkflowNode[], seq: SeqState, where: string, visit?: PausedStepVisitor): void {
  if (seq.index > nodes.length || (seq.child && seq.index === nodes.length)) {
    throw changed(runId, `${where} has ${nodes.length} step(s) but the run stopped at step ${seq.index + 1}`);
  }
  if (seq.child) checkNode(runId, nodes[seq.index] as WorkflowNode, seq.child, visit);
}

function checkNode(runId: string, node: WorkflowNode, state: NodeState, visit: PausedStepVisitor | undefined): void {
  if (state.type !== node.type || state.name !== node.name) {
    throw changed(runId, `the run stopped in ${describeNode(state.type, state.name)}, but at that position there is now ${describeNode(node.type, node.name)}`);
  }
  const label = describeNode(node.type, node.name);
  if (state.phase === "error" && state.type !== "step") {
    if (node.onError !== "pause") throw changed(runId, `${label} no longer pauses on errors (onError "pause")`);
    return;
  }
  if (state.type === "parallel" && node instanceof Parallel) {
    if (state.branches.length !== node.steps.length) throw changed(runId, `${label} had ${state.branches.length} branch(es), it now has ${node.steps.length}`);
    state.branches.forEach((b, i) => {
      if (b.status === "paused") checkNode(runId, node.steps[i] as WorkflowNode, b.state, visit);
    });
    return;
  }
  if (state.type === "step" && state.phase === "executor" && node instanceof Step) {
    const driver = node.agent ?? node.team;
    if (driver?.name !== state.run.executorName) {
      throw changed(runId, `${label} paused in ${state.run.executorType} ${state.run.executorName}, but it now runs ${driver ? `${driver.executorType} ${driver.name}` : "an executor function"}`);
    }
  }
  if (state.type === "step" && node instanceof Step) {
    visit?.(node, state);
    return;
  }
  if (!("seq" in state)) return;
  if (state.type === "steps" && node instanceof Steps) checkSequence(runId, node.steps, state.seq, label, visit);
  else if (state.type === "condition" && node instanceof Condition) {
    checkSequence(runId, state.branch === "if" ? node.steps : node.elseSteps, state.seq, `the ${state.branch} branch of ${label}`, visit);
  } else if (state.type === "loop" && node instanceof Loop) checkSequence(runId, node.steps, state.seq, label, visit);
  else if (state.type === "router" && node instanceof Router) {
    const chosen = state.chosen.map((name) => {
      const choice = node.choices.find((c) => c.name === name);
      if (!choice) throw changed(runId, `${label} has no choice "${name}" any more`);
      return choice;
    });
    checkSequence(runId, chosen, state.seq, label, visit);
  }
}
