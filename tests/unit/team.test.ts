import { describe, expect, it } from "vitest";
import { z } from "zod";
import { Agent, DefinitionError, type ExecutorEvent, type Message, RunOutput, Team, tool, UnresolvedRequirementError } from "@/lib/engine";
import { ScriptedModel, type ScriptStep } from "@/lib/engine/models";

const lastContent = (m: Message[]) => m.at(-1)?.content ?? "";
const toolContents = (m: Message[]) => m.filter((x) => x.role === "tool").map((x) => x.content);
const delegate = (member_id: string, task: string) => ({ name: "delegate_task_to_member", args: { member_id, task } });

function weatherMember(name = "WeatherAgent") {
  const cities: string[] = [];
  const getTheWeather = tool({
    name: "get_the_weather",
    parameters: z.object({ city: z.string() }),
    requiresConfirmation: true,
    execute: ({ city }) => (cities.push(city), `It is 70 degrees in ${city}`),
  });
  const agent = new Agent({
    name,
    model: new ScriptedModel([
      (m) => ({ toolCalls: [{ name: "get_the_weather", args: { city: lastContent(m) } }] }),
      (m) => ({ content: `${name}: ${lastContent(m)}` }),
    ]),
    tools: [getTheWeather],
  });
  return { agent, cities };
}

function leader(script: ScriptStep[]) {
  return new ScriptedModel(script);
}

describe("Team", () => {
  it("delegates to a member and answers with the member's result", async () => {
    const writer = new Agent({ name: "Writer", model: new ScriptedModel([(m) => ({ content: `Poem about ${lastContent(m)}` })]) });
    const team = new Team({
      name: "Studio",
      model: leader([{ toolCalls: [delegate("Writer", "the sea")] }, (m) => ({ content: `Leader: ${lastContent(m)}` })]),
      members: [writer],
    });
    const run = await team.run("Write about the sea");
    expect(run.status).toBe("completed");
    expect(run.executorType).toBe("team");
    expect(run.content).toBe("Leader: Poem about the sea");
    expect(run.messages[0]?.content).toMatch(/You lead the team "Studio".*\n- Writer/s);
  });

  it("pauses the team when a member calls a HITL tool, naming the team and the member", async () => {
    const { agent, cities } = weatherMember();
    const team = new Team({
      name: "TravelTeam",
      id: "travel-team",
      model: leader([{ toolCalls: [delegate("WeatherAgent", "Tokyo")] }, (m) => ({ content: `Leader: ${lastContent(m)}` })]),
      members: [agent],
    });
    const paused = await team.run("Weather in Tokyo?");
    expect(paused.isPaused).toBe(true);
    expect(paused.requirements).toHaveLength(1);
    expect(paused.requirements[0]).toMatchObject({
      runId: paused.runId,
      executorId: "travel-team",
      executorName: "TravelTeam",
      executorType: "team",
      memberName: "WeatherAgent",
      needsConfirmation: true,
    });
    expect(paused.requirements[0]!.toolExecution.toolArgs).toEqual({ city: "Tokyo" });
    expect(paused.requirements[0]!.describe()).toBe("confirmation for tool get_the_weather called by TravelTeam/WeatherAgent");
    expect(cities).toEqual([]);

    paused.requirements[0]!.confirm();
    const done = await team.continueRun(paused);
    expect(cities).toEqual(["Tokyo"]);
    expect(done.status).toBe("completed");
    expect(done.content).toBe("Leader: WeatherAgent: It is 70 degrees in Tokyo");
  });

  it("a rejection in a member reaches the member's model with the note", async () => {
    const { agent, cities } = weatherMember();
    const team = new Team({
      name: "T",
      model: leader([{ toolCalls: [delegate(agent.id, "Tokyo")] }, (m) => ({ content: `Leader: ${lastContent(m)}` })]),
      members: [agent],
    });
    const paused = await team.run("Weather?");
    paused.requirements[0]!.reject({ note: "not now" });
    const done = await team.continueRun(paused);
    expect(cities).toEqual([]);
    expect(done.content).toBe("Leader: WeatherAgent: Rejected by the user. Note: not now");
  });

  it("handles several members paused by parallel delegate calls, and refuses to go on until all are resolved", async () => {
    const a = weatherMember("North");
    const b = weatherMember("South");
    const team = new Team({
      name: "T",
      model: leader([{ toolCalls: [delegate("North", "Oslo"), delegate("South", "Lima")] }, (m) => ({ content: toolContents(m).join(" + ") })]),
      members: [a.agent, b.agent],
    });
    const paused = await team.run("Both");
    expect(paused.requirements.map((r) => [r.memberName, r.toolExecution.toolArgs.city])).toEqual([
      ["North", "Oslo"],
      ["South", "Lima"],
    ]);
    paused.requirements[0]!.confirm();
    await expect(team.continueRun(paused)).rejects.toBeInstanceOf(UnresolvedRequirementError);
    expect(a.cities).toEqual([]);

    paused.requirements[1]!.confirm();
    const done = await team.continueRun(paused);
    expect(done.content).toBe("North: It is 70 degrees in Oslo + South: It is 70 degrees in Lima");
    expect([...a.cities, ...b.cities]).toEqual(["Oslo", "Lima"]);
  });

  it("keeps a member that completed while another pauses again", async () => {
    const ask = tool({ name: "ask", parameters: z.object({ q: z.string() }), requiresConfirmation: true, execute: ({ q }) => `yes to ${q}` });
    const twice = new Agent({
      name: "Twice",
      model: new ScriptedModel([
        { toolCalls: [{ name: "ask", args: { q: "one" } }] },
        { toolCalls: [{ name: "ask", args: { q: "two" } }] },
        (m) => ({ content: `Twice done: ${lastContent(m)}` }),
      ]),
      tools: [ask],
    });
    const once = weatherMember("Once");
    const team = new Team({
      name: "T",
      model: leader([{ toolCalls: [delegate("Twice", "go"), delegate("Once", "Rome")] }, (m) => ({ content: toolContents(m).join(" + ") })]),
      members: [twice, once.agent],
    });
    let run = await team.run("go");
    expect(run.requirements).toHaveLength(2);
    for (const r of run.requirements) r.confirm();
    run = await team.continueRun(run);
    expect(run.isPaused).toBe(true);
    expect(run.requirements.map((r) => r.memberName)).toEqual(["Twice"]);
    run.requirements[0]!.confirm();
    run = await team.continueRun(run);
    expect(run.content).toBe("Twice done: yes to two + Once: It is 70 degrees in Rome");
  });

  it("tells the leader which members exist when it names an unknown one", async () => {
    const { agent } = weatherMember();
    const team = new Team({
      name: "T",
      model: leader([{ toolCalls: [delegate("Nobody", "x")] }, (m) => ({ content: lastContent(m) })]),
      members: [agent],
    });
    const run = await team.run("go");
    expect(run.content).toBe('Error: there is no member "Nobody". Members: WeatherAgent.');
  });

  it("validates user input through the member's tool schema, also after a round trip through JSON", async () => {
    const paid: number[] = [];
    const pay = tool({
      name: "pay",
      parameters: z.object({ amount: z.number().max(100) }),
      requiresUserInput: true,
      execute: ({ amount }) => (paid.push(amount), `paid ${amount}`),
    });
    const cashier = new Agent({
      name: "Cashier",
      model: new ScriptedModel([{ toolCalls: [{ name: "pay", args: { amount: 10 } }] }, (m) => ({ content: lastContent(m) })]),
      tools: [pay],
    });
    const team = new Team({ name: "Shop", model: leader([{ toolCalls: [delegate("Cashier", "pay")] }, (m) => ({ content: lastContent(m) })]), members: [cashier] });
    const paused = await team.run("pay");
    expect(() => paused.requirements[0]!.provideUserInput({ amount: 500 })).toThrow(/Field "amount"/);

    const loaded = RunOutput.fromJSON(JSON.parse(JSON.stringify(paused.toJSON())));
    team.attachValidators(loaded);
    expect(() => loaded.requirements[0]!.provideUserInput({ amount: 500 })).toThrow(/Field "amount"/);
    loaded.requirements[0]!.provideUserInput({ amount: 40 });
    expect((await team.continueRun(loaded)).content).toBe("paid 40");
    expect(paid).toEqual([40]);
  });

  it("pauses and continues through a team nested in a team", async () => {
    const { agent, cities } = weatherMember();
    const inner = new Team({
      name: "Inner",
      model: leader([{ toolCalls: [delegate("WeatherAgent", "Quito")] }, (m) => ({ content: `Inner: ${lastContent(m)}` })]),
      members: [agent],
    });
    const outer = new Team({
      name: "Outer",
      model: leader([{ toolCalls: [delegate("Inner", "weather")] }, (m) => ({ content: `Outer: ${lastContent(m)}` })]),
      members: [inner],
    });
    const paused = await outer.run("weather");
    expect(paused.requirements[0]).toMatchObject({ executorName: "Outer", executorType: "team", memberName: "WeatherAgent" });
    paused.requirements[0]!.confirm();
    const done = await outer.continueRun(paused);
    expect(cities).toEqual(["Quito"]);
    expect(done.content).toBe("Outer: Inner: WeatherAgent: It is 70 degrees in Quito");
  });

  it("streams members' tool calls with the member's name", async () => {
    const { agent } = weatherMember();
    const team = new Team({
      name: "T",
      model: leader([{ toolCalls: [delegate("WeatherAgent", "Bern")] }, { content: "ok" }]),
      members: [agent],
    });
    const gen = team.runIter("go");
    let step = await gen.next();
    while (!step.done) step = await gen.next();
    step.value.requirements[0]!.confirm();
    const events: ExecutorEvent[] = [];
    for await (const e of team.continueRun(step.value, { stream: true })) events.push(e);
    const tools = events.filter((e) => e.event.startsWith("ToolCall")).map((e) => [e.event, (e as { toolName?: string }).toolName, e.memberName ?? null]);
    expect(tools).toEqual([
      ["ToolCallStarted", "get_the_weather", "WeatherAgent"],
      ["ToolCallCompleted", "get_the_weather", "WeatherAgent"],
      ["ToolCallCompleted", "delegate_task_to_member", null],
    ]);
    expect(events.every((e) => e.executorName === "T" && e.executorType === "team")).toBe(true);
  });

  it("refuses a team without members or with two members of one name", () => {
    const model = leader([]);
    expect(() => new Team({ name: "T", model, members: [] })).toThrow(DefinitionError);
    expect(() => new Team({ name: "T", model, members: [weatherMember("X").agent, weatherMember("X").agent] })).toThrow(/two members named "X"/);
  });
});
