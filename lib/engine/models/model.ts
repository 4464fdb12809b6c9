import type { JsonObject } from "../json";
import type { Message, ToolCall } from "../messages";

/** What a model is told about a tool: JSON schema of its arguments, derived from the zod schema. */
export interface ToolDefinition {
  name: string;
  description: string;
  parameters: JsonObject;
}

export interface ModelRequest {
  messages: Message[];
  tools: ToolDefinition[];
  signal?: AbortSignal;
}

/** One assistant turn: text, tool calls (several = parallel calls), or both. */
export interface ModelResponse {
  content: string;
  toolCalls: ToolCall[];
}

export type ModelStreamEvent =
  | { type: "content"; delta: string }
  | { type: "done"; response: ModelResponse };

export interface Model {
  /** Model id as the provider names it, e.g. "gpt-5.4" or "scripted". */
  readonly id: string;
  /** "openai", "scripted", ... — shown in the UI so an offline model is never mistaken for a real one. */
  readonly provider: string;
  respond(request: ModelRequest): Promise<ModelResponse>;
  /** Streams content deltas; the last event is always `done` with the whole turn. */
  stream(request: ModelRequest): AsyncIterable<ModelStreamEvent>;
}
