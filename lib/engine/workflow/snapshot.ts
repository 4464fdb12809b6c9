import type { JsonValue } from "../json";
import type { ExecutorRequirementJSON, ExecutorType } from "../requirements";
import type { UserInputField } from "../user-input";

export type WorkflowRunStatus = "pending" | "running" | "paused" | "completed" | "error" | "cancelled";
export type PauseKind = "executor" | "step" | "error";
export type StepType = "step" | "steps" | "condition" | "loop" | "router" | "parallel";
export type OnReject = "skip" | "cancel" | "else" | "retry";
export type OnTimeout = "approve" | "skip" | "cancel";
export type StepRequirementStatus = "pending" | "resolved" | "timed_out";

/**
 * What a person did with a step requirement. Executor requirements record theirs on each
 * ExecutorRequirement; the step requirement that wraps them gets "executor".
 */
export type StepResolution = "confirm" | "reject" | "input" | "edit" | "select" | "executor" | "timeout";

/**
 * The inbox's name for what a requirement waits for. One inbox item per executor requirement,
 * and one per step requirement that is not an executor pause.
 */
export type RequirementKind =
  | "confirmation"
  | "user_input"
  | "external_execution"
  | "tool_in_doubt"
  | "step_confirmation"
  | "step_user_input"
  | "output_review"
  | "route_selection"
  | "iteration_review"
  | "error";

export interface StepRequirementJSON {
  id: string;
  stepName: string;
  stepPath: string[];
  stepType: StepType;
  /** The step's position among its siblings (0-based). */
  stepIndex?: number;
  status: StepRequirementStatus;
  resolution?: StepResolution;
  createdAt: string;
  resolvedAt?: string;
  resolvedBy?: string;
  /** Step confirmation (also used for Loop iteration review: confirm = stop, reject = another iteration). */
  requiresConfirmation: boolean;
  confirmationMessage?: string;
  confirmed?: boolean;
  onReject?: OnReject;
  /** Outcomes a person may pick when rejecting; `onReject` is the default one. */
  allowedOnReject?: OnReject[];
  /** What the person picked when rejecting, if not the default. */
  chosenOnReject?: OnReject;
  /** A Condition's evaluator's answer, when a person decides the branch. */
  suggestedBranch?: "if" | "else";
  requiresIterationReview?: boolean;
  iteration?: number;
  /** Step user input. */
  requiresUserInput: boolean;
  userInputMessage?: string;
  userInputSchema?: UserInputField[];
  userInput?: { [field: string]: JsonValue };
  /** Router selection. */
  requiresRouteSelection: boolean;
  availableChoices?: string[];
  allowMultipleSelections?: boolean;
  selectedChoices?: string[];
  /** Output review. */
  requiresOutputReview: boolean;
  outputReviewMessage?: string;
  stepOutput?: JsonValue;
  rejectionFeedback?: string;
  editedOutput?: JsonValue;
  retryCount?: number;
  maxRetries?: number;
  /** Gate timeout. */
  timeoutAt?: string;
  onTimeout?: OnTimeout;
  /** Executor (agent/team tool) pause. */
  requiresExecutorInput: boolean;
  executorId?: string;
  executorName?: string;
  executorType?: ExecutorType;
  executorRequirements?: ExecutorRequirementJSON[];
  note?: string;
}

export interface ErrorRequirementJSON {
  id: string;
  stepName: string;
  stepPath: string[];
  stepType: StepType;
  stepIndex?: number;
  errorMessage: string;
  /** The thrown error's class name. */
  errorType?: string;
  retryCount: number;
  status: "pending" | "resolved";
  action?: "retry" | "skip";
  createdAt: string;
  resolvedAt?: string;
  resolvedBy?: string;
}

export type StepResultStatus = "completed" | "skipped" | "error" | "cancelled";

export interface StepResultJSON {
  stepName: string;
  stepPath: string[];
  stepType: StepType;
  status: StepResultStatus;
  content?: JsonValue;
  error?: string;
  startedAt: string;
  completedAt: string;
  durationMs: number;
  executorName?: string;
  executorType?: ExecutorType;
  /** Loop iteration (1-based) the step ran in, when inside a Loop. */
  iteration?: number;
}

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
