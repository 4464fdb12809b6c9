import type { z } from "zod";
import { DefinitionError, RunConflictError, RunNotFoundError, RunStateError } from "../errors";
import { WorkflowStartedEvent, type WorkflowEvent } from "../events";
import type { JsonValue } from "../json";
import { InMemoryStore } from "../memory-store";
import type { Store } from "../store";
import { checkResumeState, claimPausedRun } from "./claim";
import { drive } from "./drive";
import { eventJSON } from "./event-log";
import { loadRun } from "./load-run";
import { newWorkflowRun, parseWorkflowInput } from "./new-run";
import { toNodes } from "./node-list";
import type { WorkflowNode } from "./node";
import { runSettings, type ContinueRunOptions, type ExecuteOptions, type WorkflowOptions, type WorkflowRunOptions, type WorkflowSession } from "./run-options";
import { WorkflowRunOutput } from "./run-output";

export type { ContinueRunOptions, ExecuteOptions, WorkflowOptions, WorkflowRunOptions, WorkflowSession } from "./run-options";

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
    const out = newWorkflowRun(this, input, options, "pending");
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
    const { out, event } = claimPausedRun(this, run, options.now ?? (() => new Date()), "pending");
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
    const resume = checkResumeState(this, out);
    const settings = runSettings({ ...options, ...(out.createdBy !== undefined && options.userId === undefined && { userId: out.createdBy }) }, false);
    return drainRun(drive(this.db, this.steps, out, settings, resume.root, { abandonOnAbort: true }));
  }

  /** This workflow's session with its runs, oldest first; null before the first run. */
  async getSession(): Promise<WorkflowSession | null> {
    const stored = await this.db.listSessionRuns(this.sessionId);
    if (stored.length === 0) return null;
    return { sessionId: this.sessionId, runs: stored.map((s) => loadRun(this, { ...s.run, version: s.version })) };
  }

  /** Loads a run from the db (any process), ready for continueRun; null when there is none. */
  async getRun(runId: string): Promise<WorkflowRunOutput | null> {
    const stored = await this.db.getRun(runId);
    return stored ? loadRun(this, { ...stored.run, version: stored.version }) : null;
  }

  /** The input as a run of this workflow would take it (checked and transformed by `inputSchema`); InvalidUserInputError otherwise. */
  checkInput(input: JsonValue): JsonValue {
    return parseWorkflowInput(this.inputSchema, input);
  }

  async *#start(input: JsonValue, options: WorkflowRunOptions): AsyncGenerator<WorkflowEvent, WorkflowRunOutput, void> {
    const settings = runSettings(options, options.stream === true);
    const out = newWorkflowRun(this, input, options, "running");
    const started = new WorkflowStartedEvent({ runId: out.runId, workflowName: this.name, input: out.input, createdAt: out.createdAt });
    out.version = await this.db.insertRun(out.toJSON(), [eventJSON(started)]);
    yield started;
    return yield* drive(this.db, this.steps, out, settings, undefined, { fresh: true });
  }

  async *#continue(run: WorkflowRunOutput, options: ContinueRunOptions): AsyncGenerator<WorkflowEvent, WorkflowRunOutput, void> {
    const settings = runSettings(options, options.stream === true);
    const { out, event, resume } = claimPausedRun(this, run, settings.now, "running");
    out.version = await this.db.updateRun(out.toJSON(), { expectedVersion: run.version, events: [eventJSON(event)] });
    yield event;
    return yield* drive(this.db, this.steps, out, settings, resume.root);
  }
}
