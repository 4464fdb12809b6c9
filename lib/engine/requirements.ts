import { InvalidUserInputError, RequirementStateError } from "./errors";
import type { JsonObject, JsonValue } from "./json";
import { validateUserInput, type UserInputField } from "./user-input";

export type ExecutorType = "agent" | "team";
/** `retried` and `skipped` answer a call left in doubt by a crash (`inDoubt`); `completed` gives any call its result. */
export type ExecutorRequirementStatus = "pending" | "confirmed" | "rejected" | "provided" | "completed" | "retried" | "skipped";

/**
 * A call a person approved started, and the worker running it died before its result was recorded: nobody knows
 * whether it took effect. It is not run again on its own; a person decides (retry with the same key, skip, or paste
 * what happened).
 */
export interface InDoubtCall {
  /** The attempt that started and left no result (1 for the approved run, one more per retry). */
  attempt: number;
  /** The key that attempt ran with; a retry runs with it again. */
  idempotencyKey: string;
  /** When that attempt started. */
  startedAt: string;
}

/** JSON form of an ExecutorRequirement: what is persisted and sent over HTTP. */
export interface ExecutorRequirementJSON {
  id: string;
  /** The agent or team run that paused. */
  runId: string;
  executorId: string;
  executorName: string;
  executorType: ExecutorType;
  /** For a team: the member that called the tool. */
  memberName?: string;
  toolExecution: { toolCallId: string; toolName: string; toolArgs: JsonObject; result?: JsonValue };
  /** The arguments as the model proposed them, before any provided values replaced some (audit). */
  proposedArgs?: JsonObject;
  needsConfirmation: boolean;
  needsUserInput: boolean;
  needsExternalExecution: boolean;
  /** Set on a `tool_in_doubt` requirement. */
  inDoubt?: InDoubtCall;
  userInputSchema: UserInputField[];
  status: ExecutorRequirementStatus;
  /** Values a person provided for user-input fields (already merged into toolArgs when the tool runs). */
  providedValues?: JsonObject;
  note?: string;
  resolvedAt?: string;
  resolvedBy?: string;
  createdAt: string;
}

export interface ResolveOptions {
  /** Who decided: a user id or email. Recorded for the audit trail. */
  by?: string;
  /** Injected clock for tests; defaults to now. */
  at?: Date;
}

/** Extra validation for provided values (the agent attaches the tool's zod check). Throws InvalidUserInputError. */
export type ArgsValidator = (args: JsonObject) => void;

/** The tool call a requirement is about. Setting `result` resolves an external-execution requirement. */
export class ToolExecution {
  readonly toolCallId: string;
  readonly toolName: string;
  toolArgs: JsonObject;
  #result: JsonValue | undefined;
  readonly #owner: ExecutorRequirement;

  constructor(owner: ExecutorRequirement, data: ExecutorRequirementJSON["toolExecution"]) {
    this.#owner = owner;
    this.toolCallId = data.toolCallId;
    this.toolName = data.toolName;
    this.toolArgs = { ...data.toolArgs };
    this.#result = data.result;
  }

  get result(): JsonValue | undefined {
    return this.#result;
  }

  set result(value: JsonValue | undefined) {
    this.#owner.provideResult(value);
  }

  /** Used by the owner and the engine; users set `result` instead. */
  setResultInternal(value: JsonValue | undefined): void {
    this.#result = value;
  }

  toJSON(): ExecutorRequirementJSON["toolExecution"] {
    const out: ExecutorRequirementJSON["toolExecution"] = {
      toolCallId: this.toolCallId,
      toolName: this.toolName,
      toolArgs: this.toolArgs,
    };
    if (this.#result !== undefined) out.result = this.#result;
    return out;
  }
}

/** One pending tool call of an agent or team that waits for a person. */
export class ExecutorRequirement {
  readonly id: string;
  readonly runId: string;
  readonly executorId: string;
  readonly executorName: string;
  readonly executorType: ExecutorType;
  readonly memberName?: string;
  readonly toolExecution: ToolExecution;
  readonly needsConfirmation: boolean;
  readonly needsUserInput: boolean;
  readonly needsExternalExecution: boolean;
  readonly inDoubt?: InDoubtCall;
  readonly userInputSchema: UserInputField[];
  readonly createdAt: string;
  readonly proposedArgs: JsonObject;
  status: ExecutorRequirementStatus;
  providedValues?: JsonObject;
  note?: string;
  resolvedAt?: string;
  resolvedBy?: string;
  #validateArgs?: ArgsValidator;

  constructor(data: ExecutorRequirementJSON, validateArgs?: ArgsValidator) {
    this.id = data.id;
    this.runId = data.runId;
    this.executorId = data.executorId;
    this.executorName = data.executorName;
    this.executorType = data.executorType;
    if (data.memberName !== undefined) this.memberName = data.memberName;
    this.needsConfirmation = data.needsConfirmation;
    this.needsUserInput = data.needsUserInput;
    this.needsExternalExecution = data.needsExternalExecution;
    if (data.inDoubt !== undefined) this.inDoubt = { ...data.inDoubt };
    this.userInputSchema = data.userInputSchema.map((f) => ({ ...f }));
    this.createdAt = data.createdAt;
    this.status = data.status;
    if (data.providedValues !== undefined) this.providedValues = data.providedValues;
    if (data.note !== undefined) this.note = data.note;
    if (data.resolvedAt !== undefined) this.resolvedAt = data.resolvedAt;
    if (data.resolvedBy !== undefined) this.resolvedBy = data.resolvedBy;
    this.toolExecution = new ToolExecution(this, data.toolExecution);
    this.proposedArgs = data.proposedArgs ?? { ...data.toolExecution.toolArgs };
    this.#validateArgs = validateArgs;
  }

  static fromJSON(data: ExecutorRequirementJSON, validateArgs?: ArgsValidator): ExecutorRequirement {
    return new ExecutorRequirement(data, validateArgs);
  }

  /** Lets the engine attach the tool's own argument check to a requirement loaded from JSON. */
  attachValidator(validateArgs: ArgsValidator): void {
    this.#validateArgs = validateArgs;
  }

  get isResolved(): boolean {
    return this.status !== "pending";
  }

  /** What kind of decision this waits for, as the inbox names it. */
  get kind(): "confirmation" | "user_input" | "external_execution" | "tool_in_doubt" {
    if (this.inDoubt) return "tool_in_doubt";
    if (this.needsExternalExecution) return "external_execution";
    if (this.needsUserInput) return "user_input";
    return "confirmation";
  }

  /** A short human description, used in error messages. */
  describe(): string {
    const who = this.memberName ? `${this.executorName}/${this.memberName}` : this.executorName;
    return `${this.kind} for tool ${this.toolExecution.toolName} called by ${who}`;
  }

  confirm(options: ResolveOptions = {}): void {
    this.#assertPending("confirm");
    if (!this.needsConfirmation) {
      throw new RequirementStateError(this.id, `it asks for ${this.kind}, not confirmation: ${this.#hint()}.`);
    }
    this.#resolve("confirmed", options);
  }

  reject(options: ResolveOptions & { note?: string } = {}): void {
    this.#assertPending("reject");
    if (this.inDoubt) throw new RequirementStateError(this.id, `it asks what to do with a call left in doubt, which cannot be rejected: ${this.#hint()}.`);
    if (options.note !== undefined) this.note = options.note;
    this.#resolve("rejected", options);
  }

  /** Values for the user-input fields. Validated by field type and by the tool's own schema. */
  provideUserInput(values: JsonObject, options: ResolveOptions = {}): void {
    this.#assertPending("provide input to");
    if (!this.needsUserInput) {
      throw new RequirementStateError(this.id, `it asks for ${this.kind}, not user input: ${this.#hint()}.`);
    }
    const accepted = validateUserInput(
      this.userInputSchema.map((f) => ({ ...f, required: f.required ?? true })),
      values,
    );
    const merged: JsonObject = { ...this.toolExecution.toolArgs, ...accepted };
    this.#validateArgs?.(merged);
    this.providedValues = accepted;
    this.toolExecution.toolArgs = merged;
    for (const field of this.userInputSchema) {
      const v = accepted[field.name];
      if (v !== undefined) field.value = v;
    }
    this.#resolve("provided", options);
  }

  /** The result of an externally executed tool. Same as assigning `toolExecution.result`. */
  provideResult(result: JsonValue | undefined, options: ResolveOptions = {}): void {
    this.#assertPending("set the result of");
    if (!this.needsExternalExecution && !this.inDoubt) {
      throw new RequirementStateError(this.id, `it asks for ${this.kind}, not an external result: ${this.#hint()}.`);
    }
    if (result === undefined) throw new InvalidUserInputError("result", "an external result is required.");
    this.toolExecution.setResultInternal(result);
    this.#resolve("completed", options);
  }

  /** For a call left in doubt: runs the tool again, with the idempotency key of the attempt that left no result. */
  retry(options: ResolveOptions = {}): void {
    this.#assertInDoubt("retry");
    this.#resolve("retried", options);
  }

  /** For a call left in doubt: does not run it again; the model is told the call failed. */
  skip(options: ResolveOptions = {}): void {
    this.#assertInDoubt("skip");
    this.#resolve("skipped", options);
  }

  #assertInDoubt(verb: string): void {
    this.#assertPending(verb);
    if (!this.inDoubt) throw new RequirementStateError(this.id, `only a call left in doubt can ${verb}: ${this.#hint()}.`);
  }

  #hint(): string {
    switch (this.kind) {
      case "tool_in_doubt":
        return "call retry(), skip() or set toolExecution.result to what happened";
      case "confirmation":
        return "call confirm() or reject()";
      case "user_input":
        return "call provideUserInput(values) or reject()";
      case "external_execution":
        return "set toolExecution.result or call reject()";
    }
  }

  #assertPending(verb: string): void {
    if (this.status !== "pending") {
      throw new RequirementStateError(this.id, `cannot ${verb} it: it is already ${this.status}.`);
    }
  }

  #resolve(status: ExecutorRequirementStatus, options: ResolveOptions): void {
    this.status = status;
    this.resolvedAt = (options.at ?? new Date()).toISOString();
    if (options.by !== undefined) this.resolvedBy = options.by;
  }

  toJSON(): ExecutorRequirementJSON {
    const out: ExecutorRequirementJSON = {
      id: this.id,
      runId: this.runId,
      executorId: this.executorId,
      executorName: this.executorName,
      executorType: this.executorType,
      toolExecution: this.toolExecution.toJSON(),
      proposedArgs: this.proposedArgs,
      needsConfirmation: this.needsConfirmation,
      needsUserInput: this.needsUserInput,
      needsExternalExecution: this.needsExternalExecution,
      userInputSchema: this.userInputSchema.map((f) => ({ ...f })),
      status: this.status,
      createdAt: this.createdAt,
    };
    if (this.inDoubt !== undefined) out.inDoubt = { ...this.inDoubt };
    if (this.memberName !== undefined) out.memberName = this.memberName;
    if (this.providedValues !== undefined) out.providedValues = this.providedValues;
    if (this.note !== undefined) out.note = this.note;
    if (this.resolvedAt !== undefined) out.resolvedAt = this.resolvedAt;
    if (this.resolvedBy !== undefined) out.resolvedBy = this.resolvedBy;
    return out;
  }
}
