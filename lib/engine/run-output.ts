import type { JsonValue } from "./json";
import type { Message } from "./messages";
import { ExecutorRequirement, type ExecutorRequirementJSON, type ExecutorType } from "./requirements";

export type ExecutorRunStatus = "running" | "paused" | "completed" | "error";

/** JSON form of an agent or team run: everything needed to continue it in another process. */
export interface RunOutputJSON {
  runId: string;
  sessionId?: string;
  executorId: string;
  executorName: string;
  executorType: ExecutorType;
  status: ExecutorRunStatus;
  content?: string;
  error?: string;
  messages: Message[];
  /** The active requirements of the current pause (empty unless paused). */
  requirements: ExecutorRequirementJSON[];
  /** Engine-internal resumable state (the pending turn, a team's member runs). Opaque to callers. */
  state: JsonValue;
  createdAt: string;
  updatedAt: string;
}

/** The result of `agent.run` / `team.run` / `continueRun`. Resolve `requirements`, then continue. */
export class RunOutput {
  readonly runId: string;
  sessionId?: string;
  readonly executorId: string;
  readonly executorName: string;
  readonly executorType: ExecutorType;
  status: ExecutorRunStatus;
  content?: string;
  error?: string;
  messages: Message[];
  requirements: ExecutorRequirement[];
  state: JsonValue;
  readonly createdAt: string;
  updatedAt: string;

  constructor(data: RunOutputJSON, requirements?: ExecutorRequirement[]) {
    this.runId = data.runId;
    if (data.sessionId !== undefined) this.sessionId = data.sessionId;
    this.executorId = data.executorId;
    this.executorName = data.executorName;
    this.executorType = data.executorType;
    this.status = data.status;
    if (data.content !== undefined) this.content = data.content;
    if (data.error !== undefined) this.error = data.error;
    this.messages = data.messages;
    this.requirements = requirements ?? data.requirements.map((r) => ExecutorRequirement.fromJSON(r));
    this.state = data.state;
    this.createdAt = data.createdAt;
    this.updatedAt = data.updatedAt;
  }

  static fromJSON(data: RunOutputJSON): RunOutput {
    return new RunOutput(data);
  }

  get isPaused(): boolean {
    return this.status === "paused";
  }

  /** Active requirements nobody has resolved yet. */
  get pendingRequirements(): ExecutorRequirement[] {
    return this.requirements.filter((r) => !r.isResolved);
  }

  toJSON(): RunOutputJSON {
    const out: RunOutputJSON = {
      runId: this.runId,
      executorId: this.executorId,
      executorName: this.executorName,
      executorType: this.executorType,
      status: this.status,
      messages: this.messages,
      requirements: this.requirements.map((r) => r.toJSON()),
      state: this.state,
      createdAt: this.createdAt,
      updatedAt: this.updatedAt,
    };
    if (this.sessionId !== undefined) out.sessionId = this.sessionId;
    if (this.content !== undefined) out.content = this.content;
    if (this.error !== undefined) out.error = this.error;
    return out;
  }
}
