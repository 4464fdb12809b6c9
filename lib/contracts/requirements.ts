import { z } from "zod";
import { inboxItemSchema, type InboxItem } from "@/lib/engine/schemas";
import { cursorSchema, limitSchema, workflowFilterSchema } from "./paging";
import { jsonObjectSchema, jsonValueSchema } from "./json";
import { onRejectSchema, runSchema } from "./runs";

/** One item of the approval inbox (the engine's `inboxItemSchema`). Send `version` back when resolving it. */
export const pendingRequirementSchema = inboxItemSchema;
export type PendingRequirement = InboxItem;

/** Query of GET /api/requirements. Only pending requirements are listed; decided ones live in the run history. */
export const listRequirementsQuerySchema = z.object({
  status: z.literal("pending", { error: 'only "pending" is supported' }).default("pending"),
  workflow: workflowFilterSchema,
  cursor: cursorSchema,
  limit: limitSchema,
});
export type ListRequirementsQuery = z.infer<typeof listRequirementsQuerySchema>;

export const listRequirementsResponseSchema = z.object({
  requirements: z.array(pendingRequirementSchema),
  nextCursor: z.string().nullable(),
  /** All pending requirements (every workflow), for the navigation badge. */
  total: z.number().int(),
});
export type ListRequirementsResponse = z.infer<typeof listRequirementsResponseSchema>;

export const requirementParamsSchema = z.object({ id: z.string().min(1, "is required").max(200, "is too long") });

const version = z.number({ error: "must be the run version you saw (a number)" }).int("must be a whole number").min(1, "must be at least 1");
const text = (max: number) => z.string().max(max, `must be at most ${max} characters`);

/**
 * POST /api/requirements/{id}/resolve. Which actions fit which kind: `actionsByKind`.
 * `confirm` takes `args` to approve a tool call with edited arguments (checked with the tool's schema; 400 naming
 * `args.<field>`).
 * `reject` takes `note` (sent to the model for tool calls) and/or `feedback` (step review and iteration review), and
 * `onReject` to pick another outcome the gate allows (its `allowedOnReject`), e.g. "cancel".
 */
export const resolveRequestSchema = z.discriminatedUnion(
  "action",
  [
    z.object({
      action: z.literal("confirm"),
      version,
      /** A tool confirmation approved with edited arguments: they replace the proposed ones whole. */
      args: jsonObjectSchema.optional(),
    }),
    z.object({ action: z.literal("reject"), version, note: text(2000).optional(), feedback: text(2000).optional(), onReject: onRejectSchema.optional() }),
    z.object({ action: z.literal("input"), version, values: jsonObjectSchema }),
    z.object({ action: z.literal("result"), version, result: jsonValueSchema }),
    z.object({ action: z.literal("edit"), version, output: jsonValueSchema }),
    z.object({ action: z.literal("select"), version, choices: z.array(z.string()).min(1, "pick at least one choice") }),
    z.object({ action: z.literal("retry"), version }),
    z.object({ action: z.literal("skip"), version }),
  ],
  { error: 'must be one of "confirm", "reject", "input", "result", "edit", "select", "retry", "skip"' },
);
export type ResolveRequest = z.infer<typeof resolveRequestSchema>;

/** What the resolve answer says beside the run: whether the run went on, or waits for other open requirements. */
export const resolveResponseSchema = z.object({
  run: runSchema,
  continued: z.boolean(),
});
export type ResolveResponse = z.infer<typeof resolveResponseSchema>;
