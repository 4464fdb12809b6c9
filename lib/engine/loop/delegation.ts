import type { ExecutorEvent } from "../events";
import type { ExecutorRunOptions } from "../executor";
import type { ToolDefinition } from "../models/model";
import type { ArgsValidator, ExecutorRequirement, ExecutorRequirementJSON } from "../requirements";
import type { RunOutputJSON } from "../run-output";
import type { PendingCall } from "./run-state";

/** The run a call belongs to, as a delegation needs it. */
export interface CallScope {
  runId: string;
  sessionId?: string;
  options: ExecutorRunOptions;
}

export type DelegationProgress =
  | { kind: "done"; content: string; error?: string }
  /** The member paused; `requirements` are already rewritten to name the team. */
  | { kind: "paused"; memberId: string; run: RunOutputJSON; requirements: ExecutorRequirementJSON[] };

/**
 * How a team runs its delegate tool: a call that starts, or continues, another executor's run.
 * Kept as an interface so the model↔tool loop knows nothing about teams.
 */
export interface Delegation {
  readonly definition: ToolDefinition;
  start(call: PendingCall, scope: CallScope): AsyncGenerator<ExecutorEvent, DelegationProgress, void>;
  resume(
    call: PendingCall,
    requirements: ReadonlyMap<string, ExecutorRequirement>,
    scope: CallScope,
  ): AsyncGenerator<ExecutorEvent, DelegationProgress, void>;
  /** The argument checks of the paused member's requirements, by requirement id. */
  validatorsFor(call: PendingCall): Map<string, ArgsValidator>;
}
