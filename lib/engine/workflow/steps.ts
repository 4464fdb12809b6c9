import { StepsExecutionCompletedEvent, StepsExecutionStartedEvent } from "../events";
import type { NodeInput, NodeRun, RunContext, Where } from "./context";
import { beforeGate, checkOnError, checkTimeout, forbidFlags, type ConfirmationOptions, type ErrorOptions, type OnError, type TimeoutOptions } from "./gates";
import { toNodes, type StepLike } from "./node-list";
import { recordInnerEnd, skip, WorkflowNode } from "./node";
import type { NodeState, StepsState } from "./resume-state";
import { runSequence } from "./sequence";

export interface StepsOptions extends ConfirmationOptions, TimeoutOptions, ErrorOptions {
  name: string;
  description?: string;
  steps: StepLike[];
}

/** A named group of steps run in order; its output is the last one's. */
export class Steps extends WorkflowNode {
  readonly type = "steps" as const;
  readonly description?: string;
  readonly steps: readonly WorkflowNode[];
  readonly onError: OnError;

  constructor(options: StepsOptions) {
    forbidFlags("steps", options.name, options, ["requiresUserInput", "requiresOutputReview", "requiresIterationReview", "allowMultipleSelections"]);
    super(options.name, beforeGate("steps", options.name, options, "skip"));
    checkTimeout("steps", options.name, options, this.before !== undefined);
    this.steps = toNodes(`Steps "${options.name}"`, options.steps);
    this.onError = checkOnError("steps", options.name, options.onError);
    if (options.description !== undefined) this.description = options.description;
  }

  protected async *body(ctx: RunContext, input: NodeInput, where: Where, resume: NodeState | undefined): NodeRun {
    const state = resume as Extract<StepsState, { phase: "run" }> | undefined;
    const startedAt = state?.startedAt ?? ctx.now().toISOString();
    if (!state) yield new StepsExecutionStartedEvent(where);
    const out = yield* runSequence(ctx, this.steps, { ...input, path: where.stepPath }, state?.seq);
    if (out.kind === "paused") return { kind: "paused", state: { type: "steps", name: this.name, phase: "run", startedAt, seq: out.state } };
    if (out.kind !== "completed") {
      recordInnerEnd(ctx, where, startedAt, out);
      return out;
    }
    if (out.last === undefined) return yield* skip(ctx, where, startedAt, "Every step of the group was skipped.");
    const result = ctx.result(where, "completed", startedAt, { content: out.last, ...(input.iteration !== undefined && { iteration: input.iteration }) });
    yield new StepsExecutionCompletedEvent({ ...where, content: out.last, durationMs: result.durationMs, status: "completed" });
    return { kind: "completed", content: out.last };
  }
}
