import type { WorkflowEvent } from "../events";
import { ResumeStateError } from "../errors";
import type { Journal } from "../journal";
import type { JsonObject, JsonValue } from "../json";
import type { WorkflowRunOutput } from "./run-output";
import type { NodeState } from "./resume-state";
import type { ErrorRequirementJSON, PauseKind, StepRequirementJSON, StepResultJSON, StepType } from "./snapshot";
import type { StepInput } from "./step-io";
import { ErrorRequirement } from "./error-requirement";
import { StepRequirement } from "./step-requirement";

/** What a node is given by its parent. The same values are given again when it resumes. */
export interface NodeInput {
  /** The previous step's output (undefined before the first step). */
  prev: JsonValue | undefined;
  /** Names from the top level down to the parent. */
  path: readonly string[];
  iteration?: number;
  /** Reviewer feedback handed down by a Loop or Router retry. */
  feedback?: string;
  /**
   * What tells apart two executions of the same path, outermost first: the position of every enclosing node among its
   * siblings (names need not be unique), the iteration of every enclosing Loop and the retry of every enclosing
   * Router. With the path and the step's attempt it makes the step's journal place.
   */
  marks?: readonly string[];
  /** The node's position among its siblings (0-based), set by the parent that runs it. */
  index?: number;
}

export type Outcome =
  | { kind: "completed"; content: JsonValue }
  | { kind: "skipped" }
  | { kind: "paused"; state: NodeState }
  | { kind: "cancelled"; stepName: string; reason: string }
  | { kind: "error"; stepName: string; message: string; errorType?: string };

export type NodeRun = AsyncGenerator<WorkflowEvent, Outcome, void>;

export interface RunSettings {
  streamContent: boolean;
  signal?: AbortSignal;
  userId?: string;
  additionalData?: JsonObject;
  now: () => Date;
  /** Waits between a Step's automatic retries (`retryDelay`); injected by tests. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Where an event or a result comes from. */
export interface Where {
  runId: string;
  stepName: string;
  stepPath: string[];
  stepType: StepType;
  /** Position among its siblings; several steps of one name (in a Loop, a Parallel) are told apart by it. */
  stepIndex?: number;
}

/** The state shared by every node of one execution segment (a run, or a continuation up to its next pause). */
export class RunContext {
  readonly #contents = new Map<string, JsonValue>();
  readonly #requirements = new Map<string, StepRequirement>();
  /** The last pause opened in this segment: it names the run's pausedStepName and pauseKind. */
  lastPause?: { stepName: string; stepPath: string[]; kind: PauseKind };

  constructor(
    readonly run: WorkflowRunOutput,
    readonly settings: RunSettings,
    /** Where agents and teams record model answers and tool results, and find them again on a replay. */
    readonly journal?: Journal,
  ) {
    for (const r of run.stepResults) if (r.status === "completed" && r.content !== undefined) this.#contents.set(r.stepName, r.content);
    for (const r of run.stepRequirements) this.#requirements.set(r.id, r);
  }

  get runId(): string {
    return this.run.runId;
  }

  now(): Date {
    return this.settings.now();
  }

  where(path: readonly string[], stepType: StepType, stepIndex?: number): Where {
    const where: Where = { runId: this.run.runId, stepName: path[path.length - 1] as string, stepPath: path as string[], stepType };
    if (stepIndex !== undefined) where.stepIndex = stepIndex;
    return where;
  }

  stepInput(input: NodeInput, extra: Partial<Pick<StepInput, "userInput" | "feedback" | "previousOutput" | "attempt">> = {}): StepInput {
    const contents = this.#contents;
    const stepInput: StepInput = {
      input: this.run.input,
      getStepContent: (name) => contents.get(name),
    };
    if (input.prev !== undefined) stepInput.previousStepContent = input.prev;
    if (input.iteration !== undefined) stepInput.iteration = input.iteration;
    if (this.settings.additionalData !== undefined) stepInput.additionalData = this.settings.additionalData;
    const feedback = extra.feedback ?? input.feedback;
    if (feedback !== undefined) stepInput.feedback = feedback;
    if (extra.userInput !== undefined) stepInput.userInput = extra.userInput;
    if (extra.previousOutput !== undefined) stepInput.previousOutput = extra.previousOutput;
    if (extra.attempt !== undefined) stepInput.attempt = extra.attempt;
    return stepInput;
  }

  record(result: StepResultJSON): void {
    this.run.stepResults.push(result);
    if (result.status === "completed" && result.content !== undefined) this.#contents.set(result.stepName, result.content);
  }

  result(where: Where, status: StepResultJSON["status"], startedAt: string, extra: Partial<StepResultJSON> = {}): StepResultJSON {
    const end = this.now();
    const result: StepResultJSON = {
      stepName: where.stepName,
      stepPath: where.stepPath,
      stepType: where.stepType,
      status,
      startedAt,
      completedAt: end.toISOString(),
      durationMs: Math.max(0, end.getTime() - Date.parse(startedAt)),
      ...extra,
    };
    this.record(result);
    return result;
  }

  openRequirement(
    where: Where,
    fields: Omit<StepRequirementJSON, "id" | "stepName" | "stepPath" | "stepType" | "stepIndex" | "status" | "createdAt">,
    kind: PauseKind = "step",
  ): StepRequirement {
    const created = this.now();
    const req = new StepRequirement({
      id: crypto.randomUUID(),
      stepName: where.stepName,
      stepPath: where.stepPath,
      stepType: where.stepType,
      ...(where.stepIndex !== undefined && { stepIndex: where.stepIndex }),
      status: "pending",
      createdAt: created.toISOString(),
      ...fields,
    });
    this.run.stepRequirements.push(req);
    this.#requirements.set(req.id, req);
    this.lastPause = { stepName: where.stepName, stepPath: where.stepPath, kind };
    return req;
  }

  openErrorRequirement(where: Where, errorMessage: string, retryCount: number, errorType?: string): ErrorRequirement {
    const data: ErrorRequirementJSON = {
      id: crypto.randomUUID(),
      stepName: where.stepName,
      stepPath: where.stepPath,
      stepType: where.stepType,
      errorMessage,
      retryCount,
      status: "pending",
      createdAt: this.now().toISOString(),
    };
    if (where.stepIndex !== undefined) data.stepIndex = where.stepIndex;
    if (errorType !== undefined) data.errorType = errorType;
    const req = new ErrorRequirement(data);
    this.run.errorRequirements.push(req);
    this.lastPause = { stepName: where.stepName, stepPath: where.stepPath, kind: "error" };
    return req;
  }

  /** Takes back the error result a container recorded for itself, when its onError turns the failure into something else. */
  takeErrorResult(where: Where): StepResultJSON | undefined {
    const results = this.run.stepResults;
    for (let i = results.length - 1; i >= 0; i--) {
      const r = results[i] as StepResultJSON;
      if (r.status === "error" && r.stepPath.join("\u0000") === where.stepPath.join("\u0000")) return results.splice(i, 1)[0];
    }
    return undefined;
  }

  requirement(id: string): StepRequirement {
    const req = this.#requirements.get(id);
    if (!req) throw new ResumeStateError(this.runId, `its saved position points at requirement ${id}, which the run does not have.`);
    return req;
  }

  errorRequirement(id: string): ErrorRequirement {
    const req = this.run.errorRequirements.find((r) => r.id === id);
    if (!req) throw new ResumeStateError(this.runId, `its saved position points at error requirement ${id}, which the run does not have.`);
    return req;
  }
}
