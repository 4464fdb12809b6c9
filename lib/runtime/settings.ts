/** How this process takes part in executing runs; lib/config/env.ts reads it from the environment. */
export interface RuntimeSettings {
  /** Runs this process executes at once; 0 makes a web-only instance. */
  concurrency: number;
  /** How long a worker's lease on a run lasts without renewal; it renews every third of it. */
  leaseMs: number;
  /** Times a run whose worker died is taken over again before it ends `error`. */
  recoveryAttempts: number;
  /** How often the dispatcher looks for runs another process queued or lost (its own wake it at once). */
  pollMs: number;
}
