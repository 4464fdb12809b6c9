import { DefinitionError } from "../errors";
import {
  LoopExecutionCompletedEvent,
  LoopExecutionStartedEvent,
  LoopIterationCompletedEvent,
  LoopIterationStartedEvent,
  StepContinuedEvent,
  StepPausedEvent,
} from "../events";
import type { JsonValue } from "../json";
import type { RequirementKind } from "../requirement-model/kind";
import type { NodeInput, NodeRun, RunContext, Where } from "./context";
import {
  beforeGate,
  cancelReason,
  checkOnError,
  checkTimeout,
  forbidFlags,
  timeoutAt,
  type ConfirmationOptions,
  type ErrorOptions,
  type OnError,
  type TimeoutOptions,
} from "./gates";
import { toNodes, type StepLike } from "./node-list";
import { cancel, fail, recordInnerEnd, skip, WorkflowNode } from "./node";
import type { LoopState, NodeState, SeqState } from "./resume-state";
import { runSequence } from "./sequence";
import type { OnTimeout } from "./snapshot";
import { StepOutput, type StepInput } from "./step-io";

export interface LoopOptions extends ConfirmationOptions, TimeoutOptions, ErrorOptions {
  name: string;
  description?: string;
  steps: StepLike[];
  /** Default 3. */
  maxIterations?: number;
  /** Called after each iteration with that iteration's outputs; true ends the loop. */
  endCondition?: (outputs: StepOutput[], stepInput: StepInput) => boolean | Promise<boolean>;
  /** Pause after each iteration (but the last possible): confirm stops the loop, reject({ feedback }) runs another. */
  requiresIterationReview?: boolean;
  iterationReviewMessage?: string;
}

const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Runs its steps again and again: each iteration gets the previous one's output. Its output is the last iteration's. */
export class Loop extends WorkflowNode {
  readonly type = "loop" as const;
  readonly description?: string;
  readonly steps: readonly WorkflowNode[];
  readonly maxIterations: number;
  readonly onError: OnError;
  readonly #endCondition: LoopOptions["endCondition"];
  readonly #review: { message?: string; onTimeout: OnTimeout; timeout?: number } | undefined;

  constructor(options: LoopOptions) {
    forbidFlags("loop", options.name, options, ["requiresUserInput", "requiresOutputReview", "allowMultipleSelections"]);
    super(options.name, beforeGate("loop", options.name, options, "skip"));
    checkTimeout("loop", options.name, options, this.before !== undefined || options.requiresIterationReview === true);
    const max = options.maxIterations ?? 3;
    if (!Number.isInteger(max) || max < 1) throw new DefinitionError(`Loop "${options.name}": maxIterations must be a whole number ≥ 1, got ${max}.`);
    if (options.iterationReviewMessage !== undefined && !options.requiresIterationReview) {
      throw new DefinitionError(`Loop "${options.name}": iterationReviewMessage needs requiresIterationReview.`);
    }
    if (options.onReject !== undefined && !options.requiresConfirmation) {
      throw new DefinitionError(`Loop "${options.name}": onReject needs requiresConfirmation (an iteration review's reject always runs another iteration).`);
    }
    this.maxIterations = max;
    this.onError = checkOnError("loop", options.name, options.onError);
    this.steps = toNodes(`Loop "${options.name}"`, options.steps);
    this.#endCondition = options.endCondition;
    if (options.requiresIterationReview) {
      this.#review = { onTimeout: options.onTimeout ?? "skip" };
      if (options.iterationReviewMessage !== undefined) this.#review.message = options.iterationReviewMessage;
      if (options.timeout !== undefined) this.#review.timeout = options.timeout;
    }
    if (options.description !== undefined) this.description = options.description;
  }

  protected override laterPauses(): RequirementKind[] {
    return this.#review ? ["iteration_review"] : [];
  }

  protected async *body(ctx: RunContext, input: NodeInput, where: Where, resume: NodeState | undefined): NodeRun {
    const state = resume as Exclude<LoopState, { phase: "gate" }> | undefined;
    const extra = input.iteration !== undefined ? { iteration: input.iteration } : {};
    let startedAt: string;
    let iteration: number;
    let lastOutput: JsonValue | undefined;
    let feedback: string | undefined;
    let seq: SeqState | undefined;
    if (!state) {
      startedAt = ctx.now().toISOString();
      iteration = 1;
      yield new LoopExecutionStartedEvent({ ...where, maxIterations: this.maxIterations });
    } else if (state.phase === "run") {
      ({ startedAt, iteration, lastOutput, feedback, seq } = state);
    } else {
      ({ startedAt, iteration, lastOutput } = state);
      const req = ctx.requirement(state.reqId);
      yield new StepContinuedEvent({ ...where, requirementIds: [req.id], action: req.resolution ?? "timeout" });
      const timeoutPolicy = req.status === "timed_out" ? (this.#review?.onTimeout ?? "skip") : undefined;
      if (timeoutPolicy === "cancel") return yield* cancel(ctx, where, startedAt, cancelReason(req), extra);
      if (timeoutPolicy !== undefined || req.resolution === "confirm") return yield* this.#finish(ctx, where, startedAt, iteration, lastOutput, extra);
      iteration += 1;
      feedback = req.rejectionFeedback;
    }
    for (;;) {
      if (!seq) yield new LoopIterationStartedEvent({ ...where, iteration, maxIterations: this.maxIterations });
      const iterationInput: NodeInput = {
        prev: lastOutput !== undefined ? lastOutput : input.prev,
        path: where.stepPath,
        iteration,
        marks: [...(input.marks ?? []), `iteration:${iteration}`],
      };
      if (feedback !== undefined) iterationInput.feedback = feedback;
      else if (input.feedback !== undefined) iterationInput.feedback = input.feedback;
      const out = yield* runSequence(ctx, this.steps, iterationInput, seq);
      seq = undefined;
      if (out.kind === "paused") {
        const paused: LoopState = { type: "loop", name: this.name, phase: "run", startedAt, iteration, seq: out.state };
        if (lastOutput !== undefined) paused.lastOutput = lastOutput;
        if (feedback !== undefined) paused.feedback = feedback;
        return { kind: "paused", state: paused };
      }
      if (out.kind !== "completed") {
        recordInnerEnd(ctx, where, startedAt, out);
        return out;
      }
      if (out.last !== undefined) lastOutput = out.last;
      yield new LoopIterationCompletedEvent({ ...where, iteration, ...(out.last !== undefined && { content: out.last }) });
      let done = iteration >= this.maxIterations;
      if (!done && this.#endCondition) {
        try {
          const outputs = out.outputs.map((o) => new StepOutput({ content: o.content, stepName: o.stepName }));
          done = await this.#endCondition(outputs, ctx.stepInput({ ...iterationInput, prev: out.last ?? iterationInput.prev }));
        } catch (error) {
          return yield* fail(ctx, where, startedAt, `The endCondition of Loop "${this.name}" failed: ${errorMessage(error)}`, extra);
        }
      }
      if (done) break;
      if (this.#review) {
        const deadline = timeoutAt(ctx.now(), this.#review.timeout);
        const req = ctx.openRequirement(where, {
          requiresConfirmation: true,
          requiresIterationReview: true,
          iteration,
          requiresUserInput: false,
          requiresRouteSelection: false,
          requiresOutputReview: false,
          requiresExecutorInput: false,
          onReject: "retry",
          ...(lastOutput !== undefined && { stepOutput: lastOutput }),
          ...(this.#review.message !== undefined && { confirmationMessage: this.#review.message }),
          ...(deadline !== undefined && { timeoutAt: deadline, onTimeout: this.#review.onTimeout }),
        });
        yield new StepPausedEvent({ ...where, requirementIds: [req.id], kind: req.kind, ...(this.#review.message !== undefined && { message: this.#review.message }) });
        const paused: LoopState = { type: "loop", name: this.name, phase: "review", startedAt, iteration, reqId: req.id };
        if (lastOutput !== undefined) paused.lastOutput = lastOutput;
        return { kind: "paused", state: paused };
      }
      iteration += 1;
      feedback = undefined;
    }
    return yield* this.#finish(ctx, where, startedAt, iteration, lastOutput, extra);
  }

  async *#finish(ctx: RunContext, where: Where, startedAt: string, iterations: number, lastOutput: JsonValue | undefined, extra: { iteration?: number }): NodeRun {
    if (lastOutput === undefined) return yield* skip(ctx, where, startedAt, "Every step of every iteration was skipped.", extra);
    const result = ctx.result(where, "completed", startedAt, { content: lastOutput, ...extra });
    yield new LoopExecutionCompletedEvent({ ...where, iterations, content: lastOutput, durationMs: result.durationMs, status: "completed" });
    return { kind: "completed", content: lastOutput };
  }
}
