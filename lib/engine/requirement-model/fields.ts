import { z } from "zod";
import { jsonValue, type JsonObject } from "../json";

/** The building blocks every requirement shape shares. Plain zod: the browser imports these through lib/contracts. */

export const jsonObject: z.ZodType<JsonObject> = z.record(z.string(), jsonValue);

export const stepTypeSchema = z.enum(["step", "steps", "condition", "loop", "router", "parallel"]);
export type StepType = z.infer<typeof stepTypeSchema>;

export const executorTypeSchema = z.enum(["agent", "team"]);
export type ExecutorType = z.infer<typeof executorTypeSchema>;

export const onRejectSchema = z.enum(["skip", "cancel", "else", "retry"], { error: 'must be one of "skip", "cancel", "else", "retry"' });
export type OnReject = z.infer<typeof onRejectSchema>;

export const onTimeoutSchema = z.enum(["approve", "skip", "cancel"]);
export type OnTimeout = z.infer<typeof onTimeoutSchema>;

export const userInputFieldTypeSchema = z.enum(["string", "number", "integer", "boolean", "list", "object"]);
export type UserInputFieldType = z.infer<typeof userInputFieldTypeSchema>;

/** One field a person fills. Used by tool-level user input and by step-level user input. */
export const userInputFieldSchema = z.object({
  name: z.string(),
  type: userInputFieldTypeSchema,
  description: z.string().optional(),
  required: z.boolean().optional(),
  allowedValues: z.array(jsonValue).optional(),
  /** Current value (for tool input: the argument the model proposed). Forms prefill it. */
  value: jsonValue.optional(),
});
export type UserInputField = z.infer<typeof userInputFieldSchema>;

/** Where a requirement sits in the workflow: the step that paused, and its position among its siblings. */
export const stepPlaceSchema = z.object({
  id: z.string(),
  stepName: z.string(),
  stepPath: z.array(z.string()),
  stepType: stepTypeSchema,
  /** The step's position among its siblings (0-based). */
  stepIndex: z.number().int().optional(),
});
