import { describe, expect, it } from "vitest";
import { z } from "zod";
import { Agent, type ExecutorEvent, InMemoryStore, type Message, tool, ToolCallCompletedEvent, type ToolContext } from "@/lib/engine";
import { type Model, ScriptedModel } from "@/lib/engine/models";

const toolMessages = (messages: Message[]) => messages.filter((m) => m.role === "tool");
const echoLastTool = (messages: Message[]) => ({ content: `Answer: ${messages.at(-1)?.content}` });

async function collect(events: AsyncIterable<ExecutorEvent>): Promise<ExecutorEvent[]> {
  const out: ExecutorEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}

describe("Agent", () => {
  it("runs a plain tool without pausing and hands its result to the model", async () => {
    const contexts: ToolContext[] = [];
    const forecast = tool({
      name: "forecast",
      parameters: z.object({ city: z.string() }),
      execute: ({ city }, ctx) => {
        contexts.push(ctx);
        return { city, degrees: 70 };
      },
    });
    const agent = new Agent({
      name: "WeatherAgent",
      model: new ScriptedModel([{ toolCalls: [{ name: "forecast", args: { city: "Tokyo" } }] }, echoLastTool]),
      tools: [forecast],
      instructions: "Answer about the weather.",
    });
    const run = await agent.run("Weather in Tokyo?", { userId: "ann@example.com" });
    expect(run.status).toBe("completed");
    expect(run.isPaused).toBe(false);
    expect(run.content).toBe('Answer: {"city":"Tokyo","degrees":70}');
    expect(run.messages[0]).toEqual({ role: "system", content: "Answer about the weather." });
    expect(contexts).toHaveLength(1);
    expect(contexts[0]).toMatchObject({ runId: run.runId, toolCallId: "call_0_0", agentName: "WeatherAgent", userId: "ann@example.com" });
    expect(contexts[0]?.requirementId).toBeUndefined();
  });

  it("sends invalid arguments back to the model as a tool error, without running the tool or pausing", async () => {
    let ran = 0;
    const book = tool({
      name: "book",
      parameters: z.object({ city: z.string(), nights: z.number().int() }),
      requiresConfirmation: true,
      execute: () => {
        ran++;
        return "booked";
      },
    });
    const agent = new Agent({
      name: "Booker",
      model: new ScriptedModel([{ toolCalls: [{ name: "book", args: { city: 3, nights: 1.5 } }] }, echoLastTool]),
      tools: [book],
    });
    const events = await collect(agent.run("book", { stream: true }));
    const completed = events.find((e): e is ToolCallCompletedEvent => e instanceof ToolCallCompletedEvent);
    expect(completed?.error).toMatch(/^Error: invalid arguments for tool book: city: .*; nights: /);
    expect(ran).toBe(0);
    const last = events.at(-1);
    expect(last?.event).toBe("RunCompleted");
    expect((last as { content?: string }).content).toMatch(/^Answer: Error: invalid arguments for tool book/);
  });

  it("turns a throwing tool into an error the model sees, and the run goes on", async () => {
    const flaky = tool({
      name: "flaky",
      parameters: z.object({}),
      execute: () => {
        throw new Error("database is down");
      },
    });
    const agent = new Agent({
      name: "A",
      model: new ScriptedModel([{ toolCalls: [{ name: "flaky" }, { name: "nope", args: { x: 1 } }] }, (m) => ({ content: toolMessages(m).map((t) => t.content).join(" | ") })]),
      tools: [flaky],
    });
    const run = await agent.run("go");
    expect(run.status).toBe("completed");
    expect(run.content).toBe('Error: tool flaky failed: database is down | Error: unknown tool "nope". Available tools: flaky.');
  });

  it("writes a turn's tool messages in the order of the calls", async () => {
    const slow = tool({ name: "slow", parameters: z.object({ n: z.number() }), execute: async ({ n }) => `n=${n}` });
    const agent = new Agent({
      name: "A",
      model: new ScriptedModel([
        { toolCalls: [3, 1, 2].map((n) => ({ name: "slow", args: { n } })) },
        (m) => ({ content: toolMessages(m).map((t) => `${t.toolCallId}:${t.content}`).join(",") }),
      ]),
      tools: [slow],
    });
    expect((await agent.run("go")).content).toBe("call_0_0:n=3,call_0_1:n=1,call_0_2:n=2");
  });

  it("ends with status error, not an exception, when the model fails or loops forever", async () => {
    const exhausted = await new Agent({ name: "A", model: new ScriptedModel([]) }).run("hi");
    expect(exhausted.status).toBe("error");
    expect(exhausted.error).toMatch(/script has only 0 turn/);

    const again = tool({ name: "again", parameters: z.object({}), execute: () => "more" });
    const looping = new Agent({
      name: "Looper",
      model: new ScriptedModel(Array.from({ length: 10 }, () => ({ toolCalls: [{ name: "again" }] }))),
      tools: [again],
      maxTurns: 3,
    });
    const run = await looping.run("go");
    expect(run.status).toBe("error");
    expect(run.error).toMatch(/Looper reached its limit of 3 model turns/);
    expect(run.messages.filter((m) => m.role === "assistant")).toHaveLength(3);
  });

  it("streams the run as events, content in deltas", async () => {
    const forecast = tool({ name: "forecast", parameters: z.object({ city: z.string() }), execute: ({ city }) => `Sunny in ${city}` });
    const agent = new Agent({
      name: "WeatherAgent",
      model: new ScriptedModel([{ toolCalls: [{ name: "forecast", args: { city: "Oslo" } }] }, { content: "It is sunny in Oslo today." }]),
      tools: [forecast],
    });
    const events = await collect(agent.run("Weather?", { stream: true }));
    const names = events.map((e) => e.event);
    expect(names[0]).toBe("RunStarted");
    expect(names.slice(1, 3)).toEqual(["ToolCallStarted", "ToolCallCompleted"]);
    expect(names.at(-1)).toBe("RunCompleted");
    const deltas = events.flatMap((e) => (e.event === "RunContent" ? [(e as { content: string }).content] : []));
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join("")).toBe("It is sunny in Oslo today.");
    expect(events.every((e) => e.executorName === "WeatherAgent" && e.executorType === "agent")).toBe(true);
  });

  it("saves each run to its db and loads it back", async () => {
    const db = new InMemoryStore();
    const agent = new Agent({ name: "A", model: new ScriptedModel([{ content: "hello" }]), db });
    const run = await agent.run("hi", { sessionId: "s1" });
    const loaded = await agent.getRun(run.runId);
    expect(loaded?.toJSON()).toEqual(run.toJSON());
    expect(loaded?.sessionId).toBe("s1");
    expect(await agent.getRun("missing")).toBeNull();
  });

  it("passes the conversation and the tool definitions to the model", async () => {
    const seen: { tools: string[]; roles: string[] }[] = [];
    const model: Model = {
      id: "spy",
      provider: "test",
      async respond(request) {
        seen.push({ tools: request.tools.map((t) => t.name), roles: request.messages.map((m) => m.role) });
        return { content: "ok", toolCalls: [] };
      },
      async *stream() {
        yield { type: "done" as const, response: { content: "ok", toolCalls: [] } };
      },
    };
    const t = tool({ name: "t", parameters: z.object({}), execute: () => "" });
    await new Agent({ name: "A", model, tools: [t], instructions: "sys" }).run("hi");
    expect(seen).toEqual([{ tools: ["t"], roles: ["system", "user"] }]);
  });
});
