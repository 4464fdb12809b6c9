import { ResumeStateError } from "../errors";
import {
  StepContinuedEvent,
  StepErrorEvent,
  StepPausedEvent,
  StepSkippedEvent,
  type WorkflowEvent,
} from "../events";
import type { JsonValue } from "../json";
import type { RequirementKind } from "../requirement-model/kind";
import type { NodeInput, NodeRun, Outcome, RunContext, Where } from "./context";
import { allowedOnReject, cancelReason, decideGate, describeNode, timeoutAt, type BeforeGate, type OnError } from "./gates";
import type { ContainerErrorState, NodeState } from "./resume-state";
import type { StepRequirementJSON, StepResultJSON, StepType } from "./snapshot";

/** What a passed before-gate hands to the body: the person's input, or the else branch of a Condition. */
export interface GatePass {
  userInput?: { [field: string]: JsonValue };
  elseBranch?: boolean;
  /** A person (or an "approve" timeout) let it run: a Condition then takes its steps whatever its evaluator says. */
  confirmed?: boolean;
}

/**
 * A workflow primitive. `execute` is re-entered with the state it returned when it paused and goes
 * straight to where it stood: nothing that finished runs again.
 */
export abstract class WorkflowNode {
  abstract readonly type: StepType;
  readonly name: string;
  protected readonly before: BeforeGate | undefined;
  /** What a failure inside this node does. A Step applies it to its own failures; a container to any failure inside it. */
  abstract readonly onError: OnError;
  abstract readonly description?: string;

  protected constructor(name: string, before: BeforeGate | undefined) {
    this.name = name;
    this.before = before;
  }

  async *execute(ctx: RunContext, input: NodeInput, resume?: NodeState): NodeRun {
    const where = ctx.where([...input.path, this.name], this.type, input.index);
    if (resume) this.assertMatches(ctx, where, resume);
    if (resume?.phase === "error" && resume.type !== "step") return yield* this.#afterErrorDecision(ctx, input, where, resume);
    let pass: GatePass = {};
    if (resume?.phase === "gate" && this.before) {
      const req = ctx.requirement(resume.reqId);
      const decision = decideGate(req, this.before.onReject, this.before.onTimeout);
      yield new StepContinuedEvent({ ...where, requirementIds: [req.id], action: req.resolution ?? decision });
      const now = ctx.now().toISOString();
      switch (decision) {
        case "skip":
          return yield* skip(ctx, where, now, cancelReason(req));
        case "cancel":
          return yield* cancel(ctx, where, now, cancelReason(req));
        case "ask":
          return yield* this.#pauseBefore(ctx, where, input);
        case "else":
          pass = { elseBranch: true };
          break;
        case "run":
          pass = { confirmed: true };
          if (req.userInput !== undefined) pass.userInput = req.userInput;
          break;
      }
      resume = undefined;
    } else if (!resume && this.before) {
      return yield* this.#pauseBefore(ctx, where, input);
    }
    return yield* this.#guarded(ctx, input, where, resume, pass);
  }

  /** Runs the body; a container whose onError is not "fail" turns a failure inside it into a skip or a pause. */
  async *#guarded(ctx: RunContext, input: NodeInput, where: Where, resume: NodeState | undefined, pass: GatePass): NodeRun {
    const outcome = yield* this.body(ctx, input, where, resume, pass);
    if (outcome.kind !== "error" || this.type === "step" || this.onError === "fail") return outcome;
    const recorded = ctx.takeErrorResult(where);
    const startedAt = recorded?.startedAt ?? ctx.now().toISOString();
    const message = outcome.stepName === this.name ? outcome.message : `Step ${outcome.stepName} failed: ${outcome.message}`;
    const extra: Partial<StepResultJSON> = input.iteration !== undefined ? { iteration: input.iteration } : {};
    if (this.onError === "skip") return yield* skip(ctx, where, startedAt, `Failed and skipped (onError "skip"): ${message}`, { ...extra, error: message });
    const retries = ctx.run.errorRequirements.filter((r) => r.action === "retry" && r.stepPath.join("\u0000") === where.stepPath.join("\u0000")).length;
    const req = ctx.openErrorRequirement(where, message, retries, outcome.errorType);
    yield new StepPausedEvent({ ...where, requirementIds: [req.id], kind: "error", message });
    const state: ContainerErrorState = { type: this.type as ContainerErrorState["type"], name: this.name, phase: "error", reqId: req.id, startedAt };
    if (pass.confirmed) state.confirmed = true;
    if (pass.elseBranch) state.elseBranch = true;
    return { kind: "paused", state };
  }

  /** A person decided on a container's error: skip it, or run it again from its start (its gate already passed). */
  async *#afterErrorDecision(ctx: RunContext, input: NodeInput, where: Where, state: ContainerErrorState): NodeRun {
    const req = ctx.errorRequirement(state.reqId);
    yield new StepContinuedEvent({ ...where, requirementIds: [req.id], action: req.action ?? "retry" });
    if (req.action === "skip") {
      const extra: Partial<StepResultJSON> = input.iteration !== undefined ? { iteration: input.iteration } : {};
      return yield* skip(ctx, where, state.startedAt, `Skipped after the error: ${req.errorMessage}`, extra);
    }
    const pass: GatePass = {};
    if (state.confirmed) pass.confirmed = true;
    if (state.elseBranch) pass.elseBranch = true;
    return yield* this.#guarded(ctx, input, where, undefined, pass);
  }

  /** What this node may stop for a person for, as the inbox names it: its gate, its reviews, an error it pauses on. */
  get pausesFor(): RequirementKind[] {
    const kinds: RequirementKind[] = [];
    if (this.before?.confirmation) kinds.push("step_confirmation");
    if (this.before?.userInput) kinds.push("step_user_input");
    kinds.push(...this.laterPauses());
    if (this.onError === "pause") kinds.push("error");
    return kinds;
  }

  /** The pauses a node asks for once it runs (a route to pick, an output or iteration to review). */
  protected laterPauses(): RequirementKind[] {
    return [];
  }

  protected abstract body(ctx: RunContext, input: NodeInput, where: Where, resume: NodeState | undefined, pass: GatePass): NodeRun;

  /** What the before-gate's requirement tells the person beyond the gate itself (a Condition's suggested branch). */
  protected async gateSuggestion(_ctx: RunContext, _input: NodeInput): Promise<Partial<StepRequirementJSON>> {
    return {};
  }

  async *#pauseBefore(ctx: RunContext, where: Where, input: NodeInput): NodeRun {
    const gate = this.before as BeforeGate;
    const suggestion = await this.gateSuggestion(ctx, input);
    const deadline = timeoutAt(ctx.now(), gate.timeout);
    const req = ctx.openRequirement(where, {
      ...suggestion,
      requiresConfirmation: gate.confirmation,
      requiresUserInput: gate.userInput,
      requiresRouteSelection: false,
      requiresOutputReview: false,
      requiresExecutorInput: false,
      onReject: gate.onReject,
      allowedOnReject: allowedOnReject(this.type, gate.onReject, "gate"),
      ...(gate.confirmationMessage !== undefined && { confirmationMessage: gate.confirmationMessage }),
      ...(gate.userInputMessage !== undefined && { userInputMessage: gate.userInputMessage }),
      ...(gate.userInputSchema !== undefined && { userInputSchema: gate.userInputSchema.map((f) => ({ ...f })) }),
      ...(deadline !== undefined && { timeoutAt: deadline, onTimeout: gate.onTimeout }),
    });
    yield new StepPausedEvent({
      ...where,
      requirementIds: [req.id],
      kind: req.kind,
      ...((gate.confirmationMessage ?? gate.userInputMessage) !== undefined && { message: gate.confirmationMessage ?? gate.userInputMessage }),
    });
    return { kind: "paused", state: { type: this.type, name: this.name, phase: "gate", reqId: req.id } as NodeState };
  }

  protected assertMatches(ctx: RunContext, where: Where, state: NodeState): void {
    if (state.type !== this.type || state.name !== this.name) {
      throw new ResumeStateError(
        ctx.runId,
        `the workflow changed since it paused: at ${where.stepPath.join(" > ")} it now has ${describeNode(this.type, this.name)}, but the run stopped in ${describeNode(state.type, state.name)}.`,
      );
    }
    if (state.phase === "error" && state.type !== "step" && this.onError !== "pause") {
      throw new ResumeStateError(ctx.runId, `the workflow changed since it paused: ${describeNode(this.type, this.name)} no longer pauses on errors (onError "pause").`);
    }
    if (state.phase === "gate" && !this.before) {
      throw new ResumeStateError(ctx.runId, `the workflow changed since it paused: ${describeNode(this.type, this.name)} no longer has the gate the run waits at.`);
    }
  }
}

type Done = Generator<WorkflowEvent, Outcome, void>;

export function* skip(ctx: RunContext, where: Where, startedAt: string, reason: string, extra: Partial<StepResultJSON> = {}): Done {
  ctx.result(where, "skipped", startedAt, extra);
  yield new StepSkippedEvent({ ...where, reason });
  return { kind: "skipped" };
}

export function* cancel(ctx: RunContext, where: Where, startedAt: string, reason: string, extra: Partial<StepResultJSON> = {}): Done {
  ctx.result(where, "cancelled", startedAt, extra);
  return { kind: "cancelled", stepName: where.stepName, reason };
}

export function* fail(ctx: RunContext, where: Where, startedAt: string, message: string, extra: Partial<StepResultJSON> = {}, errorType?: string): Done {
  ctx.result(where, "error", startedAt, { ...extra, error: message });
  yield new StepErrorEvent({ ...where, error: message, ...(errorType !== undefined && { errorType }) });
  return { kind: "error", stepName: where.stepName, message, ...(errorType !== undefined && { errorType }) };
}

/** Records a container's result when its inner run ended without completing (cancelled or failed inside). */
export function recordInnerEnd(ctx: RunContext, where: Where, startedAt: string, outcome: Outcome): void {
  if (outcome.kind === "cancelled") ctx.result(where, "cancelled", startedAt);
  else if (outcome.kind === "error") ctx.result(where, "error", startedAt, { error: outcome.message });
}
