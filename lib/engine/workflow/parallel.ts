import { DefinitionError, ResumeStateError } from "../errors";
import { ParallelExecutionCompletedEvent, ParallelExecutionStartedEvent, type WorkflowEvent } from "../events";
import type { JsonObject } from "../json";
import type { NodeInput, NodeRun, Outcome, RunContext, Where } from "./context";
import { forbidFlags } from "./gates";
import { mergeGenerators } from "./merge";
import { toNodes, type StepLike } from "./node-list";
import { recordInnerEnd, skip, WorkflowNode } from "./node";
import type { BranchState, NodeState, ParallelState } from "./resume-state";

export interface ParallelOptions {
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
      "onError",
    ]);
    super(options.name, undefined);
    this.steps = toNodes(`Parallel "${options.name}"`, options.steps);
    if (this.steps.length === 0) throw new DefinitionError(`Parallel "${options.name}": needs at least one branch.`);
    if (options.description !== undefined) this.description = options.description;
  }

  protected async *body(ctx: RunContext, input: NodeInput, where: Where, resume: NodeState | undefined): NodeRun {
    const state = resume as ParallelState | undefined;
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
      if (!saved) gens.set(i, node.execute(ctx, branchInput));
      else if (saved.status === "paused") gens.set(i, node.execute(ctx, branchInput, saved.state));
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
