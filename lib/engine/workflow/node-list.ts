import { DefinitionError } from "../errors";
import type { WorkflowNode } from "./node";
import { Step } from "./step";
import type { StepExecutor } from "./step-io";

/** What `steps` may hold: any primitive, or a plain function (it becomes a Step named after it). */
export type StepLike = WorkflowNode | StepExecutor;

export function toNodes(owner: string, steps: readonly StepLike[] | undefined): WorkflowNode[] {
  if (!Array.isArray(steps)) throw new DefinitionError(`${owner}: \`steps\` must be an array of steps.`);
  return steps.map((s, i) => {
    if (typeof s === "function") {
      if (!s.name) throw new DefinitionError(`${owner}: step ${i + 1} is an anonymous function; wrap it as new Step({ name, executor }).`);
      return new Step({ name: s.name, executor: s });
    }
    if (!s || typeof s !== "object" || typeof (s as WorkflowNode).execute !== "function") {
      throw new DefinitionError(`${owner}: step ${i + 1} is not a Step, Steps, Condition, Loop, Router, Parallel or function.`);
    }
    return s;
  });
}
