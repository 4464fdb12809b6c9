/** What a tool's `execute` learns about the call it serves, so it can be idempotent and cancellable. */
export interface ToolContext {
  /** The agent or team run that made the call. */
  runId: string;
  /** Unique within the run; stable across a pause and its continuation. */
  toolCallId: string;
  /** Set when the call waited for a person. */
  requirementId?: string;
  /**
   * The key to make side effects idempotent with: the requirement id for a call a person approved (also when a call
   * left in doubt by a crash is retried), otherwise a key derived from the call's place in the run, the same every
   * time the run reaches that call.
   */
  idempotencyKey: string;
  signal: AbortSignal;
  /** The agent whose model asked for the call. */
  agentName: string;
  /** Who is acting, when the caller said so. */
  userId?: string;
}
