import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/config/env";
import { OpenAIChat, ScriptedModel } from "@/lib/engine/models";
import { describeModel, pickModel } from "@/lib/workflows/model";

describe("the catalog's model", () => {
  it("is the offline scripted model, labelled offline, when no API key is set", () => {
    expect(describeModel(parseEnv({}).model)).toEqual({ provider: "scripted", id: "scripted", offline: true });
    expect(pickModel([{ content: "hi" }], parseEnv({}).model)).toBeInstanceOf(ScriptedModel);
  });

  it("is OpenAIChat with gpt-4o-mini by default when OPENAI_API_KEY is set", () => {
    expect(describeModel(parseEnv({ OPENAI_API_KEY: "sk-test" }).model)).toEqual({ provider: "openai", id: "gpt-4o-mini", offline: false });
    const model = pickModel([], parseEnv({ OPENAI_API_KEY: "sk-test" }).model);
    expect(model).toBeInstanceOf(OpenAIChat);
    expect(model.id).toBe("gpt-4o-mini");
  });

  it("uses OPENAI_MODEL when given", () => {
    const env = parseEnv({ OPENAI_API_KEY: "sk-test", OPENAI_MODEL: "llama3.2", OPENAI_BASE_URL: "http://127.0.0.1:11434/v1" }).model;
    expect(describeModel(env).id).toBe("llama3.2");
    expect(pickModel([], env).id).toBe("llama3.2");
  });
});
