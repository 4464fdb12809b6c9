/** What a tool's `execute` learns about the call it serves, so it can be idempotent and cancellable. */
export interface ToolContext {
  /** The agent or team run that made the call. */
  runId: string;
  /** Unique within the run; stable across a pause and its continuation. */
  toolCallId: string;
  /** Set when the call waited for a person: use it as the idempotency key of side effects. */
  requirementId?: string;
  signal: AbortSignal;
  /** The agent whose model asked for the call. */
  agentName: string;
  /** Who is acting, when the caller said so. */
  userId?: string;
}
