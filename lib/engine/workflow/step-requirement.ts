import { InvalidUserInputError, RequirementStateError } from "../errors";
import type { JsonObject, JsonValue } from "../json";
import { ExecutorRequirement, type ExecutorType, type ResolveOptions } from "../requirements";
import { freeFormInput, validateUserInput, type UserInputField } from "../user-input";
import type {
  ErrorRequirementJSON,
  OnReject,
  OnTimeout,
  StepRequirementJSON,
  StepRequirementStatus,
  StepResolution,
  StepType,
} from "./snapshot";

function stamp(options: ResolveOptions): { resolvedAt: string; resolvedBy?: string } {
  const out: { resolvedAt: string; resolvedBy?: string } = { resolvedAt: (options.at ?? new Date()).toISOString() };
  if (options.by !== undefined) out.resolvedBy = options.by;
  return out;
}

function isResolveOptions(value: unknown): value is ResolveOptions {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * One pause of a workflow step: a gate before it (confirmation, user input, route selection),
 * a review after it (output, loop iteration), or the agent/team inside it waiting on tools.
 */
export class StepRequirement {
  readonly id: string;
  readonly stepName: string;
  readonly stepPath: string[];
  readonly stepType: StepType;
  readonly stepIndex?: number;
  status: StepRequirementStatus;
  resolution?: StepResolution;
  readonly createdAt: string;
  resolvedAt?: string;
  resolvedBy?: string;
  readonly requiresConfirmation: boolean;
  readonly confirmationMessage?: string;
  confirmed?: boolean;
  readonly onReject?: OnReject;
  /** The outcomes a person may pick when rejecting (`reject({ onReject })`); `onReject` is the default. */
  readonly allowedOnReject?: OnReject[];
  /** The outcome the person picked when rejecting, when it was not the default. */
  chosenOnReject?: OnReject;
  /** A Condition's evaluator's answer, offered to the person who decides: "if" runs its steps, "else" its elseSteps. */
  readonly suggestedBranch?: "if" | "else";
  readonly requiresIterationReview?: boolean;
  readonly iteration?: number;
  readonly requiresUserInput: boolean;
  readonly userInputMessage?: string;
  readonly userInputSchema?: UserInputField[];
  userInput?: JsonObject;
  readonly requiresRouteSelection: boolean;
  readonly availableChoices?: string[];
  readonly allowMultipleSelections?: boolean;
  selectedChoices?: string[];
  readonly requiresOutputReview: boolean;
  readonly outputReviewMessage?: string;
  readonly stepOutput?: JsonValue;
  rejectionFeedback?: string;
  editedOutput?: JsonValue;
  readonly retryCount?: number;
  readonly maxRetries?: number;
  readonly timeoutAt?: string;
  readonly onTimeout?: OnTimeout;
  readonly requiresExecutorInput: boolean;
  readonly executorId?: string;
  readonly executorName?: string;
  readonly executorType?: ExecutorType;
  readonly executorRequirements?: ExecutorRequirement[];
  note?: string;

  constructor(data: StepRequirementJSON) {
    this.id = data.id;
    this.stepName = data.stepName;
    this.stepPath = data.stepPath;
    this.stepType = data.stepType;
    if (data.stepIndex !== undefined) this.stepIndex = data.stepIndex;
    this.status = data.status;
    this.createdAt = data.createdAt;
    this.requiresConfirmation = data.requiresConfirmation;
    this.requiresUserInput = data.requiresUserInput;
    this.requiresRouteSelection = data.requiresRouteSelection;
    this.requiresOutputReview = data.requiresOutputReview;
    this.requiresExecutorInput = data.requiresExecutorInput;
    if (data.resolution !== undefined) this.resolution = data.resolution;
    if (data.resolvedAt !== undefined) this.resolvedAt = data.resolvedAt;
    if (data.resolvedBy !== undefined) this.resolvedBy = data.resolvedBy;
    if (data.confirmationMessage !== undefined) this.confirmationMessage = data.confirmationMessage;
    if (data.confirmed !== undefined) this.confirmed = data.confirmed;
    if (data.onReject !== undefined) this.onReject = data.onReject;
    if (data.allowedOnReject !== undefined) this.allowedOnReject = data.allowedOnReject;
    if (data.chosenOnReject !== undefined) this.chosenOnReject = data.chosenOnReject;
    if (data.suggestedBranch !== undefined) this.suggestedBranch = data.suggestedBranch;
    if (data.requiresIterationReview !== undefined) this.requiresIterationReview = data.requiresIterationReview;
    if (data.iteration !== undefined) this.iteration = data.iteration;
    if (data.userInputMessage !== undefined) this.userInputMessage = data.userInputMessage;
    if (data.userInputSchema !== undefined) this.userInputSchema = data.userInputSchema.map((f) => ({ ...f }));
    if (data.userInput !== undefined) this.userInput = data.userInput;
    if (data.availableChoices !== undefined) this.availableChoices = data.availableChoices;
    if (data.allowMultipleSelections !== undefined) this.allowMultipleSelections = data.allowMultipleSelections;
    if (data.selectedChoices !== undefined) this.selectedChoices = data.selectedChoices;
    if (data.outputReviewMessage !== undefined) this.outputReviewMessage = data.outputReviewMessage;
    if (data.stepOutput !== undefined) this.stepOutput = data.stepOutput;
    if (data.rejectionFeedback !== undefined) this.rejectionFeedback = data.rejectionFeedback;
    if (data.editedOutput !== undefined) this.editedOutput = data.editedOutput;
    if (data.retryCount !== undefined) this.retryCount = data.retryCount;
    if (data.maxRetries !== undefined) this.maxRetries = data.maxRetries;
    if (data.timeoutAt !== undefined) this.timeoutAt = data.timeoutAt;
    if (data.onTimeout !== undefined) this.onTimeout = data.onTimeout;
    if (data.executorId !== undefined) this.executorId = data.executorId;
    if (data.executorName !== undefined) this.executorName = data.executorName;
    if (data.executorType !== undefined) this.executorType = data.executorType;
    if (data.executorRequirements !== undefined) {
      this.executorRequirements = data.executorRequirements.map((r) => ExecutorRequirement.fromJSON(r));
    }
    if (data.note !== undefined) this.note = data.note;
  }

  static fromJSON(data: StepRequirementJSON): StepRequirement {
    return new StepRequirement(data);
  }

  /** True once a person decided (or the timeout did); for an executor pause, once every tool requirement is resolved. */
  get isResolved(): boolean {
    if (this.status !== "pending") return true;
    return this.requiresExecutorInput && (this.executorRequirements ?? []).every((r) => r.isResolved);
  }

  /** The inbox's name for what this waits for. */
  get kind(): "step_confirmation" | "step_user_input" | "output_review" | "route_selection" | "iteration_review" | "executor" {
    if (this.requiresExecutorInput) return "executor";
    if (this.requiresRouteSelection) return "route_selection";
    if (this.requiresOutputReview) return "output_review";
    if (this.requiresIterationReview) return "iteration_review";
    if (this.requiresUserInput) return "step_user_input";
    return "step_confirmation";
  }

  describe(): string {
    return `${this.kind.replace(/_/g, " ")} of step ${this.stepPath.join(" > ")}`;
  }

  /** Approves: the step runs (confirmation), its output stands (review), the loop stops (iteration review). */
  confirm(options: ResolveOptions = {}): void {
    this.#assertPending("confirm");
    if (!this.requiresConfirmation && !this.requiresOutputReview && !this.requiresIterationReview) {
      throw new RequirementStateError(this.id, `it asks for ${this.kind.replace(/_/g, " ")}, not confirmation: ${this.#hint()}.`);
    }
    if (this.requiresUserInput && this.userInputSchema?.some((f) => f.required)) {
      throw new RequirementStateError(this.id, "it has required input fields: call setUserInput(values) instead of confirm().");
    }
    this.confirmed = true;
    this.#resolve("confirm", options);
  }

  /**
   * Declines. What follows depends on `onReject`: skip the step, cancel the run, take the else branch,
   * or retry (an output review reruns the step with `feedback`; a loop review runs another iteration).
   */
  reject(options: ResolveOptions & { feedback?: string; note?: string; onReject?: OnReject } = {}): void {
    this.#assertPending("reject");
    if (this.requiresExecutorInput) {
      throw new RequirementStateError(this.id, `it waits for its agent's tools: ${this.#hint()}.`);
    }
    if (options.onReject !== undefined && options.onReject !== this.onReject) {
      const allowed = this.allowedOnReject ?? (this.onReject !== undefined ? [this.onReject] : []);
      if (!allowed.includes(options.onReject)) {
        throw new InvalidUserInputError(
          "onReject",
          `this ${this.kind.replace(/_/g, " ")} allows ${allowed.map((a) => `"${a}"`).join(" or ") || "no choice"} on rejection, not "${options.onReject}".`,
        );
      }
      this.chosenOnReject = options.onReject;
    }
    if (options.feedback !== undefined) this.rejectionFeedback = options.feedback;
    if (options.note !== undefined) this.note = options.note;
    this.confirmed = false;
    this.#resolve("reject", options);
  }

  /** Replaces the output under review; the workflow goes on with the new one. */
  edit(output: JsonValue, options: ResolveOptions = {}): void {
    this.#assertPending("edit");
    if (!this.requiresOutputReview) {
      throw new RequirementStateError(this.id, `only an output review can be edited: ${this.#hint()}.`);
    }
    this.editedOutput = output;
    this.confirmed = true;
    this.#resolve("edit", options);
  }

  /** Values for the step's input form, validated against `userInputSchema`. */
  setUserInput(values: JsonObject, options: ResolveOptions = {}): void {
    this.#assertPending("provide input to");
    if (!this.requiresUserInput) {
      throw new RequirementStateError(this.id, `it does not ask for input: ${this.#hint()}.`);
    }
    this.userInput = this.userInputSchema === undefined ? freeFormInput(values) : validateUserInput(this.userInputSchema, values);
    this.confirmed = true;
    this.#resolve("input", options);
  }

  /** Picks the Router's choice(s), run in the order given. A trailing `{ by }` records who picked. */
  select(...args: [...string[]] | [...string[], ResolveOptions]): void {
    const last = args.at(-1);
    const options = isResolveOptions(last) ? last : {};
    const names = (args as unknown[]).filter((a): a is string => typeof a === "string");
    this.#assertPending("select for");
    if (!this.requiresRouteSelection) {
      throw new RequirementStateError(this.id, `it is not a route selection: ${this.#hint()}.`);
    }
    const available = this.availableChoices ?? [];
    if (names.length === 0) throw new InvalidUserInputError("choices", `pick at least one of ${available.join(", ")}.`);
    if (names.length > 1 && !this.allowMultipleSelections) {
      throw new InvalidUserInputError("choices", `pick exactly one of ${available.join(", ")}: this router allows a single selection.`);
    }
    for (const name of names) {
      if (!available.includes(name)) throw new InvalidUserInputError("choices", `"${name}" is not a choice (choices: ${available.join(", ")}).`);
    }
    if (new Set(names).size !== names.length) throw new InvalidUserInputError("choices", "each choice can be picked once.");
    this.selectedChoices = names;
    this.#resolve("select", options);
  }

  /** Engine use: the timeout expired before anyone decided. */
  markTimedOut(at: Date): void {
    this.status = "timed_out";
    this.resolution = "timeout";
    this.resolvedAt = at.toISOString();
  }

  /** Engine use: the executor pause is consumed once every tool requirement is resolved. */
  markExecutorResolved(at: Date): void {
    if (this.status !== "pending") return;
    this.status = "resolved";
    this.resolution = "executor";
    const times = (this.executorRequirements ?? []).map((r) => r.resolvedAt).filter((t): t is string => t !== undefined).sort();
    this.resolvedAt = times.at(-1) ?? at.toISOString();
    const by = (this.executorRequirements ?? []).map((r) => r.resolvedBy).find((b) => b !== undefined);
    if (by !== undefined) this.resolvedBy = by;
  }

  /** The first open item, for UnresolvedRequirementError. */
  firstUnresolved(): { id: string; description: string } | null {
    if (this.isResolved) return null;
    if (this.requiresExecutorInput) {
      const open = (this.executorRequirements ?? []).find((r) => !r.isResolved);
      if (open) return { id: open.id, description: open.describe() };
    }
    return { id: this.id, description: this.describe() };
  }

  #hint(): string {
    switch (this.kind) {
      case "executor":
        return "resolve each of its executorRequirements (confirm, reject, provideUserInput, or set toolExecution.result)";
      case "route_selection":
        return "call select(...names) or reject()";
      case "output_review":
        return "call confirm(), edit(output) or reject({ feedback })";
      case "iteration_review":
        return "call confirm() to stop or reject({ feedback }) for another iteration";
      case "step_user_input":
        return "call setUserInput(values) or reject()";
      case "step_confirmation":
        return "call confirm() or reject()";
    }
  }

  #assertPending(verb: string): void {
    if (this.status !== "pending") {
      throw new RequirementStateError(this.id, `cannot ${verb} it: it is already ${this.status}${this.resolution ? ` (${this.resolution})` : ""}.`);
    }
  }

  #resolve(resolution: StepResolution, options: ResolveOptions): void {
    this.status = "resolved";
    this.resolution = resolution;
    const s = stamp(options);
    this.resolvedAt = s.resolvedAt;
    if (s.resolvedBy !== undefined) this.resolvedBy = s.resolvedBy;
  }

  toJSON(): StepRequirementJSON {
    const out: StepRequirementJSON = {
      id: this.id,
      stepName: this.stepName,
      stepPath: this.stepPath,
      stepType: this.stepType,
      status: this.status,
      createdAt: this.createdAt,
      requiresConfirmation: this.requiresConfirmation,
      requiresUserInput: this.requiresUserInput,
      requiresRouteSelection: this.requiresRouteSelection,
      requiresOutputReview: this.requiresOutputReview,
      requiresExecutorInput: this.requiresExecutorInput,
    };
    if (this.resolution !== undefined) out.resolution = this.resolution;
    if (this.resolvedAt !== undefined) out.resolvedAt = this.resolvedAt;
    if (this.resolvedBy !== undefined) out.resolvedBy = this.resolvedBy;
    if (this.confirmationMessage !== undefined) out.confirmationMessage = this.confirmationMessage;
    if (this.confirmed !== undefined) out.confirmed = this.confirmed;
    if (this.onReject !== undefined) out.onReject = this.onReject;
    if (this.allowedOnReject !== undefined) out.allowedOnReject = this.allowedOnReject;
    if (this.chosenOnReject !== undefined) out.chosenOnReject = this.chosenOnReject;
    if (this.suggestedBranch !== undefined) out.suggestedBranch = this.suggestedBranch;
    if (this.stepIndex !== undefined) out.stepIndex = this.stepIndex;
    if (this.requiresIterationReview !== undefined) out.requiresIterationReview = this.requiresIterationReview;
    if (this.iteration !== undefined) out.iteration = this.iteration;
    if (this.userInputMessage !== undefined) out.userInputMessage = this.userInputMessage;
    if (this.userInputSchema !== undefined) out.userInputSchema = this.userInputSchema;
    if (this.userInput !== undefined) out.userInput = this.userInput;
    if (this.availableChoices !== undefined) out.availableChoices = this.availableChoices;
    if (this.allowMultipleSelections !== undefined) out.allowMultipleSelections = this.allowMultipleSelections;
    if (this.selectedChoices !== undefined) out.selectedChoices = this.selectedChoices;
    if (this.outputReviewMessage !== undefined) out.outputReviewMessage = this.outputReviewMessage;
    if (this.stepOutput !== undefined) out.stepOutput = this.stepOutput;
    if (this.rejectionFeedback !== undefined) out.rejectionFeedback = this.rejectionFeedback;
    if (this.editedOutput !== undefined) out.editedOutput = this.editedOutput;
    if (this.retryCount !== undefined) out.retryCount = this.retryCount;
    if (this.maxRetries !== undefined) out.maxRetries = this.maxRetries;
    if (this.timeoutAt !== undefined) out.timeoutAt = this.timeoutAt;
    if (this.onTimeout !== undefined) out.onTimeout = this.onTimeout;
    if (this.executorId !== undefined) out.executorId = this.executorId;
    if (this.executorName !== undefined) out.executorName = this.executorName;
    if (this.executorType !== undefined) out.executorType = this.executorType;
    if (this.executorRequirements !== undefined) out.executorRequirements = this.executorRequirements.map((r) => r.toJSON());
    if (this.note !== undefined) out.note = this.note;
    return out;
  }
}

/** A step failed with `onError: "pause"`: a person decides to retry it or skip it. */
export class ErrorRequirement {
  readonly id: string;
  readonly stepName: string;
  readonly stepPath: string[];
  readonly stepType: StepType;
  readonly stepIndex?: number;
  readonly errorMessage: string;
  /** The class name of what was thrown (e.g. "TypeError"), so a person can tell a bug from an outage. */
  readonly errorType?: string;
  readonly retryCount: number;
  status: "pending" | "resolved";
  action?: "retry" | "skip";
  readonly createdAt: string;
  resolvedAt?: string;
  resolvedBy?: string;

  constructor(data: ErrorRequirementJSON) {
    this.id = data.id;
    this.stepName = data.stepName;
    this.stepPath = data.stepPath;
    this.stepType = data.stepType;
    this.errorMessage = data.errorMessage;
    if (data.stepIndex !== undefined) this.stepIndex = data.stepIndex;
    if (data.errorType !== undefined) this.errorType = data.errorType;
    this.retryCount = data.retryCount;
    this.status = data.status;
    this.createdAt = data.createdAt;
    if (data.action !== undefined) this.action = data.action;
    if (data.resolvedAt !== undefined) this.resolvedAt = data.resolvedAt;
    if (data.resolvedBy !== undefined) this.resolvedBy = data.resolvedBy;
  }

  static fromJSON(data: ErrorRequirementJSON): ErrorRequirement {
    return new ErrorRequirement(data);
  }

  get isResolved(): boolean {
    return this.status === "resolved";
  }

  describe(): string {
    return `error decision for step ${this.stepPath.join(" > ")} (${this.errorMessage})`;
  }

  /** Runs the failed step again. */
  retry(options: ResolveOptions = {}): void {
    this.#decide("retry", options);
  }

  /** Goes on without the failed step. */
  skip(options: ResolveOptions = {}): void {
    this.#decide("skip", options);
  }

  #decide(action: "retry" | "skip", options: ResolveOptions): void {
    if (this.status !== "pending") {
      throw new RequirementStateError(this.id, `cannot ${action} it: it was already resolved (${this.action}).`);
    }
    this.status = "resolved";
    this.action = action;
    const s = stamp(options);
    this.resolvedAt = s.resolvedAt;
    if (s.resolvedBy !== undefined) this.resolvedBy = s.resolvedBy;
  }

  toJSON(): ErrorRequirementJSON {
    const out: ErrorRequirementJSON = {
      id: this.id,
      stepName: this.stepName,
      stepPath: this.stepPath,
      stepType: this.stepType,
      errorMessage: this.errorMessage,
      retryCount: this.retryCount,
      status: this.status,
      createdAt: this.createdAt,
    };
    if (this.stepIndex !== undefined) out.stepIndex = this.stepIndex;
    if (this.errorType !== undefined) out.errorType = this.errorType;
    if (this.action !== undefined) out.action = this.action;
    if (this.resolvedAt !== undefined) out.resolvedAt = this.resolvedAt;
    if (this.resolvedBy !== undefined) out.resolvedBy = this.resolvedBy;
    return out;
  }
}
