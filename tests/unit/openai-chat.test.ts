import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { Agent, type Message, MissingApiKeyError, ModelError, RunContentEvent, tool } from "@/lib/engine";
import { type ModelRequest, type ModelResponse, type ModelStreamEvent, OpenAIChat } from "@/lib/engine/models";
import { type OpenAIServer, startOpenAIServer } from "@/tests/support/openai-server";

const getTheWeather = tool({
  name: "get_the_weather",
  description: "Current weather for a city",
  parameters: z.object({ city: z.string() }),
  requiresConfirmation: true,
  execute: async ({ city }) => `It is 70 degrees and cloudy in ${city}`,
});
const sendMoney = tool({
  name: "send_money",
  description: "Send money to someone",
  parameters: z.object({ amount: z.number(), recipient: z.string() }),
  execute: async () => "sent",
});

let server: OpenAIServer;
beforeEach(async () => {
  server = await startOpenAIServer();
});
afterEach(async () => {
  await server.close();
});

function model(options: Partial<ConstructorParameters<typeof OpenAIChat>[0]> = {}): OpenAIChat {
  return new OpenAIChat({ id: "gpt-test", apiKey: "test-key", baseURL: server.baseURL, maxRetries: 0, ...options });
}

function ask(content: string, extra: Partial<ModelRequest> = {}): ModelRequest {
  return { messages: [{ role: "user", content }], tools: [], ...extra };
}

const wireChunk = z.object({
  choices: z.array(z.object({ delta: z.looseObject({ tool_calls: z.array(z.object({ index: z.number() })).optional() }) })),
});

async function collect(stream: AsyncIterable<ModelStreamEvent>): Promise<{ deltas: string[]; done: ModelResponse }> {
  const deltas: string[] = [];
  const events: ModelStreamEvent[] = [];
  for await (const event of stream) {
    events.push(event);
    if (event.type === "content") deltas.push(event.delta);
  }
  const last = events.at(-1);
  if (last?.type !== "done") throw new Error("the stream did not end with a done event");
  expect(events.filter((e) => e.type === "done")).toHaveLength(1);
  return { deltas, done: last.response };
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof Error)) throw new Error("expected the call to fail");
  return error;
}

describe("OpenAIChat request", () => {
  it("sends the tools' JSON schemas and the conversation, tool call and tool result included, in the OpenAI wire format", async () => {
    server.enqueue({ content: "It is cloudy in Tokyo." });
    const conversation: Message[] = [
      { role: "system", content: "You are a weather bot." },
      { role: "user", content: "Weather in Tokyo and Paris?" },
      {
        role: "assistant",
        content: "",
        toolCalls: [
          { id: "call_a", name: "get_the_weather", args: { city: "Tokyo" } },
          { id: "call_b", name: "get_the_weather", args: { city: "Paris" } },
        ],
      },
      { role: "tool", content: "It is 70 degrees and cloudy in Tokyo", toolCallId: "call_a", toolName: "get_the_weather" },
      { role: "tool", content: "Rejected: not Paris", toolCallId: "call_b", toolName: "get_the_weather" },
    ];

    await model({ temperature: 0.2, maxTokens: 300 }).respond({
      messages: conversation,
      tools: [getTheWeather.definition, sendMoney.definition],
    });

    expect(server.requests).toHaveLength(1);
    const { body, headers } = server.requests[0]!;
    expect(headers.authorization).toBe("Bearer test-key");
    expect(body.model).toBe("gpt-test");
    expect(body.temperature).toBe(0.2);
    expect(body.max_completion_tokens).toBe(300);
    expect(body.messages).toEqual([
      { role: "system", content: "You are a weather bot." },
      { role: "user", content: "Weather in Tokyo and Paris?" },
      {
        role: "assistant",
        content: null,
        tool_calls: [
          { id: "call_a", type: "function", function: { name: "get_the_weather", arguments: '{"city":"Tokyo"}' } },
          { id: "call_b", type: "function", function: { name: "get_the_weather", arguments: '{"city":"Paris"}' } },
        ],
      },
      { role: "tool", tool_call_id: "call_a", content: "It is 70 degrees and cloudy in Tokyo" },
      { role: "tool", tool_call_id: "call_b", content: "Rejected: not Paris" },
    ]);
    expect(body.tools).toEqual([
      {
        type: "function",
        function: {
          name: "get_the_weather",
          description: "Current weather for a city",
          parameters: getTheWeather.definition.parameters,
        },
      },
      {
        type: "function",
        function: { name: "send_money", description: "Send money to someone", parameters: sendMoney.definition.parameters },
      },
    ]);
    expect(body.tools?.[1]).toMatchObject({
      function: { parameters: { type: "object", properties: { amount: { type: "number" }, recipient: { type: "string" } } } },
    });
  });

  it("leaves tools, temperature and token limit out when there are none", async () => {
    server.enqueue({ content: "Hi" });
    await model().respond(ask("Hello"));
    const body = server.requests[0]!.body;
    expect(body).not.toHaveProperty("tools");
    expect(body).not.toHaveProperty("temperature");
    expect(body).not.toHaveProperty("max_completion_tokens");
    expect(body.stream).toBeFalsy();
  });
});

describe("OpenAIChat answers", () => {
  it("returns a text answer with no tool calls", async () => {
    server.enqueue({ content: "It is 70 degrees and cloudy in Tokyo." });
    await expect(model().respond(ask("Weather in Tokyo?"))).resolves.toEqual({
      content: "It is 70 degrees and cloudy in Tokyo.",
      toolCalls: [],
    });
  });

  it("returns parallel tool calls with their ids and parsed arguments", async () => {
    server.enqueue({
      toolCalls: [
        { id: "call_tokyo", name: "get_the_weather", arguments: { city: "Tokyo" } },
        { id: "call_pay", name: "send_money", arguments: { amount: 12.5, recipient: "Ann" } },
      ],
    });
    const response = await model().respond(ask("Weather, then pay Ann", { tools: [getTheWeather.definition, sendMoney.definition] }));
    expect(response).toEqual({
      content: "",
      toolCalls: [
        { id: "call_tokyo", name: "get_the_weather", args: { city: "Tokyo" } },
        { id: "call_pay", name: "send_money", args: { amount: 12.5, recipient: "Ann" } },
      ],
    });
  });

  it("hands arguments that are not a JSON object on as _raw instead of crashing", async () => {
    server.enqueue({
      toolCalls: [
        { name: "get_the_weather", arguments: '{"city": "Tok' },
        { name: "get_the_weather", arguments: '["Tokyo"]' },
        { name: "get_the_weather", arguments: "" },
      ],
    });
    const response = await model().respond(ask("Weather?", { tools: [getTheWeather.definition] }));
    expect(response.toolCalls.map((call) => call.args)).toEqual([{ _raw: '{"city": "Tok' }, { _raw: '["Tokyo"]' }, {}]);
    expect(getTheWeather.parseArgs(response.toolCalls[0]!.args).ok).toBe(false);
  });
});

describe("OpenAIChat streaming", () => {
  it("yields content deltas in order and ends with the whole text", async () => {
    server.enqueue({ content: ["It ", "is ", "70 ", "degrees", " in ", "Tokyo."] });
    const { deltas, done } = await collect(model().stream(ask("Weather in Tokyo?")));
    expect(server.requests[0]!.body.stream).toBe(true);
    expect(deltas).toEqual(["It ", "is ", "70 ", "degrees", " in ", "Tokyo."]);
    expect(done).toEqual({ content: "It is 70 degrees in Tokyo.", toolCalls: [] });
  });

  it("reassembles two interleaved tool calls whose arguments arrive in many small chunks", async () => {
    const tokyo = { city: "Tokyo, the capital of Japan" };
    const payment = { amount: 1234.5, recipient: "Ann Example" };
    const reply = {
      content: "Let me check.",
      toolCalls: [
        { id: "call_1", name: "get_the_weather", arguments: tokyo },
        { id: "call_2", name: "send_money", arguments: payment },
      ],
    };
    await server.close();
    server = await startOpenAIServer({ argumentChunkSize: 3, replies: [reply, reply] });

    // Look at the wire first, so the test proves the pieces really are small and interleaved.
    const raw = await fetch(`${server.baseURL}/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "gpt-test", messages: [], stream: true }),
    }).then((r) => r.text());
    const indexes = raw
      .split("\n\n")
      .filter((line) => line.startsWith("data: {"))
      .flatMap((line) => wireChunk.parse(JSON.parse(line.slice(6))).choices)
      .flatMap((choice) => choice.delta.tool_calls ?? [])
      .map((call) => call.index);
    expect(indexes.length).toBeGreaterThan(20);
    expect(indexes.slice(2, 6)).toEqual([0, 1, 0, 1]);

    const { deltas, done } = await collect(model().stream(ask("Weather, then pay Ann", { tools: [getTheWeather.definition, sendMoney.definition] })));
    expect(deltas.join("")).toBe("Let me check.");
    expect(done).toEqual({
      content: "Let me check.",
      toolCalls: [
        { id: "call_1", name: "get_the_weather", args: tokyo },
        { id: "call_2", name: "send_money", args: payment },
      ],
    });
  });

  it("hands unparsable streamed arguments on as _raw", async () => {
    server.enqueue({ toolCalls: [{ id: "call_x", name: "get_the_weather", arguments: "{city: Tokyo}" }] });
    const { done } = await collect(model().stream(ask("Weather?", { tools: [getTheWeather.definition] })));
    expect(done.toolCalls).toEqual([{ id: "call_x", name: "get_the_weather", args: { _raw: "{city: Tokyo}" } }]);
  });

  it("stops when the caller aborts, with the abort reason and not a half answer", async () => {
    server.enqueue({ content: "one two three four five six seven eight", chunkDelayMs: 40 });
    const controller = new AbortController();
    const deltas: string[] = [];
    const error = await failure(
      (async () => {
        for await (const event of model().stream(ask("Count", { signal: controller.signal }))) {
          if (event.type === "content") deltas.push(event.delta);
          if (deltas.length === 2) controller.abort();
        }
      })(),
    );
    expect(error.name).toBe("AbortError");
    expect(error).not.toBeInstanceOf(ModelError);
    expect(deltas).toEqual(["one ", "two "]);
  });

  it("reports a stream that ends before the model finished", async () => {
    const chunk = { id: "c", object: "chat.completion.chunk", created: 0, model: "gpt-test", choices: [{ index: 0, delta: { content: "Half" }, finish_reason: null }] };
    server.enqueue({ raw: { contentType: "text/event-stream", body: `data: ${JSON.stringify(chunk)}\n\n` } });
    const error = await failure(collect(model().stream(ask("Hi"))));
    expect(error).toBeInstanceOf(ModelError);
    expect(error.message).toContain("ended before the model finished");
  });

  it("reports an error event sent in the middle of a stream", async () => {
    server.enqueue({ raw: { contentType: "text/event-stream", body: `data: ${JSON.stringify({ error: { message: "model overloaded" } })}\n\n` } });
    const error = await failure(collect(model().stream(ask("Hi"))));
    expect(error).toBeInstanceOf(ModelError);
    expect(error.message).toContain("model overloaded");
  });
});

describe("OpenAIChat failures", () => {
  it("turns an error status into a ModelError naming the status, the server's message and what to check", async () => {
    server.enqueue({ error: { status: 401, message: "Incorrect API key provided", code: "invalid_api_key" } });
    const error = await failure(model().respond(ask("Hi")));
    expect(error).toBeInstanceOf(ModelError);
    expect(error.message).toContain("HTTP 401");
    expect(error.message).toContain("Incorrect API key provided");
    expect(error.message).toContain("OPENAI_API_KEY");
    expect(error.message).toContain(server.baseURL);
  });

  it("names the model id when the server does not know it, also when streaming", async () => {
    server.enqueue({ error: { status: 404, message: "model 'gpt-nope' not found" } });
    const error = await failure(collect(model({ id: "gpt-nope" }).stream(ask("Hi"))));
    expect(error).toBeInstanceOf(ModelError);
    expect(error.message).toContain("HTTP 404");
    expect(error.message).toContain('"gpt-nope"');
  });

  it("does not retry a rejected request", async () => {
    server.enqueue({ error: { status: 400, message: "temperature too high" } }, { content: "should not be reached" });
    const error = await failure(model({ maxRetries: 2 }).respond(ask("Hi")));
    expect(error.message).toContain("HTTP 400");
    expect(server.requests).toHaveLength(1);
  });

  it("retries a server error up to maxRetries, then succeeds", async () => {
    server.enqueue({ error: { status: 503, message: "busy" }, headers: { "retry-after-ms": "5" } }, { content: "Back again" });
    await expect(model({ maxRetries: 1 }).respond(ask("Hi"))).resolves.toMatchObject({ content: "Back again" });
    expect(server.requests).toHaveLength(2);
  });

  it("says which server it could not reach when the connection is refused", async () => {
    const closed = await startOpenAIServer();
    const baseURL = closed.baseURL;
    await closed.close();
    const error = await failure(new OpenAIChat({ id: "gpt-test", apiKey: "k", baseURL, maxRetries: 0 }).respond(ask("Hi")));
    expect(error).toBeInstanceOf(ModelError);
    expect(error.message).toContain(`Could not reach the model server at ${baseURL}`);
    // The SDK's own error stays reachable for the log.
    expect(error.cause).toBeInstanceOf(Error);
  });

  it("reports a body that is not JSON, and JSON that is not a chat completion", async () => {
    server.enqueue({ raw: { body: "<html>proxy error</html>" } }, { raw: { body: '{"object":"list","data":[]}' } });
    const notJson = await failure(model().respond(ask("Hi")));
    expect(notJson).toBeInstanceOf(ModelError);
    expect(notJson.message).toContain("malformed answer");
    const notCompletion = await failure(model().respond(ask("Hi")));
    expect(notCompletion).toBeInstanceOf(ModelError);
    expect(notCompletion.message).toContain("choices");
    expect(notCompletion.cause).toBeInstanceOf(z.ZodError);
  });

  it("gives up after timeoutMs with a message naming the server", async () => {
    // The server answers only once the client has given up, so the time-out is the only way the call can end.
    let answer: () => void = () => {};
    const givenUp = new Promise<void>((resolve) => (answer = resolve));
    server.enqueue(async () => {
      await givenUp;
      return { content: "too late" };
    });
    const error = await failure(model({ timeoutMs: 100 }).respond(ask("Hi")));
    answer();
    expect(error).toBeInstanceOf(ModelError);
    expect(error.message).toContain("did not answer within 100 ms");
  });
});

describe("OpenAIChat configuration", () => {
  const saved = { key: process.env.OPENAI_API_KEY, url: process.env.OPENAI_BASE_URL };
  afterEach(() => {
    for (const [name, value] of [["OPENAI_API_KEY", saved.key], ["OPENAI_BASE_URL", saved.url]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it("refuses to start without a key or a server, and says to pass apiKey or baseURL", () => {
    expect(() => new OpenAIChat({ id: "gpt-5.4" })).toThrow(MissingApiKeyError);
    expect(() => new OpenAIChat({ id: "gpt-5.4" })).toThrow(/apiKey.*baseURL/);
  });

  it("never reads the environment: OPENAI_API_KEY and OPENAI_BASE_URL are the app's to pass", () => {
    process.env.OPENAI_API_KEY = "env-key";
    process.env.OPENAI_BASE_URL = server.baseURL;
    expect(() => new OpenAIChat({ id: "gpt-5.4" })).toThrow(MissingApiKeyError);
  });

  it("talks to the server in baseURL with no key, as a local server such as Ollama allows", async () => {
    server.enqueue({ content: "local answer" });
    await expect(new OpenAIChat({ id: "llama3.2", baseURL: server.baseURL }).respond(ask("Hi"))).resolves.toMatchObject({ content: "local answer" });
    expect(server.requests[0]!.body.model).toBe("llama3.2");
  });

  it("sends the apiKey it was given", async () => {
    process.env.OPENAI_API_KEY = "env-key";
    server.enqueue({ content: "ok" });
    await new OpenAIChat({ id: "gpt-test", apiKey: "given-key", baseURL: server.baseURL }).respond(ask("Hi"));
    expect(server.requests[0]!.headers.authorization).toBe("Bearer given-key");
  });

  it("rejects an invalid option by name", () => {
    expect(() => new OpenAIChat({ id: "gpt-test", apiKey: "k", temperature: 5 })).toThrow(/temperature/);
  });
});

describe("an Agent on OpenAIChat", () => {
  function weatherAgent() {
    const calls: string[] = [];
    const weather = tool({
      name: "get_the_weather",
      description: "Current weather for a city",
      parameters: z.object({ city: z.string() }),
      requiresConfirmation: true,
      execute: async ({ city }) => {
        calls.push(city);
        return `It is 70 degrees and cloudy in ${city}`;
      },
    });
    const agent = new Agent({ name: "WeatherAgent", model: model(), tools: [weather] });
    return { agent, calls };
  }

  it("pauses on a confirmation tool, runs it once when confirmed, and sends its result to the model", async () => {
    const { agent, calls } = weatherAgent();
    server.enqueue({ toolCalls: [{ id: "call_w", name: "get_the_weather", arguments: { city: "Tokyo" } }] }, (request) => ({
      content: `Summary: ${String(request.body.messages.at(-1)?.content)}`,
    }));

    const paused = await agent.run("What is the weather in Tokyo?");
    expect(paused.isPaused).toBe(true);
    expect(calls).toEqual([]);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.body.tools).toEqual([{ type: "function", function: expect.objectContaining({ name: "get_the_weather" }) }]);

    paused.requirements[0]!.confirm();
    const done = await agent.continueRun(paused);

    expect(calls).toEqual(["Tokyo"]);
    expect(done.content).toBe("Summary: It is 70 degrees and cloudy in Tokyo");
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]!.body.messages.slice(-2)).toEqual([
      {
        role: "assistant",
        content: null,
        tool_calls: [{ id: "call_w", type: "function", function: { name: "get_the_weather", arguments: '{"city":"Tokyo"}' } }],
      },
      { role: "tool", tool_call_id: "call_w", content: "It is 70 degrees and cloudy in Tokyo" },
    ]);
  });

  it("rejecting sends the note to the model over a streamed answer, and the tool never runs", async () => {
    const { agent, calls } = weatherAgent();
    server.enqueue({ toolCalls: [{ id: "call_w", name: "get_the_weather", arguments: { city: "Tokyo" } }] }, (request) => ({
      content: `I was told: ${String(request.body.messages.at(-1)?.content)}`,
    }));

    const first = agent.runIter("What is the weather in Tokyo?", { streamContent: true });
    let step = await first.next();
    while (!step.done) step = await first.next();
    const paused = step.value;
    expect(paused.isPaused).toBe(true);

    paused.requirements[0]!.reject({ note: "Not today" });
    const deltas: string[] = [];
    const second = agent.continueRunIter(paused, { streamContent: true });
    let next = await second.next();
    while (!next.done) {
      if (next.value instanceof RunContentEvent) deltas.push(next.value.content);
      next = await second.next();
    }

    expect(calls).toEqual([]);
    expect(server.requests.map((r) => r.body.stream)).toEqual([true, true]);
    const toolMessage = server.requests[1]!.body.messages.at(-1);
    expect(toolMessage).toMatchObject({ role: "tool", tool_call_id: "call_w" });
    expect(String(toolMessage?.content)).toContain("Not today");
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join("")).toBe(next.value.content);
    expect(next.value.content).toContain("Not today");
  });
});
