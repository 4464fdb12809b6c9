import type { ExecutorEvent } from "../events";
import type { Message } from "../messages";
import type { ExecutorRequirement, ExecutorType } from "../requirements";
import { RunOutput, type ExecutorRunStatus } from "../run-output";
import type { AgentJournal } from "./agent-journal";
import type { CallScope } from "./delegation";
import { loopStateToJson, type LoopState } from "./run-state";

/** Who runs the loop, as its events and requirements name it. */
export interface ExecutorIdentity {
  readonly id: string;
  readonly name: string;
  readonly executorType: ExecutorType;
}

/** What one run of the loop carries between turns. */
export interface Drive {
  scope: CallScope;
  messages: Message[];
  state: LoopState;
  createdAt: string;
  signal: AbortSignal;
  journal: AgentJournal;
}

/** The fields every event of this executor's run carries. */
export function eventBase(identity: ExecutorIdentity, runId: string): { runId: string; executorName: string; executorType: ExecutorType } {
  return { runId, executorName: identity.name, executorType: identity.executorType };
}

/** Runs a loop to its end, dropping its events: what `run` without `stream` returns. */
export async function drain<T>(gen: AsyncGenerator<ExecutorEvent, T, void>): Promise<T> {
  let step = await gen.next();
  while (!step.done) step = await gen.next();
  return step.value;
}

/** The loop's events as an iterable: what `run` with `stream: true` returns. */
export async function* eventsOf(gen: AsyncGenerator<ExecutorEvent, RunOutput, void>): AsyncIterable<ExecutorEvent> {
  yield* gen;
}

export const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The run as it stands after this drive: paused with its requirements, or finished. */
export function outputOf(
  identity: ExecutorIdentity,
  drive: Drive,
  status: ExecutorRunStatus,
  extra: { content?: string; error?: string; requirements?: ExecutorRequirement[] },
): RunOutput {
  const output = new RunOutput(
    {
      runId: drive.scope.runId,
      executorId: identity.id,
      executorName: identity.name,
      executorType: identity.executorType,
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
