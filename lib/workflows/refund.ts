import { z } from "zod";
import { Agent, type Message, Step, tool, Workflow } from "@/lib/engine";
import type { ScriptTurn } from "@/lib/engine/models";
import type { CatalogEntry } from "./catalog-entry";
import { latestToolAnswers, policyScript, rejectionReason, userText } from "./conversation";
import { pickModel } from "./model";

// A tool that changes the world: the run pauses before every call, and a person confirms or rejects it. The order is
// what the customer named, so an approver may not point the refund at another one: they reject instead.
export const issueRefund = tool({
  name: "issue_refund",
  description: "Refund an order in full",
  parameters: z.object({ orderId: z.string().regex(/^[A-Z]-\d+$/, "must look like A-1042") }),
  requiresConfirmation: true,
  allowArgEdits: false,
  execute: ({ orderId }, ctx) => `Refunded order ${orderId} (refund ${ctx.requirementId ?? ctx.toolCallId})`,
});

/** What the agent does offline (no OPENAI_API_KEY): refund the order the text names, then say how it went. */
function refundPolicy(messages: Message[]): ScriptTurn {
  const answer = latestToolAnswers(messages)[0];
  if (answer?.outcome.kind === "result") return { content: `${answer.outcome.text}.` };
  if (answer?.outcome.kind === "rejected") return { content: `No refund: ${rejectionReason(answer.outcome.note)}.` };
  if (answer) return { content: `The refund failed: ${answer.outcome.text}` };
  const orderId = /\b[A-Z]-\d+\b/u.exec(userText(messages))?.[0];
  if (!orderId) return { content: "Which order? Start a new run that names it, e.g. A-1042." };
  return { toolCalls: [{ name: "issue_refund", args: { orderId } }] };
}

export const refundWorkflow: CatalogEntry = {
  name: "RefundWorkflow",
  description: "Refunds the order you name. A person confirms every refund before it is issued.",
  pauses: ["confirmation"],
  exampleInput: "Please refund order A-1042",
  create: (db) =>
    new Workflow({
      name: "RefundWorkflow",
      db,
      steps: [
        new Step({
          name: "refund",
          agent: new Agent({
            name: "RefundAgent",
            model: pickModel(policyScript(refundPolicy)),
            tools: [issueRefund],
            instructions: "Refund the order the user names with issue_refund.",
          }),
        }),
      ],
    }),
};
