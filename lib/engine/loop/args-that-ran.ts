import type { JsonObject } from "../json";
import type { Message } from "../messages";

/**
 * A person changed a call's arguments (edited them, or provided user-input values): the assistant message that
 * made the call is rewritten to carry the arguments that ran, so the model's history matches the tool's result.
 * The arguments the model proposed stay on the requirement (`proposedArgs`) and in the audit log.
 */
export function showArgsThatRan(messages: Message[], callId: string, args: JsonObject): void {
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i]!;
    if (message.role !== "assistant" || !message.toolCalls?.some((c) => c.id === callId)) continue;
    messages[i] = { ...message, toolCalls: message.toolCalls.map((c) => (c.id === callId ? { ...c, args: { ...args } } : c)) };
    return;
  }
}
