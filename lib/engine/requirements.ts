import { InvalidUserInputError, RequirementStateError } from "./errors";
import type { JsonObject, JsonValue } from "./json";
import {
  assignDefined,
  executorRequirementJsonSchema,
  executorRequirementKind,
  pickDefined,
  type ExecutorRequirementJSON,
  type ExecutorRequirementKind,
  type ExecutorRequirementStatus,
} from "./requirement-model";
import { validateUserInput } from "./user-input";

// The JSON shape is `executorRequirementJsonSchema` (lib/engine/requirement-model); these are its inferred types.
export type { ExecutorRequirementJSON, ExecutorRequirementStatus, ExecutorType, InDoubtCall } from "./requirement-model";

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

/** The fields a decision writes; every other field is fixed when the requirement is opened. */
type DecisionField = "status" | "providedValues" | "argsEdited" | "note" | "resolvedAt" | "resolvedBy";
type ExecutorData = Omit<ExecutorRequirementJSON, "toolExecution" | "proposedArgs">;
const DATA_KEYS = executorRequirementJsonSchema.keyof().options.filter((k): k is keyof ExecutorData => k !== "toolExecution" && k !== "proposedArgs");

/** The requirement's JSON fields (`executorRequirementJsonSchema`), held as properties of the class. */
export interface ExecutorRequirement extends Readonly<Omit<ExecutorData, DecisionField>>, Pick<ExecutorData, DecisionField> {}

/** One pending tool call of an agent or team that waits for a person. */
export class ExecutorRequirement {
  declare readonly toolExecution: ToolExecution;
  declare readonly proposedArgs: JsonObject;
  #validateArgs?: ArgsValidator;

  constructor(data: ExecutorRequirementJSON, validateArgs?: ArgsValidator) {
    const { toolExecution, proposedArgs, inDoubt, userInputSchema, ...fields } = data;
    assignDefined<ExecutorData>(this, {
      ...fields,
      userInputSchema: userInputSchema.map((f) => ({ ...f })),
      ...(inDoubt !== undefined && { inDoubt: { ...inDoubt } }),
    });
    this.toolExecution = new ToolExecution(this, toolExecution);
    this.proposedArgs = proposedArgs ?? { ...toolExecution.toolArgs };
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
  get kind(): ExecutorRequirementKind {
    return executorRequirementKind(this);
  }

  /** A short human description, used in error messages. */
  describe(): string {
    const who = this.memberName ? `${this.executorName}/${this.memberName}` : this.executorName;
    return `${this.kind} for tool ${this.toolExecution.toolName} called by ${who}`;
  }

  /**
   * Approves the call. With `args`, approves it with those arguments instead of the proposed ones: they replace
   * the tool's arguments whole and are checked with the tool's zod schema first (InvalidUserInputError naming
   * `args.<field>`); nothing changes when they do not fit, or when the tool forbids edits (`allowArgEdits: false`).
   */
  confirm(options: ResolveOptions & { args?: JsonObject } = {}): void {
    this.#assertPending("confirm");
    if (!this.needsConfirmation) {
      throw new RequirementStateError(this.id, `it asks for ${this.kind}, not confirmation: ${this.#hint()}.`);
    }
    if (options.args !== undefined) {
      this.#checkEdit(options.args);
      this.toolExecution.toolArgs = { ...options.args };
      this.argsEdited = true;
    }
    this.#resolve("confirmed", options);
  }

  #checkEdit(args: JsonObject): void {
    const tool = this.toolExecution.toolName;
    if (this.allowArgEdits === false) {
      throw new InvalidUserInputError("args", `tool ${tool} does not allow editing its arguments: approve them as proposed, or reject with a note.`);
    }
    if (!this.#validateArgs) {
      throw new RequirementStateError(this.id, `the argument check of tool ${tool} is not attached, so edited arguments cannot be checked: load the run with getRun() first.`);
    }
    try {
      this.#validateArgs(args);
    } catch (error) {
      if (!(error instanceof InvalidUserInputError)) throw error;
      const field = error.field === tool ? "args" : `args.${error.field}`;
      throw new InvalidUserInputError(field, error.problem, { cause: error });
    }
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
      ...pickDefined<ExecutorData, keyof ExecutorData>(this, DATA_KEYS),
      toolExecution: this.toolExecution.toJSON(),
      proposedArgs: this.proposedArgs,
      userInputSchema: this.userInputSchema.map((f) => ({ ...f })),
    };
    if (this.inDoubt !== undefined) out.inDoubt = { ...this.inDoubt };
    return out;
  }
}
