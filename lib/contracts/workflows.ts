import { z } from "zod";
import { workflowShapeSchema } from "@/lib/engine/schemas";
import { jsonObjectSchema } from "./json";
import { requirementKindSchema } from "./requirement-kinds";

/** A workflow name as it appears in the URL. */
export const workflowNameSchema = z
  .string()
  .min(1, "is required")
  .max(100, "must be at most 100 characters")
  .regex(/^[A-Za-z0-9_-]+$/, "may only contain letters, digits, '_' and '-'");

export const workflowParamsSchema = z.object({ name: workflowNameSchema });

/** The model a workflow runs on. `offline: true` means a scripted stand-in, never a real model. */
export const modelInfoSchema = z.object({
  provider: z.string(),
  id: z.string(),
  offline: z.boolean(),
});
export type ModelInfo = z.infer<typeof modelInfoSchema>;

export const workflowSummarySchema = z.object({
  name: z.string(),
  description: z.string(),
  /** JSON schema of the input, when the workflow wants more than free text. */
  inputSchema: jsonObjectSchema.optional(),
  /** A sample input the start form can prefill. */
  exampleInput: z.string().optional(),
  /** The kinds of decision this workflow can ask a person for. */
  pauses: z.array(requirementKindSchema),
  /** Null when no step of the workflow calls a model. */
  model: modelInfoSchema.nullable(),
  /** Its steps, containers and branches from its definition: what the catalog and the run page draw. */
  shape: workflowShapeSchema,
});
export type WorkflowSummary = z.infer<typeof workflowSummarySchema>;

export const listWorkflowsResponseSchema = z.object({ workflows: z.array(workflowSummarySchema) });
export type ListWorkflowsResponse = z.infer<typeof listWorkflowsResponseSchema>;

/** POST /api/workflows/{name}/runs. Text input is the common case; a JSON object is passed on as structured input. */
export const startRunRequestSchema = z.object({
  input: z.union(
    [z.string().trim().min(1, "must not be empty").max(10_000, "must be at most 10000 characters"), jsonObjectSchema],
    { error: "must be a non-empty text or a JSON object" },
  ),
});
export type StartRunRequest = z.infer<typeof startRunRequestSchema>;
