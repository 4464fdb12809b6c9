import { StepOutputReviewEvent } from "../events";
import type { JsonValue } from "../json";
import type { RunContext, Where } from "./context";
import { allowedOnReject, timeoutAt, type OutputReviewOptions } from "./gates";
import type { OnReject, OnTimeout, StepRequirementJSON } from "./snapshot";
import type { StepRequirement } from "./step-requirement";

const DEFAULT_MAX_RETRIES = 3;

/** How a Step or Router reviews its output: when, with what message, how many retries, what a rejection does. */
export interface OutputReview {
  when: true | ((output: JsonValue) => boolean);
  message?: string;
  maxRetries: number;
  onReject: OnReject;
}

/** The review a node's options ask for, or undefined when they ask for none. */
export function outputReviewFrom(options: OutputReviewOptions & { onReject?: OnReject }): OutputReview | undefined {
  if (!options.requiresOutputReview) return undefined;
  const review: OutputReview = {
    when: options.requiresOutputReview,
    maxRetries: options.maxRetries ?? DEFAULT_MAX_RETRIES,
    onReject: options.onReject ?? "retry",
  };
  if (options.outputReviewMessage !== undefined) review.message = options.outputReviewMessage;
  return review;
}

/** True when this output is to be reviewed by a person. */
export function wantsReview(review: OutputReview | undefined, output: JsonValue): review is OutputReview {
  return review !== undefined && (review.when === true || review.when(output));
}

/**
 * Opens the output-review requirement and returns it with its event; `tag` is what the event
 * carries about the step (its executor, for a Step), `extra` what the requirement adds (a Router's choices).
 */
export function openOutputReview(
  ctx: RunContext,
  where: Where,
  review: OutputReview,
  output: JsonValue,
  gate: { retryCount: number; timeout: number | undefined; onTimeout: OnTimeout },
  tag: Where = where,
  extra: Partial<StepRequirementJSON> = {},
): { req: StepRequirement; event: StepOutputReviewEvent } {
  const deadline = timeoutAt(ctx.now(), gate.timeout);
  const req = ctx.openRequirement(where, {
    requiresConfirmation: false,
    requiresUserInput: false,
    requiresRouteSelection: false,
    requiresOutputReview: true,
    requiresExecutorInput: false,
    stepOutput: output,
    retryCount: gate.retryCount,
    maxRetries: review.maxRetries,
    onReject: review.onReject,
    allowedOnReject: allowedOnReject(where.stepType, review.onReject, "review"),
    ...extra,
    ...(review.message !== undefined && { outputReviewMessage: review.message }),
    ...(deadline !== undefined && { timeoutAt: deadline, onTimeout: gate.onTimeout }),
  });
  const event = new StepOutputReviewEvent({
    ...tag,
    requirementIds: [req.id],
    stepOutput: output,
    ...(review.message !== undefined && { message: review.message }),
  });
  return { req, event };
}
