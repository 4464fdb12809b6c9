import { describe, expect, it } from "vitest";
import type { RunDto, RunEventDto, StepRequirementDto } from "@/lib/contracts";
import { buildTimeline } from "@/components/runs/timeline-model";

const question: StepRequirementDto = {
  id: "req-1",
  stepName: "get_weather",
  stepPath: ["get_weather"],
  stepType: "step",
  status: "pending",
  createdAt: "2026-12-02T09:00:01.000Z",
  requiresConfirmation: true,
  requiresUserInput: false,
  requiresRouteSelection: false,
  requiresOutputReview: false,
  requiresExecutorInput: false,
};

const run = (status: RunDto["status"]): RunDto => ({
  runId: "run-1",
  sessionId: "session-1",
  workflowName: "WeatherWorkflow",
  status,
  isPaused: status === "paused",
  isCancelled: status === "cancelled",
  recovery: null,
  retryable: false,
  input: "What is the weather in Tokyo?",
  stepRequirements: [question],
  errorRequirements: [],
  stepResults: [],
  version: 3,
  createdAt: "2026-12-02T09:00:00.000Z",
  updatedAt: "2026-12-02T09:00:02.000Z",
  // The run page loads the run without its log and pages the log in: the timeline reads the log it is given.
  events: [],
});

const log: RunEventDto[] = [
  { event: "StepStarted", runId: "run-1", createdAt: "2026-12-02T09:00:00.500Z", seq: 1, stepName: "get_weather", stepPath: ["get_weather"] },
  {
    event: "ToolCallStarted",
    runId: "run-1",
    createdAt: "2026-12-02T09:00:00.600Z",
    seq: 2,
    stepName: "get_weather",
    stepPath: ["get_weather"],
    toolCallId: "call-1",
    toolName: "lookup",
    toolArgs: { city: "Tokyo" },
  },
];

describe("the run page's timeline", () => {
  it("takes its tool calls from the event log it is given, not from the run", () => {
    const [step] = buildTimeline(run("paused"), log);
    expect(step?.items.find((i) => i.type === "tool")).toMatchObject({ call: { toolName: "lookup", args: { city: "Tokyo" }, done: false } });
    expect(buildTimeline(run("paused"), [])[0]?.items.some((i) => i.type === "tool")).toBe(false);
  });

  it("shows a step with an open question as waiting only while the run is paused", () => {
    expect(buildTimeline(run("paused"), log)[0]?.state).toBe("waiting");
    expect(buildTimeline(run("cancelled"), log)[0]?.state).toBe("unfinished");
    expect(buildTimeline(run("error"), log)[0]?.state).toBe("unfinished");
  });
});
