import "server-only";
import type { WorkflowSummary } from "@/lib/contracts";
import { InMemoryStore, workflowShape, type WorkflowShape } from "@/lib/engine";
import { catalog, type CatalogEntry } from "@/lib/workflows";
import { describeModel } from "@/lib/workflows/model";
import { NotFoundError } from "./api-error";

export function findWorkflow(name: string): CatalogEntry {
  const entry = catalog.find((e) => e.name === name);
  if (!entry) {
    throw new NotFoundError(`There is no workflow named "${name}". Available: ${catalog.map((e) => e.name).join(", ")}.`);
  }
  return entry;
}

export { workflowOfRun } from "@/lib/workflows";

const shapes = new Map<string, WorkflowShape>();

/** A catalog workflow's shape. Its definition is fixed while the process runs, so it is walked once. */
function shapeOf(entry: CatalogEntry): WorkflowShape {
  let shape = shapes.get(entry.name);
  if (!shape) {
    shape = workflowShape(entry.create(new InMemoryStore()));
    shapes.set(entry.name, shape);
  }
  return shape;
}

export function listWorkflows(): WorkflowSummary[] {
  const model = describeModel();
  return catalog.map((e) => ({
    name: e.name,
    description: e.description,
    ...(e.inputSchema ? { inputSchema: e.inputSchema } : {}),
    exampleInput: e.exampleInput,
    pauses: e.pauses,
    model: e.usesModel === false ? null : model,
    shape: shapeOf(e),
  }));
}
