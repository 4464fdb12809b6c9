import { describe, expect, it } from "vitest";
import { z } from "zod";
import { Agent, InMemoryStore, InvalidUserInputError, type Message, RunOutput, tool, UnresolvedRequirementError } from "@/lib/engine";
import { ScriptedModel } from "@/lib/engine/models";

const shipmentArgs = z.object({
  address: z.object({ city: z.string().min(2), zip: z.string().regex(/^\d{5}$/, "must be 5 digits") }),
  items: z.array(z.object({ sku: z.string(), quantity: z.number().int().min(1).max(10) })).min(1),
  speed: z.enum(["standard", "express"]),
});

function shippingAgent(options: { allowArgEdits?: boolean; db?: InMemoryStore } = {}) {
  const shipped: z.output<typeof shipmentArgs>[] = [];
  const seen: Message[][] = [];
  const ship = tool({
    name: "ship_order",
    parameters: shipmentArgs,
    requiresConfirmation: true,
    ...(options.allowArgEdits !== undefined && { allowArgEdits: options.allowArgEdits }),
    execute: (args) => {
      shipped.push(args);
      return `Shipped to ${args.address.city}`;
    },
  });
  const agent = new Agent({
    name: "Shipper",
    id: "shipper",
    model: new ScriptedModel([
      { toolCalls: [{ name: "ship_order", args: { address: { city: "Oslo", zip: "01500" }, items: [{ sku: "A1", quantity: 2 }], speed: "standard" } }] },
      (messages) => {
        seen.push(messages);
        return { content: `Done: ${messages.at(-1)?.content}` };
      },
    ]),
    tools: [ship],
    ...(options.db && { db: options.db }),
  });
  return { agent, shipped, seen };
}

const edited = { address: { city: "Bergen", zip: "05003" }, items: [{ sku: "A1", quantity: 3 }], speed: "express" };

describe("confirming a tool call with edited arguments", () => {
  it("runs the tool once with the edited arguments and shows them to the model as the call it made", async () => {
    const { agent, shipped, seen } = shippingAgent();
    const paused = await agent.run("ship it");
    const req = paused.requirements[0]!;
    expect(req.argsSchema).toMatchObject({ type: "object", required: ["address", "items", "speed"] });
    expect(req.allowArgEdits).toBe(true);
    req.confirm({ args: edited, by: "ana" });
    const done = await agent.continueRun(paused);
    expect(done.content).toBe("Done: Shipped to Bergen");
    expect(shipped).toEqual([edited]);
    const call = seen[0]!.find((m) => m.role === "assistant")?.toolCalls?.[0];
    expect(call?.args).toEqual(edited);
    expect(done.requirements).toHaveLength(0);
    expect(req.proposedArgs).toEqual({ address: { city: "Oslo", zip: "01500" }, items: [{ sku: "A1", quantity: 2 }], speed: "standard" });
    expect(req.toJSON()).toMatchObject({ status: "confirmed", argsEdited: true, toolExecution: { toolArgs: edited } });
  });

  it("refuses invalid edits naming the nested field, and changes nothing", async () => {
    const { agent } = shippingAgent();
    const paused = await agent.run("ship it");
    const req = paused.requirements[0]!;
    const bad = { ...edited, items: [{ sku: "A1", quantity: 11 }] };
    const error = (() => {
      try {
        req.confirm({ args: bad });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InvalidUserInputError);
    expect((error as InvalidUserInputError).field).toBe("args.items.0.quantity");
    expect(req.status).toBe("pending");
    expect(req.toolExecution.toolArgs).toEqual(req.proposedArgs);
    expect(() => req.confirm({ args: { ...edited, speed: "teleport" } })).toThrow(/args\.speed/);
    await expect(agent.continueRun(paused)).rejects.toBeInstanceOf(UnresolvedRequirementError);
  });

  it("a tool with allowArgEdits: false refuses edits but can be approved as proposed", async () => {
    const { agent, shipped } = shippingAgent({ allowArgEdits: false });
    const paused = await agent.run("ship it");
    const req = paused.requirements[0]!;
    expect(req.allowArgEdits).toBe(false);
    expect(() => req.confirm({ args: edited })).toThrow(/does not allow editing/);
    expect(req.status).toBe("pending");
    req.confirm();
    await agent.continueRun(paused);
    expect(shipped.map((s) => s.address.city)).toEqual(["Oslo"]);
  });

  it("a run loaded from the database checks edits too, and the edit survives the round trip", async () => {
    const db = new InMemoryStore();
    const { agent, shipped } = shippingAgent({ db });
    const paused = await agent.run("ship it");
    const loaded = (await agent.getRun(paused.runId))!;
    expect(() => loaded.requirements[0]!.confirm({ args: { ...edited, address: { city: "Bergen", zip: "5003" } } })).toThrow(/args\.address\.zip/);
    loaded.requirements[0]!.confirm({ args: edited });
    const again = RunOutput.fromJSON(loaded.toJSON());
    agent.attachValidators(again);
    await agent.continueRun(again);
    expect(shipped).toEqual([edited]);
  });
});
