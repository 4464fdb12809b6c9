import type { Executor } from "../executor";
import type { ConfirmationOptions, ErrorOptions, OutputReviewOptions, TimeoutOptions, UserInputOptions } from "./gates";
import type { StepExecutor } from "./step-io";

export interface StepOptions extends ConfirmationOptions, UserInputOptions, OutputReviewOptions, TimeoutOptions, ErrorOptions {
  /** Defaults to the executor function's name, or the agent's or team's. */
  name?: string;
  description?: string;
  agent?: Executor;
  team?: Executor;
  executor?: StepExecutor;
  /** Seconds to wait before each automatic retry of a failed run (`maxRetries`); default 0. */
  retryDelay?: number;
}
