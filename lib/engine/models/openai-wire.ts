import { randomUUID } from "node:crypto";
import type {
  ChatCompletionFunctionTool,
  ChatCompletionMessageParam,
} from "openai/resources/chat/completions";
import { z } from "zod";
import { ModelError } from "../errors";
import type { JsonObject, JsonValue } from "../json";
import type { Message, ToolCall } from "../messages";
import type { ModelResponse, ToolDefinition } from "./model";

/** Our conversation in the Chat Completions wire format. */
export function toOpenAIMessages(messages: Message[]): ChatCompletionMessageParam[] {
  return messages.map((message, index): ChatCompletionMessageParam => {
    switch (message.role) {
      case "system":
        return { role: "system", content: message.content };
      case "user":
        return { role: "user", content: message.content };
      case "assistant": {
        const calls = message.toolCalls ?? [];
        if (calls.length === 0) return { role: "assistant", content: message.content };
        return {
          role: "assistant",
          // OpenAI itself answers tool calls with null content; an empty string is not a message.
          content: message.content === "" ? null : message.content,
          tool_calls: calls.map((call) => ({
            id: call.id,
            type: "function",
            function: { name: call.name, arguments: JSON.stringify(call.args) },
          })),
        };
      }
      case "tool":
        if (!message.toolCallId) {
          throw new ModelError(
            `Message ${index} has role "tool" but no toolCallId; OpenAI needs the id of the call it answers. Set toolCallId on tool messages.`,
          );
        }
        return { role: "tool", tool_call_id: message.toolCallId, content: message.content };
    }
  });
}

export function toOpenAITools(tools: ToolDefinition[]): ChatCompletionFunctionTool[] {
  return tools.map((tool) => ({
    type: "function",
    function: { name: tool.name, description: tool.description, parameters: tool.parameters },
  }));
}

const jsonValue: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(jsonValue), z.record(z.string(), jsonValue)]),
);
const jsonObject = z.record(z.string(), jsonValue);

/**
 * Models do send broken JSON. Handing it on as `{ _raw }` lets the agent's schema validation fail
 * and show the model its own mistake, instead of failing the whole run here.
 */
export function parseToolArguments(raw: string): JsonObject {
  // Some local servers send "" for a call without arguments where OpenAI sends "{}".
  if (raw.trim() === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { _raw: raw };
  }
  const object = jsonObject.safeParse(parsed);
  return object.success ? object.data : { _raw: raw };
}

const functionToolCall = z.object({
  id: z.string().min(1),
  type: z.literal("function"),
  function: z.object({ name: z.string().min(1), arguments: z.string() }),
});

/** The part of a chat completion we rely on; anything else the server adds is ignored. */
const chatCompletion = z.object({
  choices: z
    .array(
      z.object({
        message: z.object({
          content: z.string().nullish(),
          refusal: z.string().nullish(),
          tool_calls: z.array(functionToolCall).nullish(),
        }),
      }),
    )
    .min(1),
});

export function parseChatCompletion(body: unknown, baseURL: string): ModelResponse {
  const parsed = chatCompletion.safeParse(body);
  if (!parsed.success) throw malformed("answer", parsed.error, baseURL);
  const message = parsed.data.choices[0]!.message;
  return {
    content: message.content ?? message.refusal ?? "",
    toolCalls: (message.tool_calls ?? []).map((call) => ({
      id: call.id,
      name: call.function.name,
      args: parseToolArguments(call.function.arguments),
    })),
  };
}

const chunk = z.object({
  choices: z.array(
    z.object({
      index: z.number().int(),
      finish_reason: z.string().nullish(),
      delta: z
        .object({
          content: z.string().nullish(),
          refusal: z.string().nullish(),
          tool_calls: z
            .array(
              z.object({
                index: z.number().int().nonnegative(),
                id: z.string().nullish(),
                function: z.object({ name: z.string().nullish(), arguments: z.string().nullish() }).nullish(),
              }),
            )
            .nullish(),
        })
        .nullish(),
    }),
  ),
});

interface PartialCall {
  id?: string;
  name: string;
  arguments: string;
}

/** Rebuilds one assistant turn from stream chunks. Tool calls arrive as pieces keyed by `index`. */
export class ChunkAccumulator {
  private content = "";
  private finished = false;
  private readonly calls = new Map<number, PartialCall>();

  constructor(private readonly baseURL: string) {}

  /** Adds a chunk and returns the content delta it carried ("" when none). */
  add(raw: unknown): string {
    const parsed = chunk.safeParse(raw);
    if (!parsed.success) throw malformed("stream chunk", parsed.error, this.baseURL);
    let delta = "";
    // Only the first choice is the answer; we never ask for n > 1.
    for (const choice of parsed.data.choices.filter((c) => c.index === 0)) {
      if (choice.finish_reason) this.finished = true;
      const text = choice.delta?.content ?? choice.delta?.refusal ?? "";
      delta += text;
      for (const piece of choice.delta?.tool_calls ?? []) {
        const call = this.calls.get(piece.index) ?? { name: "", arguments: "" };
        if (piece.id) call.id = piece.id;
        call.name += piece.function?.name ?? "";
        call.arguments += piece.function?.arguments ?? "";
        this.calls.set(piece.index, call);
      }
    }
    this.content += delta;
    return delta;
  }

  response(): ModelResponse {
    if (!this.finished) {
      throw new ModelError(
        `The stream from the model server at ${this.baseURL} ended before the model finished its answer (no finish_reason). The connection may have dropped; try again.`,
      );
    }
    const toolCalls: ToolCall[] = [...this.calls.entries()]
      .sort(([a], [b]) => a - b)
      .map(([index, call]) => {
        if (!call.name) {
          throw new ModelError(
            `The model server at ${this.baseURL} streamed tool call #${index} without a function name. Its streaming tool-call support looks broken; try the model without streaming.`,
          );
        }
        return {
          // Some OpenAI-compatible servers omit ids; the engine needs one to pair the result with the call.
          id: call.id ?? `call_${randomUUID()}`,
          name: call.name,
          args: parseToolArguments(call.arguments),
        };
      });
    return { content: this.content, toolCalls };
  }
}

export function malformed(what: string, error: z.ZodError | string, baseURL: string, cause: unknown = typeof error === "string" ? undefined : error): ModelError {
  const detail = typeof error === "string" ? error : z.prettifyError(error).replaceAll("\n", " ");
  return new ModelError(
    `The model server at ${baseURL} sent a malformed ${what} (${detail}). Check that baseURL points at an OpenAI-compatible /v1 endpoint.`,
    cause === undefined ? undefined : { cause },
  );
}
