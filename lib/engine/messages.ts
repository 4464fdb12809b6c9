import type { JsonObject } from "./json";

/** One call the model asks for. `id` is unique within the run. */
export interface ToolCall {
  id: string;
  name: string;
  args: JsonObject;
}

export type Role = "system" | "user" | "assistant" | "tool";

/** A conversation entry. Plain data: it is persisted as JSON and replayed to the model. */
export interface Message {
  role: Role;
  content: string;
  toolCalls?: ToolCall[];
  /** On `tool` messages: the call this message answers. */
  toolCallId?: string;
  toolName?: string;
}
