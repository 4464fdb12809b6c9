import { appEnv, type ModelSettings } from "@/lib/config/env";
import type { ModelInfo } from "@/lib/contracts";
import { OpenAIChat, ScriptedModel, type Model, type ScriptStep } from "@/lib/engine/models";

/** What the catalog runs on: a real OpenAI-compatible model when a key is set, else the offline scripts. */
export function describeModel(settings: ModelSettings = appEnv().model): ModelInfo {
  if (settings.apiKey) return { provider: "openai", id: settings.model, offline: false };
  return { provider: "scripted", id: "scripted", offline: true };
}

/**
 * The model for one agent. `offlineScript` is what the agent does without a real model; it reacts to the
 * conversation so the offline catalog behaves sensibly for any input.
 */
export function pickModel(offlineScript: readonly ScriptStep[], settings: ModelSettings = appEnv().model): Model {
  if (!settings.apiKey) return new ScriptedModel(offlineScript);
  return new OpenAIChat({
    id: settings.model,
    apiKey: settings.apiKey,
    ...(settings.baseURL ? { baseURL: settings.baseURL } : {}),
  });
}
