import type { Message, ToolCall } from "@/lib/engine";
import type { ScriptStep, ScriptTurn } from "@/lib/engine/models";

/** How the engine words a rejected tool call for the model (see the Agent's behaviour notes). */
const REJECTED_PREFIX = "Rejected by the user.";
const NOTE_MARKER = " Note: ";
const ERROR_PREFIX = "Error:";

/** What came back from a tool call, as an offline script needs to know it. */
export type ToolOutcome =
  | { kind: "result"; text: string }
  | { kind: "rejected"; note: string | null }
  | { kind: "error"; text: string };

export function toolOutcome(message: Message): ToolOutcome {
  const text = message.content;
  if (text.startsWith(REJECTED_PREFIX)) {
    const at = text.indexOf(NOTE_MARKER);
    const note = at >= 0 ? text.slice(at + NOTE_MARKER.length).trim() : "";
    return { kind: "rejected", note: note || null };
  }
  if (text.startsWith(ERROR_PREFIX)) return { kind: "error", text: text.slice(ERROR_PREFIX.length).trim() };
  return { kind: "result", text };
}

/** The text the agent was asked to work on: the latest user message. */
export function userText(messages: readonly Message[]): string {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m?.role === "user") return m.content;
  }
  return "";
}

/** One tool call of the latest turn with what came back from it. */
export interface ToolAnswer {
  call: ToolCall;
  outcome: ToolOutcome;
}

/** The answers to the latest turn's tool calls, in call order; empty unless the conversation ends with them. */
export function latestToolAnswers(messages: readonly Message[]): ToolAnswer[] {
  const answers: Message[] = [];
  let i = messages.length - 1;
  while (i >= 0 && messages[i]?.role === "tool") answers.unshift(messages[i--] as Message);
  const calls = messages[i]?.toolCalls ?? [];
  return answers.flatMap((answer) => {
    const call = calls.find((c) => c.id === answer.toolCallId);
    return call ? [{ call, outcome: toolOutcome(answer) }] : [];
  });
}

/** How a rejection reads in a final answer: the person's note quoted, or a plain statement. */
export function rejectionReason(note: string | null): string {
  return note ? `you declined it with the note "${note}"` : "you declined it";
}

/**
 * An offline script that applies the same policy at every turn. A policy is a function of the whole
 * conversation, so the script needs no state and resumes in any process.
 */
export function policyScript(policy: (messages: Message[]) => ScriptTurn, maxTurns = 12): ScriptStep[] {
  return Array.from({ length: maxTurns }, () => policy);
}
