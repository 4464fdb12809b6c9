import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as runAuditRoute } from "@/app/api/runs/[runId]/audit/route";
import { apiPaths, runAuditResponseSchema, type ApiErrorBody, type AuditEntry, type RunDto } from "@/lib/contracts";
import { getRun, pendingOf, resolve, resolveRaw, startRun } from "./api-client";
import { databaseTargets, expectJson, get, params, useOfflineModel } from "./api-harness";

const REQUEST = "Ship 2 x A-100 to Kari Nordmann in Oslo 0150, express";
const PROPOSED = {
  recipient: { name: "Kari Nordmann", address: { city: "Oslo", postalCode: "0150", country: "NO" } },
  items: [{ sku: "A-100", quantity: 2 }],
  speed: "express",
};
const EDITED = {
  recipient: { name: "Kari Nordmann", address: { city: "Bergen", postalCode: "5003", country: "NO" } },
  items: [
    { sku: "A-100", quantity: 2 },
    { sku: "B-7", quantity: 1 },
  ],
  speed: "overnight",
  insuredValue: 300,
};

async function auditOf(runId: string): Promise<AuditEntry[]> {
  return runAuditResponseSchema.parse(await expectJson(await runAuditRoute(get(apiPaths.runAudit(runId)), params({ runId })), 200)).entries;
}

const shipments = (run: RunDto) => run.events.filter((e) => e.event === "ToolCallCompleted" && e.toolName === "ship_order");

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== null)(`editing a tool call's arguments on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ""}`, () => {
    beforeAll(async () => {
      useOfflineModel();
      await target.open();
    });
    afterAll(() => target.close());

    it("the inbox item carries the tool's JSON schema and whether edits are allowed", async () => {
      const started = await startRun("ShipmentWorkflow", REQUEST);
      const [item] = await pendingOf(started.runId);
      expect(item).toMatchObject({ kind: "confirmation", toolArgs: PROPOSED, details: { allowArgEdits: true } });
      expect(item?.details).toMatchObject({
        toolArgsSchema: {
          type: "object",
          required: ["recipient", "items", "speed"],
          properties: { speed: { enum: ["standard", "express", "overnight"] }, items: { type: "array", minItems: 1 } },
        },
      });
    });

    it("an edited confirm runs the tool once with the edited arguments, and the audit shows proposed and executed", async () => {
      const started = await startRun("ShipmentWorkflow", REQUEST);
      const [item] = await pendingOf(started.runId);
      const answered = await resolve(item!.id, { action: "confirm", version: item!.version, args: EDITED });
      expect(answered).toMatchObject({ continued: true, run: { status: "completed" } });
      const run = await getRun(started.runId);
      expect(run.content).toMatch(/^Done\. Shipped 2 x A-100, 1 x B-7 to Kari Nordmann, Bergen 5003 NO, overnight \(shipment /);
      expect(shipments(run)).toHaveLength(1);
      expect(shipments(run)[0]).toMatchObject({ toolArgs: EDITED });
      const decided = run.stepRequirements.at(-1)?.executorRequirements?.[0];
      expect(decided).toMatchObject({ status: "confirmed", argsEdited: true, proposedArgs: PROPOSED, toolExecution: { toolArgs: EDITED } });
      const audit = await auditOf(started.runId);
      expect(audit.map((e) => [e.action, e.proposedArgs, e.executedArgs])).toEqual([["confirm", PROPOSED, EDITED]]);
    });

    it("an invalid edit answers 400 naming the nested field; the requirement stays pending at the same version", async () => {
      const started = await startRun("ShipmentWorkflow", REQUEST);
      const [item] = await pendingOf(started.runId);
      const tooMany = { ...EDITED, items: [{ sku: "A-100", quantity: 21 }] };
      const refused = await expectJson<ApiErrorBody>(await resolveRaw(item!.id, { action: "confirm", version: item!.version, args: tooMany }), 400);
      expect(refused.error).toMatchObject({ code: "invalid_input", details: { field: "args.items.0.quantity" } });
      expect(refused.error.message).toContain("must be at most 20");
      const badZip = { ...EDITED, recipient: { name: "Kari", address: { city: "Bergen", postalCode: "50", country: "NO" } } };
      const zip = await expectJson<ApiErrorBody>(await resolveRaw(item!.id, { action: "confirm", version: item!.version, args: badZip }), 400);
      expect(zip.error.details?.field).toBe("args.recipient.address.postalCode");
      const run = await getRun(started.runId);
      expect(run).toMatchObject({ status: "paused", version: started.version });
      expect(run.stepRequirements.at(-1)?.executorRequirements?.[0]).toMatchObject({ status: "pending", toolExecution: { toolArgs: PROPOSED } });
      expect(await auditOf(started.runId)).toEqual([]);
      expect((await pendingOf(started.runId)).map((r) => r.version)).toEqual([item!.version]);
    });

    it("a tool with allowArgEdits: false answers 400 naming args, and approving as proposed still works", async () => {
      const started = await startRun("RefundWorkflow", "Please refund order A-1042");
      const [item] = await pendingOf(started.runId);
      expect(item?.details).toMatchObject({ allowArgEdits: false });
      const refused = await expectJson<ApiErrorBody>(await resolveRaw(item!.id, { action: "confirm", version: item!.version, args: { orderId: "A-9999" } }), 400);
      expect(refused.error).toMatchObject({ code: "invalid_input", details: { field: "args" } });
      expect(refused.error.message).toContain("does not allow editing");
      expect(await getRun(started.runId)).toMatchObject({ status: "paused", version: started.version });
      const answered = await resolve(item!.id, { action: "confirm", version: item!.version });
      expect(answered.run.content).toMatch(/^Refunded order A-1042 /);
    });

    it("an edit with a stale version answers 409 and nothing runs", async () => {
      const started = await startRun("ShipmentWorkflow", REQUEST);
      const [item] = await pendingOf(started.runId);
      const stale = await expectJson<ApiErrorBody>(await resolveRaw(item!.id, { action: "confirm", version: item!.version - 1, args: EDITED }), 409);
      expect(stale.error.code).toBe("conflict");
      const run = await getRun(started.runId);
      expect(run).toMatchObject({ status: "paused", version: started.version });
      expect(shipments(run)).toHaveLength(0);
    });
  });
}
