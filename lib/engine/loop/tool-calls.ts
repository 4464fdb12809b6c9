import { ToolCallCompletedEvent, ToolCallStartedEvent, type ExecutorEvent } from "../events";
import type { JsonValue } from "../json";
import { ExecutorRequirement, type ExecutorRequirementJSON } from "../requirements";
import { toolResultContent, type Tool } from "../tools";
import type { ToolOutcome } from "./agent-journal";
import { rejectionContent, skippedInDoubtContent } from "./call-content";
import type { CallScope, Delegation, DelegationProgress } from "./delegation";
import { errorMessage, eventBase, type Drive, type ExecutorIdentity } from "./drive";
import type { PendingCall } from "./run-state";
import { showArgsThatRan } from "./args-that-ran";

/** An approved call about to run: the requirement that approved it, the key it runs with, and which attempt this is. */
interface Approval {
  req: ExecutorRequirement;
  idempotencyKey: string;
  attempt: number;
}

/**
 * The tool calls of one model turn, for the loop: runs a call, pauses it on a marked tool, applies a person's
 * decision, or hands it to the team's delegation.
 */
export class ToolCalls {
  readonly #identity: ExecutorIdentity;
  readonly #tools: ReadonlyMap<string, Tool>;
  readonly #delegation: Delegation | undefined;

  constructor(identity: ExecutorIdentity, tools: ReadonlyMap<string, Tool>, delegation: Delegation | undefined) {
    this.#identity = identity;
    this.#tools = tools;
    this.#delegation = delegation;
  }

  /** Moves one call of the turn forward: runs it, pauses it, or applies the person's decision. */
  async *advance(
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
      executorId: this.#identity.id,
      executorName: this.#identity.name,
      executorType: this.#identity.executorType,
      toolExecution: { toolCallId: call.id, toolName: t.name, toolArgs: call.args },
      needsConfirmation: t.requiresConfirmation,
      ...(t.requiresConfirmation && { argsSchema: t.definition.parameters, allowArgEdits: t.allowArgEdits }),
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
    const base = { ...eventBase(this.#identity, drive.scope.runId), toolCallId: call.id, toolName: call.name, requirementId: req.id };
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
        if (req.argsEdited || req.status === "provided") showArgsThatRan(drive.messages, call.id, parsed.value);
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
    const base = { ...eventBase(this.#identity, drive.scope.runId), toolCallId: call.id, toolName: t.name, toolArgs: args };
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
    const ctx = { runId: drive.scope.runId, toolCallId: call.id, signal: drive.signal, agentName: this.#identity.name, idempotencyKey };
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
      executorId: this.#identity.id,
      executorName: this.#identity.name,
      executorType: this.#identity.executorType,
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
      ...eventBase(this.#identity, drive.scope.runId),
      toolCallId: call.id,
      toolName: call.name,
      toolArgs: call.args,
      error: call.content,
      ...(requirementId ? { requirementId } : {}),
    });
  }
}
