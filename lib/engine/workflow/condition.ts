import { DefinitionError } from "../errors";
import { ConditionExecutionCompletedEvent, ConditionExecutionStartedEvent } from "../events";
import type { NodeInput, NodeRun, RunContext, Where } from "./context";
import { beforeGate, checkOnError, checkTimeout, forbidFlags, type ConfirmationOptions, type ErrorOptions, type OnError, type TimeoutOptions } from "./gates";
import { toNodes, type StepLike } from "./node-list";
import { fail, recordInnerEnd, skip, WorkflowNode, type GatePass } from "./node";
import type { ConditionState, NodeState } from "./resume-state";
import type { StepRequirementJSON } from "./snapshot";
import { runSequence } from "./sequence";
import type { StepInput } from "./step-io";

export interface ConditionOptions extends ConfirmationOptions, TimeoutOptions, ErrorOptions {
  name: string;
  description?: string;
  /**
   * Chooses the branch. With `requiresConfirmation` the person chooses (confirm = steps) and the evaluator's
   * answer is only offered to them as `suggestedBranch`.
   */
  evaluator?: (stepInput: StepInput) => boolean | Promise<boolean>;
  steps: StepLike[];
  elseSteps?: StepLike[];
}

const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Runs `steps` when the evaluator (or the person) says yes, `elseSteps` otherwise. */
export class Condition extends WorkflowNode {
  readonly type = "condition" as const;
  readonly description?: string;
  readonly steps: readonly WorkflowNode[];
  readonly elseSteps: readonly WorkflowNode[];
  readonly onError: OnError;
  readonly #evaluator: ConditionOptions["evaluator"];

  constructor(options: ConditionOptions) {
    forbidFlags("condition", options.name, options, ["requiresUserInput", "requiresOutputReview", "requiresIterationReview", "allowMultipleSelections"]);
    super(options.name, beforeGate("condition", options.name, options, "else"));
    checkTimeout("condition", options.name, options, this.before !== undefined);
    if (!options.evaluator && !options.requiresConfirmation) {
      throw new DefinitionError(`Condition "${options.name}": needs an evaluator, or requiresConfirmation so a person decides.`);
    }
    if (options.onReject !== undefined && !options.requiresConfirmation) {
      throw new DefinitionError(`Condition "${options.name}": onReject needs requiresConfirmation.`);
    }
    this.#evaluator = options.evaluator;
    this.onError = checkOnError("condition", options.name, options.onError);
    this.steps = toNodes(`Condition "${options.name}"`, options.steps);
    this.elseSteps = toNodes(`Condition "${options.name}" elseSteps`, options.elseSteps ?? []);
    if (options.description !== undefined) this.description = options.description;
  }

  /** The evaluator's answer as a hint for the person; one that fails gives no hint, since the person decides anyway. */
  protected override async gateSuggestion(ctx: RunContext, input: NodeInput): Promise<Partial<StepRequirementJSON>> {
    if (!this.#evaluator) return {};
    try {
      return { suggestedBranch: (await this.#evaluator(ctx.stepInput(input))) ? "if" : "else" };
    } catch {
      return {};
    }
  }

  protected async *body(ctx: RunContext, input: NodeInput, where: Where, resume: NodeState | undefined, pass: GatePass): NodeRun {
    const state = resume as Extract<ConditionState, { phase: "run" }> | undefined;
    let startedAt: string;
    let branch: "if" | "else";
    if (state) {
      startedAt = state.startedAt;
      branch = state.branch;
    } else {
      startedAt = ctx.now().toISOString();
      if (pass.elseBranch) branch = "else";
      else if (!this.#evaluator || pass.confirmed) branch = "if";
      else {
        try {
          branch = (await this.#evaluator(ctx.stepInput(input))) ? "if" : "else";
        } catch (error) {
          return yield* fail(ctx, where, startedAt, `The evaluator of Condition "${this.name}" failed: ${errorMessage(error)}`);
        }
      }
      yield new ConditionExecutionStartedEvent({ ...where, conditionResult: branch === "if" });
    }
    const nodes = branch === "if" ? this.steps : this.elseSteps;
    const out = yield* runSequence(ctx, nodes, { ...input, path: where.stepPath }, state?.seq);
    if (out.kind === "paused") return { kind: "paused", state: { type: "condition", name: this.name, phase: "run", startedAt, branch, seq: out.state } };
    if (out.kind !== "completed") {
      recordInnerEnd(ctx, where, startedAt, out);
      return out;
    }
    if (out.last === undefined) {
      const reason = nodes.length === 0 ? `The ${branch} branch has no steps.` : `Every step of the ${branch} branch was skipped.`;
      yield new ConditionExecutionCompletedEvent({ ...where, branch: nodes.length === 0 ? "none" : branch, status: "skipped" });
      return yield* skip(ctx, where, startedAt, reason);
    }
    const result = ctx.result(where, "completed", startedAt, { content: out.last, ...(input.iteration !== undefined && { iteration: input.iteration }) });
    yield new ConditionExecutionCompletedEvent({ ...where, branch, content: out.last, durationMs: result.durationMs, status: "completed" });
    return { kind: "completed", content: out.last };
  }
}
