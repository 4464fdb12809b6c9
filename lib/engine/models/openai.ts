import OpenAI from "openai";
import type { ChatCompletionCreateParamsBase } from "openai/resources/chat/completions";
import { z } from "zod";
import { DefinitionError, MissingApiKeyError } from "../errors";
import type { Model, ModelRequest, ModelResponse, ModelStreamEvent } from "./model";
import { type FailureContext, toModelError } from "./openai-errors";
import { ChunkAccumulator, parseChatCompletion, toOpenAIMessages, toOpenAITools } from "./openai-wire";

export interface OpenAIChatOptions {
  /** Model id as the server names it, e.g. "gpt-5.4" or "llama3.2" on Ollama. */
  id: string;
  /** Required for OpenAI itself; a local server given in `baseURL` needs none. The engine never reads the environment. */
  apiKey?: string;
  /** Any OpenAI-compatible server, e.g. http://localhost:11434/v1. Defaults to OpenAI's API. */
  baseURL?: string;
  temperature?: number;
  /** Sent as `max_completion_tokens`. */
  maxTokens?: number;
  /** Per request, including retries' waits. Default 120 000. */
  timeoutMs?: number;
  /** Retries of connection errors, 408, 409, 429 and 5xx (the SDK never retries other 4xx). Default 2. */
  maxRetries?: number;
}

const optionsSchema = z.object({
  id: z.string().min(1, "give the model id, e.g. \"gpt-5.4\""),
  apiKey: z.string().min(1).optional(),
  baseURL: z.url().optional(),
  temperature: z.number().min(0).max(2).optional(),
  maxTokens: z.int().positive().optional(),
  timeoutMs: z.int().positive().optional(),
  maxRetries: z.int().nonnegative().optional(),
});

const DEFAULT_TIMEOUT_MS = 120_000;
const DEFAULT_MAX_RETRIES = 2;
/** Ollama, vLLM and LM Studio ignore the key, but the SDK refuses to run without one. */
const LOCAL_SERVER_KEY = "local-server-needs-no-key";
/** Passed explicitly: left undefined, the SDK would read OPENAI_BASE_URL from the environment itself. */
const OPENAI_API_URL = "https://api.openai.com/v1";

/** A chat model on the Chat Completions API of OpenAI or any OpenAI-compatible server. */
export class OpenAIChat implements Model {
  readonly id: string;
  readonly provider = "openai";
  private readonly client: OpenAI;
  private readonly settings: Pick<ChatCompletionCreateParamsBase, "temperature" | "max_completion_tokens">;
  private readonly failure: FailureContext;

  constructor(options: OpenAIChatOptions) {
    const parsed = optionsSchema.safeParse(options);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new DefinitionError(`OpenAIChat option "${issue.path.join(".")}": ${issue.message}.`);
    }
    const { id, temperature, maxTokens } = parsed.data;
    const { baseURL } = parsed.data;
    const apiKey = parsed.data.apiKey ?? (baseURL ? LOCAL_SERVER_KEY : undefined);
    if (!apiKey) {
      throw new MissingApiKeyError(
        "OpenAIChat",
        "no API key. Pass apiKey (the app passes OPENAI_API_KEY), or pass baseURL (OPENAI_BASE_URL) to use a local server such as Ollama, which needs no key.",
      );
    }
    const timeoutMs = parsed.data.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.id = id;
    this.client = new OpenAI({
      apiKey,
      baseURL: baseURL ?? OPENAI_API_URL,
      timeout: timeoutMs,
      maxRetries: parsed.data.maxRetries ?? DEFAULT_MAX_RETRIES,
    });
    this.settings = {
      ...(temperature === undefined ? {} : { temperature }),
      ...(maxTokens === undefined ? {} : { max_completion_tokens: maxTokens }),
    };
    this.failure = { baseURL: this.client.baseURL, modelId: id, timeoutMs };
  }

  async respond(request: ModelRequest): Promise<ModelResponse> {
    let body: unknown;
    try {
      body = await this.client.chat.completions.create(
        { ...this.params(request), stream: false },
        { signal: request.signal },
      );
    } catch (error) {
      request.signal?.throwIfAborted();
      throw toModelError(error, this.failure);
    }
    return parseChatCompletion(body, this.failure.baseURL);
  }

  async *stream(request: ModelRequest): AsyncIterable<ModelStreamEvent> {
    const turn = new ChunkAccumulator(this.failure.baseURL);
    try {
      const chunks = await this.client.chat.completions.create(
        { ...this.params(request), stream: true },
        { signal: request.signal },
      );
      for await (const chunk of chunks) {
        const delta = turn.add(chunk);
        if (delta) yield { type: "content", delta };
      }
    } catch (error) {
      request.signal?.throwIfAborted();
      throw toModelError(error, this.failure);
    }
    // The SDK ends an aborted stream quietly; a partial turn must not pass for a whole one.
    request.signal?.throwIfAborted();
    yield { type: "done", response: turn.response() };
  }

  private params(request: ModelRequest): ChatCompletionCreateParamsBase {
    return {
      model: this.id,
      messages: toOpenAIMessages(request.messages),
      ...(request.tools.length > 0 ? { tools: toOpenAITools(request.tools) } : {}),
      ...this.settings,
    };
  }
}
