import type { JsonValue } from "../json";
import { ErrorRequirement } from "./error-requirement";
import { StepRequirement } from "./step-requirement";
import type { PauseKind, RunLease, StepResultJSON, WorkflowRunJSON, WorkflowRunStatus } from "./snapshot";

/** A workflow run as it stands: paused (resolve its requirements, then continue), completed, cancelled or failed. */
export class WorkflowRunOutput {
  readonly runId: string;
  readonly sessionId: string;
  readonly workflowName: string;
  status: WorkflowRunStatus;
  pauseKind?: PauseKind;
  pausedStepName?: string;
  pausedStepPath?: string[];
  readonly input: JsonValue;
  content?: JsonValue;
  error?: string;
  cancelledStepName?: string;
  cancelReason?: string;
  /** Every pause of this run in order; the last entries (those the resume state points at) are the active ones. */
  stepRequirements: StepRequirement[];
  errorRequirements: ErrorRequirement[];
  stepResults: StepResultJSON[];
  resumeState?: JsonValue;
  lease?: RunLease;
  recoveries?: number;
  createdBy?: string;
  /** The stored version: continueRun claims the run only if nobody changed it since. */
  version: number;
  readonly createdAt: string;
  updatedAt: string;

  constructor(data: WorkflowRunJSON) {
    this.runId = data.runId;
    this.sessionId = data.sessionId;
    this.workflowName = data.workflowName;
    this.status = data.status;
    this.input = data.input;
    this.stepRequirements = data.stepRequirements.map((r) => StepRequirement.fromJSON(r));
    this.errorRequirements = data.errorRequirements.map((r) => ErrorRequirement.fromJSON(r));
    this.stepResults = data.stepResults.slice();
    this.version = data.version;
    this.createdAt = data.createdAt;
    this.updatedAt = data.updatedAt;
    if (data.pauseKind !== undefined) this.pauseKind = data.pauseKind;
    if (data.pausedStepName !== undefined) this.pausedStepName = data.pausedStepName;
    if (data.pausedStepPath !== undefined) this.pausedStepPath = data.pausedStepPath;
    if (data.content !== undefined) this.content = data.content;
    if (data.error !== undefined) this.error = data.error;
    if (data.cancelledStepName !== undefined) this.cancelledStepName = data.cancelledStepName;
    if (data.cancelReason !== undefined) this.cancelReason = data.cancelReason;
    if (data.resumeState !== undefined) this.resumeState = data.resumeState;
    if (data.lease !== undefined) this.lease = data.lease;
    if (data.recoveries !== undefined) this.recoveries = data.recoveries;
    if (data.createdBy !== undefined) this.createdBy = data.createdBy;
  }

  static fromJSON(data: WorkflowRunJSON): WorkflowRunOutput {
    return new WorkflowRunOutput(data);
  }

  get isPaused(): boolean {
    return this.status === "paused";
  }

  get isCancelled(): boolean {
    return this.status === "cancelled";
  }

  /** Step requirements nobody has resolved yet. */
  get pendingStepRequirements(): StepRequirement[] {
    return this.stepRequirements.filter((r) => !r.isResolved);
  }

  get pendingErrorRequirements(): ErrorRequirement[] {
    return this.errorRequirements.filter((r) => !r.isResolved);
  }

  toJSON(): WorkflowRunJSON {
    const out: WorkflowRunJSON = {
      runId: this.runId,
      sessionId: this.sessionId,
      workflowName: this.workflowName,
      status: this.status,
      isPaused: this.isPaused,
      isCancelled: this.isCancelled,
      input: this.input,
      stepRequirements: this.stepRequirements.map((r) => r.toJSON()),
      errorRequirements: this.errorRequirements.map((r) => r.toJSON()),
      stepResults: this.stepResults,
      version: this.version,
      createdAt: this.createdAt,
      updatedAt: this.updatedAt,
    };
    if (this.pauseKind !== undefined) out.pauseKind = this.pauseKind;
    if (this.pausedStepName !== undefined) out.pausedStepName = this.pausedStepName;
    if (this.pausedStepPath !== undefined) out.pausedStepPath = this.pausedStepPath;
    if (this.content !== undefined) out.content = this.content;
    if (this.error !== undefined) out.error = this.error;
    if (this.cancelledStepName !== undefined) out.cancelledStepName = this.cancelledStepName;
    if (this.cancelReason !== undefined) out.cancelReason = this.cancelReason;
    if (this.resumeState !== undefined) out.resumeState = this.resumeState;
    if (this.lease !== undefined) out.lease = this.lease;
    if (this.recoveries !== undefined) out.recoveries = this.recoveries;
    if (this.createdBy !== undefined) out.createdBy = this.createdBy;
    return out;
  }
}
