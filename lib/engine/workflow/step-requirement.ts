import { InvalidUserInputError, RequirementStateError } from "../errors";
import type { JsonObject, JsonValue } from "../json";
import {
  assignDefined,
  pickDefined,
  stepRequirementJsonSchema,
  stepRequirementKind,
  type EXECUTOR_STEP_KIND,
  type StepRequirementJSON,
  type StepRequirementKind,
} from "../requirement-model";
import { ExecutorRequirement, type ResolveOptions } from "../requirements";
import { freeFormInput, validateUserInput } from "../user-input";
import { resolveStamp } from "./resolve-stamp";
import type { OnReject, StepResolution } from "./snapshot";

function isResolveOptions(value: unknown): value is ResolveOptions {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The fields a decision writes; every other field is fixed when the requirement is opened. */
type DecisionField =
  | "status"
  | "resolution"
  | "resolvedAt"
  | "resolvedBy"
  | "confirmed"
  | "chosenOnReject"
  | "userInput"
  | "selectedChoices"
  | "rejectionFeedback"
  | "editedOutput"
  | "note";
type StepData = Omit<StepRequirementJSON, "executorRequirements">;
const DATA_KEYS = stepRequirementJsonSchema.keyof().options.filter((k): k is keyof StepData => k !== "executorRequirements");

/** The requirement's JSON fields (`stepRequirementJsonSchema`), held as properties of the class. */
export interface StepRequirement extends Readonly<Omit<StepData, DecisionField>>, Pick<StepData, DecisionField> {}

/**
 * One pause of a workflow step: a gate before it (confirmation, user input, route selection),
 * a review after it (output, loop iteration), or the agent/team inside it waiting on tools.
 */
export class StepRequirement {
  /** For an executor pause: the tool calls it waits on, as live requirements. */
  declare readonly executorRequirements?: ExecutorRequirement[];

  constructor(data: StepRequirementJSON) {
    const { executorRequirements, ...fields } = data;
    assignDefined<StepData>(this, fields);
    if (executorRequirements !== undefined) {
      this.executorRequirements = executorRequirements.map((r) => ExecutorRequirement.fromJSON(r));
    }
  }

  static fromJSON(data: StepRequirementJSON): StepRequirement {
    return new StepRequirement(data);
  }

  /** True once a person decided (or the timeout did); for an executor pause, once every tool requirement is resolved. */
  get isResolved(): boolean {
    if (this.status !== "pending") return true;
    return this.requiresExecutorInput && (this.executorRequirements ?? []).every((r) => r.isResolved);
  }

  /** The inbox's name for what this waits for ("executor" for an agent/team pause); see `stepRequirementKind`. */
  get kind(): StepRequirementKind | typeof EXECUTOR_STEP_KIND {
    return stepRequirementKind(this);
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
    assignDefined<StepRequirement>(this, resolveStamp(options));
  }

  toJSON(): StepRequirementJSON {
    const out: StepRequirementJSON = pickDefined<StepData, keyof StepData>(this, DATA_KEYS);
    if (this.executorRequirements !== undefined) out.executorRequirements = this.executorRequirements.map((r) => r.toJSON());
    return out;
  }
}
