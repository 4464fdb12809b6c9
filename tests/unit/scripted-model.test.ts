import { describe, expect, it } from "vitest";
import { type Message, ModelError, ScriptExhaustedError } from "@/lib/engine";
import { ScriptedModel } from "@/lib/engine/models";

const user: Message = { role: "user", content: "What is the weather in Tokyo?" };
const ask = (model: ScriptedModel, messages: Message[]) => model.respond({ messages, tools: [] });

describe("ScriptedModel", () => {
  const script = () =>
    new ScriptedModel([
      { toolCalls: [{ name: "get_the_weather", args: { city: "Tokyo" } }, { name: "get_time", args: {} }] },
      (messages) => ({ content: `Done: ${messages.at(-1)?.content}` }),
    ]);

  it("answers turn i once the conversation holds i assistant messages, with deterministic call ids", async () => {
    const first = await ask(script(), [{ role: "system", content: "Be brief" }, user]);
    expect(first).toEqual({
      content: "",
      toolCalls: [
        { id: "call_0_0", name: "get_the_weather", args: { city: "Tokyo" } },
        { id: "call_0_1", name: "get_time", args: {} },
      ],
    });
    // A fresh instance (another process) picks up where the conversation is.
    const second = await ask(script(), [
      user,
      { role: "assistant", content: "", toolCalls: first.toolCalls },
      { role: "tool", content: "70 degrees", toolCallId: "call_0_0" },
    ]);
    expect(second).toEqual({ content: "Done: 70 degrees", toolCalls: [] });
    expect(script().provider).toBe("scripted");
  });

  it("throws a clear error past the end of its script", async () => {
    const model = new ScriptedModel([{ content: "only" }]);
    const call = ask(model, [user, { role: "assistant", content: "only" }, user]);
    await expect(call).rejects.toBeInstanceOf(ScriptExhaustedError);
    await expect(call).rejects.toThrow(/asked for turn 2 but its script has only 1 turn/);
  });

  it("rejects a scripted turn that is neither content nor tool calls", async () => {
    const model = new ScriptedModel([() => ({}) as { content: string }]);
    await expect(ask(model, [user])).rejects.toBeInstanceOf(ModelError);
  });

  it("streams its content in several deltas, then the whole turn", async () => {
    const model = new ScriptedModel([{ content: "It is 70 degrees and cloudy in Tokyo" }]);
    const deltas: string[] = [];
    let done: unknown;
    for await (const event of model.stream({ messages: [user], tools: [] })) {
      if (event.type === "content") deltas.push(event.delta);
      else done = event.response;
    }
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join("")).toBe("It is 70 degrees and cloudy in Tokyo");
    expect(done).toEqual({ content: "It is 70 degrees and cloudy in Tokyo", toolCalls: [] });
  });
});
