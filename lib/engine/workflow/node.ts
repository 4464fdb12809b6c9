import { ResumeStateError } from "../errors";
import {
  StepContinuedEvent,
  StepErrorEvent,
  StepPausedEvent,
  StepSkippedEvent,
  type WorkflowEvent,
} from "../events";
import type { JsonValue } from "../json";
import type { NodeInput, NodeRun, Outcome, RunContext, Where } from "./context";
import { cancelReason, decideGate, describeNode, timeoutAt, type BeforeGate } from "./gates";
import type { NodeState } from "./resume-state";
import type { StepResultJSON, StepType } from "./snapshot";

/** What a passed before-gate hands to the body: the person's input, or the else branch of a Condition. */
export interface GatePass {
  userInput?: { [field: string]: JsonValue };
  elseBranch?: boolean;
}

/**
 * A workflow primitive. `execute` is re-entered with the state it returned when it paused and goes
 * straight to where it stood: nothing that finished runs again.
 */
export abstract class WorkflowNode {
  abstract readonly type: StepType;
  readonly name: string;
  protected readonly before: BeforeGate | undefined;

  protected constructor(name: string, before: BeforeGate | undefined) {
    this.name = name;
    this.before = before;
  }

  async *execute(ctx: RunContext, input: NodeInput, resume?: NodeState): NodeRun {
    const where = ctx.where([...input.path, this.name], this.type);
    if (resume) this.assertMatches(ctx, where, resume);
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
          return yield* this.#pauseBefore(ctx, where);
        case "else":
          pass = { elseBranch: true };
          break;
        case "run":
          if (req.userInput !== undefined) pass = { userInput: req.userInput };
          break;
      }
      resume = undefined;
    } else if (!resume && this.before) {
      return yield* this.#pauseBefore(ctx, where);
    }
    return yield* this.body(ctx, input, where, resume, pass);
  }

  protected abstract body(ctx: RunContext, input: NodeInput, where: Where, resume: NodeState | undefined, pass: GatePass): NodeRun;

  async *#pauseBefore(ctx: RunContext, where: Where): NodeRun {
    const gate = this.before as BeforeGate;
    const deadline = timeoutAt(ctx.now(), gate.timeout);
    const req = ctx.openRequirement(where, {
      requiresConfirmation: gate.confirmation,
      requiresUserInput: gate.userInput,
      requiresRouteSelection: false,
      requiresOutputReview: false,
      requiresExecutorInput: false,
      onReject: gate.onReject,
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

export function* fail(ctx: RunContext, where: Where, startedAt: string, message: string, extra: Partial<StepResultJSON> = {}): Done {
  ctx.result(where, "error", startedAt, { ...extra, error: message });
  yield new StepErrorEvent({ ...where, error: message });
  return { kind: "error", stepName: where.stepName, message };
}

/** Records a container's result when its inner run ended without completing (cancelled or failed inside). */
export function recordInnerEnd(ctx: RunContext, where: Where, startedAt: string, outcome: Outcome): void {
  if (outcome.kind === "cancelled") ctx.result(where, "cancelled", startedAt);
  else if (outcome.kind === "error") ctx.result(where, "error", startedAt, { error: outcome.message });
}
