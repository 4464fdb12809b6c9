import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  Agent,
  type ExecutorEvent,
  InMemoryStore,
  InvalidUserInputError,
  type Message,
  RequirementStateError,
  RunOutput,
  RunStateError,
  tool,
  type ToolContext,
  UnresolvedRequirementError,
} from "@/lib/engine";
import { ScriptedModel, type ScriptStep } from "@/lib/engine/models";

const echoLastTool: ScriptStep = (messages: Message[]) => ({ content: `Answer: ${messages.at(-1)?.content}` });

function weatherAgent(script: ScriptStep[], options: { id?: string; db?: InMemoryStore } = {}) {
  const calls: { city: string; ctx: ToolContext }[] = [];
  const getTheWeather = tool({
    name: "get_the_weather",
    description: "Current weather for a city",
    parameters: z.object({ city: z.string() }),
    requiresConfirmation: true,
    execute: ({ city }, ctx) => {
      calls.push({ city, ctx });
      return `It is 70 degrees and cloudy in ${city}`;
    },
  });
  const agent = new Agent({ name: "WeatherAgent", model: new ScriptedModel(script), tools: [getTheWeather], ...options });
  return { agent, calls };
}

const askWeather: ScriptStep = { toolCalls: [{ name: "get_the_weather", args: { city: "Tokyo" } }] };

function paymentAgent() {
  const sent: { amount: number; recipient: string; note?: string | undefined }[] = [];
  const sendMoney = tool({
    name: "send_money",
    parameters: z.object({
      amount: z.number().max(1000),
      recipient: z.string().min(1).describe("Who receives the money"),
      note: z.string().optional(),
    }),
    requiresUserInput: true,
    userInputFields: ["recipient", "amount"],
    execute: (args) => {
      sent.push(args);
      return `Sent ${args.amount} to ${args.recipient}`;
    },
  });
  const agent = new Agent({
    name: "PaymentAgent",
    id: "payment-agent",
    model: new ScriptedModel([{ toolCalls: [{ name: "send_money", args: { amount: 20, recipient: "", note: "lunch" } }] }, echoLastTool]),
    tools: [sendMoney],
  });
  return { agent, sent };
}

describe("Agent human-in-the-loop", () => {
  it("pauses before a confirmation tool runs, and runs it once after confirm()", async () => {
    const { agent, calls } = weatherAgent([askWeather, echoLastTool]);
    const paused = await agent.run("What is the weather in Tokyo?");
    expect(paused.isPaused).toBe(true);
    expect(paused.status).toBe("paused");
    expect(calls).toHaveLength(0);
    expect(paused.requirements).toHaveLength(1);
    const req = paused.requirements[0]!;
    expect(req).toMatchObject({
      runId: paused.runId,
      executorId: agent.id,
      executorName: "WeatherAgent",
      executorType: "agent",
      needsConfirmation: true,
      needsUserInput: false,
      needsExternalExecution: false,
      status: "pending",
    });
    expect(req.toolExecution).toMatchObject({ toolName: "get_the_weather", toolArgs: { city: "Tokyo" }, toolCallId: "call_0_0" });

    req.confirm({ by: "ann@example.com" });
    const done = await agent.continueRun(paused);
    expect(done.status).toBe("completed");
    expect(done.content).toBe("Answer: It is 70 degrees and cloudy in Tokyo");
    expect(calls).toHaveLength(1);
    expect(calls[0]?.ctx).toMatchObject({ runId: paused.runId, requirementId: req.id, toolCallId: "call_0_0" });
    expect(done.requirements).toEqual([]);

    await expect(agent.continueRun(paused)).rejects.toBeInstanceOf(RunStateError);
    expect(calls).toHaveLength(1);
  });

  it("rejecting sends the note to the model and the tool does not run", async () => {
    const { agent, calls } = weatherAgent([askWeather, echoLastTool]);
    const paused = await agent.run("What is the weather in Tokyo?");
    paused.requirements[0]!.reject({ note: "Use Osaka instead" });
    const done = await agent.continueRun(paused);
    expect(calls).toHaveLength(0);
    expect(done.content).toBe("Answer: Rejected by the user. Note: Use Osaka instead");

    const { agent: again } = weatherAgent([askWeather, echoLastTool]);
    const second = await again.run("Weather?");
    second.requirements[0]!.reject();
    expect((await again.continueRun(second)).content).toBe("Answer: Rejected by the user.");
  });

  it("describes the user-input form and puts provided values into the arguments", async () => {
    const { agent, sent } = paymentAgent();
    const paused = await agent.run("Pay 20 for lunch");
    const req = paused.requirements[0]!;
    expect(req.needsUserInput).toBe(true);
    expect(req.userInputSchema).toEqual([
      { name: "recipient", type: "string", description: "Who receives the money", required: true, value: "" },
      { name: "amount", type: "number", required: true, value: 20 },
    ]);
    expect(() => req.provideUserInput({ recipient: 42 })).toThrow(InvalidUserInputError);
    expect(() => req.provideUserInput({ recipient: "Bob", amount: 5000 })).toThrow(/Field "amount"/);
    expect(req.status).toBe("pending");

    req.provideUserInput({ recipient: "Bob", amount: 25 });
    const done = await agent.continueRun(paused);
    expect(sent).toEqual([{ amount: 25, recipient: "Bob", note: "lunch" }]);
    expect(done.content).toBe("Answer: Sent 25 to Bob");
  });

  it("uses an external result as given, and the engine never runs the tool", async () => {
    const runQuery = tool({ name: "run_query", parameters: z.object({ sql: z.string() }), externalExecution: true });
    const agent = new Agent({
      name: "Analyst",
      model: new ScriptedModel([{ toolCalls: [{ name: "run_query", args: { sql: "select 1" } }] }, echoLastTool]),
      tools: [runQuery],
    });
    const paused = await agent.run("How many?");
    const req = paused.requirements[0]!;
    expect(req.needsExternalExecution).toBe(true);
    expect(() => req.confirm()).toThrow(RequirementStateError);
    req.toolExecution.result = { rows: [[1]] };
    const done = await agent.continueRun(paused);
    expect(done.content).toBe('Answer: {"rows":[[1]]}');
  });

  it("makes one requirement per marked call of a turn, while unmarked calls of the turn still run", async () => {
    const log: string[] = [];
    const lookup = tool({ name: "lookup", parameters: z.object({ q: z.string() }), execute: ({ q }) => (log.push(`lookup ${q}`), `found ${q}`) });
    const del = tool({
      name: "delete_user",
      parameters: z.object({ id: z.string() }),
      requiresConfirmation: true,
      execute: ({ id }) => (log.push(`delete ${id}`), `deleted ${id}`),
    });
    const agent = new Agent({
      name: "Admin",
      model: new ScriptedModel([
        {
          toolCalls: [
            { name: "delete_user", args: { id: "u1" } },
            { name: "lookup", args: { q: "u2" } },
            { name: "delete_user", args: { id: "u3" } },
          ],
        },
        (m) => ({ content: m.filter((x) => x.role === "tool").map((x) => x.content).join(" / ") }),
      ]),
      tools: [lookup, del],
    });
    const paused = await agent.run("clean up");
    expect(log).toEqual(["lookup u2"]);
    expect(paused.requirements.map((r) => r.toolExecution.toolArgs)).toEqual([{ id: "u1" }, { id: "u3" }]);
    expect(paused.messages.filter((m) => m.role === "tool")).toEqual([]);

    paused.requirements[0]!.confirm();
    paused.requirements[1]!.reject({ note: "keep u3" });
    const done = await agent.continueRun(paused);
    expect(log).toEqual(["lookup u2", "delete u1"]);
    expect(done.content).toBe("deleted u1 / found u2 / Rejected by the user. Note: keep u3");
  });

  it("pauses and resumes many times in one run", async () => {
    const { agent, calls } = weatherAgent([
      askWeather,
      { toolCalls: [{ name: "get_the_weather", args: { city: "Paris" } }] },
      { toolCalls: [{ name: "get_the_weather", args: { city: "Lima" } }] },
      (m) => ({ content: `${m.filter((x) => x.role === "tool").length} answers` }),
    ]);
    let run = await agent.run("Weather in three cities");
    const seen: string[] = [];
    while (run.isPaused) {
      const req = run.requirements[0]!;
      seen.push(String(req.toolExecution.toolArgs.city));
      if (req.toolExecution.toolArgs.city === "Paris") req.reject({ note: "not Paris" });
      else req.confirm();
      run = await agent.continueRun(run);
    }
    expect(seen).toEqual(["Tokyo", "Paris", "Lima"]);
    expect(calls.map((c) => c.city)).toEqual(["Tokyo", "Lima"]);
    expect(run.content).toBe("3 answers");
  });

  it("refuses to continue with an open requirement, naming it, and changes nothing", async () => {
    const log: string[] = [];
    const a = tool({ name: "a", parameters: z.object({}), requiresConfirmation: true, execute: () => (log.push("a"), "a done") });
    const agent = new Agent({
      name: "A",
      model: new ScriptedModel([{ toolCalls: [{ name: "a" }, { name: "a" }] }, { content: "end" }]),
      tools: [a],
    });
    const paused = await agent.run("go");
    const before = JSON.stringify(paused.toJSON());
    paused.requirements[0]!.confirm();
    const open = paused.requirements[1]!;
    const attempt = agent.continueRun(paused);
    await expect(attempt).rejects.toBeInstanceOf(UnresolvedRequirementError);
    await expect(attempt).rejects.toThrow(new RegExp(`Requirement ${open.id} \\(confirmation for tool a called by A\\)`));
    expect(log).toEqual([]);
    expect(paused.status).toBe("paused");
    expect(JSON.parse(before).messages).toEqual(paused.toJSON().messages);

    open.confirm();
    expect((await agent.continueRun(paused)).content).toBe("end");
    expect(log).toEqual(["a", "a"]);
  });

  it("an agent rebuilt from the same definition, without an explicit id, continues the run its twin paused", async () => {
    const db = new InMemoryStore();
    const first = weatherAgent([askWeather, echoLastTool], { db });
    const paused = await first.agent.run("What is the weather in Tokyo?");
    const second = weatherAgent([askWeather, echoLastTool], { db });
    const loaded = await second.agent.getRun(paused.runId);
    loaded!.requirements[0]!.confirm();
    expect((await second.agent.continueRun(loaded!)).content).toBe("Answer: It is 70 degrees and cloudy in Tokyo");
    expect(second.calls).toHaveLength(1);
  });

  it("continues a paused run in another process from its JSON, checking provided values there too", async () => {
    const db = new InMemoryStore();
    const first = weatherAgent([askWeather, echoLastTool], { id: "weather", db });
    const paused = await first.agent.run("What is the weather in Tokyo?");

    const second = weatherAgent([askWeather, echoLastTool], { id: "weather", db });
    const loaded = await second.agent.getRun(paused.runId);
    expect(loaded?.isPaused).toBe(true);
    loaded!.requirements[0]!.confirm();
    const done = await second.agent.continueRun(loaded!);
    expect(done.content).toBe("Answer: It is 70 degrees and cloudy in Tokyo");
    expect(second.calls).toHaveLength(1);
    expect(first.calls).toHaveLength(0);
    expect((await second.agent.getRun(paused.runId))?.status).toBe("completed");

    const pay = paymentAgent();
    const payPaused = await pay.agent.run("Pay 20");
    const fromJson = RunOutput.fromJSON(JSON.parse(JSON.stringify(payPaused.toJSON())));
    pay.agent.attachValidators(fromJson);
    expect(() => fromJson.requirements[0]!.provideUserInput({ recipient: "Bob", amount: 5000 })).toThrow(/Field "amount"/);
    fromJson.requirements[0]!.provideUserInput({ recipient: "Bob", amount: 30 });
    expect((await pay.agent.continueRun(fromJson)).content).toBe("Answer: Sent 30 to Bob");
  });

  it("re-checks provided values against the tool schema when continuing a run whose validator was never attached", async () => {
    const pay = paymentAgent();
    const paused = await pay.agent.run("Pay 20");
    const fromJson = RunOutput.fromJSON(JSON.parse(JSON.stringify(paused.toJSON())));
    fromJson.requirements[0]!.provideUserInput({ recipient: "Bob", amount: 5000 });
    await expect(pay.agent.continueRun(fromJson)).rejects.toThrow(/Field "amount"/);
    expect(pay.sent).toEqual([]);
    expect(fromJson.status).toBe("paused");
  });

  it("refuses a run of another agent", async () => {
    const { agent } = weatherAgent([askWeather]);
    const { agent: other } = weatherAgent([askWeather], { id: "another-weather-agent" });
    const paused = await agent.run("Weather?");
    paused.requirements[0]!.confirm();
    await expect(other.continueRun(paused)).rejects.toThrow(/belongs to WeatherAgent/);
  });

  it("streams the pause and the continuation as events", async () => {
    const { agent } = weatherAgent([askWeather, { content: "It is cloudy." }]);
    const events: ExecutorEvent[] = [];
    for await (const e of agent.run("Weather?", { stream: true, runId: "run-1" })) events.push(e);
    expect(events.map((e) => e.event)).toEqual(["RunStarted", "RunPaused"]);
    const pausedEvent = events[1] as ExecutorEvent & { executorRequirements?: { toolExecution: { toolName: string } }[] };
    expect(pausedEvent.runId).toBe("run-1");
    expect(pausedEvent.executorRequirements?.[0]?.toolExecution.toolName).toBe("get_the_weather");

    const gen = agent.runIter("Weather?", { runId: "run-2" });
    let step = await gen.next();
    while (!step.done) step = await gen.next();
    const paused = step.value;
    paused.requirements[0]!.confirm();
    const resumed: ExecutorEvent[] = [];
    for await (const e of agent.continueRun(paused, { stream: true })) resumed.push(e);
    expect(resumed.map((e) => e.event)).toEqual(["RunContinued", "ToolCallStarted", "ToolCallCompleted", ...Array(3).fill("RunContent"), "RunCompleted"]);
    expect((resumed[1] as { requirementId?: string }).requirementId).toBe(paused.requirements[0]!.id);
  });
});
