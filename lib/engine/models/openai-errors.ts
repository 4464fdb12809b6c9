import { APIConnectionError, APIConnectionTimeoutError, APIError } from "openai";
import { z } from "zod";
import { ModelError } from "../errors";
import { malformed } from "./openai-wire";

export interface FailureContext {
  baseURL: string;
  modelId: string;
  timeoutMs: number;
}

const serverError = z.object({ message: z.string().min(1) });

/** What to look at for each HTTP status, from the point of view of someone configuring the model. */
function hintFor(status: number, context: FailureContext): string {
  if (status === 401) return "Check OPENAI_API_KEY (or the apiKey option).";
  if (status === 403) return "The key is not allowed to use this model or endpoint; check its permissions.";
  if (status === 404) {
    return `Check the model id "${context.modelId}" and that baseURL ends in /v1 (e.g. http://localhost:11434/v1 for Ollama).`;
  }
  if (status === 429) return "Rate limit or quota exceeded; wait and try again, or check your plan's quota.";
  if (status >= 500) return "The server failed; try again later or check the server's logs.";
  return "The server rejected the request; check the model id and the options (temperature, maxTokens).";
}

/** Turns whatever the SDK or the network threw into a ModelError that says what to check. */
export function toModelError(error: unknown, context: FailureContext): ModelError {
  if (error instanceof ModelError) return error;
  if (error instanceof APIConnectionTimeoutError) {
    return new ModelError(
      `The model server at ${context.baseURL} did not answer within ${context.timeoutMs} ms. Check that it is running and responsive, or raise timeoutMs.`,
      { cause: error },
    );
  }
  if (error instanceof APIConnectionError) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
    return new ModelError(
      `Could not reach the model server at ${context.baseURL}${cause}. Check OPENAI_BASE_URL (or the baseURL option) and that the server is running.`,
      { cause: error },
    );
  }
  if (error instanceof APIError) {
    const detail = serverError.safeParse(error.error);
    const message = detail.success ? detail.data.message : error.message;
    if (error.status === undefined) {
      return new ModelError(
        `The model server at ${context.baseURL} reported an error mid-answer: ${message}. Try again; if it persists, check the server's logs.`,
        { cause: error },
      );
    }
    return new ModelError(
      `The model server at ${context.baseURL} answered HTTP ${error.status}: ${message}. ${hintFor(error.status, context)}`,
      { cause: error },
    );
  }
  if (error instanceof SyntaxError) return malformed("answer", `not JSON: ${error.message}`, context.baseURL, error);
  const message = error instanceof Error ? error.message : String(error);
  return new ModelError(
    `The request to the model server at ${context.baseURL} failed: ${message}. Check that the server is running and that the connection is stable.`,
    { cause: error },
  );
}
