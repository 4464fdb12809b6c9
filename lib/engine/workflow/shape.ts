import { Condition } from "./condition";
import { Loop } from "./loop";
import type { WorkflowNode } from "./node";
import { Parallel } from "./parallel";
import { Router } from "./router";
import type { ShapeExecutor, WorkflowShape, WorkflowShapeLane, WorkflowShapeNode } from "./shape-schema";
import { Step } from "./step";
import { Steps } from "./steps";
import type { Workflow } from "./workflow";

/** Joins a step path into a node id; the separator is the one the run page's timeline keys steps by. */
const joinPath = (path: readonly string[]) => path.join(" \u203a ");

function executorOf(step: Step): ShapeExecutor {
  if (step.agent) return { type: "agent", name: step.agent.name };
  if (step.team) return { type: "team", name: step.team.name };
  // A function's own name says little (an arrow function in the options is called "executor").
  return { type: "function" };
}

function lanesOf(node: WorkflowNode): { label: string; nodes: readonly WorkflowNode[] }[] | undefined {
  if (node instanceof Condition) return [{ label: "if", nodes: node.steps }, { label: "else", nodes: node.elseSteps }];
  if (node instanceof Router) return node.choices.map((choice) => ({ label: choice.name, nodes: [choice] }));
  if (node instanceof Parallel) return node.steps.map((branch, i) => ({ label: `branch ${i + 1}`, nodes: [branch] }));
  if (node instanceof Loop) return [{ label: "each iteration", nodes: node.steps }];
  if (node instanceof Steps) return [{ label: "in order", nodes: node.steps }];
  return undefined;
}

/**
 * Walks the nodes of one container (or the top level) into shape nodes. Siblings that share a name share their
 * step path, as they do in the engine's records; their ids are told apart by their position.
 */
function walk(nodes: readonly WorkflowNode[], parentPath: readonly string[], taken: Set<string>): WorkflowShapeNode[] {
  return nodes.map((node) => {
    const stepPath = [...parentPath, node.name];
    let id = joinPath(stepPath);
    for (let n = 2; taken.has(id); n++) id = `${joinPath(stepPath)} #${n}`;
    taken.add(id);
    const shape: WorkflowShapeNode = { id, name: node.name, stepPath, type: node.type, pausesFor: [...node.pausesFor] };
    if (node.description !== undefined) shape.description = node.description;
    if (node instanceof Step) shape.executor = executorOf(node);
    if (node instanceof Loop) shape.maxIterations = node.maxIterations;
    const lanes = lanesOf(node);
    if (lanes) shape.lanes = lanes.map(({ label, nodes: inner }): WorkflowShapeLane => ({ label, steps: walk(inner, stepPath, taken) }));
    return shape;
  });
}

/** The shape of a workflow, from its definition alone: what the catalog and the run page draw. */
export function workflowShape(workflow: Pick<Workflow, "steps">): WorkflowShape {
  return { steps: walk(workflow.steps, [], new Set()) };
}
