// A pending requirement row (joined with its run's version) → one item of the approval inbox. Each column is parsed
// with the schema its writer used; the details are checked against their kind (`waitingForSchema`).
import { z } from "zod";
import { jsonValue } from "@/lib/engine/json";
import {
  executorTypeSchema,
  jsonObject,
  requirementKindSchema,
  stepTypeSchema,
  userInputFieldSchema,
  waitingForSchema,
} from "@/lib/engine/requirement-model";
import type { PendingRequirementRow } from "./app-store";
import { parseColumn, parseJsonColumn } from "./parse-column";

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

const stepPathSchema = z.array(z.string());
const userInputSchemaSchema = z.array(userInputFieldSchema);

export function inboxItemFromRow(r: InboxRow): PendingRequirementRow {
  const at = (column: string) => ({ table: "requirements", row: r.id, column });
  const kind = parseColumn(requirementKindSchema, r.kind, at("kind"));
  const details = r.details === null ? null : parseJsonColumn(jsonValue, r.details, at("details"));
  parseColumn(waitingForSchema, { kind, details }, at("details"));
  return {
    id: r.id,
    version: Number(r.version),
    runId: r.runId,
    workflowName: r.workflowName,
    stepName: r.stepName,
    stepPath: parseJsonColumn(stepPathSchema, r.stepPath, at("step_path")),
    stepType: parseColumn(stepTypeSchema, r.stepType, at("step_type")),
    stepIndex: r.stepIndex === null ? null : Number(r.stepIndex),
    kind,
    executorName: r.executorName,
    executorType: r.executorType === null ? null : parseColumn(executorTypeSchema, r.executorType, at("executor_type")),
    memberName: r.memberName,
    toolName: r.toolName,
    toolArgs: r.toolArgs === null ? null : parseJsonColumn(jsonObject, r.toolArgs, at("tool_args")),
    userInputSchema: r.userInputSchema === null ? null : parseJsonColumn(userInputSchemaSchema, r.userInputSchema, at("user_input_schema")),
    message: r.message,
    details,
    createdAt: new Date(r.createdAt).toISOString(),
  };
}
