// A pending requirement row (joined with its run's version) → one item of the approval inbox. Each column is parsed
// with the engine's `inboxItemSchema`, which checks the details against the kind.
import type { z } from "zod";
import { inboxItemSchema, type InboxItem } from "@/lib/engine/schemas";
import { CorruptRowError } from "./errors";
import { parseJsonText } from "./parse-column";

/** The columns the inbox query selects, as the driver returns them. */
export interface InboxRow {
  id: string;
  runId: string;
  workflowName: string;
  stepName: string;
  stepPath: string;
  stepType: string;
  stepIndex: number | bigint | null;
  kind: string;
  executorName: string | null;
  executorType: string | null;
  memberName: string | null;
  toolName: string | null;
  toolArgs: string | null;
  userInputSchema: string | null;
  message: string | null;
  details: string | null;
  /** A Date or an ISO string, depending on the driver. */
  createdAt: Date | string;
  /** A number or a bigint, depending on the driver. */
  version: number | bigint;
}

/** The column an issue points at, as the table names it (stepPath → step_path). */
const columnOf = (error: z.ZodError): string => String(error.issues[0]?.path[0] ?? "data").replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** The inbox item a pending requirement row makes, parsed with `inboxItemSchema` (the details checked against the kind). */
export function inboxItemFromRow(r: InboxRow): InboxItem {
  const at = (column: string) => ({ table: "requirements", row: r.id, column });
  const json = (text: string | null, column: string): unknown => (text === null ? null : parseJsonText(text, at(column)));
  const parsed = inboxItemSchema.safeParse({
    id: r.id,
    version: Number(r.version),
    runId: r.runId,
    workflowName: r.workflowName,
    stepName: r.stepName,
    stepPath: json(r.stepPath, "step_path"),
    stepType: r.stepType,
    stepIndex: r.stepIndex === null ? null : Number(r.stepIndex),
    kind: r.kind,
    executorName: r.executorName,
    executorType: r.executorType,
    memberName: r.memberName,
    toolName: r.toolName,
    toolArgs: json(r.toolArgs, "tool_args"),
    userInputSchema: json(r.userInputSchema, "user_input_schema"),
    message: r.message,
    details: json(r.details, "details"),
    createdAt: new Date(r.createdAt).toISOString(),
  });
  if (!parsed.success) throw new CorruptRowError(at(columnOf(parsed.error)), parsed.error);
  return parsed.data;
}
