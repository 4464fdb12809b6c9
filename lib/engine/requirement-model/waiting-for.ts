import { z } from "zod";
import { jsonValue } from "../json";
import { inDoubtCallSchema } from "./executor-requirement";
import { jsonObject, onRejectSchema } from "./fields";
import type { RequirementKind } from "./kind";

/** What a person may pick when rejecting a step's gate, and a Condition's suggestion (the inbox's "Reject and cancel" and hint). */
export const decisionDetailsSchema = z.object({
  onReject: onRejectSchema.optional(),
  allowedOnReject: z.array(onRejectSchema).optional(),
  suggestedBranch: z.enum(["if", "else"]).optional(),
});
export type DecisionDetails = z.infer<typeof decisionDetailsSchema>;

export const outputReviewDetailsSchema = decisionDetailsSchema.extend({
  stepOutput: jsonValue,
  retryCount: z.number().optional(),
  maxRetries: z.number().optional(),
  availableChoices: z.array(z.string()).optional(),
  selectedChoices: z.array(z.string()).optional(),
});

export const routeSelectionDetailsSchema = decisionDetailsSchema.extend({
  availableChoices: z.array(z.string()),
  allowMultipleSelections: z.boolean(),
  /** Why the person asked for another pick (a rejected output review of the chosen route). */
  feedback: z.string().optional(),
  previousChoices: z.array(z.string()).optional(),
});

export const iterationReviewDetailsSchema = decisionDetailsSchema.extend({
  iteration: z.number().nullable(),
  stepOutput: jsonValue,
});

/**
 * A tool confirmation's arguments as JSON schema, for the inbox's Edit form, and whether the tool allows edits.
 * Null for requirements opened before the schema was kept: they are approved as proposed.
 */
export const argsEditDetailsSchema = z.object({ toolArgsSchema: jsonObject, allowArgEdits: z.boolean() });
export type ArgsEditDetails = z.infer<typeof argsEditDetailsSchema>;

export const errorDetailsSchema = z.object({ retryCount: z.number(), errorType: z.string().optional() });

/**
 * What a requirement waits for, as the inbox shows it: its kind and, per kind, the details a person needs to decide
 * (output under review, router choices, the call left in doubt, ...). The database keeps `details` in its own column
 * and parses it back with this schema.
 */
export const waitingForSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("confirmation"), details: argsEditDetailsSchema.nullable() }),
  z.object({ kind: z.literal("user_input"), details: z.null() }),
  z.object({ kind: z.literal("external_execution"), details: z.null() }),
  z.object({ kind: z.literal("tool_in_doubt"), details: inDoubtCallSchema }),
  z.object({ kind: z.literal("step_confirmation"), details: decisionDetailsSchema.nullable() }),
  z.object({ kind: z.literal("step_user_input"), details: decisionDetailsSchema.nullable() }),
  z.object({ kind: z.literal("output_review"), details: outputReviewDetailsSchema }),
  z.object({ kind: z.literal("route_selection"), details: routeSelectionDetailsSchema }),
  z.object({ kind: z.literal("iteration_review"), details: iterationReviewDetailsSchema }),
  z.object({ kind: z.literal("error"), details: errorDetailsSchema }),
]);
export type WaitingFor = z.infer<typeof waitingForSchema>;

/** Every kind has its variant above, and no variant names a kind that does not exist. */
type Covered = [RequirementKind] extends [WaitingFor["kind"]] ? ([WaitingFor["kind"]] extends [RequirementKind] ? true : never) : never;
export const EVERY_KIND_HAS_DETAILS: Covered = true;
