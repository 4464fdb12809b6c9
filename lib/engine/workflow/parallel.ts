import { DefinitionError, ResumeStateError } from "../errors";
import { ParallelExecutionCompletedEvent, ParallelExecutionStartedEvent, type WorkflowEvent } from "../events";
import type { JsonObject } from "../json";
import type { NodeInput, NodeRun, Outcome, RunContext, Where } from "./context";
import { checkOnError, forbidFlags, type ErrorOptions, type OnError } from "./gates";
import { mergeGenerators } from "./merge";
import { toNodes, type StepLike } from "./node-list";
import { recordInnerEnd, skip, WorkflowNode } from "./node";
import type { BranchState, NodeState, ParallelState } from "./resume-state";

export interface ParallelOptions extends ErrorOptions {
  name: string;
  description?: string;
  steps: StepLike[];
}

/**
 * Runs its branches at the same time, each given the same input. Its output is an object of the
 * branches' outputs by name. Several branches may pause at once; on continue only those resume.
 */
export class Parallel extends WorkflowNode {
  readonly type = "parallel" as const;
  readonly description?: string;
  readonly steps: readonly WorkflowNode[];
  readonly onError: OnError;

  constructor(options: ParallelOptions) {
    forbidFlags("parallel", options.name, options, [
      "requiresConfirmation",
      "requiresUserInput",
      "requiresOutputReview",
      "requiresIterationReview",
      "allowMultipleSelections",
      "onReject",
      "timeout",
      "onTimeout",
    ]);
    super(options.name, undefined);
    this.steps = toNodes(`Parallel "${options.name}"`, options.steps);
    this.onError = checkOnError("parallel", options.name, options.onError);
    if (this.steps.length === 0) throw new DefinitionError(`Parallel "${options.name}": needs at least one branch.`);
    if (options.description !== undefined) this.description = options.description;
  }

  protected async *body(ctx: RunContext, input: NodeInput, where: Where, resume: NodeState | undefined): NodeRun {
    const state = resume as Extract<ParallelState, { phase: "run" }> | undefined;
    if (state && state.branches.length !== this.steps.length) {
      throw new ResumeStateError(ctx.runId, `the workflow changed since it paused: Parallel "${this.name}" has ${this.steps.length} branch(es), the run had ${state.branches.length}.`);
    }
    const startedAt = state?.startedAt ?? ctx.now().toISOString();
    if (!state) yield new ParallelExecutionStartedEvent({ ...where, branches: this.steps.map((s) => s.name) });
    const gens = new Map<number, AsyncGenerator<WorkflowEvent, Outcome, void>>();
    this.steps.forEach((node, i) => {
      // The branch's position tells apart two branches of the same name in the journal.
      const branchInput: NodeInput = { ...input, path: where.stepPath, marks: [...(input.marks ?? []), `branch:${i}`] };
      const saved = state?.branches[i];
      if (!saved) gens.set(i, node.execute(ctx, { ...branchInput, index: i }));
      else if (saved.status === "paused") gens.set(i, node.execute(ctx, { ...branchInput, index: i }, saved.state));
    });
    const outcomes = yield* mergeGenerators(gens);
    const branches: BranchState[] = [];
    let failed: Outcome | undefined;
    let paused = false;
    this.steps.forEach((_, i) => {
      const outcome = outcomes.get(i);
      if (!outcome) {
        branches.push(state?.branches[i] as BranchState);
        return;
      }
      switch (outcome.kind) {
        case "completed":
          branches.push({ status: "completed", content: outcome.content });
          break;
        case "skipped":
          branches.push({ status: "skipped" });
          break;
        case "paused":
          paused = true;
          branches.push({ status: "paused", state: outcome.state });
          break;
        case "error":
          // With an onError of its own the Parallel lets waiting siblings be decided before it handles the failure,
          // so no requirement is left open in the inbox of a run that went on without it.
          if (this.onError !== "fail") {
            branches.push({ status: "failed", stepName: outcome.stepName, message: outcome.message, ...(outcome.errorType !== undefined && { errorType: outcome.errorType }) });
            break;
          }
          failed ??= outcome;
          branches.push({ status: "skipped" });
          break;
        default:
          failed ??= outcome;
          branches.push({ status: "skipped" });
      }
    });
    if (failed) {
      recordInnerEnd(ctx, where, startedAt, failed);
      return failed;
    }
    if (paused) return { kind: "paused", state: { type: "parallel", name: this.name, phase: "run", startedAt, branches } };
    const branchFailure = branches.find((b) => b.status === "failed");
    if (branchFailure) {
      const outcome: Outcome = { kind: "error", stepName: branchFailure.stepName, message: branchFailure.message, ...(branchFailure.errorType !== undefined && { errorType: branchFailure.errorType }) };
      recordInnerEnd(ctx, where, startedAt, outcome);
      return outcome;
    }
    const content: JsonObject = {};
    this.steps.forEach((node, i) => {
      const b = branches[i] as BranchState;
      if (b.status === "completed") content[node.name] = b.content;
    });
    const extra = input.iteration !== undefined ? { iteration: input.iteration } : {};
    if (Object.keys(content).length === 0) return yield* skip(ctx, where, startedAt, "Every branch was skipped.", extra);
    const result = ctx.result(where, "completed", startedAt, { content, ...extra });
    yield new ParallelExecutionCompletedEvent({ ...where, content, durationMs: result.durationMs, status: "completed" });
    return { kind: "completed", content };
  }
}
