import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  Condition,
  InMemoryStore,
  InvalidUserInputError,
  Loop,
  Parallel,
  Router,
  Step,
  StepExecutorPausedEvent,
  type StepInput,
  Steps,
  ToolCallCompletedEvent,
  Workflow,
  WorkflowEvent,
} from "@/lib/engine";
import { collect, confirmTools, counted, names, weatherAgent } from "./workflow-fixtures";

describe("events", () => {
  it("every primitive emits its events in order, each with the run id and the step's path", async () => {
    const workflow = new Workflow({
      name: "W",
      steps: [
        new Steps({ name: "group", steps: [counted("a").step] }),
        new Condition({ name: "cond", evaluator: () => true, steps: [counted("b").step] }),
        new Loop({ name: "loop", maxIterations: 2, steps: [counted("c").step] }),
        new Router({ name: "route", selector: () => "d", choices: [counted("d").step] }),
        new Parallel({ name: "par", steps: [counted("e").step] }),
      ],
    });
    const events = await collect(workflow.run("in", { stream: true }));
    expect(names(events)).toEqual([
      "WorkflowStarted",
      "StepsExecutionStarted",
      "StepStarted",
      "StepCompleted",
      "StepsExecutionCompleted",
      "ConditionExecutionStarted",
      "StepStarted",
      "StepCompleted",
      "ConditionExecutionCompleted",
      "LoopExecutionStarted",
      "LoopIterationStarted",
      "StepStarted",
      "StepCompleted",
      "LoopIterationCompleted",
      "LoopIterationStarted",
      "StepStarted",
      "StepCompleted",
      "LoopIterationCompleted",
      "LoopExecutionCompleted",
      "RouterExecutionStarted",
      "StepStarted",
      "StepCompleted",
      "RouterExecutionCompleted",
      "ParallelExecutionStarted",
      "StepStarted",
      "StepCompleted",
      "ParallelExecutionCompleted",
      "WorkflowCompleted",
    ]);
    const runId = events[0]!.runId;
    expect(events.every((e) => e instanceof WorkflowEvent && e.runId === runId)).toBe(true);
    const inner = events.filter((e) => e.event === "StepStarted").map((e) => e.stepPath);
    expect(inner).toEqual([["group", "a"], ["cond", "b"], ["loop", "c"], ["loop", "c"], ["route", "d"], ["par", "e"]]);
  });

  it("agent events carry the workflow run id, the step and the executor; the pause event lists the tool requirements", async () => {
    const { agent } = weatherAgent();
    const workflow = new Workflow({ name: "W", steps: [new Step({ name: "get_weather", agent })] });
    const first = await collect(workflow.run("weather in Oslo", { stream: true }));
    const runId = first[0]!.runId;
    const paused = first.find((e) => e instanceof StepExecutorPausedEvent) as StepExecutorPausedEvent;
    expect(paused).toMatchObject({ runId, stepName: "get_weather", executorName: "WeatherAgent", executorType: "agent", executorId: "weatheragent" });
    expect(paused.executorRequirements?.[0]?.toolExecution).toMatchObject({ toolName: "get_the_weather", toolArgs: { city: "Oslo" } });
    const run = (await workflow.getSession())!.runs.at(-1)!;
    confirmTools(run);
    const second = await collect(workflow.continueRun(run, { stream: true }));
    const tool = second.find((e) => e instanceof ToolCallCompletedEvent) as ToolCallCompletedEvent & { agentRunId?: string };
    expect(tool).toMatchObject({ runId, stepName: "get_weather", stepPath: ["get_weather"], executorName: "WeatherAgent", toolName: "get_the_weather" });
    expect(tool.agentRunId).toBeTruthy();
    expect(tool.agentRunId).not.toBe(runId);
  });

  it("the stored event log holds every event of the run, across the pause, in order", async () => {
    const db = new InMemoryStore();
    const { agent } = weatherAgent();
    const workflow = new Workflow({ name: "W", db, steps: [counted("before", () => "weather in Lima").step, new Step({ name: "get_weather", agent }), counted("after").step] });
    const first = await collect(workflow.run("go", { stream: true }));
    const run = (await workflow.getSession())!.runs.at(-1)!;
    confirmTools(run);
    const second = await collect(workflow.continueRun(run, { stream: true }));
    const stored = await db.listEvents(run.runId);
    expect(stored.map((e) => e.event)).toEqual(names([...first, ...second]));
    expect(stored.map((e) => e.seq)).toEqual(stored.map((_, i) => i + 1));
    expect((await db.getRun(run.runId))?.version).toBeGreaterThan(run.version);
  });

  it("cancel and error end the stream with their events", async () => {
    const cancelled = new Workflow({ name: "W", steps: [new Step({ name: "g", executor: () => 1, requiresConfirmation: true, onReject: "cancel" })] });
    await collect(cancelled.run("x", { stream: true }));
    const paused = (await cancelled.getSession())!.runs.at(-1)!;
    paused.stepRequirements[0]!.reject();
    const end = await collect(cancelled.continueRun(paused, { stream: true }));
    expect(names(end).slice(-1)).toEqual(["WorkflowCancelled"]);
    const failing = new Workflow({ name: "W", steps: [new Step({ name: "boom", executor: () => { throw new Error("kaput"); } })] });
    const events = await collect(failing.run("x", { stream: true }));
    expect(names(events)).toEqual(["WorkflowStarted", "StepStarted", "StepError", "WorkflowError"]);
    expect(events.at(-1)).toMatchObject({ error: "Step boom failed: kaput" });
  });
});

describe("data flow", () => {
  it("each step gets the input, the previous output and any earlier output by name; content is the last output", async () => {
    const seen: StepInput[] = [];
    const spy = (name: string, out: (i: StepInput) => string) =>
      new Step({ name, executor: (i) => (seen.push(i), out(i)) });
    function shout(i: StepInput) {
      return String(i.input).toUpperCase();
    }
    const workflow = new Workflow({
      name: "W",
      steps: [
        shout,
        new Steps({ name: "group", steps: [spy("inner", (i) => `inner(${String(i.previousStepContent)})`)] }),
        spy("last", (i) => `${String(i.getStepContent("shout"))}|${String(i.getStepContent("inner"))}|${String(i.getStepContent("group"))}|${String(i.additionalData?.tag)}`),
      ],
    });
    const done = await workflow.run("hello", { additionalData: { tag: "t1" } });
    expect(seen[0]).toMatchObject({ input: "hello", previousStepContent: "HELLO" });
    expect(done.content).toBe("HELLO|inner(HELLO)|inner(HELLO)|t1");
    expect(done.stepResults.map((r) => [r.stepName, r.stepType, r.status])).toEqual([
      ["shout", "step", "completed"],
      ["inner", "step", "completed"],
      ["group", "steps", "completed"],
      ["last", "step", "completed"],
    ]);
    for (const r of done.stepResults) {
      expect(r.durationMs).toBeGreaterThanOrEqual(0);
      expect(Date.parse(r.completedAt)).toBeGreaterThanOrEqual(Date.parse(r.startedAt));
    }
  });

  it("a Parallel's output is its branches' outputs by name", async () => {
    const workflow = new Workflow({ name: "W", steps: [new Parallel({ name: "p", steps: [counted("x", () => 1).step, counted("y", () => 2).step] })] });
    expect((await workflow.run("go")).content).toEqual({ x: 1, y: 2 });
  });

  it("an inputSchema checks the input before anything runs", async () => {
    const first = counted("first");
    const workflow = new Workflow({ name: "W", inputSchema: z.object({ city: z.string() }), steps: [first.step] });
    await expect(workflow.run({ city: 3 })).rejects.toThrow(InvalidUserInputError);
    expect(first.runs()).toBe(0);
    expect((await workflow.run({ city: "Oslo" })).status).toBe("completed");
  });

  it("getRun and getSession load runs from the db with their version", async () => {
    const workflow = new Workflow({ name: "W", steps: [counted("only").step] });
    const a = await workflow.run("1");
    const b = await workflow.run("2");
    const session = await workflow.getSession();
    expect(session?.runs.map((r) => r.runId)).toEqual([a.runId, b.runId]);
    expect((await workflow.getRun(a.runId))?.version).toBe(a.version);
    expect(await workflow.getRun("missing")).toBeNull();
  });
});
