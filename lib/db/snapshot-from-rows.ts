// Run row + requirement rows → the engine's snapshot. Every stored JSON value is parsed with the schema its writer
// used; a value that does not fit is a CorruptRowError (a 500 with one clear log line), never a 400.
import { z } from "zod";
import {
  type ErrorRequirementJSON,
  errorRequirementJsonSchema,
  executorRequirementJsonSchema,
  jsonValue,
  pauseKindSchema,
  type StepRequirementJSON,
  stepRequirementJsonSchema,
  stepResultJsonSchema,
  workflowRunStatusSchema,
} from "@/lib/engine/schemas";
import type { WorkflowRunJSON } from "@/lib/engine";
import { parseColumn, parseJsonColumn } from "./parse-column";
import { EXECUTOR_PAUSE } from "./requirement-rows";
import type { LeaseRow, RunRow } from "./run-rows";

const stepPathSchema = z.array(z.string());
const stepResultsSchema = z.array(stepResultJsonSchema);

/** Rebuilds the engine's snapshot from a run row and its requirement rows (ordered by position). */
export function snapshotFromRows(
  row: RunRow & { version: number } & Partial<LeaseRow>,
  requirements: readonly { kind: string; parentId: string | null; data: string }[],
): WorkflowRunJSON {
  const stepRequirements: StepRequirementJSON[] = [];
  const errorRequirements: ErrorRequirementJSON[] = [];
  const groups = new Map<string, StepRequirementJSON>();
  requirements.forEach((r, position) => {
    const where = { table: "requirements", row: `at position ${position} of run ${row.id}`, column: "data" };
    if (r.kind === EXECUTOR_PAUSE) {
      const group = parseJsonColumn(stepRequirementJsonSchema, r.data, where);
      groups.set(group.id, group);
      stepRequirements.push(group);
    } else if (r.parentId !== null) {
      groups.get(r.parentId)?.executorRequirements?.push(parseJsonColumn(executorRequirementJsonSchema, r.data, where));
    } else if (r.kind === "error") {
      errorRequirements.push(parseJsonColumn(errorRequirementJsonSchema, r.data, where));
    } else {
      stepRequirements.push(parseJsonColumn(stepRequirementJsonSchema, r.data, where));
    }
  });
  const at = (column: string) => ({ table: "runs", row: row.id, column });
  const status = parseColumn(workflowRunStatusSchema, row.status, at("status"));
  const run: WorkflowRunJSON = {
    runId: row.id,
    sessionId: row.sessionId,
    workflowName: row.workflowName,
    status,
    isPaused: status === "paused",
    isCancelled: status === "cancelled",
    input: parseJsonColumn(jsonValue, row.input, at("input")),
    stepRequirements,
    errorRequirements,
    stepResults: parseJsonColumn(stepResultsSchema, row.stepResults, at("step_results")),
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
  if (row.pauseKind !== null) run.pauseKind = parseColumn(pauseKindSchema, row.pauseKind, at("pause_kind"));
  if (row.pausedStepName !== null) run.pausedStepName = row.pausedStepName;
  if (row.pausedStepPath !== null) run.pausedStepPath = parseJsonColumn(stepPathSchema, row.pausedStepPath, at("paused_step_path"));
  if (row.content !== null) run.content = parseJsonColumn(jsonValue, row.content, at("content"));
  if (row.error !== null) run.error = row.error;
  if (row.cancelledStepName !== null) run.cancelledStepName = row.cancelledStepName;
  if (row.cancelReason !== null) run.cancelReason = row.cancelReason;
  if (row.resumeState !== null) run.resumeState = parseJsonColumn(jsonValue, row.resumeState, at("resume_state"));
  if (row.leaseOwner && row.leaseExpiresAt) run.lease = { owner: row.leaseOwner, expiresAt: row.leaseExpiresAt.toISOString() };
  if (row.recoveries) run.recoveries = row.recoveries;
  if (row.createdBy !== null) run.createdBy = row.createdBy;
  return run;
}
