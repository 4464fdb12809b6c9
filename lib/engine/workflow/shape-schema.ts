import { z } from "zod";
import { requirementKindSchema, type RequirementKind } from "../requirement-model/kind";
import { executorTypeSchema, stepTypeSchema, type StepType } from "../requirement-model/fields";

/** What drives a Step: an Agent, a Team, or a plain function. */
export const shapeExecutorSchema = z.object({
  type: z.enum([...executorTypeSchema.options, "function"]),
  name: z.string().optional(),
});
export type ShapeExecutor = z.infer<typeof shapeExecutorSchema>;

/**
 * One node of a workflow's drawing. `stepPath` is the path the engine writes on its events, step results and
 * requirements, so a run's live status matches a node exactly; `id` is the same path, made unique where two
 * siblings share a name.
 */
export interface WorkflowShapeNode {
  id: string;
  name: string;
  stepPath: string[];
  type: StepType;
  description?: string;
  executor?: ShapeExecutor;
  /** What the node itself may stop for a person for, as the inbox names it (tool approvals of an agent not included). */
  pausesFor: RequirementKind[];
  /** A Loop's most iterations. */
  maxIterations?: number;
  /**
   * What a container holds, one lane per way through it: a Steps group or a Loop has one lane, a Condition "if" and
   * "else", a Router one per choice, a Parallel one per branch (run side by side).
   */
  lanes?: WorkflowShapeLane[];
}

export interface WorkflowShapeLane {
  label: string;
  steps: WorkflowShapeNode[];
}

export const workflowShapeNodeSchema: z.ZodType<WorkflowShapeNode> = z.lazy(() =>
  z.object({
    id: z.string(),
    name: z.string(),
    stepPath: z.array(z.string()),
    type: stepTypeSchema,
    description: z.string().optional(),
    executor: shapeExecutorSchema.optional(),
    pausesFor: z.array(requirementKindSchema),
    maxIterations: z.number().int().optional(),
    lanes: z.array(workflowShapeLaneSchema).optional(),
  }),
);

export const workflowShapeLaneSchema: z.ZodType<WorkflowShapeLane> = z.lazy(() =>
  z.object({ label: z.string(), steps: z.array(workflowShapeNodeSchema) }),
);

/** A workflow's shape from its definition: its top-level steps in order, containers holding theirs. */
export const workflowShapeSchema = z.object({ steps: z.array(workflowShapeNodeSchema) });
export type WorkflowShape = z.infer<typeof workflowShapeSchema>;
