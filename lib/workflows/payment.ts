import { z } from "zod";
import { Agent, type Message, Step, tool, Workflow } from "@/lib/engine";
import type { ScriptTurn } from "@/lib/engine/models";
import type { CatalogEntry } from "./catalog-entry";
import { latestToolAnswers, policyScript, rejectionReason, userText } from "./conversation";
import { pickModel } from "./model";

export const MAX_PAYMENT = 10_000;

/** A payment request as the offline agent reads it: the amount, and the recipient if the text names one. */
export function paymentFrom(text: string): { amount: number | null; recipient: string | null; note: string | null } {
  const money =
    /(?:[$€£]\s?)(\d[\d,]*(?:\.\d+)?)/u.exec(text) ??
    /(\d[\d,]*(?:\.\d+)?)\s*(?:dollars?|usd|eur|euros?|gbp|pounds?)\b/iu.exec(text) ??
    /(?:^|\s)(-?\d[\d,]*(?:\.\d+)?)\b/u.exec(text);
  const amount = money?.[1] ? Number(money[1].replace(/,/g, "")) : null;
  const recipient = /\bto\s+([\p{Lu}][\p{L}'-]*(?:\s+[\p{Lu}][\p{L}'-]*)?)/u.exec(text)?.[1] ?? null;
  const note = /\bfor\s+(.+?)[.?!]*$/iu.exec(text)?.[1]?.trim() ?? null;
  return { amount: amount !== null && Number.isFinite(amount) ? amount : null, recipient, note };
}

export const formatMoney = (amount: number) =>
  `$${amount.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

export const sendMoney = tool({
  name: "send_money",
  description: `Send money to someone. Amounts are in dollars, more than 0 and at most ${MAX_PAYMENT}.`,
  parameters: z.object({
    amount: z
      .number({ error: "must be a number" })
      .positive("must be more than 0")
      .max(MAX_PAYMENT, `must be at most ${MAX_PAYMENT.toLocaleString("en-US")}`),
    recipient: z
      .string({ error: "is required" })
      .trim()
      .min(2, "must be at least 2 characters")
      .max(80, "must be at most 80 characters")
      .describe("Who receives the money: a name or an email"),
    note: z.string().max(200, "must be at most 200 characters").optional().describe("What the payment is for"),
  }),
  requiresUserInput: true,
  userInputFields: ["recipient"],
  execute: ({ amount, recipient }, ctx) =>
    `Sent ${formatMoney(amount)} to ${recipient} (transfer ${ctx.requirementId ?? ctx.toolCallId})`,
});

/** What the offline PaymentAgent does at any point of the conversation. */
export function paymentPolicy(messages: Message[]): ScriptTurn {
  const answer = latestToolAnswers(messages)[0];
  if (answer) {
    const amount = typeof answer.call.args.amount === "number" ? formatMoney(answer.call.args.amount) : "the money";
    switch (answer.outcome.kind) {
      case "result":
        return { content: `Done. ${answer.outcome.text}.` };
      case "rejected":
        return { content: `I did not send ${amount}: ${rejectionReason(answer.outcome.note)}.` };
      case "error":
        return {
          content: `I could not send ${amount}: ${answer.outcome.text} Payments must be more than 0 and at most ${formatMoney(MAX_PAYMENT)}; start a new run with another amount.`,
        };
    }
  }
  const { amount, recipient, note } = paymentFrom(userText(messages));
  if (amount === null) return { content: 'How much should I send? Start a new run with an amount, e.g. "Send $250 to Alice for rent".' };
  return { toolCalls: [{ name: "send_money", args: { amount, ...(recipient ? { recipient } : {}), ...(note ? { note } : {}) } }] };
}

export const paymentWorkflow: CatalogEntry = {
  name: "PaymentWorkflow",
  description: `Sends a payment of up to ${formatMoney(MAX_PAYMENT)}. A person confirms or fills in the recipient before any money moves.`,
  pauses: ["user_input"],
  exampleInput: "Send $250 to Alice for rent",
  create: (db) =>
    new Workflow({
      name: "PaymentWorkflow",
      description: "Payment with the recipient provided by a person",
      db,
      steps: [
        new Step({
          name: "send_payment",
          agent: new Agent({
            name: "PaymentAgent",
            id: "payment-agent",
            model: pickModel(policyScript(paymentPolicy)),
            tools: [sendMoney],
            instructions: "Send the payment the user asks for with send_money. The recipient is confirmed by a person.",
          }),
        }),
      ],
    }),
};
