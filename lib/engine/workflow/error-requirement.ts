import { RequirementStateError } from "../errors";
import { assignDefined, errorRequirementJsonSchema, pickDefined, type ErrorRequirementJSON } from "../requirement-model";
import type { ResolveOptions } from "../requirements";
import { resolveStamp } from "./resolve-stamp";

/** The fields a decision writes; every other field is fixed when the requirement is opened. */
type DecisionField = "status" | "action" | "resolvedAt" | "resolvedBy";
const DATA_KEYS = errorRequirementJsonSchema.keyof().options;

/** The requirement's JSON fields (`errorRequirementJsonSchema`), held as properties of the class. */
export interface ErrorRequirement extends Readonly<Omit<ErrorRequirementJSON, DecisionField>>, Pick<ErrorRequirementJSON, DecisionField> {}

/** A step failed with `onError: "pause"`: a person decides to retry it or skip it. */
export class ErrorRequirement {
  constructor(data: ErrorRequirementJSON) {
    assignDefined<ErrorRequirementJSON>(this, data);
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
    assignDefined<ErrorRequirementJSON>(this, resolveStamp(options));
  }

  toJSON(): ErrorRequirementJSON {
    return pickDefined<ErrorRequirementJSON, keyof ErrorRequirementJSON>(this, DATA_KEYS);
  }
}
