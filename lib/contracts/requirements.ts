import { z } from "zod";
import { inboxItemSchema, type InboxItem } from "@/lib/engine/schemas";
import type { Assignee, Claim } from "./claims";
import { assigneeSchema, claimSchema } from "./claims";
import { cursorSchema, limitSchema } from "./paging";
import { inboxFiltersSchema } from "./views";
import { jsonObjectSchema, jsonValueSchema } from "./json";
import { onRejectSchema, runSchema } from "./runs";

/**
 * One item of the approval inbox (the engine's `inboxItemSchema`) with who is on it and whom it is assigned to.
 * Send `version` back when resolving it. `claim` and `assignee` are always sent; optional for items built elsewhere.
 */
export const pendingRequirementSchema = inboxItemSchema.and(
  z.object({ claim: claimSchema.nullable().optional(), assignee: assigneeSchema.nullable().optional() }),
);
export type PendingRequirement = InboxItem & { claim?: Claim | null; assignee?: Assignee | null };

/**
 * Query of GET /api/requirements: the inbox filters (view, workflow, tool, kind, olderThan, assignee) and paging.
 * Only pending requirements are listed; decided ones live in the run history.
 */
export const listRequirementsQuerySchema = z.object({
  ...inboxFiltersSchema.shape,
  status: z.literal("pending", { error: 'only "pending" is supported' }).default("pending"),
  cursor: cursorSchema,
  limit: limitSchema,
});
export type ListRequirementsQuery = z.infer<typeof listRequirementsQuerySchema>;

export const listRequirementsResponseSchema = z.object({
  requirements: z.array(pendingRequirementSchema),
  nextCursor: z.string().nullable(),
  /** All pending requirements (every workflow, every view), for the navigation badge. */
  total: z.number().int(),
});
export type ListRequirementsResponse = z.infer<typeof listRequirementsResponseSchema>;

export const requirementParamsSchema = z.object({ id: z.string().min(1, "is required").max(200, "is too long") });

const version = z.number({ error: "must be the run version you saw (a number)" }).int("must be a whole number").min(1, "must be at least 1");
/** Decide although someone else holds a live claim on the item; without it that answers 409 `claimed_by_other`. */
const override = z.boolean({ error: "must be true or false" }).optional();
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
      override,
      /** A tool confirmation approved with edited arguments: they replace the proposed ones whole. */
      args: jsonObjectSchema.optional(),
    }),
    z.object({ action: z.literal("reject"), version, override, note: text(2000).optional(), feedback: text(2000).optional(), onReject: onRejectSchema.optional() }),
    z.object({ action: z.literal("input"), version, override, values: jsonObjectSchema }),
    z.object({ action: z.literal("result"), version, override, result: jsonValueSchema }),
    z.object({ action: z.literal("edit"), version, override, output: jsonValueSchema }),
    z.object({ action: z.literal("select"), version, override, choices: z.array(z.string()).min(1, "pick at least one choice") }),
    z.object({ action: z.literal("retry"), version, override }),
    z.object({ action: z.literal("skip"), version, override }),
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
