import type { ModelInfo } from "@/lib/contracts";
import { OpenAIChat, ScriptedModel, type Model, type ScriptStep } from "@/lib/engine/models";

/** Read from OPENAI_API_KEY, OPENAI_BASE_URL and OPENAI_MODEL. */
const DEFAULT_OPENAI_MODEL = "gpt-4o-mini";

/** What the catalog runs on: a real OpenAI-compatible model when a key is set, else the offline scripts. */
export function describeModel(env: Readonly<Record<string, string | undefined>> = process.env): ModelInfo {
  if (env.OPENAI_API_KEY) return { provider: "openai", id: env.OPENAI_MODEL || DEFAULT_OPENAI_MODEL, offline: false };
  return { provider: "scripted", id: "scripted", offline: true };
}

/**
 * The model for one agent. `offlineScript` is what the agent does without a real model; it reacts to the
 * conversation so the offline catalog behaves sensibly for any input.
 */
export function pickModel(offlineScript: readonly ScriptStep[], env: Readonly<Record<string, string | undefined>> = process.env): Model {
  if (!env.OPENAI_API_KEY) return new ScriptedModel(offlineScript);
  return new OpenAIChat({
    id: env.OPENAI_MODEL || DEFAULT_OPENAI_MODEL,
    apiKey: env.OPENAI_API_KEY,
    ...(env.OPENAI_BASE_URL ? { baseURL: env.OPENAI_BASE_URL } : {}),
  });
}
