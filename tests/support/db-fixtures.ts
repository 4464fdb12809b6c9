// Hand-built run snapshots of every shape the engine produces, for the store tests and benchmarks.
import { randomUUID } from "node:crypto";
import type { ExecutorRequirementJSON, StepRequirementJSON, WorkflowEventJSON, WorkflowRunJSON } from "@/lib/engine";

const T0 = Date.parse("2026-11-25T08:00:00.000Z");
export const at = (ms: number): string => new Date(T0 + ms).toISOString();

export function baseRun(overrides: Partial<WorkflowRunJSON> = {}): WorkflowRunJSON {
  return {
    runId: randomUUID(),
    sessionId: randomUUID(),
    workflowName: "WeatherWorkflow",
    status: "running",
    isPaused: false,
    isCancelled: false,
    input: "What is the weather in Tokyo?",
    stepRequirements: [],
    errorRequirements: [],
    stepResults: [],
    version: 0,
    createdAt: at(0),
    updatedAt: at(1),
    ...overrides,
  };
}

function stepGate(overrides: Partial<StepRequirementJSON>): StepRequirementJSON {
  return {
    id: randomUUID(),
    stepName: "get_weather",
    stepPath: ["get_weather"],
    stepType: "step",
    status: "pending",
    createdAt: at(5),
    requiresConfirmation: false,
    requiresUserInput: false,
    requiresRouteSelection: false,
    requiresOutputReview: false,
    requiresExecutorInput: false,
    ...overrides,
  };
}

export function executorRequirement(runId: string, overrides: Partial<ExecutorRequirementJSON> = {}): ExecutorRequirementJSON {
  return {
    id: randomUUID(),
    runId,
    executorId: "agent-weather",
    executorName: "WeatherAgent",
    executorType: "agent",
    toolExecution: { toolCallId: `call_${randomUUID().slice(0, 8)}`, toolName: "get_the_weather", toolArgs: { city: "Tokyo" } },
    proposedArgs: { city: "Tokyo" },
    needsConfirmation: true,
    needsUserInput: false,
    needsExternalExecution: false,
    userInputSchema: [],
    status: "pending",
    createdAt: at(4),
    ...overrides,
  };
}

/** The reference's weather workflow, paused on the agent's get_the_weather call. */
export function pausedOnTool(overrides: Partial<WorkflowRunJSON> = {}): WorkflowRunJSON {
  const run = baseRun({ status: "paused", isPaused: true, pauseKind: "executor", pausedStepName: "get_weather", pausedStepPath: ["get_weather"], ...overrides });
  run.stepRequirements = [
    stepGate({
      requiresExecutorInput: true,
      executorId: "agent-weather",
      executorName: "WeatherAgent",
      executorType: "agent",
      executorRequirements: [executorRequirement(run.runId)],
    }),
  ];
  run.resumeState = { cursor: [0], agentRun: { messages: [{ role: "user", content: "What is the weather in Tokyo?" }] } };
  return run;
}

/** Every run shape: executor pauses of each kind (team member included), each step gate, an error pause, finished runs. */
export function everyRunShape(): { name: string; run: WorkflowRunJSON }[] {
  const teamPause = baseRun({ workflowName: "TeamWorkflow", status: "paused", isPaused: true, pauseKind: "executor", pausedStepName: "research", pausedStepPath: ["phase", "research"] });
  teamPause.stepRequirements = [
    stepGate({
      stepName: "research",
      stepPath: ["phase", "research"],
      requiresExecutorInput: true,
      executorId: "team-1",
      executorName: "ResearchTeam",
      executorType: "team",
      executorRequirements: [
        executorRequirement(teamPause.runId, {
          executorId: "team-1",
          executorName: "ResearchTeam",
          executorType: "team",
          memberName: "Payments",
          toolExecution: { toolCallId: "call_pay", toolName: "send_money", toolArgs: { amount: 10, recipient: "", note: "rent" } },
          proposedArgs: { amount: 10, recipient: "", note: "rent" },
          needsConfirmation: false,
          needsUserInput: true,
          userInputSchema: [{ name: "recipient", type: "string", required: true, value: "" }],
        }),
        executorRequirement(teamPause.runId, {
          executorId: "team-1",
          executorName: "ResearchTeam",
          executorType: "team",
          memberName: "Analyst",
          toolExecution: { toolCallId: "call_sql", toolName: "run_query", toolArgs: { sql: "select 1" } },
          needsConfirmation: false,
          needsExternalExecution: true,
        }),
      ],
    }),
  ];

  const gates: { name: string; gate: Partial<StepRequirementJSON> }[] = [
    { name: "step confirmation", gate: { requiresConfirmation: true, confirmationMessage: "Run the weather step?", onReject: "skip", timeoutAt: at(60_000), onTimeout: "skip" } },
    {
      name: "step user input",
      gate: { requiresUserInput: true, userInputMessage: "Which city?", userInputSchema: [{ name: "city", type: "string", required: true, allowedValues: ["Tokyo", "Paris"] }] },
    },
    { name: "output review", gate: { requiresOutputReview: true, outputReviewMessage: "Good?", stepOutput: { text: "70 degrees" }, retryCount: 1, maxRetries: 3, onReject: "retry" } },
    { name: "route selection", gate: { stepType: "router", requiresUserInput: true, requiresRouteSelection: true, availableChoices: ["a", "b"], allowMultipleSelections: true } },
    { name: "iteration review", gate: { stepType: "loop", requiresConfirmation: true, requiresIterationReview: true, iteration: 2, stepOutput: "draft 2" } },
  ];
  const stepPauses = gates.map(({ name, gate }) => ({
    name,
    run: baseRun({ status: "paused", isPaused: true, pauseKind: "step", pausedStepName: "get_weather", pausedStepPath: ["get_weather"], stepRequirements: [stepGate(gate)] }),
  }));

  const errorPause = baseRun({ status: "paused", isPaused: true, pauseKind: "error", pausedStepName: "fetch", pausedStepPath: ["fetch"] });
  errorPause.errorRequirements = [{ id: randomUUID(), stepName: "fetch", stepPath: ["fetch"], stepType: "step", errorMessage: "HTTP 503", retryCount: 0, status: "pending", createdAt: at(3) }];

  const completed = pausedOnTool({ input: { city: "Tokyo", units: "metric" }, createdBy: "alice@example.com" });
  const group = completed.stepRequirements[0] as StepRequirementJSON;
  const req = (group.executorRequirements ?? [])[0] as ExecutorRequirementJSON;
  Object.assign(req, { status: "confirmed", resolvedAt: at(9), resolvedBy: "alice@example.com" });
  Object.assign(group, { status: "resolved", resolution: "executor", resolvedAt: at(9) });
  Object.assign(completed, {
    status: "completed",
    isPaused: false,
    content: "It is 70 degrees and cloudy in Tokyo",
    stepResults: [{ stepName: "get_weather", stepPath: ["get_weather"], stepType: "step", status: "completed", content: "It is 70 degrees", startedAt: at(2), completedAt: at(10), durationMs: 8, executorName: "WeatherAgent", executorType: "agent" }],
    updatedAt: at(10),
  });
  delete completed.pauseKind;
  delete completed.pausedStepName;
  delete completed.pausedStepPath;
  delete completed.resumeState;

  const rejected = pausedOnTool();
  const rejectedReq = ((rejected.stepRequirements[0] as StepRequirementJSON).executorRequirements ?? [])[0] as ExecutorRequirementJSON;
  Object.assign(rejectedReq, { status: "rejected", note: "Not today", resolvedAt: at(7) });
  // The lease is the runtime's (its own columns, written by lease calls): a saved snapshot carries none.
  Object.assign(rejected, { status: "running", isPaused: false });

  return [
    { name: "executor pause (agent confirmation)", run: pausedOnTool() },
    { name: "executor pause (team: user input and external execution)", run: teamPause },
    ...stepPauses,
    { name: "error pause", run: errorPause },
    { name: "completed with its pause history", run: completed },
    { name: "running after a rejection", run: rejected },
    { name: "cancelled", run: baseRun({ status: "cancelled", isCancelled: true, cancelledStepName: "get_weather", cancelReason: "rejected", content: null }) },
    { name: "error", run: baseRun({ status: "error", error: "boom", input: ["a", 1, null] }) },
  ];
}

export function events(runId: string, names: string[], from = 0): WorkflowEventJSON[] {
  return names.map((event, i) => ({ event, runId, createdAt: at(from + i), stepName: "get_weather", ...(event === "ToolCallCompleted" ? { result: "70 degrees", toolName: "get_the_weather" } : {}) }));
}
