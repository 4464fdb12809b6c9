import { hostname } from "node:os";
import type { z } from "zod";
import { DefinitionError, InvalidUserInputError, ResumeStateError, RunNotFoundError, RunStateError, UnresolvedRequirementError } from "../errors";
import {
  WorkflowCancelledEvent,
  WorkflowCompletedEvent,
  WorkflowContinuedEvent,
  WorkflowErrorEvent,
  WorkflowPausedEvent,
  WorkflowStartedEvent,
  type WorkflowEvent,
  type WorkflowEventJSON,
} from "../events";
import type { JsonObject, JsonValue } from "../json";
import { InMemoryStore } from "../memory-store";
import { RunOutput } from "../run-output";
import type { Store } from "../store";
import { RunContext, type RunSettings } from "./context";
import { toNodes, type StepLike } from "./node-list";
import type { WorkflowNode } from "./node";
import { activeRequirementIds, parseResumeState, trustResumeState, type ResumeState, type SeqState } from "./resume-state";
import { WorkflowRunOutput } from "./run-output";
import { runSequence } from "./sequence";
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

const HOST = hostname();

/** Events are stored as plain data; the store serialises them with the run, once per save. */
function eventJSON(event: WorkflowEvent): WorkflowEventJSON {
  return { ...event } as unknown as WorkflowEventJSON;
}

async function drain<T>(gen: AsyncGenerator<WorkflowEvent, T, void>): Promise<T> {
  let next = await gen.next();
  while (!next.done) next = await gen.next();
  return next.value;
}

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
   * For a run left "running" by a process that died: "resume" goes on from its last checkpoint (the step
   * that was running may run again; tools get `requirementId` to stay idempotent), "cancel" ends it
   * cancelled with reason "interrupted". The caller decides the owner is gone (see `run.owner`).
   */
  async recoverRun(runId: string, action: "resume" | "cancel", options: ContinueRunOptions = {}): Promise<WorkflowRunOutput> {
    const stored = await this.db.getRun(runId);
    if (!stored) throw new RunNotFoundError(runId);
    if (stored.run.status !== "running") {
      throw new RunStateError(runId, `it is ${stored.run.status}; only a run left "running" by a stopped process can be recovered.`);
    }
    const out = WorkflowRunOutput.fromJSON({ ...stored.run, version: stored.version });
    const now = options.now ?? (() => new Date());
    if (action === "cancel") {
      out.status = "cancelled";
      out.cancelReason = "interrupted";
      delete out.owner;
      delete out.resumeState;
      out.updatedAt = now().toISOString();
      const event = new WorkflowCancelledEvent({ runId, reason: "interrupted" });
      out.version = await this.db.updateRun(out.toJSON(), { expectedVersion: stored.version, events: [eventJSON(event)] });
      return out;
    }
    const resume = this.#checkResumeState(out);
    out.owner = { pid: process.pid, host: HOST, since: now().toISOString() };
    out.updatedAt = now().toISOString();
    const event = new WorkflowContinuedEvent({ runId });
    out.version = await this.db.updateRun(out.toJSON(), { expectedVersion: stored.version, events: [eventJSON(event)] });
    return drain(this.#drive(out, this.#settings(options, false), resume.root));
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
    const settings: RunSettings = { streamContent: stream, now: options.now ?? (() => new Date()) };
    if (options.signal !== undefined) settings.signal = options.signal;
    if (options.userId !== undefined) settings.userId = options.userId;
    if (options.additionalData !== undefined) settings.additionalData = options.additionalData;
    return settings;
  }

  #parseInput(input: JsonValue): JsonValue {
    if (!this.inputSchema) return input;
    const parsed = this.inputSchema.safeParse(input);
    if (parsed.success) return parsed.data as JsonValue;
    const issue = parsed.error.issues[0];
    throw new InvalidUserInputError(issue?.path.length ? `input.${issue.path.join(".")}` : "input", issue?.message ?? "is invalid.");
  }

  async *#start(input: JsonValue, options: WorkflowRunOptions): AsyncGenerator<WorkflowEvent, WorkflowRunOutput, void> {
    const settings = this.#settings(options, options.stream === true);
    const parsed = this.#parseInput(input);
    const created = settings.now().toISOString();
    const out = new WorkflowRunOutput({
      runId: options.runId ?? crypto.randomUUID(),
      sessionId: options.sessionId ?? this.sessionId,
      workflowName: this.name,
      status: "running",
      isPaused: false,
      isCancelled: false,
      input: parsed,
      stepRequirements: [],
      errorRequirements: [],
      stepResults: [],
      resumeState: { v: 1, root: { index: 0, outputs: [] } },
      owner: { pid: process.pid, host: HOST, since: created },
      version: 0,
      createdAt: created,
      updatedAt: created,
      ...(options.userId !== undefined && { createdBy: options.userId }),
    });
    const started = new WorkflowStartedEvent({ runId: out.runId, workflowName: this.name, input: parsed, createdAt: created });
    out.version = await this.db.insertRun(out.toJSON(), [eventJSON(started)]);
    yield started;
    return yield* this.#drive(out, settings, undefined);
  }

  #checkResumeState(run: WorkflowRunOutput): ResumeState {
    const resume = parseResumeState(run.runId, run.resumeState);
    checkSequence(run.runId, this.steps, resume.root, `Workflow "${this.name}"`);
    return resume;
  }

  async *#continue(run: WorkflowRunOutput, options: ContinueRunOptions): AsyncGenerator<WorkflowEvent, WorkflowRunOutput, void> {
    if (run.workflowName !== this.name) {
      throw new RunStateError(run.runId, `it belongs to workflow "${run.workflowName}"; continue it with that workflow, not "${this.name}".`);
    }
    if (run.status !== "paused") throw new RunStateError(run.runId, `it is ${run.status}, not paused: only a paused run can be continued.`);
    const settings = this.#settings(options, options.stream === true);
    const resume = this.#checkResumeState(run);
    const now = settings.now();
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
    out.status = "running";
    delete out.pauseKind;
    delete out.pausedStepName;
    delete out.pausedStepPath;
    out.owner = { pid: process.pid, host: HOST, since: now.toISOString() };
    out.updatedAt = now.toISOString();
    const continued = new WorkflowContinuedEvent({ runId: out.runId, createdAt: now.toISOString() });
    out.version = await this.db.updateRun(out.toJSON(), { expectedVersion: run.version, events: [eventJSON(continued)] });
    yield continued;
    return yield* this.#drive(out, settings, resume.root);
  }

  /** Runs the top level from `root`, saving a checkpoint after each top-level step and the outcome at the end. */
  async *#drive(out: WorkflowRunOutput, settings: RunSettings, root: SeqState | undefined): AsyncGenerator<WorkflowEvent, WorkflowRunOutput, void> {
    const ctx = new RunContext(out, settings);
    const unsaved: WorkflowEvent[] = [];
    const save = async () => {
      out.updatedAt = settings.now().toISOString();
      const events = unsaved.map(eventJSON);
      unsaved.length = 0;
      out.version = await this.db.updateRun(out.toJSON(), { expectedVersion: out.version, events });
    };
    const checkpoint = async (state: SeqState) => {
      if (state.index >= this.steps.length) return;
      out.resumeState = { v: 1, root: state } as unknown as JsonValue;
      await save();
    };
    const it = runSequence(ctx, this.steps, { prev: undefined, path: [] }, root, checkpoint);
    let next = await it.next();
    while (!next.done) {
      unsaved.push(next.value);
      yield next.value;
      next = await it.next();
    }
    const outcome = next.value;
    const runId = out.runId;
    let final: WorkflowEvent;
    delete out.owner;
    switch (outcome.kind) {
      case "paused": {
        const resume: ResumeState = { v: 1, root: outcome.state };
        out.status = "paused";
        out.resumeState = trustResumeState(resume);
        const pause = ctx.lastPause;
        if (pause) {
          out.pauseKind = pause.kind;
          out.pausedStepName = pause.stepName;
          out.pausedStepPath = pause.stepPath;
        }
        final = new WorkflowPausedEvent({ runId, requirementIds: activeRequirementIds(resume), ...(pause && { pauseKind: pause.kind, stepName: pause.stepName, stepPath: pause.stepPath }) });
        break;
      }
      case "completed":
        out.status = "completed";
        delete out.resumeState;
        if (outcome.last !== undefined) out.content = outcome.last;
        final = new WorkflowCompletedEvent({ runId, ...(outcome.last !== undefined && { content: outcome.last }) });
        break;
      case "cancelled":
        out.status = "cancelled";
        delete out.resumeState;
        out.cancelledStepName = outcome.stepName;
        out.cancelReason = outcome.reason;
        final = new WorkflowCancelledEvent({ runId, reason: outcome.reason, stepName: outcome.stepName });
        break;
      case "error":
        out.status = "error";
        delete out.resumeState;
        out.error = `Step ${outcome.stepName} failed: ${outcome.message}`;
        final = new WorkflowErrorEvent({ runId, error: out.error, stepName: outcome.stepName });
        break;
    }
    unsaved.push(final);
    await save();
    yield final;
    return out;
  }
}
