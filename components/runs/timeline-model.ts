import {
  jsonValueSchema,
  type ErrorRequirementDto,
  type ExecutorRequirementDto,
  type RunDto,
  type RunEventDto,
  type StepRequirementDto,
  type StepResultDto,
} from "@/lib/contracts";
import type { JsonValue } from "@/lib/engine";

export interface ToolCall {
  toolCallId: string;
  toolName: string;
  args?: JsonValue;
  result?: JsonValue;
  error?: string;
  done: boolean;
  memberName?: string;
  requirementId?: string;
  at: string;
}

export type TimelineItem =
  | { type: "tool"; at: string; call: ToolCall }
  | { type: "tool-decision"; at: string; step: StepRequirementDto; requirement: ExecutorRequirementDto; executedArgs?: JsonValue }
  | { type: "step-decision"; at: string; step: StepRequirementDto }
  | { type: "error-decision"; at: string; requirement: ErrorRequirementDto };

export type StepState = "running" | "waiting" | "completed" | "skipped" | "error" | "cancelled" | "unfinished";

export interface TimelineStep {
  key: string;
  stepName: string;
  stepPath: string[];
  stepType?: string;
  state: StepState;
  startedAt?: string;
  completedAt?: string;
  durationMs?: number;
  executorName?: string;
  executorType?: string;
  results: StepResultDto[];
  items: TimelineItem[];
}

const keyOf = (path: readonly string[] | undefined, name: string | undefined): string | undefined =>
  path?.length ? path.join("\u203a") : name;

const text = (event: RunEventDto, field: string): string | undefined => {
  const value = event[field];
  return typeof value === "string" ? value : undefined;
};

const json = (event: RunEventDto, field: string): JsonValue | undefined => jsonValueSchema.safeParse(event[field]).data;

/** Tool calls of the run, started and completed events merged by call id, in the order they started. */
function toolCalls(events: RunEventDto[]): Map<string, { stepKey: string | undefined; call: ToolCall }> {
  const calls = new Map<string, { stepKey: string | undefined; call: ToolCall }>();
  for (const event of events) {
    if (event.event !== "ToolCallStarted" && event.event !== "ToolCallCompleted") continue;
    const toolCallId = text(event, "toolCallId");
    const toolName = text(event, "toolName");
    if (!toolCallId || !toolName) continue;
    const entry = calls.get(toolCallId) ?? {
      stepKey: keyOf(event.stepPath, event.stepName),
      call: { toolCallId, toolName, done: false, at: event.createdAt },
    };
    const { call } = entry;
    const args = json(event, "toolArgs");
    if (args !== undefined) call.args = args;
    const requirementId = text(event, "requirementId");
    if (requirementId) call.requirementId = requirementId;
    if (event.memberName) call.memberName = event.memberName;
    if (event.event === "ToolCallCompleted") {
      call.done = true;
      const result = json(event, "result");
      if (result !== undefined) call.result = result;
      const error = text(event, "error");
      if (error) call.error = error;
    }
    calls.set(toolCallId, entry);
  }
  return calls;
}

/** Decisions sort after tool calls of the same instant: a pause stops the executor, so nothing it did can follow. */
const order: Record<TimelineItem["type"], number> = { tool: 0, "tool-decision": 1, "step-decision": 1, "error-decision": 1 };

function stateOf(step: TimelineStep, run: RunDto, pendingKeys: Set<string>): StepState {
  const last = step.results.at(-1);
  // A question left open when the run was cancelled or failed waits for nobody.
  if (pendingKeys.has(step.key) && run.status === "paused") return "waiting";
  if (last) return last.status;
  if (run.status === "running" || run.status === "pending") return "running";
  return "unfinished";
}

/**
 * The run as a list of steps in the order they began (containers before what they contain), each with its tool calls
 * and the decisions people made, in time order.
 */
export function buildTimeline(run: RunDto, log: readonly RunEventDto[]): TimelineStep[] {
  const steps = new Map<string, TimelineStep>();
  const touch = (path: string[] | undefined, name: string | undefined, type?: string): TimelineStep | undefined => {
    const key = keyOf(path, name);
    if (!key || !name) return undefined;
    let step = steps.get(key);
    if (!step) {
      step = { key, stepName: name, stepPath: path?.length ? path : [name], state: "running", results: [], items: [] };
      steps.set(key, step);
    }
    if (type && !step.stepType) step.stepType = type;
    return step;
  };

  const events = [...log].sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
  for (const event of events) {
    if (!event.stepName) continue;
    const step = touch(event.stepPath, event.stepName, event.stepType);
    if (step && event.event.endsWith("Started") && !event.event.startsWith("ToolCall") && !step.startedAt) step.startedAt = event.createdAt;
    if (step && event.executorName && !step.executorName) {
      step.executorName = event.executorName;
      if (event.executorType) step.executorType = event.executorType;
    }
  }
  for (const result of run.stepResults) {
    const step = touch(result.stepPath, result.stepName, result.stepType);
    if (!step) continue;
    step.results.push(result);
    step.startedAt ??= result.startedAt;
    step.completedAt = result.completedAt;
    step.durationMs = (step.durationMs ?? 0) + result.durationMs;
    if (result.executorName) step.executorName ??= result.executorName;
    if (result.executorType) step.executorType ??= result.executorType;
  }

  const calls = toolCalls(events);
  // The arguments an approved call ran with, by the requirement that approved it: the run page's last diff stage.
  const ranWith = new Map<string, JsonValue>();
  for (const { call } of calls.values()) if (call.requirementId && call.args !== undefined) ranWith.set(call.requirementId, call.args);

  const pendingKeys = new Set<string>();
  for (const requirement of run.stepRequirements) {
    const step = touch(requirement.stepPath, requirement.stepName, requirement.stepType);
    if (!step) continue;
    if (requirement.status === "pending") pendingKeys.add(step.key);
    if (requirement.executorName) step.executorName ??= requirement.executorName;
    if (requirement.requiresExecutorInput) {
      for (const executorRequirement of requirement.executorRequirements ?? []) {
        const executedArgs = ranWith.get(executorRequirement.id);
        step.items.push({
          type: "tool-decision",
          at: executorRequirement.createdAt,
          step: requirement,
          requirement: executorRequirement,
          ...(executedArgs !== undefined && { executedArgs }),
        });
      }
    } else {
      step.items.push({ type: "step-decision", at: requirement.createdAt, step: requirement });
    }
  }
  for (const requirement of run.errorRequirements) {
    const step = touch(requirement.stepPath, requirement.stepName, requirement.stepType);
    if (!step) continue;
    if (requirement.status === "pending") pendingKeys.add(step.key);
    step.items.push({ type: "error-decision", at: requirement.createdAt, requirement });
  }

  const orphans: TimelineItem[] = [];
  for (const { stepKey, call } of calls.values()) {
    const step = stepKey ? steps.get(stepKey) : undefined;
    (step?.items ?? orphans).push({ type: "tool", at: call.at, call });
  }

  const list = [...steps.values()];
  for (const step of list) {
    step.state = stateOf(step, run, pendingKeys);
    step.items.sort((a, b) => a.at.localeCompare(b.at) || order[a.type] - order[b.type]);
  }
  if (orphans.length) {
    list.push({ key: "\u0000run", stepName: "Run", stepPath: [], state: "completed", results: [], items: orphans });
  }
  return list;
}
