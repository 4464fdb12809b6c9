import { DefinitionError } from "../errors";
import {
  RouterExecutionCompletedEvent,
  RouterExecutionStartedEvent,
  RouterPausedEvent,
  StepContinuedEvent,
} from "../events";
import type { JsonValue } from "../json";
import type { RequirementKind } from "../requirement-model/kind";
import type { NodeInput, NodeRun, RunContext, Where } from "./context";
import { openOutputReview, outputReviewFrom, wantsReview, type OutputReview } from "./output-review";
import {
  beforeGate,
  allowedOnReject,
  cancelReason,
  checkOnError,
  checkTimeout,
  forbidFlags,
  rejectOutcome,
  timeoutAt,
  type ConfirmationOptions,
  type ErrorOptions,
  type OnError,
  type OutputReviewOptions,
  type TimeoutOptions,
} from "./gates";
import { toNodes, type StepLike } from "./node-list";
import { cancel, fail, recordInnerEnd, skip, WorkflowNode } from "./node";
import type { NodeState, RouterState, SeqState } from "./resume-state";
import { runSequence } from "./sequence";
import type { OnReject, OnTimeout } from "./snapshot";
import type { StepInput } from "./step-io";

/** A choice as a selector may name it: the step itself or its name. */
export type RouteChoice = WorkflowNode | string;

export interface RouterOptions extends ConfirmationOptions, TimeoutOptions, OutputReviewOptions, ErrorOptions {
  name: string;
  description?: string;
  /** Picks the choice(s) to run, in order. Leave it out with `requiresUserInput`: then a person picks. */
  selector?: (stepInput: StepInput) => RouteChoice | RouteChoice[] | Promise<RouteChoice | RouteChoice[]>;
  choices: StepLike[];
  /** A person picks the route (`select(...names)` on the requirement). */
  requiresUserInput?: boolean;
  userInputMessage?: string;
  allowMultipleSelections?: boolean;
}

const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** What a route picked again after a rejected output review keeps: its start, the retries so far, the feedback, the old pick. */
interface Retake {
  startedAt: string;
  retryCount: number;
  feedback?: string;
  chosen?: string[];
}

/** Runs the choice(s) its selector or a person picks, in the order picked. */
export class Router extends WorkflowNode {
  readonly type = "router" as const;
  readonly description?: string;
  readonly choices: readonly WorkflowNode[];
  readonly onError: OnError;
  readonly #selector: RouterOptions["selector"];
  readonly #selection: { message?: string; multiple: boolean } | undefined;
  readonly #review: OutputReview | undefined;
  readonly #onReject: OnReject;
  readonly #onTimeout: OnTimeout;
  readonly #timeout: number | undefined;

  constructor(options: RouterOptions) {
    const name = options.name;
    forbidFlags("router", name, options, ["requiresIterationReview", "userInputSchema"]);
    super(name, beforeGate("router", name, { ...options, requiresUserInput: false, userInputSchema: undefined }, "skip"));
    const selects = options.requiresUserInput === true;
    const reviews = options.requiresOutputReview !== undefined && options.requiresOutputReview !== false;
    if (selects && options.selector) throw new DefinitionError(`Router "${name}": give a selector or requiresUserInput (a person picks), not both.`);
    if (!selects && !options.selector) throw new DefinitionError(`Router "${name}": needs a selector, or requiresUserInput so a person picks.`);
    if (!selects && (options.allowMultipleSelections || options.userInputMessage !== undefined)) {
      throw new DefinitionError(`Router "${name}": allowMultipleSelections and userInputMessage need requiresUserInput.`);
    }
    if (selects && options.onTimeout === "approve") {
      throw new DefinitionError(`Router "${name}": onTimeout "approve" cannot pick a route for the person; use "skip" or "cancel".`);
    }
    if (!reviews && (options.maxRetries !== undefined || options.outputReviewMessage !== undefined)) {
      throw new DefinitionError(`Router "${name}": maxRetries and outputReviewMessage need requiresOutputReview.`);
    }
    if (options.onReject !== undefined && !this.before && !selects && !reviews) {
      throw new DefinitionError(`Router "${name}": onReject is set but nothing asks a person.`);
    }
    checkTimeout("router", name, options, this.before !== undefined || selects || reviews);
    this.choices = toNodes(`Router "${name}"`, options.choices);
    if (this.choices.length === 0) throw new DefinitionError(`Router "${name}": needs at least one choice.`);
    const seen = new Set<string>();
    for (const c of this.choices) {
      if (seen.has(c.name)) throw new DefinitionError(`Router "${name}": two choices are named "${c.name}"; choices are picked by name.`);
      seen.add(c.name);
    }
    this.#selector = options.selector;
    this.onError = checkOnError("router", name, options.onError);
    this.#onReject = options.onReject ?? "skip";
    this.#onTimeout = options.onTimeout ?? "skip";
    this.#timeout = options.timeout;
    if (selects) {
      this.#selection = { multiple: options.allowMultipleSelections === true };
      if (options.userInputMessage !== undefined) this.#selection.message = options.userInputMessage;
    }
    this.#review = outputReviewFrom(options);
    if (options.description !== undefined) this.description = options.description;
  }

  protected override laterPauses(): RequirementKind[] {
    const kinds: RequirementKind[] = [];
    if (this.#selection) kinds.push("route_selection");
    if (this.#review) kinds.push("output_review");
    return kinds;
  }

  protected async *body(ctx: RunContext, input: NodeInput, where: Where, resume: NodeState | undefined): NodeRun {
    const state = resume as Exclude<RouterState, { phase: "gate" }> | undefined;
    const extra = input.iteration !== undefined ? { iteration: input.iteration } : {};
    let startedAt = ctx.now().toISOString();
    let chosen: string[];
    let retryCount = 0;
    let feedback: string | undefined;
    let seq: SeqState | undefined;
    if (!state) {
      if (this.#selection) return yield* this.#askSelection(ctx, where);
      try {
        chosen = this.#names(await (this.#selector as NonNullable<RouterOptions["selector"]>)(ctx.stepInput(input)));
      } catch (error) {
        return yield* fail(ctx, where, startedAt, `The selector of Router "${this.name}" failed: ${errorMessage(error)}`, extra);
      }
      yield new RouterExecutionStartedEvent({ ...where, selectedSteps: chosen });
    } else if (state.phase === "select") {
      const req = ctx.requirement(state.reqId);
      yield new StepContinuedEvent({ ...where, requirementIds: [req.id], action: req.resolution ?? "timeout" });
      const carry: Retake = { startedAt: state.startedAt ?? startedAt, retryCount: state.retryCount ?? 0 };
      if (state.feedback !== undefined) carry.feedback = state.feedback;
      if (state.chosen !== undefined) carry.chosen = state.chosen;
      ({ startedAt, retryCount, feedback } = carry);
      if (req.status === "timed_out" || req.resolution === "reject") {
        const policy = req.status === "timed_out" ? this.#onTimeout : rejectOutcome(req, this.#onReject);
        if (policy === "approve" && carry.chosen) chosen = carry.chosen;
        else if (policy === "retry") return yield* this.#askSelection(ctx, where, carry);
        else if (policy === "cancel") return yield* cancel(ctx, where, startedAt, cancelReason(req), extra);
        else return yield* skip(ctx, where, startedAt, cancelReason(req), extra);
      } else {
        chosen = req.selectedChoices ?? [];
      }
      yield new RouterExecutionStartedEvent({ ...where, selectedSteps: chosen });
    } else if (state.phase === "run") {
      ({ startedAt, chosen, retryCount, feedback, seq } = state);
    } else {
      ({ startedAt, chosen, retryCount } = state);
      const req = ctx.requirement(state.reqId);
      const review = this.#review;
      if (!review) throw new DefinitionError(`Router "${this.name}" no longer has the output review the run waits at.`);
      yield new StepContinuedEvent({ ...where, requirementIds: [req.id], action: req.resolution ?? "timeout" });
      if (req.status === "timed_out") {
        if (this.#onTimeout === "approve") return yield* this.#complete(ctx, where, startedAt, chosen, state.output, extra);
        const reason = cancelReason(req);
        return this.#onTimeout === "skip" ? yield* skip(ctx, where, startedAt, reason, extra) : yield* cancel(ctx, where, startedAt, reason, extra);
      }
      if (req.resolution === "confirm") return yield* this.#complete(ctx, where, startedAt, chosen, state.output, extra);
      if (req.resolution === "edit") return yield* this.#complete(ctx, where, startedAt, chosen, req.editedOutput ?? null, extra);
      const outcome = rejectOutcome(req, review.onReject);
      if (outcome === "skip") return yield* skip(ctx, where, startedAt, cancelReason(req), extra);
      if (outcome === "cancel" || retryCount >= review.maxRetries) {
        const reason = outcome === "cancel" ? cancelReason(req) : `The output of Router ${this.name} was rejected ${retryCount + 1} time(s); maxRetries (${review.maxRetries}) is used up.`;
        return yield* cancel(ctx, where, startedAt, reason, extra);
      }
      // As the reference does: a rejected route is not simply rerun, a person picks the route again (the feedback goes with it).
      const carry: Retake = { startedAt, retryCount: retryCount + 1, chosen };
      if (req.rejectionFeedback !== undefined) carry.feedback = req.rejectionFeedback;
      return yield* this.#askSelection(ctx, where, carry);
    }

    const nodes = chosen.map((n) => this.#choice(ctx, n));
    const seqInput: NodeInput = { ...input, path: where.stepPath, marks: [...(input.marks ?? []), `retry:${retryCount}`] };
    if (feedback !== undefined) seqInput.feedback = feedback;
    const positions = chosen.map((n) => this.choices.findIndex((c) => c.name === n));
    const out = yield* runSequence(ctx, nodes, seqInput, seq, undefined, positions);
    if (out.kind === "paused") {
      const paused: RouterState = { type: "router", name: this.name, phase: "run", startedAt, chosen, retryCount, seq: out.state };
      if (feedback !== undefined) paused.feedback = feedback;
      return { kind: "paused", state: paused };
    }
    if (out.kind !== "completed") {
      recordInnerEnd(ctx, where, startedAt, out);
      return out;
    }
    if (out.last === undefined) return yield* skip(ctx, where, startedAt, chosen.length === 0 ? "No route was selected." : "Every selected route was skipped.", extra);
    const review = this.#review;
    if (wantsReview(review, out.last)) {
      const gate = { retryCount, timeout: this.#timeout, onTimeout: this.#onTimeout };
      const { req, event } = openOutputReview(ctx, where, review, out.last, gate, where, {
        availableChoices: this.choices.map((c) => c.name),
        selectedChoices: chosen,
      });
      yield event;
      return { kind: "paused", state: { type: "router", name: this.name, phase: "review", startedAt, chosen, retryCount, reqId: req.id, output: out.last } };
    }
    return yield* this.#complete(ctx, where, startedAt, chosen, out.last, extra);
  }

  /** Pauses for a person to pick the route; `carry` is what a rejected output review hands to the retake. */
  async *#askSelection(ctx: RunContext, where: Where, carry?: Retake): NodeRun {
    const selection = this.#selection ?? { multiple: false };
    const deadline = timeoutAt(ctx.now(), this.#timeout);
    const availableChoices = this.choices.map((c) => c.name);
    const req = ctx.openRequirement(where, {
      requiresConfirmation: false,
      requiresUserInput: false,
      requiresRouteSelection: true,
      requiresOutputReview: false,
      requiresExecutorInput: false,
      availableChoices,
      allowMultipleSelections: selection.multiple,
      onReject: this.#onReject,
      allowedOnReject: allowedOnReject("router", this.#onReject, "gate"),
      ...(carry?.chosen !== undefined && { selectedChoices: carry.chosen }),
      ...(carry?.feedback !== undefined && { rejectionFeedback: carry.feedback }),
      ...(selection.message !== undefined && { userInputMessage: selection.message }),
      ...(deadline !== undefined && { timeoutAt: deadline, onTimeout: this.#onTimeout }),
    });
    yield new RouterPausedEvent({ ...where, requirementIds: [req.id], availableChoices, ...(selection.message !== undefined && { message: selection.message }) });
    return { kind: "paused", state: { type: "router", name: this.name, phase: "select", reqId: req.id, ...carry } };
  }

  async *#complete(ctx: RunContext, where: Where, startedAt: string, chosen: string[], content: JsonValue, extra: { iteration?: number }): NodeRun {
    const result = ctx.result(where, "completed", startedAt, { content, ...extra });
    yield new RouterExecutionCompletedEvent({ ...where, selectedSteps: chosen, content, durationMs: result.durationMs, status: "completed" });
    return { kind: "completed", content };
  }

  #names(picked: RouteChoice | RouteChoice[]): string[] {
    const list = Array.isArray(picked) ? picked : [picked];
    return list.map((p) => {
      const name = typeof p === "string" ? p : p.name;
      if (!this.choices.some((c) => c.name === name)) {
        throw new Error(`it picked "${name}", which is not one of the choices (${this.choices.map((c) => c.name).join(", ")})`);
      }
      return name;
    });
  }

  #choice(ctx: RunContext, name: string): WorkflowNode {
    const node = this.choices.find((c) => c.name === name);
    if (!node) throw new DefinitionError(`Router "${this.name}" has no choice "${name}" any more, but run ${ctx.runId} picked it.`);
    return node;
  }
}
