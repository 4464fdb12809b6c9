import { z } from "zod";
import { cursorSchema, limitSchema, workflowFilterSchema } from "./paging";
import {
  errorRequirementJsonSchema,
  executorTypeSchema,
  stepRequirementJsonSchema,
  stepResultJsonSchema,
} from "@/lib/engine/schemas";
import { jsonValueSchema } from "./json";

export const runStatuses = ["pending", "running", "paused", "completed", "error", "cancelled"] as const;
export const runStatusSchema = z.enum(runStatuses, { error: `must be one of ${runStatuses.join(", ")}` });
export type RunStatus = z.infer<typeof runStatusSchema>;

// The requirement and step-result shapes are the engine's own schemas (one definition: lib/engine/requirement-model).
export { onRejectSchema, userInputFieldSchema } from "@/lib/engine/schemas";
export {
  errorRequirementJsonSchema as errorRequirementSchema,
  executorRequirementJsonSchema as executorRequirementSchema,
  stepRequirementJsonSchema as stepRequirementSchema,
} from "@/lib/engine/schemas";
export { stepResultJsonSchema as stepResultSchema } from "@/lib/engine/schemas";
export type { UserInputField as UserInputFieldDto } from "@/lib/engine/schemas";
export type { ExecutorRequirementJSON as ExecutorRequirementDto } from "@/lib/engine/schemas";
export type { StepRequirementJSON as StepRequirementDto } from "@/lib/engine/schemas";
export type { ErrorRequirementJSON as ErrorRequirementDto } from "@/lib/engine/schemas";
export type { StepResultJSON as StepResultDto } from "@/lib/engine/schemas";

/** One entry of a run's event log. `event` is the name (e.g. "StepExecutorPaused"); `seq` orders it within the run. */
export const runEventSchema = z.looseObject({
  event: z.string(),
  runId: z.string(),
  createdAt: z.string(),
  seq: z.number().int().optional(),
  stepName: z.string().optional(),
  stepPath: z.array(z.string()).optional(),
  stepType: z.string().optional(),
  stepIndex: z.number().int().optional(),
  executorName: z.string().optional(),
  executorType: executorTypeSchema.optional(),
  memberName: z.string().optional(),
});
export type RunEventDto = z.infer<typeof runEventSchema>;

/** A running run whose worker stopped: attempt `attempt` of `of` to take it over (`waiting` until a worker has it). */
export const recoverySchema = z.object({
  attempt: z.number().int(),
  of: z.number().int(),
  waiting: z.boolean(),
});
export type Recovery = z.infer<typeof recoverySchema>;

/**
 * A run as the API returns it: the engine's snapshot without its internal resume state, plus the event log.
 * `version` must be sent back when resolving one of its requirements.
 */
export const runSchema = z.object({
  runId: z.string(),
  sessionId: z.string(),
  workflowName: z.string(),
  status: runStatusSchema,
  isPaused: z.boolean(),
  isCancelled: z.boolean(),
  /** Set while a run is being recovered: its worker stopped and another takes (or took) it over. */
  recovery: recoverySchema.nullable(),
  /** True for a run that ended `error` after its recovery attempts: POST /api/runs/{runId}/retry takes it up again. */
  retryable: z.boolean(),
  pauseKind: z.enum(["executor", "step", "error"]).optional(),
  pausedStepName: z.string().optional(),
  pausedStepPath: z.array(z.string()).optional(),
  input: jsonValueSchema,
  content: jsonValueSchema.optional(),
  error: z.string().optional(),
  cancelledStepName: z.string().optional(),
  cancelReason: z.string().optional(),
  stepRequirements: z.array(stepRequirementJsonSchema),
  errorRequirements: z.array(errorRequirementJsonSchema),
  stepResults: z.array(stepResultJsonSchema),
  createdBy: z.string().optional(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  events: z.array(runEventSchema),
});
export type RunDto = z.infer<typeof runSchema>;

/** Answer of GET /api/runs/{runId}, POST /api/workflows/{name}/runs (201) and POST /api/requirements/{id}/resolve. */
export const runResponseSchema = z.object({ run: runSchema });
export type RunResponse = z.infer<typeof runResponseSchema>;

export const runParamsSchema = z.object({ runId: z.string().min(1, "is required").max(200, "is too long") });

/** Query of GET /api/runs. Empty parameters count as absent. */
export const listRunsQuerySchema = z.object({
  status: runStatusSchema.optional(),
  workflow: workflowFilterSchema,
  q: z.string().max(200, "must be at most 200 characters").optional(),
  cursor: cursorSchema,
  limit: limitSchema,
});
export type ListRunsQuery = z.infer<typeof listRunsQuerySchema>;

export const runSummarySchema = z.object({
  runId: z.string(),
  sessionId: z.string(),
  workflowName: z.string(),
  status: runStatusSchema,
  recovery: recoverySchema.nullable(),
  pauseKind: z.string().nullable(),
  pausedStepName: z.string().nullable(),
  inputSummary: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  durationMs: z.number().nullable(),
  decisionCount: z.number().int(),
  pendingCount: z.number().int(),
  createdBy: z.string().nullable(),
  /** As on the run: it ended `error` after its recovery attempts, and POST /api/runs/{runId}/retry takes it up again. */
  retryable: z.boolean(),
});
export type RunSummary = z.infer<typeof runSummarySchema>;

export const listRunsResponseSchema = z.object({
  runs: z.array(runSummarySchema),
  nextCursor: z.string().nullable(),
});
export type ListRunsResponse = z.infer<typeof listRunsResponseSchema>;

/** Query of GET /api/runs/{runId}: `events=none` leaves the event log out (the run page pages it in on its own). */
export const runQuerySchema = z.object({
  events: z.enum(["all", "none"], { error: "must be all or none" }).default("all"),
});

/** Most events one page of GET /api/runs/{runId}/events holds. */
export const MAX_EVENTS_PAGE = 1000;

/**
 * Query of GET /api/runs/{runId}/events: resume after this sequence number (the Last-Event-ID header wins);
 * `limit` is the page size when the log is asked for as JSON.
 */
export const runEventsQuerySchema = z.object({
  afterSeq: z.coerce.number({ error: "must be a number" }).int("must be a whole number").min(0, "must be at least 0").optional(),
  limit: z.coerce
    .number({ error: "must be a number" })
    .int("must be a whole number")
    .min(1, "must be at least 1")
    .max(MAX_EVENTS_PAGE, `must be at most ${MAX_EVENTS_PAGE}`)
    .default(200),
});

/**
 * GET /api/runs/{runId}/events with `Accept: application/json`: one page of the log, oldest first. `nextAfterSeq` is
 * the `afterSeq` of the next page, or null when this page reached the end of what is written so far.
 */
export const runEventsPageSchema = z.object({
  events: z.array(runEventSchema),
  nextAfterSeq: z.number().int().nullable(),
});
export type RunEventsPage = z.infer<typeof runEventsPageSchema>;

/**
 * The event stream: every run event is an unnamed SSE message (`data:` = RunEventDto, `id:` = its seq).
 * The last message is named "end" (`event: end`) with RunStreamEnd once the run is paused or finished; close the
 * EventSource on it, or it reconnects.
 */
export const RUN_STREAM_END_EVENT = "end";
export const runStreamEndSchema = z.object({
  runId: z.string(),
  status: runStatusSchema,
  version: z.number().int(),
});
export type RunStreamEnd = z.infer<typeof runStreamEndSchema>;
