/** Base class of every error the engine throws on purpose. `code` is stable and machine-readable. */
export class EngineError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A workflow, step, agent or tool was declared in a way that cannot work. Thrown at construction. */
export class DefinitionError extends EngineError {
  constructor(message: string) {
    super("invalid_definition", message);
  }
}

/** continueRun was called while a requirement of the pause is still open. Nothing was changed. */
export class UnresolvedRequirementError extends EngineError {
  readonly requirementId: string;
  constructor(requirementId: string, description: string) {
    super(
      "unresolved_requirement",
      `Requirement ${requirementId} (${description}) is not resolved yet: confirm, reject, provide input or set a result before continuing.`,
    );
    this.requirementId = requirementId;
  }
}

/** Values given for a user-input requirement do not fit its schema. `field` names the first bad field. */
export class InvalidUserInputError extends EngineError {
  readonly field: string;
  /** What is wrong with the field, without its name. */
  readonly problem: string;
  constructor(field: string, message: string, options?: { cause?: unknown }) {
    super("invalid_user_input", `Field "${field}": ${message}`, options);
    this.field = field;
    this.problem = message;
  }
}

/** A resolution was attempted on a requirement that is already resolved, or of the wrong kind. */
export class RequirementStateError extends EngineError {
  readonly requirementId: string;
  constructor(requirementId: string, message: string) {
    super("requirement_state", `Requirement ${requirementId}: ${message}`);
    this.requirementId = requirementId;
  }
}

/** The run is not in a state that allows this operation (e.g. continuing a run that is not paused). */
export class RunStateError extends EngineError {
  readonly runId: string;
  constructor(runId: string, message: string) {
    super("run_state", `Run ${runId}: ${message}`);
    this.runId = runId;
  }
}

/** Optimistic locking failed: someone else changed the run since it was loaded. */
export class RunConflictError extends EngineError {
  readonly runId: string;
  constructor(runId: string, message = "it was changed by someone else since you loaded it (already resolved or continued). Reload it and try again.") {
    super("run_conflict", `Run ${runId}: ${message}`);
    this.runId = runId;
  }
}

export class RunNotFoundError extends EngineError {
  readonly runId: string;
  constructor(runId: string) {
    super("run_not_found", `No run with id ${runId} exists in this database.`);
    this.runId = runId;
  }
}

/** A ScriptedModel was asked for a turn its script does not have. */
export class ScriptExhaustedError extends EngineError {
  constructor(turn: number, length: number) {
    super(
      "script_exhausted",
      `ScriptedModel was asked for turn ${turn + 1} but its script has only ${length} turn(s). Add a turn to the script.`,
    );
  }
}

/** The model provider failed (network, HTTP error, malformed answer). */
export class ModelError extends EngineError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("model_error", message, options);
  }
}

/** A model cannot be created because no credentials or server were configured. */
export class MissingApiKeyError extends EngineError {
  constructor(provider: string, message: string) {
    super("missing_api_key", `${provider}: ${message}`);
  }
}

/**
 * A run's saved position (its resume state) cannot be used with this workflow definition: the state is malformed,
 * or the workflow's steps changed since the run paused. Continue it with the definition it was started with.
 */
export class ResumeStateError extends EngineError {
  readonly runId: string;
  constructor(runId: string, message: string, options?: { cause?: unknown }) {
    super("resume_state", `Run ${runId}: ${message}`, options);
    this.runId = runId;
  }
}

/** A worker's drive stopped because its signal ended (cancelled, lease lost, shutting down): nothing more was saved. */
export class RunAbandonedError extends EngineError {
  readonly runId: string;
  constructor(runId: string, options?: { cause?: unknown }) {
    super(
      "run_abandoned",
      `Run ${runId}: this worker stopped executing it (cancelled, its lease lost, or shutting down); what it did since its last save is left to the next worker.`,
      options,
    );
    this.runId = runId;
  }
}

/** A journal entry read back from the store is not one the engine wrote: the journal of the run is damaged. */
export class JournalEntryError extends EngineError {
  readonly runId: string;
  constructor(runId: string, problem: string, options?: { cause?: unknown }) {
    super(
      "journal_entry",
      `Run ${runId}: a journal entry is malformed (${problem}). The run cannot be replayed safely; cancel it, or repair its rows in the journal table.`,
      options,
    );
    this.runId = runId;
  }
}
