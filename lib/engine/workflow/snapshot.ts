import type { JsonValue } from "../json";
import type { ErrorRequirementJSON, StepRequirementJSON } from "../requirement-model";
import type { PauseKind, WorkflowRunStatus } from "./run-status";
import type { StepResultJSON } from "./step-result-schema";

// The requirement shapes are zod schemas (lib/engine/requirement-model); these are their inferred types.
export type {
  ErrorRequirementJSON,
  OnReject,
  OnTimeout,
  RequirementKind,
  StepRequirementJSON,
  StepRequirementStatus,
  StepResolution,
  StepType,
} from "../requirement-model";
export type { StepResultJSON, StepResultStatus } from "./step-result-schema";

export type { PauseKind, WorkflowRunStatus } from "./run-status";

/** Who executes a running run, and until when; a lease that is not renewed in time lets another worker take over. */
export interface RunLease {
  owner: string;
  expiresAt: string;
}

/** JSON form of a WorkflowRunOutput: what the Store persists and the HTTP API returns. */
export interface WorkflowRunJSON {
  runId: string;
  sessionId: string;
  workflowName: string;
  status: WorkflowRunStatus;
  isPaused: boolean;
  isCancelled: boolean;
  pauseKind?: PauseKind;
  pausedStepName?: string;
  pausedStepPath?: string[];
  input: JsonValue;
  content?: JsonValue;
  error?: string;
  /** For a cancelled run: the step whose rejection (or timeout) cancelled it, and why. */
  cancelledStepName?: string;
  cancelReason?: string;
  stepRequirements: StepRequirementJSON[];
  errorRequirements: ErrorRequirementJSON[];
  stepResults: StepResultJSON[];
  /** Engine-internal continuation: where every container stands. Opaque to everyone but the engine. */
  resumeState?: JsonValue;
  /**
   * The worker executing the run while status is "running", and until when its lease holds. Written by the
   * store's lease calls only (never by the engine's saves); cleared when the run leaves "running".
   */
  lease?: RunLease;
  /** How many times a worker picked the run up again after another's lease expired, in this segment of the run. */
  recoveries?: number;
  /** Who started the run (user id or email), when known. */
  createdBy?: string;
  /** Optimistic-lock version, set by the Store. */
  version: number;
  createdAt: string;
  updatedAt: string;
}
