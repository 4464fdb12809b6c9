import type { WorkflowRunOutput } from "./run-output";
import type { WorkflowRunJSON } from "./snapshot";

/**
 * When the earliest open gate of a paused run times out, or null when none can. Continue the run at
 * (or after) that time and its `onTimeout` policy applies; a scheduler can sleep until then.
 */
export function nextTimeoutAt(run: WorkflowRunOutput | WorkflowRunJSON): Date | null {
  if (run.status !== "paused") return null;
  let next: number | null = null;
  for (const req of run.stepRequirements) {
    if (req.status !== "pending" || req.timeoutAt === undefined) continue;
    const at = Date.parse(req.timeoutAt);
    if (next === null || at < next) next = at;
  }
  return next === null ? null : new Date(next);
}
