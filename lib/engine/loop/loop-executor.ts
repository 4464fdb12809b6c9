import { randomUUID } from "node:crypto";
import { DefinitionError, RunStateError, UnresolvedRequirementError } from "../errors";
import {
  RunCompletedEvent,
  RunContentEvent,
  RunContinuedEvent,
  RunPausedEvent,
  RunStartedEvent,
  ToolCallCompletedEvent,
  ToolCallStartedEvent,
  type ExecutorEvent,
} from "../events";
import type { Executor, ExecutorRunOptions } from "../executor";
import type { JsonValue } from "../json";
import type { Message } from "../messages";
import type { Model, ModelRequest, ModelResponse, ToolDefinition } from "../models/model";
import { ExecutorRequirement, type ArgsValidator, type ExecutorRequirementJSON, type ExecutorType } from "../requirements";
import { RunOutput, type ExecutorRunStatus } from "../run-output";
import type { Store } from "../store";
import { toolResultContent, type Tool } from "../tools";
import { AgentJournal, type ToolOutcome } from "./agent-journal";
import type { CallScope, Delegation, DelegationProgress } from "./delegation";
import { loopStateToJson, parseLoopState, type LoopState, type PendingCall } from "./run-state";

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

/** Appended to a rejected call's tool message. */
export function rejectionContent(note: string | undefined): string {
  return `Rejected by the user.${note ? ` Note: ${note}` : ""}`;
}

/** What the model is told when a person skips a call left in doubt by a crash. */
export function skippedInDoubtContent(toolName: string): string {
  return `Error: tool ${toolName} failed: the call started before a crash and left no result, and a person chose not to run it again. It may or may not have taken effect.`;
}

/** An approved call about to run: the requirement that approved it, the key it runs with, and which attempt this is. */
interface Approval {
  req: ExecutorRequirement;
  idempotencyKey: string;
  attempt: number;
}

async function drain<T>(gen: AsyncGenerator<ExecutorEvent, T, void>): Promise<T> {
  let step = await gen.next();
  while (!step.done) step = await gen.next();
  return step.value;
}

async function* eventsOf(gen: AsyncGenerator<ExecutorEvent, RunOutput, void>): AsyncIterable<ExecutorEvent> {
  yield* gen;
}

const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** What one run of the loop carries between turns. */
interface Drive {
  scope: CallScope;
  messages: Message[];
  state: LoopState;
  createdAt: string;
  signal: AbortSignal;
  journal: AgentJournal;
}

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
   * every requirement is resolved, provided values fit the tool's schema. Returns the parsed state.
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
      if (req.status === "provided") validators.get(req.id)?.(req.toolExecution.toolArgs);
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
    return { runId, executorName: this.name, executorType: this.executorType };
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
          yield* this.#advanceCall(call, drive, resolutions, waiting);
        }
        resolutions = null;
        if (waiting.length > 0) {
          const output = await this.#finish(this.#output(drive, "paused", { requirements: waiting }));
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
          this.#output(drive, "error", {
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
          return await this.#finish(this.#output(drive, "error", { error: `Model ${this.model.id} failed: ${errorMessage(error)}` }));
        }
        // Recorded before anything acts on it: a replay takes the same turn, so the calls keep their ids.
        await drive.journal.recordAnswer(turn, response);
      }
      state.turns = turn;
      const assistant: Message = { role: "assistant", content: response.content };
      if (response.toolCalls.length > 0) assistant.toolCalls = response.toolCalls;
      messages.push(assistant);
      if (response.toolCalls.length === 0) {
        const output = await this.#finish(this.#output(drive, "completed", { content: response.content }));
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

  /** Moves one call of the turn forward: runs it, pauses it, or applies the person's decision. */
  async *#advanceCall(
    call: PendingCall,
    drive: Drive,
    resolutions: ReadonlyMap<string, ExecutorRequirement> | null,
    waiting: ExecutorRequirement[],
  ): AsyncGenerator<ExecutorEvent, void, void> {
    const delegation = this.#delegation;
    if (call.member) {
      if (!delegation || !resolutions) return;
      const progress = yield* delegation.resume(call, resolutions, this.#memberScope(call, drive));
      this.#applyDelegation(call, progress, drive, waiting);
      return;
    }
    if (call.requirementId) {
      const req = resolutions?.get(call.requirementId);
      if (req) yield* this.#resolveCall(call, req, drive, waiting);
      return;
    }
    if (delegation && call.name === delegation.definition.name) {
      const progress = yield* delegation.start(call, this.#memberScope(call, drive));
      this.#applyDelegation(call, progress, drive, waiting);
      return;
    }
    const t = this.#tools.get(call.name);
    if (!t) {
      const names = [...this.#tools.keys(), ...(delegation ? [delegation.definition.name] : [])];
      yield* this.#fail(call, drive, `unknown tool "${call.name}". Available tools: ${names.join(", ") || "none"}.`);
      return;
    }
    if (t.pauses) {
      const problem = t.checkProposedArgs(call.args);
      if (problem) yield* this.#fail(call, drive, `invalid arguments for tool ${t.name}: ${problem}`);
      else waiting.push(this.#requirementFor(t, call, drive));
      return;
    }
    const parsed = t.parseArgs(call.args);
    if (!parsed.ok) {
      yield* this.#fail(call, drive, `invalid arguments for tool ${t.name}: ${parsed.error}`);
      return;
    }
    yield* this.#execute(t, call, parsed.value, drive, undefined, waiting);
  }

  /** A member run started by this call records below the call's place in the journal. */
  #memberScope(call: PendingCall, drive: Drive): CallScope {
    const journal = drive.journal.scopeFor(drive.state.turns, call.id);
    return journal ? { ...drive.scope, options: { ...drive.scope.options, journal } } : drive.scope;
  }

  #applyDelegation(
    call: PendingCall,
    progress: DelegationProgress,
    drive: Drive,
    waiting: ExecutorRequirement[],
  ): void {
    if (progress.kind === "done") {
      delete call.member;
      call.content = progress.content;
      return;
    }
    call.member = { memberId: progress.memberId, run: progress.run };
    const validators = this.#delegation?.validatorsFor(call);
    for (const json of progress.requirements) {
      waiting.push(new ExecutorRequirement({ ...json, runId: drive.scope.runId }, validators?.get(json.id)));
    }
  }

  #requirementFor(t: Tool, call: PendingCall, drive: Drive): ExecutorRequirement {
    const json: ExecutorRequirementJSON = {
      id: drive.journal.idFor(drive.state.turns, call.id, "approval"),
      runId: drive.scope.runId,
      executorId: this.id,
      executorName: this.name,
      executorType: this.executorType,
      toolExecution: { toolCallId: call.id, toolName: t.name, toolArgs: call.args },
      needsConfirmation: t.requiresConfirmation,
      needsUserInput: t.requiresUserInput,
      needsExternalExecution: t.externalExecution,
      userInputSchema: t.userInputSchema(call.args),
      status: "pending",
      createdAt: new Date().toISOString(),
    };
    call.requirementId = json.id;
    return new ExecutorRequirement(json, t.validateArgs);
  }

  async *#resolveCall(
    call: PendingCall,
    req: ExecutorRequirement,
    drive: Drive,
    waiting: ExecutorRequirement[],
  ): AsyncGenerator<ExecutorEvent, void, void> {
    const t = this.#tools.get(call.name);
    const base = { ...this.#eventBase(drive.scope.runId), toolCallId: call.id, toolName: call.name, requirementId: req.id };
    delete call.requirementId;
    switch (req.status) {
      case "rejected":
        call.content = rejectionContent(req.note);
        yield new ToolCallCompletedEvent({ ...base, toolArgs: req.toolExecution.toolArgs, result: call.content });
        return;
      case "skipped":
        call.content = skippedInDoubtContent(call.name);
        yield new ToolCallCompletedEvent({ ...base, toolArgs: req.toolExecution.toolArgs, error: call.content });
        return;
      case "completed": {
        const result = req.toolExecution.result ?? null;
        call.content = toolResultContent(result);
        yield new ToolCallCompletedEvent({ ...base, toolArgs: req.toolExecution.toolArgs, result });
        return;
      }
      case "confirmed":
      case "provided":
      case "retried": {
        if (!t?.execute) {
          yield* this.#fail(call, drive, `tool ${call.name} cannot run here: it has no result.`, req.id);
          return;
        }
        const parsed = t.parseArgs(req.toolExecution.toolArgs);
        if (!parsed.ok) {
          yield* this.#fail(call, drive, `invalid arguments for tool ${t.name}: ${parsed.error}`, req.id);
          return;
        }
        const approval: Approval = req.inDoubt
          ? { req, idempotencyKey: req.inDoubt.idempotencyKey, attempt: req.inDoubt.attempt + 1 }
          : { req, idempotencyKey: req.id, attempt: 1 };
        yield* this.#execute(t, call, parsed.value, drive, approval, waiting);
        return;
      }
    }
  }

  /**
   * Runs a call, or replays its recorded result. An approved call is marked started in the journal first: when a
   * replay finds that mark without a result, the worker died while the tool ran, so the call is in doubt and a person
   * decides (unless the tool is idempotent, which simply runs again with the same key).
   */
  async *#execute(
    t: Tool,
    call: PendingCall,
    args: PendingCall["args"],
    drive: Drive,
    approval: Approval | undefined,
    waiting: ExecutorRequirement[],
  ): AsyncGenerator<ExecutorEvent, void, void> {
    const turn = drive.state.turns;
    const base = { ...this.#eventBase(drive.scope.runId), toolCallId: call.id, toolName: t.name, toolArgs: args };
    const withReq = approval ? { ...base, requirementId: approval.req.id } : base;
    const recorded = await drive.journal.result(turn, call.id);
    if (recorded) {
      yield new ToolCallStartedEvent(withReq);
      call.content = recorded.content;
      yield new ToolCallCompletedEvent({ ...withReq, ...(recorded.error !== undefined ? { error: recorded.error } : { result: recorded.result ?? null }) });
      return;
    }
    const idempotencyKey = approval?.idempotencyKey ?? drive.journal.idempotencyKey(turn, call.id);
    if (approval) {
      const started = await drive.journal.started(turn, call.id, approval.attempt);
      if (started && !t.idempotent) {
        waiting.push(this.#inDoubt(call, args, drive, { attempt: approval.attempt, idempotencyKey, startedAt: started.at }));
        return;
      }
      if (!started) await drive.journal.markStarted(turn, call.id, approval.attempt, idempotencyKey);
    }
    yield new ToolCallStartedEvent(withReq);
    const ctx = { runId: drive.scope.runId, toolCallId: call.id, signal: drive.signal, agentName: this.name, idempotencyKey };
    let outcome: ToolOutcome;
    try {
      const result = await t.execute!(args, {
        ...ctx,
        ...(approval ? { requirementId: approval.idempotencyKey } : {}),
        ...(drive.scope.options.userId !== undefined ? { userId: drive.scope.options.userId } : {}),
      });
      outcome = { content: toolResultContent(result), result: (result ?? null) as JsonValue };
    } catch (error) {
      const content = `Error: tool ${t.name} failed: ${errorMessage(error)}`;
      outcome = { content, error: content };
      // A tool stopped by the run's own abort did not fail: nothing is recorded, and whoever drives the run next
      // finds the call without a result (run again, or in doubt when it was approved).
      if (drive.signal.aborted) {
        call.content = outcome.content;
        yield new ToolCallCompletedEvent({ ...withReq, error: outcome.content });
        return;
      }
    }
    await drive.journal.recordResult(turn, call.id, outcome);
    call.content = outcome.content;
    yield new ToolCallCompletedEvent({ ...withReq, ...("error" in outcome ? { error: outcome.error } : { result: outcome.result }) });
  }

  /** The requirement of a call left in doubt: its arguments as they ran, and the attempt that left no result. */
  #inDoubt(call: PendingCall, args: PendingCall["args"], drive: Drive, inDoubt: NonNullable<ExecutorRequirementJSON["inDoubt"]>): ExecutorRequirement {
    const json: ExecutorRequirementJSON = {
      id: drive.journal.idFor(drive.state.turns, call.id, `in-doubt:${inDoubt.attempt}`),
      runId: drive.scope.runId,
      executorId: this.id,
      executorName: this.name,
      executorType: this.executorType,
      toolExecution: { toolCallId: call.id, toolName: call.name, toolArgs: args },
      needsConfirmation: false,
      needsUserInput: false,
      needsExternalExecution: false,
      inDoubt,
      userInputSchema: [],
      status: "pending",
      createdAt: new Date().toISOString(),
    };
    call.requirementId = json.id;
    return new ExecutorRequirement(json);
  }

  async *#fail(call: PendingCall, drive: Drive, problem: string, requirementId?: string): AsyncGenerator<ExecutorEvent, void, void> {
    call.content = `Error: ${problem}`;
    yield new ToolCallCompletedEvent({
      ...this.#eventBase(drive.scope.runId),
      toolCallId: call.id,
      toolName: call.name,
      toolArgs: call.args,
      error: call.content,
      ...(requirementId ? { requirementId } : {}),
    });
  }

  #output(
    drive: Drive,
    status: ExecutorRunStatus,
    extra: { content?: string; error?: string; requirements?: ExecutorRequirement[] },
  ): RunOutput {
    const output = new RunOutput(
      {
        runId: drive.scope.runId,
        executorId: this.id,
        executorName: this.name,
        executorType: this.executorType,
        status,
        messages: drive.messages,
        requirements: [],
        state: loopStateToJson(status === "paused" ? drive.state : { turns: drive.state.turns, pending: [] }),
        createdAt: drive.createdAt,
        updatedAt: new Date().toISOString(),
        ...(drive.scope.sessionId !== undefined ? { sessionId: drive.scope.sessionId } : {}),
        ...(extra.content !== undefined ? { content: extra.content } : {}),
        ...(extra.error !== undefined ? { error: extra.error } : {}),
      },
      extra.requirements ?? [],
    );
    return output;
  }

  async #finish(output: RunOutput): Promise<RunOutput> {
    if (this.db) await this.db.saveAgentRun(output.toJSON());
    return output;
  }
}
