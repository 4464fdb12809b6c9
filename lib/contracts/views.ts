import { z } from "zod";
import { assignableRoles } from "./claims";
import { workflowFilterSchema } from "./paging";
import { requirementKindSchema } from "./requirement-kinds";

/** The inbox's built-in tabs: claimed by or assigned to me (or my role), nobody's, everything. */
export const inboxViews = ["mine", "unassigned", "all"] as const;
export const inboxViewSchema = z.enum(inboxViews, { error: 'must be "mine", "unassigned" or "all"' });
export type InboxView = z.infer<typeof inboxViewSchema>;

/** Counts stop here: a tab shows "1000+" rather than counting a huge inbox on every refresh. */
export const VIEW_COUNT_CAP = 1000;

const assigneeFilter = z
  .string()
  .min(1, "is required")
  .max(200, "is too long")
  .refine((value) => !value.startsWith("role:") || (assignableRoles as readonly string[]).includes(value.slice(5)), {
    error: 'must be "none", a user id, or "role:approver" / "role:admin"',
  });

/**
 * What an inbox list or a saved view filters on. `olderThan` is minutes waited; `assignee` is "none", a user id,
 * or "role:<role>". The query string form coerces `olderThan` from text.
 */
export const inboxFiltersSchema = z.strictObject({
  view: inboxViewSchema.optional(),
  workflow: workflowFilterSchema,
  tool: z.string().max(200, "must be at most 200 characters").optional(),
  kind: requirementKindSchema.optional(),
  olderThan: z.coerce
    .number({ error: "must be a number of minutes" })
    .int("must be a whole number of minutes")
    .min(1, "must be at least 1 minute")
    .max(525_600, "must be at most a year (525600 minutes)")
    .optional(),
  assignee: assigneeFilter.optional(),
});
export type InboxFilters = z.infer<typeof inboxFiltersSchema>;

const viewName = z.string().trim().min(1, "is required").max(60, "must be at most 60 characters");

/** A person's saved view with how many items it holds now (at most VIEW_COUNT_CAP). */
export const savedViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  filters: inboxFiltersSchema,
  count: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SavedView = z.infer<typeof savedViewSchema>;

/** GET /api/views: the caller's saved views, oldest first, and the counts of the built-in tabs. */
export const listViewsResponseSchema = z.object({
  views: z.array(savedViewSchema),
  counts: z.object({ mine: z.number().int(), unassigned: z.number().int(), all: z.number().int() }),
});
export type ListViewsResponse = z.infer<typeof listViewsResponseSchema>;

/** POST /api/views. */
export const createViewRequestSchema = z.strictObject({ name: viewName, filters: inboxFiltersSchema });
export type CreateViewRequest = z.infer<typeof createViewRequestSchema>;

/** PATCH /api/views/{id}: a new name, new filters, or both. */
export const updateViewRequestSchema = z
  .strictObject({ name: viewName.optional(), filters: inboxFiltersSchema.optional() })
  .refine((body) => body.name !== undefined || body.filters !== undefined, { error: "give a new name or new filters", path: ["name"] });
export type UpdateViewRequest = z.infer<typeof updateViewRequestSchema>;

export const viewResponseSchema = z.object({ view: savedViewSchema });
export type ViewResponse = z.infer<typeof viewResponseSchema>;
