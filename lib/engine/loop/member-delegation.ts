import { z } from "zod";
import { ToolCallCompletedEvent, ToolCallStartedEvent, type ExecutorEvent } from "../events";
import type { Executor, ExecutorRunOptions } from "../executor";
import { placeId } from "../journal";
import type { ToolDefinition } from "../models/model";
import { ExecutorRequirement, type ArgsValidator, type ExecutorRequirementJSON } from "../requirements";
import { RunOutput } from "../run-output";
import { formatIssues } from "../tools";
import type { CallScope, Delegation, DelegationProgress } from "./delegation";
import type { PendingCall } from "./run-state";

export const DELEGATE_TOOL_NAME = "delegate_task_to_member";

const delegateArgs = z.object({
  member_id: z.string().describe("The name or id of the member who should do the task."),
  task: z.string().describe("What the member should do, with everything it needs to know."),
});

/** An executor that can tell which argument check belongs to each requirement of its paused run. */
interface ValidatorSource {
  validatorsFor(run: RunOutput): Map<string, ArgsValidator>;
}

const hasValidators = (e: Executor): e is Executor & ValidatorSource =>
  typeof (e as Partial<ValidatorSource>).validatorsFor === "function";

/** A team's identity as its events and requirements name it. */
export interface TeamIdentity {
  readonly id: string;
  readonly name: string;
}

/** Runs a team leader's delegate calls as member runs, and carries a member's pause up to the team. */
export class MemberDelegation implements Delegation {
  readonly definition: ToolDefinition;
  readonly #members: readonly Executor[];
  #team: TeamIdentity = { id: "", name: "" };

  constructor(members: readonly Executor[]) {
    this.#members = members;
    const parameters = z.toJSONSchema(delegateArgs, { io: "input" }) as ToolDefinition["parameters"];
    delete parameters.$schema;
    this.definition = {
      name: DELEGATE_TOOL_NAME,
      description: `Give a task to a member of the team. Members: ${members.map((m) => m.name).join(", ")}.`,
      parameters,
    };
  }

  /** Called once by the team, which cannot hand itself over before its own constructor has run. */
  bind(team: TeamIdentity): void {
    this.#team = team;
  }

  find(memberId: string): Executor | undefined {
    return this.#members.find((m) => m.name === memberId || m.id === memberId);
  }

  async *start(call: PendingCall, scope: CallScope): AsyncGenerator<ExecutorEvent, DelegationProgress, void> {
    const parsed = delegateArgs.safeParse(call.args);
    if (!parsed.success) {
      return yield* this.#failed(call, scope, `invalid arguments for tool ${DELEGATE_TOOL_NAME}: ${formatIssues(parsed.error.issues)}`);
    }
    const member = this.find(parsed.data.member_id);
    if (!member) {
      return yield* this.#failed(
        call,
        scope,
        `there is no member "${parsed.data.member_id}". Members: ${this.#members.map((m) => m.name).join(", ")}.`,
      );
    }
    yield new ToolCallStartedEvent({ ...this.#base(scope), toolCallId: call.id, toolName: DELEGATE_TOOL_NAME, toolArgs: call.args });
    return yield* this.#follow(call, member, member.runIter(parsed.data.task, this.#memberOptions(scope)), scope);
  }

  async *resume(
    call: PendingCall,
    requirements: ReadonlyMap<string, ExecutorRequirement>,
    scope: CallScope,
  ): AsyncGenerator<ExecutorEvent, DelegationProgress, void> {
    const paused = call.member;
    const member = paused && this.find(paused.memberId);
    if (!paused || !member) {
      return yield* this.#failed(call, scope, `the member "${paused?.memberId}" of this paused run is no longer in the team.`);
    }
    const memberRun = RunOutput.fromJSON(paused.run);
    memberRun.requirements = memberRun.requirements.map((own) => {
      const decided = requirements.get(own.id);
      if (!decided) return own;
      // Same requirement id on both levels: only the executor fields differ, the resolution is copied.
      const json: ExecutorRequirementJSON = {
        ...decided.toJSON(),
        runId: own.runId,
        executorId: own.executorId,
        executorName: own.executorName,
        executorType: own.executorType,
      };
      if (own.memberName === undefined) delete json.memberName;
      else json.memberName = own.memberName;
      return ExecutorRequirement.fromJSON(json);
    });
    return yield* this.#follow(call, member, member.continueRunIter(memberRun, this.#memberOptions(scope)), scope);
  }

  validatorsFor(call: PendingCall): Map<string, ArgsValidator> {
    const member = call.member && this.find(call.member.memberId);
    if (!call.member || !member || !hasValidators(member)) return new Map();
    return member.validatorsFor(RunOutput.fromJSON(call.member.run));
  }

  #base(scope: CallScope) {
    return { runId: scope.runId, executorName: this.#team.name, executorType: "team" as const };
  }

  #memberOptions(scope: CallScope): ExecutorRunOptions {
    const { runId: _ownRunId, ...rest } = scope.options;
    // Journaled, the member run's id comes from its place, as the team's own does: a replay names it alike.
    const journal = rest.journal;
    const own = journal ? { ...rest, runId: placeId(journal.journal.runId, journal.place) } : rest;
    return scope.sessionId !== undefined ? { ...own, sessionId: scope.sessionId } : own;
  }

  /** Forwards the member's tool events (named for the team and the member) and turns its outcome into the call's. */
  async *#follow(
    call: PendingCall,
    member: Executor,
    run: AsyncGenerator<ExecutorEvent, RunOutput, void>,
    scope: CallScope,
  ): AsyncGenerator<ExecutorEvent, DelegationProgress, void> {
    let step = await run.next();
    while (!step.done) {
      const event = step.value;
      if (event instanceof ToolCallStartedEvent || event instanceof ToolCallCompletedEvent) {
        event.memberName ??= member.name;
        Object.assign(event, this.#base(scope));
        yield event;
      }
      step = await run.next();
    }
    const output = step.value;
    const done = { ...this.#base(scope), toolCallId: call.id, toolName: DELEGATE_TOOL_NAME, toolArgs: call.args };
    switch (output.status) {
      case "paused":
        return {
          kind: "paused",
          memberId: member.id,
          run: output.toJSON(),
          requirements: output.requirements.map((r) => ({
            ...r.toJSON(),
            executorId: this.#team.id,
            executorName: this.#team.name,
            executorType: "team",
            memberName: r.memberName ?? member.name,
          })),
        };
      case "completed": {
        const content = output.content ?? "";
        yield new ToolCallCompletedEvent({ ...done, result: content });
        return { kind: "done", content };
      }
      default: {
        const error = `Error: member ${member.name} failed: ${output.error ?? `its run ended ${output.status}`}`;
        yield new ToolCallCompletedEvent({ ...done, error });
        return { kind: "done", content: error, error };
      }
    }
  }

  async *#failed(call: PendingCall, scope: CallScope, problem: string): AsyncGenerator<ExecutorEvent, DelegationProgress, void> {
    const content = `Error: ${problem}`;
    yield new ToolCallCompletedEvent({ ...this.#base(scope), toolCallId: call.id, toolName: DELEGATE_TOOL_NAME, toolArgs: call.args, error: content });
    return { kind: "done", content, error: content };
  }
}
