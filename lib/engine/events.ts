import type { JsonValue } from "./json";
import type { ExecutorRequirementJSON, ExecutorType } from "./requirements";

/** Fields every event may carry. `runId` is the workflow run id inside a workflow, the agent/team run id standalone. */
export interface EventBase {
  runId: string;
  createdAt?: string;
  stepName?: string;
  stepPath?: string[];
  stepType?: string;
  /** Position of the step among its siblings (0-based). */
  stepIndex?: number;
  executorName?: string;
  executorType?: ExecutorType;
  memberName?: string;
}

/** JSON form of any event, as persisted in the run's event log. `seq` is assigned by the store. */
export interface WorkflowEventJSON extends EventBase {
  event: string;
  createdAt: string;
  seq?: number;
  [field: string]: JsonValue | undefined;
}

export abstract class WorkflowEvent implements EventBase {
  readonly event: string;
  runId!: string;
  createdAt!: string;
  declare stepName?: string;
  declare stepPath?: string[];
  declare stepType?: string;
  declare stepIndex?: number;
  declare executorName?: string;
  declare executorType?: ExecutorType;
  declare memberName?: string;

  protected constructor(event: string, init: EventBase & object) {
    this.event = event;
    Object.assign(this, init);
    this.createdAt = init.createdAt ?? new Date().toISOString();
  }

  toJSON(): WorkflowEventJSON {
    return JSON.parse(JSON.stringify({ ...this })) as WorkflowEventJSON;
  }
}

type EventClass<N extends string, F extends object> = {
  new (init: EventBase & F): WorkflowEvent & { readonly event: N } & F;
  readonly eventName: N;
};

function defineEvent<F extends object = object>() {
  return <N extends string>(name: N): EventClass<N, F> => {
    const cls = class extends WorkflowEvent {
      static readonly eventName = name;
      constructor(init: EventBase & F) {
        super(name, init);
      }
    };
    Object.defineProperty(cls, "name", { value: `${name}Event` });
    return cls as unknown as EventClass<N, F>;
  };
}

type StepDone = { content?: JsonValue; durationMs?: number; status?: string };
type Paused = { requirementIds?: string[]; message?: string };
type Requirements = { executorId?: string; executorRequirements?: ExecutorRequirementJSON[] };

// Workflow lifecycle
export const WorkflowStartedEvent = defineEvent<{ workflowName?: string; input?: JsonValue }>()("WorkflowStarted");
export type WorkflowStartedEvent = InstanceType<typeof WorkflowStartedEvent>;
export const WorkflowPausedEvent = defineEvent<Paused & { pauseKind?: string }>()("WorkflowPaused");
export type WorkflowPausedEvent = InstanceType<typeof WorkflowPausedEvent>;
export const WorkflowContinuedEvent = defineEvent()("WorkflowContinued");
export type WorkflowContinuedEvent = InstanceType<typeof WorkflowContinuedEvent>;
export const WorkflowCompletedEvent = defineEvent<{ content?: JsonValue }>()("WorkflowCompleted");
export type WorkflowCompletedEvent = InstanceType<typeof WorkflowCompletedEvent>;
export const WorkflowCancelledEvent = defineEvent<{ reason?: string }>()("WorkflowCancelled");
export type WorkflowCancelledEvent = InstanceType<typeof WorkflowCancelledEvent>;
export const WorkflowErrorEvent = defineEvent<{ error?: string }>()("WorkflowError");
export type WorkflowErrorEvent = InstanceType<typeof WorkflowErrorEvent>;

// Steps
export const StepStartedEvent = defineEvent()("StepStarted");
export type StepStartedEvent = InstanceType<typeof StepStartedEvent>;
export const StepCompletedEvent = defineEvent<StepDone>()("StepCompleted");
export type StepCompletedEvent = InstanceType<typeof StepCompletedEvent>;
export const StepErrorEvent = defineEvent<{ error?: string; errorType?: string; retrying?: boolean }>()("StepError");
export type StepErrorEvent = InstanceType<typeof StepErrorEvent>;
export const StepSkippedEvent = defineEvent<{ reason?: string }>()("StepSkipped");
export type StepSkippedEvent = InstanceType<typeof StepSkippedEvent>;
export const StepPausedEvent = defineEvent<Paused & { kind?: string }>()("StepPaused");
export type StepPausedEvent = InstanceType<typeof StepPausedEvent>;
export const StepContinuedEvent = defineEvent<{ requirementIds?: string[]; action?: string }>()("StepContinued");
export type StepContinuedEvent = InstanceType<typeof StepContinuedEvent>;
export const StepOutputReviewEvent = defineEvent<Paused & { stepOutput?: JsonValue }>()("StepOutputReview");
export type StepOutputReviewEvent = InstanceType<typeof StepOutputReviewEvent>;
export const RouterPausedEvent = defineEvent<Paused & { availableChoices?: string[] }>()("RouterPaused");
export type RouterPausedEvent = InstanceType<typeof RouterPausedEvent>;
export const StepExecutorPausedEvent = defineEvent<Paused & Requirements>()("StepExecutorPaused");
export type StepExecutorPausedEvent = InstanceType<typeof StepExecutorPausedEvent>;
export const StepExecutorContinuedEvent = defineEvent<{ executorId?: string; requirementIds?: string[] }>()("StepExecutorContinued");
export type StepExecutorContinuedEvent = InstanceType<typeof StepExecutorContinuedEvent>;

// Containers
export const StepsExecutionStartedEvent = defineEvent()("StepsExecutionStarted");
export type StepsExecutionStartedEvent = InstanceType<typeof StepsExecutionStartedEvent>;
export const StepsExecutionCompletedEvent = defineEvent<StepDone>()("StepsExecutionCompleted");
export type StepsExecutionCompletedEvent = InstanceType<typeof StepsExecutionCompletedEvent>;
export const ConditionExecutionStartedEvent = defineEvent<{ conditionResult?: boolean }>()("ConditionExecutionStarted");
export type ConditionExecutionStartedEvent = InstanceType<typeof ConditionExecutionStartedEvent>;
export const ConditionExecutionCompletedEvent = defineEvent<StepDone & { branch?: "if" | "else" | "none" }>()("ConditionExecutionCompleted");
export type ConditionExecutionCompletedEvent = InstanceType<typeof ConditionExecutionCompletedEvent>;
export const LoopExecutionStartedEvent = defineEvent<{ maxIterations?: number }>()("LoopExecutionStarted");
export type LoopExecutionStartedEvent = InstanceType<typeof LoopExecutionStartedEvent>;
export const LoopIterationStartedEvent = defineEvent<{ iteration: number; maxIterations?: number }>()("LoopIterationStarted");
export type LoopIterationStartedEvent = InstanceType<typeof LoopIterationStartedEvent>;
export const LoopIterationCompletedEvent = defineEvent<StepDone & { iteration: number }>()("LoopIterationCompleted");
export type LoopIterationCompletedEvent = InstanceType<typeof LoopIterationCompletedEvent>;
export const LoopExecutionCompletedEvent = defineEvent<StepDone & { iterations?: number }>()("LoopExecutionCompleted");
export type LoopExecutionCompletedEvent = InstanceType<typeof LoopExecutionCompletedEvent>;
export const RouterExecutionStartedEvent = defineEvent<{ selectedSteps?: string[] }>()("RouterExecutionStarted");
export type RouterExecutionStartedEvent = InstanceType<typeof RouterExecutionStartedEvent>;
export const RouterExecutionCompletedEvent = defineEvent<StepDone & { selectedSteps?: string[] }>()("RouterExecutionCompleted");
export type RouterExecutionCompletedEvent = InstanceType<typeof RouterExecutionCompletedEvent>;
export const ParallelExecutionStartedEvent = defineEvent<{ branches?: string[] }>()("ParallelExecutionStarted");
export type ParallelExecutionStartedEvent = InstanceType<typeof ParallelExecutionStartedEvent>;
export const ParallelExecutionCompletedEvent = defineEvent<StepDone>()("ParallelExecutionCompleted");
export type ParallelExecutionCompletedEvent = InstanceType<typeof ParallelExecutionCompletedEvent>;

// Agent / team level (also re-emitted inside workflows with step fields filled in)
export const RunStartedEvent = defineEvent<{ agentRunId?: string }>()("RunStarted");
export type RunStartedEvent = InstanceType<typeof RunStartedEvent>;
export const RunPausedEvent = defineEvent<{ agentRunId?: string; executorRequirements?: ExecutorRequirementJSON[] }>()("RunPaused");
export type RunPausedEvent = InstanceType<typeof RunPausedEvent>;
export const RunContinuedEvent = defineEvent<{ agentRunId?: string; requirementIds?: string[] }>()("RunContinued");
export type RunContinuedEvent = InstanceType<typeof RunContinuedEvent>;
export const RunCompletedEvent = defineEvent<{ agentRunId?: string; content?: JsonValue }>()("RunCompleted");
export type RunCompletedEvent = InstanceType<typeof RunCompletedEvent>;
export const RunContentEvent = defineEvent<{ content: string; agentRunId?: string }>()("RunContent");
export type RunContentEvent = InstanceType<typeof RunContentEvent>;
export const ToolCallStartedEvent = defineEvent<{ toolCallId: string; toolName: string; toolArgs?: JsonValue; requirementId?: string }>()("ToolCallStarted");
export type ToolCallStartedEvent = InstanceType<typeof ToolCallStartedEvent>;
export const ToolCallCompletedEvent = defineEvent<{
  toolCallId: string;
  toolName: string;
  toolArgs?: JsonValue;
  result?: JsonValue;
  error?: string;
  requirementId?: string;
}>()("ToolCallCompleted");
export type ToolCallCompletedEvent = InstanceType<typeof ToolCallCompletedEvent>;

/** What an agent or team yields while it runs. */
export type ExecutorEvent =
  | RunStartedEvent
  | RunPausedEvent
  | RunContinuedEvent
  | RunCompletedEvent
  | RunContentEvent
  | ToolCallStartedEvent
  | ToolCallCompletedEvent;
