import { z } from "zod";
import type { ExecutorRequirementJSON } from "./executor-requirement";
import type { StepRequirementJSON } from "./step-requirement";

/** What one tool call of an agent or team waits for. */
export const executorRequirementKinds = ["confirmation", "user_input", "external_execution", "tool_in_doubt"] as const;
export type ExecutorRequirementKind = (typeof executorRequirementKinds)[number];

/** What a gate before a step, or a review after it, waits for. */
export const stepRequirementKinds = ["step_confirmation", "step_user_input", "output_review", "route_selection", "iteration_review"] as const;
export type StepRequirementKind = (typeof stepRequirementKinds)[number];

/**
 * The inbox's name for what a requirement waits for. One inbox item per executor requirement, one per step
 * requirement that is not an executor pause, one per error requirement.
 */
export const requirementKindSchema = z.enum([...executorRequirementKinds, ...stepRequirementKinds, "error"]);
export type RequirementKind = z.infer<typeof requirementKindSchema>;

/** A step requirement that only groups its executor's requirements: never an inbox item itself. */
export const EXECUTOR_STEP_KIND = "executor";

/** The one place an executor requirement's kind is decided: a call left in doubt (`inDoubt`) first, then what the tool asks. */
export function executorRequirementKind(
  req: Pick<ExecutorRequirementJSON, "inDoubt" | "needsExternalExecution" | "needsUserInput">,
): ExecutorRequirementKind {
  return req.inDoubt ? "tool_in_doubt" : toolDecisionKind(req);
}

/** What a tool call that is not in doubt asks for. */
export function toolDecisionKind(
  req: Pick<ExecutorRequirementJSON, "needsExternalExecution" | "needsUserInput">,
): Exclude<ExecutorRequirementKind, "tool_in_doubt"> {
  if (req.needsExternalExecution) return "external_execution";
  if (req.needsUserInput) return "user_input";
  return "confirmation";
}

type StepKindFlags = Pick<
  StepRequirementJSON,
  "requiresExecutorInput" | "requiresRouteSelection" | "requiresIterationReview" | "requiresOutputReview" | "requiresConfirmation" | "requiresUserInput" | "stepOutput"
>;

/**
 * The one place a step requirement's kind is decided: "executor" for an agent/team pause, else its gate. Flags can
 * be copied from the step's settings (a step with both a confirmation and an output review), so the data decides
 * ties: it is an output review once there is output to review.
 */
export function stepRequirementKind(req: StepKindFlags): StepRequirementKind | typeof EXECUTOR_STEP_KIND {
  if (req.requiresExecutorInput) return EXECUTOR_STEP_KIND;
  if (req.requiresRouteSelection) return "route_selection";
  if (req.requiresIterationReview) return "iteration_review";
  if (req.requiresOutputReview && (req.stepOutput !== undefined || (!req.requiresConfirmation && !req.requiresUserInput))) {
    return "output_review";
  }
  if (req.requiresUserInput) return "step_user_input";
  return "step_confirmation";
}
