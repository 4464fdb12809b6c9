import type { z } from "zod";
import { InvalidUserInputError } from "../errors";
import type { JsonValue } from "../json";
import type { WorkflowRunOptions } from "./run-options";
import { WorkflowRunOutput } from "./run-output";

/** The input as `inputSchema` takes it (checked and transformed); InvalidUserInputError naming the field otherwise. */
export function parseWorkflowInput(inputSchema: z.ZodType | undefined, input: JsonValue): JsonValue {
  if (!inputSchema) return input;
  const parsed = inputSchema.safeParse(input);
  if (parsed.success) return parsed.data as JsonValue;
  const issue = parsed.error.issues[0];
  throw new InvalidUserInputError(issue?.path.length ? `input.${issue.path.join(".")}` : "input", issue?.message ?? "is invalid.", { cause: parsed.error });
}

/** A new run of the workflow, not stored yet, at the start of its first step. */
export function newWorkflowRun(
  workflow: { name: string; sessionId: string; inputSchema?: z.ZodType },
  input: JsonValue,
  options: WorkflowRunOptions,
  status: "pending" | "running",
): WorkflowRunOutput {
  const parsed = parseWorkflowInput(workflow.inputSchema, input);
  const created = (options.now ?? (() => new Date()))().toISOString();
  return new WorkflowRunOutput({
    runId: options.runId ?? crypto.randomUUID(),
    sessionId: options.sessionId ?? workflow.sessionId,
    workflowName: workflow.name,
    status,
    isPaused: false,
    isCancelled: false,
    input: parsed,
    stepRequirements: [],
    errorRequirements: [],
    stepResults: [],
    resumeState: { v: 1, root: { index: 0, outputs: [] } },
    version: 0,
    createdAt: created,
    updatedAt: created,
    ...(options.userId !== undefined && { createdBy: options.userId }),
  });
}
