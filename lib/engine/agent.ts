import { LoopExecutor, type LoopExecutorOptions } from "./loop/loop-executor";

export type AgentOptions = LoopExecutorOptions;

/**
 * A model with tools. `run` loops model → tool calls → results → model until the model answers
 * with text, and pauses (status "paused", one requirement per call) before any marked tool runs.
 */
export class Agent extends LoopExecutor {
  constructor(options: AgentOptions) {
    super(options, "agent");
  }
}
