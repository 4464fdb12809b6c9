import type { ExecutorEvent } from "./events";
import type { JournalScope } from "./journal";
import type { ExecutorType } from "./requirements";
import type { RunOutput } from "./run-output";

export interface ExecutorRunOptions {
  /** Id for the new agent/team run (default: a fresh UUID). */
  runId?: string;
  sessionId?: string;
  /** Use the model's streaming API, so RunContent events carry deltas as they arrive. */
  streamContent?: boolean;
  signal?: AbortSignal;
  /** Who is acting (passed to tools in their context). */
  userId?: string;
  /**
   * Inside a workflow run: where this run records each model answer and tool result as it arrives, and replays them
   * from when the workflow run is driven again after a crash.
   */
  journal?: JournalScope;
}

/**
 * What a workflow Step drives: an Agent or a Team. Both generators yield events as they happen
 * and *return* the RunOutput (paused, completed or error). They never throw for tool or model
 * errors that the model can see; they throw for programming errors (unresolved requirements, bad state).
 */
export interface Executor {
  readonly id: string;
  readonly name: string;
  readonly executorType: ExecutorType;
  runIter(input: string, options?: ExecutorRunOptions): AsyncGenerator<ExecutorEvent, RunOutput, void>;
  continueRunIter(run: RunOutput, options?: ExecutorRunOptions): AsyncGenerator<ExecutorEvent, RunOutput, void>;
}
