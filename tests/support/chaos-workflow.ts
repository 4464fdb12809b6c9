// The chaos test's workflow: an agent on a real OpenAI-compatible server (over HTTP) whose tools write to a ledger
// file outside the run, one line per execution, so the test can count what really ran. `note` needs no approval;
// `transfer` needs a person's approval and takes a while, so a kill can land while it runs.
import { appendFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import { Agent, Step, type Store, tool, Workflow } from "@/lib/engine";
import { OpenAIChat } from "@/lib/engine/models";
import type { RecordedRequest, ScriptedReply } from "./openai-server";

export const CHAOS_WORKFLOW = "ChaosWorkflow";
/** Model calls a run takes when nothing goes wrong: note, transfer, final answer. */
export const IDEAL_MODEL_CALLS = 3;

export interface LedgerLine {
  tool: "note" | "transfer";
  key: string;
}

export function parseLedger(text: string): LedgerLine[] {
  return text
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => {
      const [tool, key] = line.split("\t");
      if ((tool !== "note" && tool !== "transfer") || !key) throw new Error(`ledger line "${line}" is not "<tool>\\t<key>"`);
      return { tool, key };
    });
}

/** `onTransfer` is told as soon as a transfer's side effect is in the ledger (the worker reports it to the test). */
export function chaosWorkflow(db: Store, options: { ledger: string; baseURL: string; toolMs: number; onTransfer?: (key: string) => void }): Workflow {
  const note = tool({
    name: "note",
    description: "Writes a note to the ledger",
    parameters: z.object({ text: z.string() }),
    execute: async (_args, ctx) => {
      appendFileSync(options.ledger, `note\t${ctx.idempotencyKey}\n`);
      return "noted";
    },
  });
  const transfer = tool({
    name: "transfer",
    description: "Moves money; needs approval",
    parameters: z.object({ amount: z.number() }),
    requiresConfirmation: true,
    execute: async ({ amount }, ctx) => {
      appendFileSync(options.ledger, `transfer\t${ctx.idempotencyKey}\n`);
      options.onTransfer?.(ctx.idempotencyKey);
      await sleep(options.toolMs, undefined, { signal: ctx.signal });
      return `transferred ${amount}`;
    },
  });
  const model = new OpenAIChat({ id: "chaos-model", apiKey: "test-key", baseURL: options.baseURL, maxRetries: 0, timeoutMs: 20_000 });
  const agent = new Agent({ name: "Clerk", model, tools: [note, transfer] });
  return new Workflow({ name: CHAOS_WORKFLOW, db, steps: [new Step({ name: "pay", agent })] });
}

/** The model's side of a chaos run, decided by the conversation alone: note, then transfer, then the answer. */
export function chaosReply(request: RecordedRequest): ScriptedReply {
  const turn = request.body.messages.filter((m) => m.role === "assistant").length;
  if (turn === 0) return { toolCalls: [{ name: "note", arguments: { text: "invoice received" } }] };
  if (turn === 1) return { toolCalls: [{ name: "transfer", arguments: { amount: 40 } }] };
  const last = request.body.messages.at(-1);
  return { content: `Done: ${typeof last?.content === "string" ? last.content : "?"}` };
}
