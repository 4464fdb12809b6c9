import { z } from "zod";

export const workflowRunStatusSchema = z.enum(["pending", "running", "paused", "completed", "error", "cancelled"]);
export type WorkflowRunStatus = z.infer<typeof workflowRunStatusSchema>;

/** What a paused run waits on: an agent/team's tools, a step's gate or review, or a person's call on a failed step. */
export const pauseKindSchema = z.enum(["executor", "step", "error"]);
export type PauseKind = z.infer<typeof pauseKindSchema>;
