import { randomUUID } from "node:crypto";
import { DefinitionError, RunStateError, UnresolvedRequirementError } from "../errors";
import { RunCompletedEvent, RunContentEvent, RunContinuedEvent, RunPausedEvent, RunStartedEvent, type ExecutorEvent } from "../events";
import type { Executor, ExecutorRunOptions } from "../executor";
import type { Message } from "../messages";
import type { Model, ModelRequest, ModelResponse, ToolDefinition } from "../models/model";
import type { ArgsValidator, ExecutorRequirement, ExecutorType } from "../requirements";
import { RunOutput } from "../run-output";
import type { Store } from "../store";
import type { Tool } from "../tools";
import { AgentJournal } from "./agent-journal";
import type { CallScope, Delegation } from "./delegation";
import { drain, errorMessage, eventBase, eventsOf, outputOf, type Drive } from "./drive";
import { parseLoopState, type LoopState } from "./run-state";
import { ToolCalls } from "./tool-calls";

export { rejectionContent, skippedInDoubtContent } from "./call-content";

export interface LoopExecutorOptions {
  name: string;
  /**
   * Stable id; defaults to "<agent|team>:<name>", so an executor rebuilt from the same definition in
   * another process can continue the runs it paused. Give distinct ids to executors that share a name.
   */
  id?: string;
  model: Model;
  tools?: Tool[];
  /** Sent to the model as the system message. */
  instructions?: string;
  /** When given, every run is saved after it runs or continues, and `getRun` loads it back. */
  db?: Store;
  /** Model turns one run may take before it ends with status "error" (default 50). */
  maxTurns?: number;
}

export type RunOptions = ExecutorRunOptions & { stream?: false };
export type StreamRunOptions = ExecutorRunOptions & { stream: true };

const DEFAULT_MAX_TURNS = 50;

/**
 * The model ↔ tool loop shared by Agent and Team: ask the model, run the calls of its turn
 * (pausing on marked tools), hand the results back, until the model answers with text.
 */
export abstract class LoopExecutor implements Executor {
  readonly id: string;
  readonly name: string;
  readonly executorType: ExecutorType;
  readonly model: Model;
  readonly instructions?: string;
  readonly db?: Store;
  readonly maxTurns: number;
  readonly tools: readonly Tool[];
  readonly #tools = new Map<string, Tool>();
  readonly #definitions: ToolDefinition[];
  readonly #delegation?: Delegation;
  readonly #calls: ToolCalls;

  protected constructor(options: LoopExecutorOptions, executorType: ExecutorType, delegation?: Delegation) {
    if (!options.name) throw new DefinitionError(`An ${executorType} needs a name.`);
    this.id = options.id ?? `${executorType}:${options.name}`;
    this.name = options.name;
    this.executorType = executorType;
    this.model = options.model;
    if (options.instructions !== undefined) this.instructions = options.instructions;
    if (options.db !== undefined) this.db = options.db;
    this.maxTurns = options.maxTurns ?? DEFAULT_MAX_TURNS;
    if (!Number.isInteger(this.maxTurns) || this.maxTurns < 1) {
      throw new DefinitionError(`${this.name}: maxTurns must be a positive integer, got ${options.maxTurns}.`);
    }
    this.tools = options.tools ?? [];
    for (const t of this.tools) {
      if (this.#tools.has(t.name) || t.name === delegation?.definition.name) {
        throw new DefinitionError(`${this.name} has two tools named "${t.name}": tool names must be unique.`);
      }
      this.#tools.set(t.name, t);
    }
    this.#definitions = this.tools.map((t) => t.definition);
    if (delegation) {
      this.#delegation = delegation;
      this.#definitions.push(delegation.definition);
    }
    this.#calls = new ToolCalls(this, this.#tools, delegation);
  }

  run(input: string, options?: RunOptions): Promise<RunOutput>;
  run(input: string, options: StreamRunOptions): AsyncIterable<ExecutorEvent>;
  run(input: string, options: RunOptions | StreamRunOptions = {}): Promise<RunOutput> | AsyncIterable<ExecutorEvent> {
    const { stream, ...rest } = options;
    return stream ? eventsOf(this.runIter(input, { streamContent: true, ...rest })) : drain(this.runIter(input, rest));
  }

  continueRun(run: RunOutput, options?: RunOptions): Promise<RunOutput>;
  continueRun(run: RunOutput, options: StreamRunOptions): AsyncIterable<ExecutorEvent>;
  continueRun(run: RunOutput, options: RunOptions | StreamRunOptions = {}): Promise<RunOutput> | AsyncIterable<ExecutorEvent> {
    const { stream, ...rest } = options;
    return stream
      ? eventsOf(this.continueRunIter(run, { streamContent: true, ...rest }))
      : drain(this.continueRunIter(run, rest));
  }

  /** Loads a saved run from `db`, with the tools' argument checks attached, ready for `continueRun`. */
  async getRun(runId: string): Promise<RunOutput | null> {
    if (!this.db) throw new DefinitionError(`${this.name} has no db: pass \`db\` to keep runs and load them back.`);
    const json = await this.db.getAgentRun(runId);
    if (!json) return null;
    const run = RunOutput.fromJSON(json);
    this.attachValidators(run);
    return run;
  }

  /** Attaches each tool's zod check to the run's requirements, so `provideUserInput` rejects wrong values at once. */
  attachValidators(run: RunOutput): void {
    const validators = this.validatorsFor(run);
    for (const req of run.requirements) {
      const validate = validators.get(req.id);
      if (validate) req.attachValidator(validate);
    }
  }

  /** The argument check of every requirement of a paused run, by requirement id (members' included). */
  validatorsFor(run: RunOutput): Map<string, ArgsValidator> {
    return run.status === "paused" ? this.#validators(parseLoopState(run.runId, run.state)) : new Map();
  }

  #validators(state: LoopState): Map<string, ArgsValidator> {
    const out = new Map<string, ArgsValidator>();
    for (const call of state.pending) {
      if (call.member && this.#delegation) {
        for (const [id, validate] of this.#delegation.validatorsFor(call)) out.set(id, validate);
      } else if (call.requirementId) {
        const t = this.#tools.get(call.name);
        if (t) out.set(call.requirementId, t.validateArgs);
      }
    }
    return out;
  }

  /**
   * Everything continueRun checks before it changes anything: the run is this executor's and paused,
   * every requirement is resolved, provided values and edited arguments fit the tool's schema. Returns the parsed state.
   */
  checkContinuable(run: RunOutput): LoopState {
    if (run.executorId !== this.id) {
      throw new RunStateError(run.runId, `it belongs to ${run.executorName} (${run.executorId}), not to ${this.name} (${this.id}).`);
    }
    if (run.status !== "paused") {
      throw new RunStateError(run.runId, `it is ${run.status}, and only a paused run can be continued.`);
    }
    for (const req of run.requirements) {
      if (!req.isResolved) throw new UnresolvedRequirementError(req.id, req.describe());
    }
    const state = parseLoopState(run.runId, run.state);
    const validators = this.#validators(state);
    for (const req of run.requirements) {
      if (req.status === "provided" || req.argsEdited) validators.get(req.id)?.(req.toolExecution.toolArgs);
    }
    return state;
  }

  async *runIter(input: string, options: ExecutorRunOptions = {}): AsyncGenerator<ExecutorEvent, RunOutput, void> {
    const runId = options.runId ?? randomUUID();
    const messages: Message[] = this.instructions ? [{ role: "system", content: this.instructions }] : [];
    messages.push({ role: "user", content: input });
    const scope: CallScope = { runId, options };
    if (options.sessionId !== undefined) scope.sessionId = options.sessionId;
    yield new RunStartedEvent({ ...this.#eventBase(runId), agentRunId: runId });
    return yield* this.#drive(
      {
        scope,
        messages,
        state: { turns: 0, pending: [] },
        createdAt: new Date().toISOString(),
        signal: options.signal ?? new AbortController().signal,
        journal: new AgentJournal(options.journal, runId),
      },
      null,
    );
  }

  async *continueRunIter(run: RunOutput, options: ExecutorRunOptions = {}): AsyncGenerator<ExecutorEvent, RunOutput, void> {
    const state = this.checkContinuable(run);
    // The caller's object must not be continued a second time: that would run confirmed tools twice.
    run.status = "running";
    const resolutions = new Map(run.requirements.map((r) => [r.id, r]));
    const scope: CallScope = { runId: run.runId, options };
    const sessionId = options.sessionId ?? run.sessionId;
    if (sessionId !== undefined) scope.sessionId = sessionId;
    yield new RunContinuedEvent({ ...this.#eventBase(run.runId), agentRunId: run.runId, requirementIds: [...resolutions.keys()] });
    return yield* this.#drive(
      {
        scope,
        messages: [...run.messages],
        state: { turns: state.turns, pending: state.pending.map((c) => ({ ...c })) },
        createdAt: run.createdAt,
        signal: options.signal ?? new AbortController().signal,
        journal: new AgentJournal(options.journal, run.runId),
      },
      resolutions,
    );
  }

  #eventBase(runId: string): { runId: string; executorName: string; executorType: ExecutorType } {
    return eventBase(this, runId);
  }

  async *#drive(
    drive: Drive,
    firstResolutions: ReadonlyMap<string, ExecutorRequirement> | null,
  ): AsyncGenerator<ExecutorEvent, RunOutput, void> {
    let resolutions = firstResolutions;
    const { messages, state } = drive;
    for (;;) {
      if (state.pending.length > 0) {
        const waiting: ExecutorRequirement[] = [];
        for (const call of state.pending) {
          if (call.content !== undefined) continue;
          yield* this.#calls.advance(call, drive, resolutions, waiting);
        }
        resolutions = null;
        if (waiting.length > 0) {
          const output = await this.#finish(outputOf(this, drive, "paused", { requirements: waiting }));
          yield new RunPausedEvent({
            ...this.#eventBase(drive.scope.runId),
            agentRunId: drive.scope.runId,
            executorRequirements: waiting.map((r) => r.toJSON()),
          });
          return output;
        }
        for (const call of state.pending) {
          messages.push({ role: "tool", content: call.content ?? "", toolCallId: call.id, toolName: call.name });
        }
        state.pending = [];
      }

      if (state.turns >= this.maxTurns) {
        return await this.#finish(
          outputOf(this, drive, "error", {
            error: `${this.name} reached its limit of ${this.maxTurns} model turns without a final answer. Raise maxTurns or check the tools' results.`,
          }),
        );
      }
      const turn = state.turns + 1;
      let response = await drive.journal.answer(turn);
      if (response) {
        if (response.content) yield new RunContentEvent({ ...this.#eventBase(drive.scope.runId), agentRunId: drive.scope.runId, content: response.content });
      } else {
        try {
          response = yield* this.#ask(drive);
        } catch (error) {
          return await this.#finish(outputOf(this, drive, "error", { error: `Model ${this.model.id} failed: ${errorMessage(error)}` }));
        }
        // Recorded before anything acts on it: a replay takes the same turn, so the calls keep their ids.
        await drive.journal.recordAnswer(turn, response);
      }
      state.turns = turn;
      const assistant: Message = { role: "assistant", content: response.content };
      if (response.toolCalls.length > 0) assistant.toolCalls = response.toolCalls;
      messages.push(assistant);
      if (response.toolCalls.length === 0) {
        const output = await this.#finish(outputOf(this, drive, "completed", { content: response.content }));
        yield new RunCompletedEvent({ ...this.#eventBase(drive.scope.runId), agentRunId: drive.scope.runId, content: response.content });
        return output;
      }
      state.pending = response.toolCalls.map((c) => ({ id: c.id, name: c.name, args: c.args }));
    }
  }

  async *#ask(drive: Drive): AsyncGenerator<ExecutorEvent, ModelResponse, void> {
    const request: ModelRequest = { messages: drive.messages, tools: this.#definitions, signal: drive.signal };
    const base = { ...this.#eventBase(drive.scope.runId), agentRunId: drive.scope.runId };
    if (!drive.scope.options.streamContent) {
      const response = await this.model.respond(request);
      if (response.content) yield new RunContentEvent({ ...base, content: response.content });
      return response;
    }
    for await (const event of this.model.stream(request)) {
      if (event.type === "done") return event.response;
      if (event.delta) yield new RunContentEvent({ ...base, content: event.delta });
    }
    throw new Error("the stream ended without a final response.");
  }

  async #finish(output: RunOutput): Promise<RunOutput> {
    if (this.db) await this.db.saveAgentRun(output.toJSON());
    return output;
  }
}
