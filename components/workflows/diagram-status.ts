import type { RequirementKindName } from "@/lib/contracts";
import type { TimelineStep } from "@/components/runs/timeline-model";
import type { WorkflowShapeNode } from "@/lib/engine/schemas";

/** Where a run stands at one node of its workflow. */
export type NodeStatus = "not_reached" | "running" | "in_progress" | "paused" | "completed" | "skipped" | "error" | "cancelled" | "unfinished";

export interface NodeRunState {
  status: NodeStatus;
  /** How many times it finished (more than one inside a loop). */
  runs: number;
}

/** The key the run page's timeline gives a step path; nodes are matched to it by their stepPath. */
export const pathKey = (path: readonly string[]): string => path.join("\u203a");

export const statusLabel: Record<NodeStatus, string> = {
  not_reached: "not reached",
  running: "running",
  in_progress: "in progress",
  paused: "waiting for a decision",
  completed: "completed",
  skipped: "skipped",
  error: "failed",
  cancelled: "cancelled",
  unfinished: "did not finish",
};

const fromTimeline: Record<TimelineStep["state"], NodeStatus> = {
  running: "running",
  waiting: "paused",
  completed: "completed",
  skipped: "skipped",
  error: "error",
  cancelled: "cancelled",
  unfinished: "unfinished",
};

/**
 * Each step's live state by its path, from the run's timeline (step results, events, open requirements). A container
 * still open around a running or paused step is in progress, whatever its own records say.
 */
export function nodeStates(steps: readonly TimelineStep[]): Map<string, NodeRunState> {
  const states = new Map<string, NodeRunState>();
  for (const step of steps) {
    if (step.stepPath.length === 0) continue;
    states.set(pathKey(step.stepPath), { status: fromTimeline[step.state], runs: step.results.length });
  }
  for (const step of steps) {
    const status = fromTimeline[step.state];
    if (status !== "paused" && status !== "running") continue;
    for (let depth = 1; depth < step.stepPath.length; depth++) {
      const key = pathKey(step.stepPath.slice(0, depth));
      const outer = states.get(key);
      if (!outer || outer.status === "running" || outer.status === "unfinished") states.set(key, { status: "in_progress", runs: outer?.runs ?? 0 });
    }
  }
  return states;
}

/** What a node may stop for, in words that follow "can pause for". */
const pauseWords: Record<RequirementKindName, string> = {
  confirmation: "tool approval",
  user_input: "tool input",
  external_execution: "an external result",
  tool_in_doubt: "a tool in doubt",
  step_confirmation: "step approval",
  step_user_input: "step input",
  output_review: "output review",
  route_selection: "a route choice",
  iteration_review: "iteration review",
  error: "a decision when it fails",
};

const typeLabel: Record<WorkflowShapeNode["type"], string> = {
  step: "step",
  steps: "group of steps",
  condition: "condition",
  loop: "loop",
  router: "router",
  parallel: "parallel branches",
};

export const nodeTypeLabel = (node: WorkflowShapeNode): string => typeLabel[node.type];

/** What a screen reader says for a node: its name, what it is, and (on a run) where the run stands there. */
export function nodeAccessibleName(node: WorkflowShapeNode, state: NodeRunState | undefined): string {
  const parts = [`${node.name}, ${typeLabel[node.type]}`];
  if (node.executor) parts.push(node.executor.name ? `${node.executor.type} ${node.executor.name}` : `runs a ${node.executor.type}`);
  if (state) parts.push(statusLabel[state.status] + (state.runs > 1 ? ` (${state.runs} times)` : ""));
  else if (node.pausesFor.length > 0) parts.push(`can pause for ${node.pausesFor.map((kind) => pauseWords[kind]).join(", ")}`);
  return parts.join(", ");
}
