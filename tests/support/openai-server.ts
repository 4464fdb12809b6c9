import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import type { JsonObject } from "@/lib/engine";

/**
 * A local OpenAI-compatible server for tests: the real `openai` SDK talks to it over real HTTP.
 * It answers POST /v1/chat/completions from a queue of scripted replies, streaming or not,
 * and records every request body.
 */

export interface ScriptedToolCall {
  /** Default: call_1, call_2, ... in the order the server hands them out. */
  id?: string;
  name: string;
  /** An object is sent JSON-encoded; a string is sent exactly as given (to script broken JSON). */
  arguments: JsonObject | string;
}

export interface ScriptedAnswer {
  /** A string streams word by word; an array streams exactly these deltas. */
  content?: string | string[];
  toolCalls?: ScriptedToolCall[];
  /** Pause between stream chunks, to let a test abort mid-stream. */
  chunkDelayMs?: number;
}

export interface ScriptedError {
  error: { status: number; message: string; type?: string; code?: string };
  /** Extra response headers, e.g. `{ "retry-after-ms": "10" }`. */
  headers?: Record<string, string>;
}

/** Sent byte for byte, to script a server that breaks the protocol. */
export interface ScriptedRawBody {
  raw: { status?: number; contentType?: string; body: string };
}

export type ScriptedReply = ScriptedAnswer | ScriptedError | ScriptedRawBody;

const requestBody = z.looseObject({
  model: z.string(),
  messages: z.array(z.looseObject({ role: z.string() })),
  tools: z.array(z.looseObject({ type: z.string() })).optional(),
  stream: z.boolean().optional(),
});

export type ChatRequestBody = z.infer<typeof requestBody>;

export interface RecordedRequest {
  body: ChatRequestBody;
  headers: IncomingMessage["headers"];
}

export type ReplySource = ScriptedReply | ((request: RecordedRequest) => ScriptedReply | Promise<ScriptedReply>);

export interface OpenAIServerOptions {
  replies?: ReplySource[];
  /** Answers every request that finds the queue empty (a server that never runs out of replies). */
  fallback?: (request: RecordedRequest) => ScriptedReply | Promise<ScriptedReply>;
  /** Tool-call arguments are streamed in pieces of this many characters. Default 4. */
  argumentChunkSize?: number;
}

export interface OpenAIServer {
  /** Ends in /v1, ready for the SDK's `baseURL`. */
  readonly baseURL: string;
  /** Every chat completion request received, in order. */
  readonly requests: RecordedRequest[];
  /** Adds replies to the end of the queue. */
  enqueue(...replies: ReplySource[]): void;
  close(): Promise<void>;
}

export async function startOpenAIServer(options: OpenAIServerOptions = {}): Promise<OpenAIServer> {
  const queue: ReplySource[] = [...(options.replies ?? [])];
  const requests: RecordedRequest[] = [];
  const argumentChunkSize = options.argumentChunkSize ?? 4;
  let callCounter = 0;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== "POST" || req.url !== "/v1/chat/completions") {
      return sendError(res, { status: 404, message: `Unknown route ${req.method} ${req.url}`, type: "invalid_request_error" });
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let json: unknown;
    try {
      json = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    } catch {
      return sendError(res, { status: 400, message: "Request body is not JSON", type: "invalid_request_error" });
    }
    const parsed = requestBody.safeParse(json);
    if (!parsed.success) {
      return sendError(res, { status: 400, message: z.prettifyError(parsed.error), type: "invalid_request_error" });
    }
    const recorded: RecordedRequest = { body: parsed.data, headers: req.headers };
    requests.push(recorded);
    const source = queue.shift() ?? options.fallback;
    if (source === undefined) {
      const message = `openai-server: no scripted reply left for request ${requests.length}; enqueue one more.`;
      // A retry would only hit the same empty queue.
      return sendError(res, { status: 500, message, type: "server_error" }, { "x-should-retry": "false" });
    }
    const reply = typeof source === "function" ? await source(recorded) : source;
    if ("error" in reply) return sendError(res, reply.error, reply.headers);
    if ("raw" in reply) {
      res.writeHead(reply.raw.status ?? 200, { "content-type": reply.raw.contentType ?? "application/json" });
      res.end(reply.raw.body);
      return;
    }
    const calls = (reply.toolCalls ?? []).map((call) => ({
      id: call.id ?? `call_${++callCounter}`,
      name: call.name,
      arguments: typeof call.arguments === "string" ? call.arguments : JSON.stringify(call.arguments),
    }));
    if (parsed.data.stream) return streamAnswer(res, parsed.data.model, reply, calls, argumentChunkSize);
    const content = typeof reply.content === "string" ? reply.content : reply.content?.join("");
    sendJson(res, 200, {
      id: `chatcmpl-${requests.length}`,
      object: "chat.completion",
      created: Math.floor(Date.now() / 1000),
      model: parsed.data.model,
      choices: [
        {
          index: 0,
          message: {
            role: "assistant",
            content: content ?? null,
            refusal: null,
            ...(calls.length > 0
              ? { tool_calls: calls.map((c) => ({ id: c.id, type: "function", function: { name: c.name, arguments: c.arguments } })) }
              : {}),
          },
          logprobs: null,
          finish_reason: calls.length > 0 ? "tool_calls" : "stop",
        },
      ],
      usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
    });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendError(res, { status: 500, message: `openai-server failed: ${String(error)}`, type: "server_error" });
      else res.destroy();
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    enqueue: (...replies) => queue.push(...replies),
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, "close");
    },
  };
}

interface WireCall {
  id: string;
  name: string;
  arguments: string;
}

/** The real chunk format: role first, content deltas, tool calls by index, a finish chunk, then [DONE]. */
async function streamAnswer(
  res: ServerResponse,
  model: string,
  reply: ScriptedAnswer,
  calls: WireCall[],
  argumentChunkSize: number,
): Promise<void> {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
  const base = { id: `chatcmpl-stream-${Date.now()}`, object: "chat.completion.chunk", created: Math.floor(Date.now() / 1000), model };
  const deltas: object[] = [{ role: "assistant", content: "" }];
  const content = reply.content ?? [];
  for (const piece of typeof content === "string" ? (content.match(/\s*\S+\s*/g) ?? []) : content) deltas.push({ content: piece });

  // Announce every call, then send argument pieces round-robin so calls interleave as they can on the wire.
  calls.forEach((call, index) => {
    deltas.push({ tool_calls: [{ index, id: call.id, type: "function", function: { name: call.name, arguments: "" } }] });
  });
  const pieces = calls.map((call) => split(call.arguments, argumentChunkSize));
  for (let round = 0; pieces.some((p) => round < p.length); round++) {
    pieces.forEach((callPieces, index) => {
      const piece = callPieces[round];
      if (piece !== undefined) deltas.push({ tool_calls: [{ index, function: { arguments: piece } }] });
    });
  }

  const finishReason = calls.length > 0 ? "tool_calls" : "stop";
  const events = [
    ...deltas.map((delta) => ({ ...base, choices: [{ index: 0, delta, logprobs: null, finish_reason: null }] })),
    { ...base, choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: finishReason }] },
  ];
  for (const event of events) {
    if (res.destroyed) return;
    res.write(`data: ${JSON.stringify(event)}\n\n`);
    if (reply.chunkDelayMs) await sleep(reply.chunkDelayMs);
  }
  res.end("data: [DONE]\n\n");
}

function split(text: string, size: number): string[] {
  const pieces: string[] = [];
  for (let i = 0; i < text.length; i += size) pieces.push(text.slice(i, i + size));
  return pieces;
}

function sendError(res: ServerResponse, error: ScriptedError["error"], headers: Record<string, string> = {}): void {
  sendJson(res, error.status, { error: { message: error.message, type: error.type ?? "invalid_request_error", param: null, code: error.code ?? null } }, headers);
}

function sendJson(res: ServerResponse, status: number, body: object, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}
