import { z } from "zod";
import { ModelError, ScriptExhaustedError } from "../errors";
import { jsonValue, type JsonObject } from "../json";
import type { Message } from "../messages";
import { formatIssues } from "../tools";
import type { Model, ModelRequest, ModelResponse, ModelStreamEvent } from "./model";

/** One scripted assistant turn: text, tool calls (several = parallel calls), or both. */
export type ScriptTurn =
  | { content: string; toolCalls?: { name: string; args?: JsonObject }[] }
  | { content?: string; toolCalls: { name: string; args?: JsonObject }[] };

/** A turn, or a function of the conversation so far that returns one. */
export type ScriptStep = ScriptTurn | ((messages: Message[]) => ScriptTurn | Promise<ScriptTurn>);

const scriptTurnSchema = z
  .object({
    content: z.string().optional(),
    toolCalls: z.array(z.object({ name: z.string().min(1), args: z.record(z.string(), jsonValue).optional() })).optional(),
  })
  .refine((t) => t.content !== undefined || t.toolCalls !== undefined, "a turn needs `content` or `toolCalls`");

/** How many pieces `stream()` cuts content into, so streaming consumers see real deltas. */
const STREAM_PIECES = 3;

/**
 * A deterministic model for tests and the offline default. Turn i answers when the conversation
 * already holds i assistant messages, so it keeps no state and resumes in any process.
 */
export class ScriptedModel implements Model {
  readonly id: string;
  readonly provider = "scripted";
  readonly #script: readonly ScriptStep[];

  constructor(script: readonly ScriptStep[], options: { id?: string } = {}) {
    this.#script = script;
    this.id = options.id ?? "scripted";
  }

  async respond(request: ModelRequest): Promise<ModelResponse> {
    let turn = 0;
    for (const m of request.messages) if (m.role === "assistant") turn++;
    const step = this.#script[turn];
    if (step === undefined) throw new ScriptExhaustedError(turn, this.#script.length);
    const raw = typeof step === "function" ? await step(request.messages) : step;
    const parsed = scriptTurnSchema.safeParse(raw);
    if (!parsed.success) {
      throw new ModelError(`ScriptedModel turn ${turn + 1} is not a valid turn: ${formatIssues(parsed.error.issues)}.`, { cause: parsed.error });
    }
    return {
      content: parsed.data.content ?? "",
      toolCalls: (parsed.data.toolCalls ?? []).map((c, i) => ({ id: `call_${turn}_${i}`, name: c.name, args: c.args ?? {} })),
    };
  }

  async *stream(request: ModelRequest): AsyncIterable<ModelStreamEvent> {
    const response = await this.respond(request);
    const size = Math.ceil(response.content.length / STREAM_PIECES);
    for (let at = 0; size > 0 && at < response.content.length; at += size) {
      yield { type: "content", delta: response.content.slice(at, at + size) };
    }
    yield { type: "done", response };
  }
}
