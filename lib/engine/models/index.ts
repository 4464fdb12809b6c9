export type { Model, ModelRequest, ModelResponse, ModelStreamEvent, ToolDefinition } from "./model";
export { ScriptedModel, type ScriptStep, type ScriptTurn } from "./scripted";
export { OpenAIChat, type OpenAIChatOptions } from "./openai";
