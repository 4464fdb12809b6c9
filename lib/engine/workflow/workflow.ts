import type { z } from "zod";
import { DefinitionError, InvalidUserInputError, ResumeStateError, RunConflictError, RunNotFoundError, RunStateError, UnresolvedRequirementError } from "../errors";
import { WorkflowContinuedEvent, WorkflowStartedEvent, type WorkflowEvent } from "../events";
import type { JsonObject, JsonValue } from "../json";
import { InMemoryStore } from "../memory-store";
import { RunOutput } from "../run-output";
import type { Store } from "../store";
import type { RunSettings } from "./context";
import { drive } from "./drive";
import { eventJSON } from "./event-log";
import { toNodes, type StepLike } from "./node-list";
import type { WorkflowNode } from "./node";
import { activeRequirementIds, parseResumeState, trustResumeState, type ResumeState } from "./resume-state";
import { WorkflowRunOutput } from "./run-output";
import type { WorkflowRunJSON } from "./snapshot";
import { checkSequence } from "./state-check";
import { attachToolChecks } from "./step";
import type { StepRequirement } from "./step-requirement";

export interface WorkflowOptions {
  name: string;
  description?: string;
  /** Where runs are kept (default: an InMemoryStore of this workflow). */
  db?: Store;
  steps: StepLike[];
  /** The session new runs belong to (default: a fresh id per Workflow object). */
  sessionId?: string;
  /** Checks (and may transform) the input of every run. */
  inputSchema?: z.ZodType;
}

interface CommonRunOptions {
  /** Who acts: recorded as the run's creator, passed to agents and tools. */
  userId?: string;
  signal?: AbortSignal;
  /** Injected clock (tests, timeouts). */
  now?: () => Date;
  /** Injected wait between a Step's automatic retries (tests); defaults to a timer the run's signal cuts short. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}

export interface WorkflowRunOptions extends CommonRunOptions {
  stream?: boolean;
  runId?: string;
  sessionId?: string;
  additionalData?: JsonObject;
}

export interface ContinueRunOptions extends CommonRunOptions {
  stream?: boolean;
  additionalData?: JsonObject;
}

export interface WorkflowSession {
  sessionId: string;
  /** Oldest first: `runs.at(-1)` is the latest. */
  runs: WorkflowRunOutput[];
}

export interface ExecuteOptions extends CommonRunOptions {
  /** The version the worker's lease left the run at: nobody else may have changed it since. */
  expectedVersion: number;
}

async function drain<T>(gen: AsyncGenerator<WorkflowEvent, T, void>): Promise<T> {
  let next = await gen.next();
  while (!next.done) next = await gen.next();
  return next.value;
}

const drainRun = drain<WorkflowRunOutput>;

async function* eventsOf(gen: AsyncGenerator<WorkflowEvent, WorkflowRunOutput, void>): AsyncGenerator<WorkflowEvent, void, void> {
  yield* gen;
}

/**
 * Steps run in order, each given the previous one's output. A run pauses wherever a person is needed and
 * is saved; `continueRun` picks it up at exactly the inner position where it stopped, in any process.
 */
export class Workflow {
  readonly name: string;
  readonly description?: string;
  readonly db: Store;
  readonly steps: readonly WorkflowNode[];
  readonly sessionId: string;
  readonly inputSchema?: z.ZodType;

  constructor(options: WorkflowOptions) {
    if (!options.name || typeof options.name !== "string") throw new DefinitionError("A Workflow needs a name.");
    this.name = options.name;
    this.steps = toNodes(`Workflow "${options.name}"`, options.steps);
    if (this.steps.length === 0) throw new DefinitionError(`Workflow "${options.name}": needs at least one step.`);
    this.db = options.db ?? new InMemoryStore();
    this.sessionId = options.sessionId ?? crypto.randomUUID();
    if (options.description !== undefined) this.description = options.description;
    if (options.inputSchema !== undefined) this.inputSchema = options.inputSchema;
  }

  /** Runs to the first pause or the end. With `{ stream: true }`: the events; the run itself is saved (see getSession). */
  run(input: JsonValue, options: WorkflowRunOptions & { stream: true }): AsyncIterable<WorkflowEvent>;
  run(input: JsonValue, options?: WorkflowRunOptions & { stream?: false }): Promise<WorkflowRunOutput>;
  run(input: JsonValue, options: WorkflowRunOptions = {}): AsyncIterable<WorkflowEvent> | Promise<WorkflowRunOutput> {
    const gen = this.#start(input, options);
    return options.stream ? eventsOf(gen) : drain(gen);
  }

  /**
   * Continues a paused run once every active requirement is resolved (or its timeout expired). Throws
   * RunStateError when it is not paused, UnresolvedRequirementError naming an open one, and the store's
   * RunConflictError when someone else continued it first; nothing is changed or run in any of these cases.
   */
  continueRun(run: WorkflowRunOutput, options: ContinueRunOptions & { stream: true }): AsyncIterable<WorkflowEvent>;
  continueRun(run: WorkflowRunOutput, options?: ContinueRunOptions & { stream?: false }): Promise<WorkflowRunOutput>;
  continueRun(run: WorkflowRunOutput, options: ContinueRunOptions = {}): AsyncIterable<WorkflowEvent> | Promise<WorkflowRunOutput> {
    const gen = this.#continue(run, options);
    return options.stream ? eventsOf(gen) : drain(gen);
  }

  /**
   * Stores a new run as "pending" without running it: a worker executes it with `execute`. The input is checked
   * first (InvalidUserInputError), so a bad request stores nothing.
   */
  async createRun(input: JsonValue, options: WorkflowRunOptions = {}): Promise<WorkflowRunOutput> {
    const out = this.#newRun(input, options, "pending");
    const started = new WorkflowStartedEvent({ runId: out.runId, workflowName: this.name, input: out.input, createdAt: out.createdAt });
    out.version = await this.db.insertRun(out.toJSON(), [eventJSON(started)]);
    return out;
  }

  /**
   * Records the decisions on a paused run and queues its continuation: the run is stored "pending" for a worker
   * to `execute`. Checks exactly what continueRun checks and, like it, changes nothing when a check fails or
   * someone else continued the run first (RunConflictError).
   */
  async queueContinue(run: WorkflowRunOutput, options: ContinueRunOptions = {}): Promise<WorkflowRunOutput> {
    const { out, event } = this.#claim(run, options.now ?? (() => new Date()), "pending");
    out.version = await this.db.updateRun(out.toJSON(), { expectedVersion: run.version, events: [eventJSON(event)] });
    return out;
  }

  /**
   * Drives a run a worker has taken (status "running" at `expectedVersion`, see the runtime's lease) from its last
   * durable point to its next pause or its end. Throws RunConflictError when the run moved on (cancelled, or taken
   * over by another worker), RunStateError when it is not running.
   */
  async execute(runId: string, options: ExecuteOptions): Promise<WorkflowRunOutput> {
    const stored = await this.db.getRun(runId);
    if (!stored) throw new RunNotFoundError(runId);
    if (stored.version !== options.expectedVersion) throw new RunConflictError(runId, "another worker or a person changed it since it was taken; leave it to them.");
    if (stored.run.status !== "running") throw new RunStateError(runId, `it is ${stored.run.status}; only a run a worker has taken (running) can be executed.`);
    const out = WorkflowRunOutput.fromJSON({ ...stored.run, version: stored.version });
    const resume = this.#checkResumeState(out);
    const settings = this.#settings({ ...options, ...(out.createdBy !== undefined && options.userId === undefined && { userId: out.createdBy }) }, false);
    return drainRun(drive(this.db, this.steps, out, settings, resume.root, { abandonOnAbort: true }));
  }

  /** This workflow's session with its runs, oldest first; null before the first run. */
  async getSession(): Promise<WorkflowSession | null> {
    const stored = await this.db.listSessionRuns(this.sessionId);
    if (stored.length === 0) return null;
    return { sessionId: this.sessionId, runs: stored.map((s) => this.#load({ ...s.run, version: s.version })) };
  }

  /** Loads a run from the db (any process), ready for continueRun; null when there is none. */
  async getRun(runId: string): Promise<WorkflowRunOutput | null> {
    const stored = await this.db.getRun(runId);
    return stored ? this.#load({ ...stored.run, version: stored.version }) : null;
  }

  /** A stored run as an object, with its open tool requirements checking values as the tool would. */
  #load(json: WorkflowRunJSON): WorkflowRunOutput {
    const run = WorkflowRunOutput.fromJSON(json);
    if (!run.isPaused || json.workflowName !== this.name) return run;
    try {
      const resume = parseResumeState(run.runId, run.resumeState);
      run.resumeState = trustResumeState(resume);
      checkSequence(run.runId, this.steps, resume.root, `Workflow "${this.name}"`, (node, state) => {
        if (state.phase !== "executor") return;
        const req = run.stepRequirements.find((r) => r.id === state.reqId);
        if (req) attachToolChecks(node.agent ?? node.team, new RunOutput(state.run), req);
      });
    } catch (error) {
      // A run that no longer fits this definition is still returned as stored; continueRun says what changed.
      if (!(error instanceof ResumeStateError)) throw error;
    }
    return run;
  }

  #settings(options: WorkflowRunOptions | ContinueRunOptions, stream: boolean): RunSettings {
    const settings: RunSettings = { streamContent: stream, now: options.now ?? (() => new Date()), sleep: options.sleep ?? defaultSleep };
    if (options.signal !== undefined) settings.signal = options.signal;
    if (options.userId !== undefined) settings.userId = options.userId;
    if (options.additionalData !== undefined) settings.additionalData = options.additionalData;
    return settings;
  }

  /** The input as a run of this workflow would take it (checked and transformed by `inputSchema`); InvalidUserInputError otherwise. */
  checkInput(input: JsonValue): JsonValue {
    return this.#parseInput(input);
  }

  #parseInput(input: JsonValue): JsonValue {
    if (!this.inputSchema) return input;
    const parsed = this.inputSchema.safeParse(input);
    if (parsed.success) return parsed.data as JsonValue;
    const issue = parsed.error.issues[0];
    throw new InvalidUserInputError(issue?.path.length ? `input.${issue.path.join(".")}` : "input", issue?.message ?? "is invalid.");
  }

  #newRun(input: JsonValue, options: WorkflowRunOptions, status: "pending" | "running"): WorkflowRunOutput {
    const parsed = this.#parseInput(input);
    const created = (options.now ?? (() => new Date()))().toISOString();
    return new WorkflowRunOutput({
      runId: options.runId ?? crypto.randomUUID(),
      sessionId: options.sessionId ?? this.sessionId,
      workflowName: this.name,
      status,
      isPaused: false,
      isCancelled: false,
      input: parsed,
      stepRequirements: [],
      errorRequirements: [],
      stepResults: [],
      resumeState: { v: 1, root: { index: 0, outputs: [] } },
      version: 0,
      createdAt: created,
      updatedAt: created,
      ...(options.userId !== undefined && { createdBy: options.userId }),
    });
  }

  async *#start(input: JsonValue, options: WorkflowRunOptions): AsyncGenerator<WorkflowEvent, WorkflowRunOutput, void> {
    const settings = this.#settings(options, options.stream === true);
    const out = this.#newRun(input, options, "running");
    const started = new WorkflowStartedEvent({ runId: out.runId, workflowName: this.name, input: out.input, createdAt: out.createdAt });
    out.version = await this.db.insertRun(out.toJSON(), [eventJSON(started)]);
    yield started;
    return yield* drive(this.db, this.steps, out, settings, undefined, { fresh: true });
  }

  #checkResumeState(run: WorkflowRunOutput): ResumeState {
    const resume = parseResumeState(run.runId, run.resumeState);
    checkSequence(run.runId, this.steps, resume.root, `Workflow "${this.name}"`);
    return resume;
  }

  /**
   * The checks continueRun makes, and the run as it is claimed: expired gates timed out, answered executor pauses
   * marked resolved, status `status`. Throws (changing nothing) when the run cannot be continued.
   */
  #claim(run: WorkflowRunOutput, clock: () => Date, status: "pending" | "running"): { out: WorkflowRunOutput; event: WorkflowContinuedEvent; resume: ResumeState } {
    if (run.workflowName !== this.name) {
      throw new RunStateError(run.runId, `it belongs to workflow "${run.workflowName}"; continue it with that workflow, not "${this.name}".`);
    }
    if (run.status !== "paused") throw new RunStateError(run.runId, `it is ${run.status}, not paused: only a paused run can be continued.`);
    const resume = this.#checkResumeState(run);
    const now = clock();
    const expired: string[] = [];
    const executorPauses: string[] = [];
    for (const id of activeRequirementIds(resume)) {
      const failed = run.errorRequirements.find((r) => r.id === id);
      if (failed) {
        if (!failed.isResolved) throw new UnresolvedRequirementError(failed.id, `${failed.describe()}: call retry() or skip()`);
        continue;
      }
      const req = run.stepRequirements.find((r) => r.id === id);
      if (!req) throw new ResumeStateError(run.runId, `its saved position points at requirement ${id}, which the run does not have.`);
      if (req.requiresExecutorInput) executorPauses.push(id);
      if (req.isResolved) continue;
      if (req.timeoutAt !== undefined && Date.parse(req.timeoutAt) <= now.getTime()) {
        expired.push(id);
        continue;
      }
      const open = req.firstUnresolved() as { id: string; description: string };
      throw new UnresolvedRequirementError(open.id, open.description);
    }

    const out = WorkflowRunOutput.fromJSON(run.toJSON());
    const byId = new Map<string, StepRequirement>(out.stepRequirements.map((r) => [r.id, r]));
    for (const id of expired) byId.get(id)?.markTimedOut(now);
    for (const id of executorPauses) byId.get(id)?.markExecutorResolved(now);
    out.status = status;
    delete out.pauseKind;
    delete out.pausedStepName;
    delete out.pausedStepPath;
    out.updatedAt = now.toISOString();
    return { out, event: new WorkflowContinuedEvent({ runId: out.runId, createdAt: now.toISOString() }), resume };
  }

  async *#continue(run: WorkflowRunOutput, options: ContinueRunOptions): AsyncGenerator<WorkflowEvent, WorkflowRunOutput, void> {
    const settings = this.#settings(options, options.stream === true);
    const { out, event, resume } = this.#claim(run, settings.now, "running");
    out.version = await this.db.updateRun(out.toJSON(), { expectedVersion: run.version, events: [eventJSON(event)] });
    yield event;
    return yield* drive(this.db, this.steps, out, settings, resume.root);
  }
}
