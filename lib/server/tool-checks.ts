import { LoopExecutor } from "@/lib/engine/loop/loop-executor";
import type { Executor } from "@/lib/engine/executor";
import { Team } from "@/lib/engine/team";
import { Condition, Loop, Parallel, Router, Step, Steps, type Workflow, type WorkflowNode, type WorkflowRunOutput } from "@/lib/engine/workflow";

function* walk(nodes: readonly WorkflowNode[]): Generator<WorkflowNode> {
  for (const node of nodes) {
    yield node;
    if (node instanceof Steps || node instanceof Loop || node instanceof Parallel) yield* walk(node.steps);
    if (node instanceof Condition) yield* walk([...node.steps, ...node.elseSteps]);
    if (node instanceof Router) yield* walk(node.choices);
  }
}

function findStep(workflow: Workflow, stepPath: readonly string[]): Step | undefined {
  const name = stepPath.at(-1);
  for (const node of walk(workflow.steps)) if (node instanceof Step && node.name === name) return node;
  return undefined;
}

/**
 * A run loaded with `workflow.getRun` has executor requirements without their tool's own argument check
 * (only an Agent attaches it when it loads its run). Attaching it here makes provided input that breaks the
 * tool's zod schema fail when the person submits it — a 400 naming the field — instead of at continue time,
 * where it would end the run in error.
 */
export function attachToolChecks(workflow: Workflow, run: WorkflowRunOutput): void {
  for (const stepReq of run.stepRequirements) {
    if (stepReq.status !== "pending" || !stepReq.executorRequirements) continue;
    const step = findStep(workflow, stepReq.stepPath);
    const driver: Executor | undefined = step?.agent ?? step?.team;
    for (const req of stepReq.executorRequirements) {
      const executor = req.memberName && driver instanceof Team ? driver.members.find((m) => m.name === req.memberName) : driver;
      if (!(executor instanceof LoopExecutor)) continue;
      const tool = executor.tools.find((t) => t.name === req.toolExecution.toolName);
      if (tool) req.attachValidator(tool.validateArgs);
    }
  }
}
