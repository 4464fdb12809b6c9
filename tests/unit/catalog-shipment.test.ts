import { describe, expect, it } from "vitest";
import { InMemoryStore } from "@/lib/engine";
import { shipmentFrom, shipmentWorkflow } from "@/lib/workflows/shipment";

describe("ShipmentWorkflow (offline)", () => {
  it("reads the items, recipient, place and speed of a request", () => {
    expect(shipmentFrom("Ship 2 x A-100 and 1 x B-7 to Kari Nordmann in Oslo 0150, express")).toEqual({
      recipient: { name: "Kari Nordmann", address: { city: "Oslo", postalCode: "0150", country: "NO" } },
      items: [
        { sku: "A-100", quantity: 2 },
        { sku: "B-7", quantity: 1 },
      ],
      speed: "express",
    });
    expect(shipmentFrom("ship something")).toBeNull();
  });

  it("pauses for confirmation with the tool's schema, and ships what the person approved after editing", async () => {
    const workflow = shipmentWorkflow.create(new InMemoryStore());
    const paused = await workflow.run("Ship 3 x A-100 to Kari Nordmann in Oslo 0150");
    const req = paused.stepRequirements.at(-1)?.executorRequirements?.[0];
    expect(req?.argsSchema).toMatchObject({ properties: { speed: { enum: ["standard", "express", "overnight"] } } });
    req?.confirm({
      args: {
        recipient: { name: "Kari Nordmann", address: { city: "Bergen", postalCode: "5003", country: "NO" } },
        items: [{ sku: "A-100", quantity: 3 }],
        speed: "overnight",
      },
    });
    const done = await workflow.continueRun(paused);
    expect(done.content).toMatch(/^Done\. Shipped 3 x A-100 to Kari Nordmann, Bergen 5003 NO, overnight \(shipment /);
  });

  it("says what it needs when the request names no place", async () => {
    const done = await shipmentWorkflow.create(new InMemoryStore()).run("Ship 1 x A-1 to Ola");
    expect(done.status).toBe("completed");
    expect(String(done.content)).toContain("Start a new run like");
  });
});
