import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  Agent,
  Condition,
  InMemoryStore,
  Loop,
  Router,
  Step,
  StepCompletedEvent,
  StepExecutorContinuedEvent,
  StepExecutorPausedEvent,
  Steps,
  Team,
  tool,
  UnresolvedRequirementError,
  Workflow,
  WorkflowCompletedEvent,
} from "@/lib/engine";
import { ScriptedModel } from "@/lib/engine/models";
import { collect, confirmTools, counted, names, pending, weatherAgent } from "./workflow-fixtures";

describe("executor-level HITL in a workflow (cookbook ports)", () => {
  it("01: an agent's confirmation pauses the workflow and confirming finishes it", async () => {
    const { agent, counts, cities } = weatherAgent();
    const workflow = new Workflow({ name: "WeatherWorkflow", steps: [new Step({ name: "get_weather", agent })] });

    const paused = await workflow.run("What is the weather in Tokyo?");
    expect(paused.isPaused).toBe(true);
    expect(paused.pauseKind).toBe("executor");
    expect(paused.pausedStepName).toBe("get_weather");
    expect(paused.pausedStepPath).toEqual(["get_weather"]);
    const [stepReq] = paused.stepRequirements;
    expect(stepReq?.requiresExecutorInput).toBe(true);
    expect(stepReq?.executorName).toBe("WeatherAgent");
    expect(stepReq?.executorType).toBe("agent");
    expect(stepReq?.executorRequirements?.[0]?.toolExecution.toolName).toBe("get_the_weather");
    expect(stepReq?.executorRequirements?.[0]?.toolExecution.toolArgs).toEqual({ city: "Tokyo" });
    expect(cities).toEqual([]);

    confirmTools(paused, "alice@example.com");
    const done = await workflow.continueRun(paused);
    expect(done.status).toBe("completed");
    expect(done.content).toBe("WeatherAgent: It is 70 degrees and cloudy in Tokyo");
    expect(cities).toEqual(["Tokyo"]);
    expect(counts.modelTurns).toBe(2);
    expect(done.stepRequirements).toHaveLength(1);
    expect(done.stepRequirements[0]?.status).toBe("resolved");
    expect(done.stepRequirements[0]?.resolvedBy).toBe("alice@example.com");
    expect(done.stepResults.map((r) => [r.stepName, r.status, r.executorName])).toEqual([["get_weather", "completed", "WeatherAgent"]]);
  });

  it("rejecting sends the note to the model and the tool never runs", async () => {
    const { agent, cities } = weatherAgent();
    const workflow = new Workflow({ name: "W", steps: [new Step({ name: "get_weather", agent })] });
    const paused = await workflow.run("What is the weather in Paris?");
    paused.stepRequirements[0]?.executorRequirements?.[0]?.reject({ note: "not today" });
    const done = await workflow.continueRun(paused);
    expect(cities).toEqual([]);
    expect(done.content).toContain("not today");
  });

  it("continuing with an open tool requirement names it and changes nothing", async () => {
    const { agent } = weatherAgent();
    const db = new InMemoryStore();
    const workflow = new Workflow({ name: "W", db, steps: [new Step({ name: "get_weather", agent })] });
    const paused = await workflow.run("What is the weather in Oslo?");
    const toolReqId = paused.stepRequirements[0]?.executorRequirements?.[0]?.id;
    await expect(workflow.continueRun(paused)).rejects.toThrow(UnresolvedRequirementError);
    await expect(workflow.continueRun(paused)).rejects.toThrow(toolReqId);
    const stored = await db.getRun(paused.runId);
    expect(stored?.version).toBe(paused.version);
    expect(stored?.run.status).toBe("paused");
  });

  it("02: streaming yields the pause event, the paused run is in the session, streaming continue completes", async () => {
    const { agent } = weatherAgent();
    const workflow = new Workflow({ name: "WeatherWorkflow", steps: [new Step({ name: "get_weather", agent })] });
    const first = await collect(workflow.run("What is the weather in Tokyo?", { stream: true }));
    expect(names(first)).toEqual(["WorkflowStarted", "StepStarted", "RunStarted", "RunPaused", "StepExecutorPaused", "WorkflowPaused"]);
    const pausedEvent = first.find((e) => e instanceof StepExecutorPausedEvent);
    expect(pausedEvent).toMatchObject({ executorName: "WeatherAgent", executorType: "agent", stepName: "get_weather" });
    expect(first.every((e) => e.runId === first[0]?.runId)).toBe(true);

    const run = (await workflow.getSession())?.runs.at(-1);
    expect(run?.isPaused).toBe(true);
    confirmTools(run!);
    const second = await collect(workflow.continueRun(run!, { stream: true }));
    expect(second.some((e) => e instanceof StepExecutorContinuedEvent)).toBe(true);
    const content = second.filter((e) => e.event === "RunContent").map((e) => (e as unknown as { content: string }).content).join("");
    expect(content).toBe("WeatherAgent: It is 70 degrees and cloudy in Tokyo");
    expect(second.at(-1)).toBeInstanceOf(WorkflowCompletedEvent);
    expect((await workflow.getSession())?.runs.at(-1)?.status).toBe("completed");
  });

  it("03: a team in a step pauses with the team named and its member recorded", async () => {
    const { agent: member, cities } = weatherAgent("WeatherMember");
    const team = new Team({
      name: "TravelTeam",
      model: new ScriptedModel([
        { toolCalls: [{ name: "delegate_task_to_member", args: { member_id: "WeatherMember", task: "Weather in Rome" } }] },
        (m) => ({ content: `Team says: ${m.at(-1)?.content}` }),
      ]),
      members: [member],
    });
    const workflow = new Workflow({ name: "W", steps: [new Step({ name: "plan", team })] });
    const paused = await workflow.run("Plan a trip");
    const stepReq = paused.stepRequirements[0];
    expect(stepReq?.executorType).toBe("team");
    expect(stepReq?.executorName).toBe("TravelTeam");
    expect(stepReq?.executorRequirements?.[0]?.memberName).toBe("WeatherMember");
    confirmTools(paused);
    const done = await workflow.continueRun(paused);
    expect(cities).toEqual(["Rome"]);
    expect(done.content).toContain("It is 70 degrees and cloudy in Rome");
  });

  it("04: inside a Condition the branch finishes and the later step runs", async () => {
    const { agent } = weatherAgent("AnalysisAgent");
    const gather = counted("gather_data", () => "data for Tokyo: in Tokyo");
    const quick = counted("quick_summary");
    const report = counted("report", (i) => `report of ${String(i.previousStepContent)}`);
    const workflow = new Workflow({
      name: "ConditionExecutorHITL",
      steps: [
        gather.step,
        new Condition({ name: "analysis_decision", evaluator: () => true, steps: [new Step({ name: "detailed_analysis", agent })], elseSteps: [quick.step] }),
        report.step,
      ],
    });
    const paused = await workflow.run("go");
    expect(paused.pausedStepName).toBe("detailed_analysis");
    expect(paused.pausedStepPath).toEqual(["analysis_decision", "detailed_analysis"]);
    confirmTools(paused);
    const done = await workflow.continueRun(paused);
    expect(done.content).toBe("report of AnalysisAgent: It is 70 degrees and cloudy in Tokyo");
    expect([gather.runs(), quick.runs(), report.runs()]).toEqual([1, 0, 1]);
  });

  it("05: inside a Loop the paused iteration finishes and the loop goes on", async () => {
    const { agent, counts } = weatherAgent();
    const after = counted("after");
    const workflow = new Workflow({
      name: "W",
      steps: [new Loop({ name: "loop", maxIterations: 1, steps: [new Step({ name: "get_weather", agent })] }), after.step],
    });
    const paused = await workflow.run("weather in Lima");
    confirmTools(paused);
    const done = await workflow.continueRun(paused);
    expect(done.status).toBe("completed");
    expect(counts.modelTurns).toBe(2);
    expect(after.runs()).toBe(1);
  });

  it("06: inside a Steps group the sibling after the paused step still runs", async () => {
    const { agent } = weatherAgent();
    const before = counted("before", () => "weather in Cairo");
    const sibling = counted("format", (i) => `formatted: ${String(i.previousStepContent)}`);
    const last = counted("publish", (i) => `published ${String(i.previousStepContent)}`);
    const workflow = new Workflow({
      name: "W",
      steps: [new Steps({ name: "group", steps: [before.step, new Step({ name: "get_weather", agent }), sibling.step] }), last.step],
    });
    const paused = await workflow.run("start");
    expect(paused.pausedStepPath).toEqual(["group", "get_weather"]);
    confirmTools(paused);
    const done = await workflow.continueRun(paused);
    expect(done.content).toBe("published formatted: WeatherAgent: It is 70 degrees and cloudy in Cairo");
    expect([before.runs(), sibling.runs(), last.runs()]).toEqual([1, 1, 1]);
    expect(done.stepResults.map((r) => r.stepName)).toEqual(["before", "get_weather", "format", "group", "publish"]);
  });

  it("07: inside a Router's chosen branch the pause resumes there", async () => {
    const { agent } = weatherAgent();
    const other = counted("news");
    const workflow = new Workflow({
      name: "W",
      steps: [new Router({ name: "route", selector: () => "get_weather", choices: [other.step, new Step({ name: "get_weather", agent })] })],
    });
    const paused = await workflow.run("weather in Bern");
    expect(paused.pausedStepPath).toEqual(["route", "get_weather"]);
    confirmTools(paused);
    const done = await workflow.continueRun(paused);
    expect(done.content).toBe("WeatherAgent: It is 70 degrees and cloudy in Bern");
    expect(other.runs()).toBe(0);
  });

  it("08: user input on a tool overwrites the argument before the tool runs", async () => {
    const sent: string[] = [];
    const sendMoney = tool({
      name: "send_money",
      parameters: z.object({ amount: z.number(), recipient: z.string() }),
      requiresUserInput: true,
      userInputFields: ["recipient"],
      execute: ({ amount, recipient }) => (sent.push(`${amount} to ${recipient}`), "sent"),
    });
    const agent = new Agent({
      name: "Payer",
      model: new ScriptedModel([{ toolCalls: [{ name: "send_money", args: { amount: 10, recipient: "?" } }] }, { content: "Payment done" }]),
      tools: [sendMoney],
    });
    const workflow = new Workflow({ name: "W", steps: [new Step({ name: "pay", agent })] });
    const paused = await workflow.run("pay 10");
    const req = paused.stepRequirements[0]?.executorRequirements?.[0];
    expect(req?.needsUserInput).toBe(true);
    expect(req?.userInputSchema.map((f) => f.name)).toEqual(["recipient"]);
    req?.provideUserInput({ recipient: "Bob" });
    const done = await workflow.continueRun(paused);
    expect(sent).toEqual(["10 to Bob"]);
    expect(done.content).toBe("Payment done");
  });

  it("09: the continued event comes between the pause and the step's completion", async () => {
    const { agent } = weatherAgent();
    const workflow = new Workflow({ name: "W", steps: [new Step({ name: "get_weather", agent })] });
    await collect(workflow.run("weather in Kyiv", { stream: true }));
    const run = (await workflow.getSession())!.runs.at(-1)!;
    confirmTools(run);
    const events = await collect(workflow.continueRun(run, { stream: true }));
    const continued = events.findIndex((e) => e instanceof StepExecutorContinuedEvent);
    const completed = events.findIndex((e) => e instanceof StepCompletedEvent);
    expect(continued).toBeGreaterThan(0);
    expect(completed).toBeGreaterThan(continued);
    expect(events[continued]).toMatchObject({ executorName: "WeatherAgent", executorType: "agent", stepName: "get_weather" });
    expect(names(events)).toEqual([
      "WorkflowContinued",
      "StepExecutorContinued",
      "RunContinued",
      "ToolCallStarted",
      "ToolCallCompleted",
      "RunContent",
      "RunContent",
      "RunContent",
      "RunCompleted",
      "StepCompleted",
      "WorkflowCompleted",
    ]);
  });

  it("external execution: the result a person supplies reaches the model", async () => {
    const runQuery = tool({ name: "run_query", parameters: z.object({ sql: z.string() }), externalExecution: true });
    const agent = new Agent({
      name: "Analyst",
      model: new ScriptedModel([{ toolCalls: [{ name: "run_query", args: { sql: "select 1" } }] }, (m) => ({ content: `rows: ${m.at(-1)?.content}` })]),
      tools: [runQuery],
    });
    const workflow = new Workflow({ name: "W", steps: [new Step({ name: "query", agent })] });
    const paused = await workflow.run("count");
    const req = pending(paused)[0]?.executorRequirements?.[0];
    expect(req?.needsExternalExecution).toBe(true);
    req!.toolExecution.result = "42";
    const done = await workflow.continueRun(paused);
    expect(done.content).toBe("rows: 42");
  });
});

describe("tool argument checks on a loaded run", () => {
  it("provided values are checked against the tool's schema, also after getRun", async () => {
    const book = tool({
      name: "book_seats",
      parameters: z.object({ seats: z.number().int().min(1).max(4) }),
      requiresUserInput: true,
      userInputFields: ["seats"],
      execute: ({ seats }) => `booked ${seats}`,
    });
    const agent = new Agent({ name: "Booker", model: new ScriptedModel([{ toolCalls: [{ name: "book_seats", args: { seats: 1 } }] }, (m) => ({ content: String(m.at(-1)?.content) })]), tools: [book] });
    const workflow = new Workflow({ name: "W", steps: [new Step({ name: "book", agent })] });
    const paused = await workflow.run("book");
    expect(() => paused.stepRequirements[0]!.executorRequirements![0]!.provideUserInput({ seats: 9 })).toThrow(/seats/);
    const loaded = (await workflow.getRun(paused.runId))!;
    const req = loaded.stepRequirements[0]!.executorRequirements![0]!;
    expect(() => req.provideUserInput({ seats: 9 })).toThrow(/seats/);
    req.provideUserInput({ seats: 3 });
    expect((await workflow.continueRun(loaded)).content).toBe("booked 3");
  });
});
