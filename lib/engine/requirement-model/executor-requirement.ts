import { z } from "zod";
import { jsonValue } from "../json";
import { executorTypeSchema, jsonObject, userInputFieldSchema } from "./fields";

/** `retried` and `skipped` answer a call left in doubt by a crash (`inDoubt`); `completed` gives any call its result. */
export const executorRequirementStatusSchema = z.enum(["pending", "confirmed", "rejected", "provided", "completed", "retried", "skipped"]);
export type ExecutorRequirementStatus = z.infer<typeof executorRequirementStatusSchema>;

/**
 * A call a person approved started, and the worker running it died before its result was recorded: nobody knows
 * whether it took effect. It is not run again on its own; a person decides (retry with the same key, skip, or paste
 * what happened).
 */
export const inDoubtCallSchema = z.object({
  /** The attempt that started and left no result (1 for the approved run, one more per retry). */
  attempt: z.number().int(),
  /** The key that attempt ran with; a retry runs with it again. */
  idempotencyKey: z.string(),
  /** When that attempt started. */
  startedAt: z.string(),
});
export type InDoubtCall = z.infer<typeof inDoubtCallSchema>;

export const toolExecutionSchema = z.object({
  toolCallId: z.string(),
  toolName: z.string(),
  toolArgs: jsonObject,
  result: jsonValue.optional(),
});
export type ToolExecutionJSON = z.infer<typeof toolExecutionSchema>;

/** JSON form of an ExecutorRequirement (one tool call of an agent or team that waits for a person): persisted and sent over HTTP. */
export const executorRequirementJsonSchema = z.object({
  id: z.string(),
  /** The agent or team run that paused. */
  runId: z.string(),
  executorId: z.string(),
  executorName: z.string(),
  executorType: executorTypeSchema,
  /** For a team: the member that called the tool. */
  memberName: z.string().optional(),
  toolExecution: toolExecutionSchema,
  /** The arguments as the model proposed them, before any provided values replaced some (audit). */
  proposedArgs: jsonObject.optional(),
  needsConfirmation: z.boolean(),
  /** A confirmation's tool as JSON schema, for the form that edits the arguments before approving. */
  argsSchema: jsonObject.optional(),
  /** False when the tool forbids editing its arguments (`allowArgEdits: false`); absent means allowed. */
  allowArgEdits: z.boolean().optional(),
  /** Set when the person approved edited arguments (`confirm({ args })`): `toolExecution.toolArgs` holds them. */
  argsEdited: z.boolean().optional(),
  needsUserInput: z.boolean(),
  needsExternalExecution: z.boolean(),
  /** Set on a `tool_in_doubt` requirement: the approved call started before a crash and left no result. */
  inDoubt: inDoubtCallSchema.optional(),
  userInputSchema: z.array(userInputFieldSchema),
  status: executorRequirementStatusSchema,
  /** Values a person provided for user-input fields (already merged into toolArgs when the tool runs). */
  providedValues: jsonObject.optional(),
  note: z.string().optional(),
  resolvedAt: z.string().optional(),
  resolvedBy: z.string().optional(),
  createdAt: z.string(),
});
export type ExecutorRequirementJSON = z.infer<typeof executorRequirementJsonSchema>;
