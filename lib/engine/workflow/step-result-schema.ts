import { z } from "zod";
import { jsonValue } from "../json";
import { executorTypeSchema, stepTypeSchema } from "../requirement-model/fields";

export const stepResultStatusSchema = z.enum(["completed", "skipped", "error", "cancelled"]);
export type StepResultStatus = z.infer<typeof stepResultStatusSchema>;

/** What one step did: persisted with the run, and sent over HTTP. */
export const stepResultJsonSchema = z.object({
  stepName: z.string(),
  stepPath: z.array(z.string()),
  stepType: stepTypeSchema,
  status: stepResultStatusSchema,
  content: jsonValue.optional(),
  error: z.string().optional(),
  startedAt: z.string(),
  completedAt: z.string(),
  durationMs: z.number(),
  executorName: z.string().optional(),
  executorType: executorTypeSchema.optional(),
  /** Loop iteration (1-based) the step ran in, when inside a Loop. */
  iteration: z.number().optional(),
});
export type StepResultJSON = z.infer<typeof stepResultJsonSchema>;
