// The engine's stored and wire shapes as zod schemas: pure zod, safe to bundle for the browser. Outside the engine
// this is the entry point for them (lib/contracts and lib/db parse with these); everything else goes through
// "@/lib/engine" (or "@/lib/engine/models"), which pulls in the executors.
export * from "./requirement-model";
export { jsonValue } from "./json";
export { pauseKindSchema, workflowRunStatusSchema, type PauseKind } from "./workflow/run-status";
export { stepResultJsonSchema, stepResultStatusSchema, type StepResultJSON, type StepResultStatus } from "./workflow/step-result-schema";
export {
  workflowShapeLaneSchema,
  workflowShapeNodeSchema,
  workflowShapeSchema,
  type ShapeExecutor,
  type WorkflowShape,
  type WorkflowShapeLane,
  type WorkflowShapeNode,
} from "./workflow/shape-schema";
