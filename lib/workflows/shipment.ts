import { z } from "zod";
import { Agent, type Message, Step, tool, Workflow } from "@/lib/engine";
import type { ScriptTurn } from "@/lib/engine/models";
import type { CatalogEntry } from "./catalog-entry";
import { latestToolAnswers, policyScript, rejectionReason, userText } from "./conversation";
import { pickModel } from "./model";

export const MAX_QUANTITY = 20;
export const MAX_INSURED_VALUE = 5000;

const shipmentArgs = z.object({
  recipient: z.object({
    name: z.string().trim().min(2, "must be at least 2 characters").max(80, "must be at most 80 characters"),
    address: z.object({
      city: z.string().trim().min(2, "must be at least 2 characters"),
      postalCode: z.string().regex(/^\d{4,5}$/, "must be 4 or 5 digits"),
      country: z.enum(["NO", "SE", "DK", "DE"]).describe("Where the parcel goes"),
    }),
  }),
  items: z
    .array(
      z.object({
        sku: z.string().regex(/^[A-Z]-\d+$/, "must look like A-100"),
        quantity: z.number().int("must be a whole number").min(1, "must be at least 1").max(MAX_QUANTITY, `must be at most ${MAX_QUANTITY}`),
      }),
    )
    .min(1, "needs at least one item")
    .max(10, "can hold at most 10 lines"),
  speed: z.enum(["standard", "express", "overnight"]),
  insuredValue: z.number().min(0, "must be 0 or more").max(MAX_INSURED_VALUE, `must be at most ${MAX_INSURED_VALUE}`).optional().describe("In euros"),
  signatureRequired: z.boolean().optional(),
});
export type ShipmentArgs = z.output<typeof shipmentArgs>;

// Every shipment is confirmed by a person, who may correct the address, the lines or the speed before approving.
export const shipOrder = tool({
  name: "ship_order",
  description: "Book a parcel shipment to one recipient",
  parameters: shipmentArgs,
  requiresConfirmation: true,
  execute: (args, ctx) => {
    const { name, address } = args.recipient;
    const lines = args.items.map((i) => `${i.quantity} x ${i.sku}`).join(", ");
    return `Shipped ${lines} to ${name}, ${address.city} ${address.postalCode} ${address.country}, ${args.speed} (shipment ${ctx.requirementId ?? ctx.toolCallId})`;
  },
});

/** What the offline agent reads from a request like "Ship 2 x A-100 to Kari Nordmann in Oslo 0150, express". */
export function shipmentFrom(text: string): ShipmentArgs | null {
  const items = [...text.matchAll(/(\d+)\s*x\s*([A-Z]-\d+)/gu)].map((m) => ({ sku: m[2]!, quantity: Number(m[1]) }));
  const name = /\bto\s+([\p{Lu}][\p{L}'-]*(?:\s+[\p{Lu}][\p{L}'-]*)*)/u.exec(text)?.[1];
  const place = /\bin\s+([\p{Lu}][\p{L}'-]*)\s+(\d{4,5})\b/u.exec(text);
  if (items.length === 0 || !name || !place) return null;
  const speed = /\bovernight\b/iu.test(text) ? "overnight" : /\bexpress\b/iu.test(text) ? "express" : "standard";
  return { recipient: { name, address: { city: place[1]!, postalCode: place[2]!, country: "NO" } }, items, speed };
}

/** What the offline ShippingAgent does at any point of the conversation. */
function shipmentPolicy(messages: Message[]): ScriptTurn {
  const answer = latestToolAnswers(messages)[0];
  if (answer?.outcome.kind === "result") return { content: `Done. ${answer.outcome.text}.` };
  if (answer?.outcome.kind === "rejected") return { content: `Nothing was shipped: ${rejectionReason(answer.outcome.note)}.` };
  if (answer) return { content: `The shipment failed: ${answer.outcome.text}` };
  const args = shipmentFrom(userText(messages));
  if (!args) return { content: 'What should I ship, to whom and where? Start a new run like "Ship 2 x A-100 to Kari Nordmann in Oslo 0150, express".' };
  return { toolCalls: [{ name: "ship_order", args }] };
}

export const shipmentWorkflow: CatalogEntry = {
  name: "ShipmentWorkflow",
  description: "Books a parcel shipment. A person checks it first and may correct the address, the items or the speed before approving.",
  pauses: ["confirmation"],
  exampleInput: "Ship 2 x A-100 and 1 x B-7 to Kari Nordmann in Oslo 0150, express",
  create: (db) =>
    new Workflow({
      name: "ShipmentWorkflow",
      db,
      steps: [
        new Step({
          name: "book_shipment",
          agent: new Agent({
            name: "ShippingAgent",
            id: "shipping-agent",
            model: pickModel(policyScript(shipmentPolicy)),
            tools: [shipOrder],
            instructions: "Book the shipment the user asks for with ship_order, once.",
          }),
        }),
      ],
    }),
};
