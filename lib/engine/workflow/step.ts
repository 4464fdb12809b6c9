import { DefinitionError } from "../errors";
import {
  StepCompletedEvent,
  StepErrorEvent,
  StepContinuedEvent,
  StepExecutorContinuedEvent,
  StepExecutorPausedEvent,
  StepPausedEvent,
  StepStartedEvent,
  type WorkflowEvent,
} from "../events";
import type { Executor, ExecutorRunOptions } from "../executor";
import type { StepOptions } from "./step-options";
import { placeId, stepPlace } from "../journal";
import type { JsonValue } from "../json";
import { RunOutput } from "../run-output";
import type { RequirementKind } from "../requirement-model/kind";
import type { NodeInput, NodeRun, RunContext, Where } from "./context";
import { openOutputReview, outputReviewFrom, wantsReview, type OutputReview } from "./output-review";
import {
  beforeGate,
  cancelReason,
  checkOnError,
  checkTimeout,
  errorTypeOf,
  describeNode,
  forbidFlags,
  rejectOutcome,
  type OnError,
} from "./gates";
import { cancel, fail, skip, WorkflowNode, type GatePass } from "./node";
import type { Attempt, NodeState, StepState } from "./resume-state";
import type { OnTimeout, StepResultJSON } from "./snapshot";
import { agentMessage, contentOf, type StepExecutor } from "./step-io";
import { attachToolChecks } from "./tool-checks";

export type { OnError } from "./gates";

export type { StepOptions } from "./step-options";

type AttemptResult =
  | { kind: "ok"; content: JsonValue }
  | { kind: "paused"; run: RunOutput }
  | { kind: "error"; message: string; errorType: string };

const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** One unit of work: an executor function, an Agent or a Team, with optional gates before and after it. */
export class Step extends WorkflowNode {
  readonly type = "step" as const;
  readonly description?: string;
  readonly agent?: Executor;
  readonly team?: Executor;
  readonly executor?: StepExecutor;
  readonly onError: OnError;
  readonly #review: OutputReview | undefined;
  readonly #onTimeout: OnTimeout;
  readonly #timeout: number | undefined;
  readonly #autoRetries: number;
  readonly #retryDelayMs: number;

  constructor(options: StepOptions) {
    const drivers = [options.agent, options.team, options.executor].filter((d) => d !== undefined).length;
    const name = options.name ?? options.executor?.name ?? options.agent?.name ?? options.team?.name ?? "";
    if (!name) throw new DefinitionError("A Step needs a name: pass `name`, or a named executor function, agent or team.");
    if (drivers !== 1) throw new DefinitionError(`Step "${name}": give exactly one of agent, team or executor (got ${drivers}).`);
    if (options.agent && options.agent.executorType !== "agent") throw new DefinitionError(`Step "${name}": \`agent\` must be an Agent; pass a Team as \`team\`.`);
    if (options.team && options.team.executorType !== "team") throw new DefinitionError(`Step "${name}": \`team\` must be a Team; pass an Agent as \`agent\`.`);
    forbidFlags("step", name, options, ["allowMultipleSelections", "requiresIterationReview", "requiresRouteSelection", "evaluator"]);
    super(name, beforeGate("step", name, options, "skip"));
    const reviews = options.requiresOutputReview !== undefined && options.requiresOutputReview !== false;
    if (!reviews && options.outputReviewMessage !== undefined) {
      throw new DefinitionError(`${describeNode("step", name)}: outputReviewMessage needs requiresOutputReview.`);
    }
    if (options.retryDelay !== undefined && (!Number.isFinite(options.retryDelay) || options.retryDelay < 0)) {
      throw new DefinitionError(`${describeNode("step", name)}: retryDelay must be a number of seconds ≥ 0, got ${options.retryDelay}.`);
    }
    if (options.retryDelay !== undefined && options.maxRetries === undefined) {
      throw new DefinitionError(`${describeNode("step", name)}: retryDelay needs maxRetries (how many automatic retries to wait between).`);
    }
    if (options.maxRetries !== undefined && (!Number.isInteger(options.maxRetries) || options.maxRetries < 0)) {
      throw new DefinitionError(`${describeNode("step", name)}: maxRetries must be a whole number ≥ 0.`);
    }
    if (options.onReject !== undefined && !this.before && !reviews) {
      throw new DefinitionError(`${describeNode("step", name)}: onReject is set but nothing asks a person (add requiresConfirmation, requiresUserInput or requiresOutputReview).`);
    }
    checkTimeout("step", name, options, this.before !== undefined || reviews);
    if (options.description !== undefined) this.description = options.description;
    if (options.agent) this.agent = options.agent;
    if (options.team) this.team = options.team;
    if (options.executor) this.executor = options.executor;
    this.onError = checkOnError("step", name, options.onError);
    this.#autoRetries = options.maxRetries ?? 0;
    this.#retryDelayMs = (options.retryDelay ?? 0) * 1000;
    this.#onTimeout = options.onTimeout ?? "skip";
    this.#timeout = options.timeout;
    this.#review = outputReviewFrom(options);
  }

  get #driver(): Executor | undefined {
    return this.agent ?? this.team;
  }

  protected override laterPauses(): RequirementKind[] {
    return this.#review ? ["output_review"] : [];
  }

  protected async *body(ctx: RunContext, input: NodeInput, where: Where, resume: NodeState | undefined, pass: GatePass): NodeRun {
    const state = resume as StepState | undefined;
    let attempt: Attempt;
    let continuing: RunOutput | undefined;
    if (!state) {
      attempt = { retryCount: 0, startedAt: ctx.now().toISOString() };
      if (pass.userInput) attempt.userInput = pass.userInput;
      yield new StepStartedEvent(this.#tag(where));
    } else if (state.phase === "executor") {
      attempt = state.attempt;
      const req = ctx.requirement(state.reqId);
      continuing = new RunOutput(state.run, req.executorRequirements);
      yield new StepExecutorContinuedEvent({
        ...this.#tag(where),
        executorId: continuing.executorId,
        requirementIds: (req.executorRequirements ?? []).map((r) => r.id),
      });
    } else if (state.phase === "review") {
      const req = ctx.requirement(state.reqId);
      const review = this.#review;
      if (!review) throw new DefinitionError(`${describeNode("step", this.name)} no longer has the output review the run waits at.`);
      yield new StepContinuedEvent({ ...where, requirementIds: [req.id], action: req.resolution ?? "timeout" });
      const extra = this.#resultExtra(input);
      if (req.status === "timed_out") {
        if (this.#onTimeout === "approve") return yield* this.#complete(ctx, where, input, state.attempt, state.output);
        const reason = cancelReason(req);
        return this.#onTimeout === "skip" ? yield* skip(ctx, where, state.attempt.startedAt, reason, extra) : yield* cancel(ctx, where, state.attempt.startedAt, reason, extra);
      }
      if (req.resolution === "confirm") return yield* this.#complete(ctx, where, input, state.attempt, state.output);
      if (req.resolution === "edit") return yield* this.#complete(ctx, where, input, state.attempt, req.editedOutput ?? null);
      const outcome = rejectOutcome(req, review.onReject);
      if (outcome === "skip") return yield* skip(ctx, where, state.attempt.startedAt, cancelReason(req), extra);
      if (outcome === "cancel") return yield* cancel(ctx, where, state.attempt.startedAt, cancelReason(req), extra);
      if (state.attempt.retryCount >= review.maxRetries) {
        const reason = `The output of step ${this.name} was rejected ${state.attempt.retryCount + 1} time(s); maxRetries (${review.maxRetries}) is used up.`;
        return yield* cancel(ctx, where, state.attempt.startedAt, reason, extra);
      }
      attempt = { retryCount: state.attempt.retryCount + 1, startedAt: state.attempt.startedAt, previousOutput: state.output };
      if (state.attempt.userInput) attempt.userInput = state.attempt.userInput;
      if (req.rejectionFeedback !== undefined) attempt.feedback = req.rejectionFeedback;
      yield new StepStartedEvent(this.#tag(where));
    } else if (state.phase === "error") {
      const req = ctx.errorRequirement(state.reqId);
      yield new StepContinuedEvent({ ...where, requirementIds: [req.id], action: req.action ?? "retry" });
      if (req.action === "skip") return yield* skip(ctx, where, state.attempt.startedAt, `Skipped after the error: ${req.errorMessage}`, this.#resultExtra(input));
      attempt = { ...state.attempt, retryCount: state.attempt.retryCount + 1 };
      yield new StepStartedEvent(this.#tag(where));
    } else {
      throw new DefinitionError(`${describeNode("step", this.name)}: unexpected saved phase ${state.phase}.`);
    }

    let result = yield* this.#attempt(ctx, input, where, attempt, continuing);
    // maxRetries retries a failure on its own first, as the reference does; onError applies once they are used up.
    for (let retried = 0; result.kind === "error" && retried < this.#autoRetries && !ctx.settings.signal?.aborted; retried++) {
      yield new StepErrorEvent({ ...this.#tag(where), error: result.message, errorType: result.errorType, retrying: true });
      if (this.#retryDelayMs > 0) await ctx.settings.sleep(this.#retryDelayMs, ctx.settings.signal);
      attempt = { ...attempt, autoRetries: (attempt.autoRetries ?? 0) + 1 };
      yield new StepStartedEvent(this.#tag(where));
      result = yield* this.#attempt(ctx, input, where, attempt, undefined);
    }
    if (result.kind === "paused") return yield* this.#pauseForExecutor(ctx, where, attempt, result.run);
    if (result.kind === "error") return yield* this.#onFailure(ctx, where, input, attempt, result.message, result.errorType);
    const review = this.#review;
    if (wantsReview(review, result.content)) {
      const gate = { retryCount: attempt.retryCount, timeout: this.#timeout, onTimeout: this.#onTimeout };
      const { req, event } = openOutputReview(ctx, where, review, result.content, gate, this.#tag(where));
      yield event;
      return { kind: "paused", state: { type: "step", name: this.name, phase: "review", reqId: req.id, output: result.content, attempt } };
    }
    return yield* this.#complete(ctx, where, input, attempt, result.content);
  }

  #tag(where: Where): Where & { executorName?: string; executorType?: "agent" | "team" } {
    const driver = this.#driver;
    return driver ? { ...where, executorName: driver.name, executorType: driver.executorType } : where;
  }

  #resultExtra(input: NodeInput): Partial<StepResultJSON> {
    const extra: Partial<StepResultJSON> = {};
    const driver = this.#driver;
    if (driver) {
      extra.executorName = driver.name;
      extra.executorType = driver.executorType;
    }
    if (input.iteration !== undefined) extra.iteration = input.iteration;
    return extra;
  }

  async *#complete(ctx: RunContext, where: Where, input: NodeInput, attempt: Attempt, content: JsonValue): NodeRun {
    const result = ctx.result(where, "completed", attempt.startedAt, { content, ...this.#resultExtra(input) });
    yield new StepCompletedEvent({ ...this.#tag(where), content, durationMs: result.durationMs, status: "completed" });
    return { kind: "completed", content };
  }

  async *#attempt(
    ctx: RunContext,
    input: NodeInput,
    where: Where,
    attempt: Attempt,
    continuing: RunOutput | undefined,
  ): AsyncGenerator<WorkflowEvent, AttemptResult, void> {
    const extra: { userInput?: Attempt["userInput"]; feedback?: string; previousOutput?: JsonValue; attempt: number } = {
      attempt: attempt.retryCount + (attempt.autoRetries ?? 0) + 1,
    };
    if (attempt.userInput !== undefined) extra.userInput = attempt.userInput;
    if (attempt.feedback !== undefined) extra.feedback = attempt.feedback;
    if (attempt.previousOutput !== undefined) extra.previousOutput = attempt.previousOutput;
    const stepInput = ctx.stepInput(input, extra);
    if (this.executor) {
      try {
        return { kind: "ok", content: contentOf(await this.executor(stepInput)) };
      } catch (error) {
        return { kind: "error", message: errorMessage(error), errorType: errorTypeOf(error) };
      }
    }
    const driver = this.#driver as Executor;
    // One agent or team run per attempt of this step at this place: a replay finds its journal entries under it.
    const place = stepPlace(where.stepPath, input.marks ?? [], attempt.retryCount);
    const options: ExecutorRunOptions = {
      sessionId: ctx.run.sessionId,
      streamContent: ctx.settings.streamContent,
      ...(ctx.settings.signal !== undefined && { signal: ctx.settings.signal }),
      ...(ctx.settings.userId !== undefined && { userId: ctx.settings.userId }),
      ...(ctx.journal !== undefined && { journal: { journal: ctx.journal, place } }),
    };
    try {
      const gen = continuing
        ? driver.continueRunIter(continuing, options)
        : driver.runIter(agentMessage(stepInput), ctx.journal ? { ...options, runId: placeId(ctx.runId, place) } : options);
      const tag = this.#tag(where);
      let next = await gen.next();
      while (!next.done) {
        // Inside a workflow every event carries the workflow's run id; the agent's own run id moves to agentRunId.
        const event = next.value as WorkflowEvent & { agentRunId?: string };
        event.agentRunId ??= event.runId;
        Object.assign(event, tag);
        yield event;
        next = await gen.next();
      }
      const run = next.value;
      if (run.status === "paused") return { kind: "paused", run };
      if (run.status === "error") {
        return { kind: "error", message: run.error ?? `${driver.name} failed without a message.`, errorType: driver.executorType === "team" ? "TeamRunError" : "AgentRunError" };
      }
      return { kind: "ok", content: run.content ?? null };
    } catch (error) {
      return { kind: "error", message: errorMessage(error), errorType: errorTypeOf(error) };
    }
  }

  async *#pauseForExecutor(ctx: RunContext, where: Where, attempt: Attempt, run: RunOutput): NodeRun {
    const executorRequirements = run.requirements.map((r) => r.toJSON());
    const req = ctx.openRequirement(
      where,
      {
        requiresConfirmation: false,
        requiresUserInput: false,
        requiresRouteSelection: false,
        requiresOutputReview: false,
        requiresExecutorInput: true,
        executorId: run.executorId,
        executorName: run.executorName,
        executorType: run.executorType,
        executorRequirements,
      },
      "executor",
    );
    attachToolChecks(this.#driver, run, req);
    yield new StepExecutorPausedEvent({
      ...this.#tag(where),
      requirementIds: [req.id],
      executorId: run.executorId,
      executorRequirements,
    });
    return { kind: "paused", state: { type: "step", name: this.name, phase: "executor", reqId: req.id, run: run.toJSON(), attempt } };
  }

  async *#onFailure(ctx: RunContext, where: Where, input: NodeInput, attempt: Attempt, message: string, errorType: string): NodeRun {
    const extra = this.#resultExtra(input);
    if (this.onError === "skip") {
      return yield* skip(ctx, where, attempt.startedAt, `Failed and skipped (onError "skip"): ${message}`, { ...extra, error: message });
    }
    if (this.onError === "fail") return yield* fail(ctx, where, attempt.startedAt, message, extra, errorType);
    const req = ctx.openErrorRequirement(where, message, attempt.retryCount, errorType);
    yield new StepErrorEvent({ ...this.#tag(where), error: message, errorType });
    yield new StepPausedEvent({ ...this.#tag(where), requirementIds: [req.id], kind: "error", message });
    return { kind: "paused", state: { type: "step", name: this.name, phase: "error", reqId: req.id, attempt } };
  }
}
