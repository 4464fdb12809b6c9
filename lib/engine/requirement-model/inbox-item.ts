import { z } from "zod";
import { jsonValue } from "../json";
import { executorTypeSchema, jsonObject, stepTypeSchema, userInputFieldSchema } from "./fields";
import { requirementKindSchema } from "./kind";
import { waitingForSchema } from "./waiting-for";

/** The fields of an inbox item; `details` is checked against `kind` by `inboxItemSchema`. */
export const inboxItemFieldsSchema = z.object({
  id: z.string(),
  /** The run's optimistic-lock version: a resolve request must carry it back. */
  version: z.number().int(),
  runId: z.string(),
  workflowName: z.string(),
  stepName: z.string(),
  stepPath: z.array(z.string()),
  stepType: stepTypeSchema,
  /** The step's position among its siblings (0-based), beside stepPath; null for requirements stored before it was kept. */
  stepIndex: z.number().int().nullable(),
  kind: requirementKindSchema,
  executorName: z.string().nullable(),
  executorType: executorTypeSchema.nullable(),
  memberName: z.string().nullable(),
  toolName: z.string().nullable(),
  toolArgs: jsonObject.nullable(),
  userInputSchema: z.array(userInputFieldSchema).nullable(),
  /** The gate's message (confirmation, input, output review) or the error message. */
  message: z.string().nullable(),
  /** The rest of what the person needs, by kind (`waitingForSchema`): output under review, router choices, ... */
  details: jsonValue.nullable(),
  createdAt: z.string(),
});

/**
 * One pending requirement as the approval inbox lists it: an executor requirement (a tool call), a step's gate or
 * review, or an error decision. Built by the database from its requirement row; sent over HTTP as it is.
 */
export const inboxItemSchema = inboxItemFieldsSchema.superRefine((item, ctx) => {
  const checked = waitingForSchema.safeParse({ kind: item.kind, details: item.details });
  if (checked.success) return;
  for (const issue of checked.error.issues) {
    ctx.addIssue({ code: "custom", path: issue.path, message: `${issue.message} (for a ${item.kind} requirement)` });
  }
});
export type InboxItem = z.infer<typeof inboxItemSchema>;
