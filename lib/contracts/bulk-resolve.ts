import { z } from "zod";
import { apiErrorCodeSchema } from "./errors";
import type { RequirementKindName } from "./requirement-kinds";
import { requirementParamsSchema } from "./requirements";

/** Most items one bulk decision may carry: a screenful of the inbox, and a request that answers in well under a second. */
export const MAX_BULK_ITEMS = 100;

const version = z.number({ error: "must be the run version you saw (a number)" }).int("must be a whole number").min(1, "must be at least 1");

/** Decide items someone else holds a live claim on (each recorded in the audit log as an override); without it they answer 409 claimed_by_other. */
const override = z.boolean({ error: "must be true or false" }).optional();

/** One selected item: its id and the version of its run the person saw, as on a single decision. */
export const bulkItemSchema = z.object({ id: requirementParamsSchema.shape.id, version });

const items = z
  .array(bulkItemSchema, { error: "must be a list of { id, version }" })
  .min(1, "select at least one item")
  .max(MAX_BULK_ITEMS, `at most ${MAX_BULK_ITEMS} items at once`)
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((item, index) => {
      if (seen.has(item.id)) ctx.addIssue({ code: "custom", path: [index, "id"], message: `lists ${item.id} twice` });
      seen.add(item.id);
    });
  });

/**
 * POST /api/requirements/bulk-resolve: one answer for many items. Only the answers that fit a whole selection:
 * approve, or reject with one note (sent to the model for tool calls, as feedback for step reviews).
 */
export const bulkResolveRequestSchema = z.discriminatedUnion(
  "action",
  [
    z.object({ action: z.literal("confirm"), items, override }),
    z.object({ action: z.literal("reject"), items, override, note: z.string().max(2000, "must be at most 2000 characters").optional() }),
  ],
  { error: 'must be "confirm" or "reject"' },
);
export type BulkResolveRequest = z.infer<typeof bulkResolveRequestSchema>;

/** What became of one item: decided (and whether its run went on), or the error a single decision would have met. */
export const bulkItemResultSchema = z.discriminatedUnion("outcome", [
  z.object({ id: z.string(), outcome: z.literal("decided"), runId: z.string(), continued: z.boolean() }),
  z.object({
    id: z.string(),
    outcome: z.literal("failed"),
    status: z.number().int(),
    error: z.object({ code: apiErrorCodeSchema, message: z.string() }),
  }),
]);
export type BulkItemResult = z.infer<typeof bulkItemResultSchema>;

/** In the order the items were sent. */
export const bulkResolveResponseSchema = z.object({
  results: z.array(bulkItemResultSchema),
  decided: z.number().int(),
  failed: z.number().int(),
});
export type BulkResolveResponse = z.infer<typeof bulkResolveResponseSchema>;

/**
 * The kinds the inbox lets a person select for a bulk answer: those whose approve and reject mean the same on every
 * item (go ahead / do not). Others need an answer of their own (values, a result, a route, a loop's next step).
 */
export const bulkKinds = ["confirmation", "step_confirmation", "output_review"] as const satisfies readonly RequirementKindName[];
export const isBulkKind = (kind: RequirementKindName): boolean => (bulkKinds as readonly RequirementKindName[]).includes(kind);
