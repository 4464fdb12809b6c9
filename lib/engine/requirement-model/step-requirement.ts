import { z } from "zod";
import { jsonValue } from "../json";
import { executorRequirementJsonSchema } from "./executor-requirement";
import { executorTypeSchema, jsonObject, onRejectSchema, onTimeoutSchema, stepPlaceSchema, userInputFieldSchema } from "./fields";

export const stepRequirementStatusSchema = z.enum(["pending", "resolved", "timed_out"]);
export type StepRequirementStatus = z.infer<typeof stepRequirementStatusSchema>;

/**
 * What a person did with a step requirement. Executor requirements record theirs on each
 * ExecutorRequirement; the step requirement that wraps them gets "executor".
 */
export const stepResolutionSchema = z.enum(["confirm", "reject", "input", "edit", "select", "executor", "timeout"]);
export type StepResolution = z.infer<typeof stepResolutionSchema>;

/**
 * JSON form of a StepRequirement: one pause of a workflow step — a gate before it (confirmation, user input, route
 * selection), a review after it (output, loop iteration), or the agent/team inside it waiting on tools. Which of
 * these it is: `stepRequirementKind`.
 */
export const stepRequirementJsonSchema = stepPlaceSchema.extend({
  status: stepRequirementStatusSchema,
  resolution: stepResolutionSchema.optional(),
  createdAt: z.string(),
  resolvedAt: z.string().optional(),
  resolvedBy: z.string().optional(),
  /** Step confirmation (also used for Loop iteration review: confirm = stop, reject = another iteration). */
  requiresConfirmation: z.boolean(),
  confirmationMessage: z.string().optional(),
  confirmed: z.boolean().optional(),
  onReject: onRejectSchema.optional(),
  /** Outcomes a person may pick when rejecting (`reject({ onReject })`); `onReject` is the default one. */
  allowedOnReject: z.array(onRejectSchema).optional(),
  /** What the person picked when rejecting, if not the default. */
  chosenOnReject: onRejectSchema.optional(),
  /** A Condition's evaluator's answer, offered to the person who decides: "if" runs its steps, "else" its elseSteps. */
  suggestedBranch: z.enum(["if", "else"]).optional(),
  requiresIterationReview: z.boolean().optional(),
  iteration: z.number().optional(),
  /** Step user input. */
  requiresUserInput: z.boolean(),
  userInputMessage: z.string().optional(),
  userInputSchema: z.array(userInputFieldSchema).optional(),
  userInput: jsonObject.optional(),
  /** Router selection. */
  requiresRouteSelection: z.boolean(),
  availableChoices: z.array(z.string()).optional(),
  allowMultipleSelections: z.boolean().optional(),
  selectedChoices: z.array(z.string()).optional(),
  /** Output review. */
  requiresOutputReview: z.boolean(),
  outputReviewMessage: z.string().optional(),
  stepOutput: jsonValue.optional(),
  rejectionFeedback: z.string().optional(),
  editedOutput: jsonValue.optional(),
  retryCount: z.number().optional(),
  maxRetries: z.number().optional(),
  /** Gate timeout. */
  timeoutAt: z.string().optional(),
  onTimeout: onTimeoutSchema.optional(),
  /** Executor (agent/team tool) pause. */
  requiresExecutorInput: z.boolean(),
  executorId: z.string().optional(),
  executorName: z.string().optional(),
  executorType: executorTypeSchema.optional(),
  executorRequirements: z.array(executorRequirementJsonSchema).optional(),
  note: z.string().optional(),
});
export type StepRequirementJSON = z.infer<typeof stepRequirementJsonSchema>;

/** JSON form of an ErrorRequirement: a step failed with `onError: "pause"`, and a person decides to retry or skip it. */
export const errorRequirementJsonSchema = stepPlaceSchema.extend({
  errorMessage: z.string(),
  /** The class name of what was thrown (e.g. "TypeError"), so a person can tell a bug from an outage. */
  errorType: z.string().optional(),
  retryCount: z.number(),
  status: z.enum(["pending", "resolved"]),
  action: z.enum(["retry", "skip"]).optional(),
  createdAt: z.string(),
  resolvedAt: z.string().optional(),
  resolvedBy: z.string().optional(),
});
export type ErrorRequirementJSON = z.infer<typeof errorRequirementJsonSchema>;
