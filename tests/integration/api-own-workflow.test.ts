import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ListWorkflowsResponse } from "@/lib/contracts";
import { GET as listWorkflowsRoute } from "@/app/api/workflows/route";
import { getRun, pendingOf, resolve, startRun } from "./api-client";
import { databaseTargets, expectJson, get, useOfflineModel } from "./api-harness";

// The README's "Add your own workflow" example is lib/workflows/refund.ts, registered in the catalog: the README
// shows the file as it is, and this drives it through the HTTP API as a team's own workflow would be driven.
describe("the README's own-workflow example", () => {
  it("is lib/workflows/refund.ts, word for word", () => {
    const readme = readFileSync("README.md", "utf8");
    const file = readFileSync("lib/workflows/refund.ts", "utf8");
    expect(readme).toContain(["```ts", "// lib/workflows/refund.ts", file.trimEnd(), "```"].join("\n"));
  });
});

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== null)(`your own workflow on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ""}`, () => {
    beforeAll(async () => {
      useOfflineModel();
      await target.open();
    });
    afterAll(() => target.close());

    it("is in the catalog with what it pauses for", async () => {
      const { workflows } = await expectJson<ListWorkflowsResponse>(await listWorkflowsRoute(get("/api/workflows")), 200);
      expect(workflows.find((w) => w.name === "RefundWorkflow")).toMatchObject({
        description: "Refunds the order you name. A person confirms every refund before it is issued.",
        pauses: ["confirmation"],
        exampleInput: "Please refund order A-1042",
        shape: { steps: [{ id: "refund", name: "refund", stepPath: ["refund"], type: "step", pausesFor: [], executor: { type: "agent", name: "RefundAgent" } }] },
      });
    });

    it("pauses before the refund; confirming it issues the refund and the run completes", async () => {
      const started = await startRun("RefundWorkflow", "Please refund order A-1042");
      expect(started).toMatchObject({ status: "paused", pausedStepName: "refund" });
      const [item] = await pendingOf(started.runId);
      expect(item).toMatchObject({ kind: "confirmation", toolName: "issue_refund", toolArgs: { orderId: "A-1042" }, executorName: "RefundAgent" });
      const { run } = await resolve(item!.id, { action: "confirm", version: item!.version });
      expect(run.status).toBe("completed");
      expect(run.content).toBe(`Refunded order A-1042 (refund ${item!.id}).`);
    });

    it("rejecting with a note issues nothing and the agent says why", async () => {
      const started = await startRun("RefundWorkflow", "Refund B-7 now");
      const [item] = await pendingOf(started.runId);
      const { run } = await resolve(item!.id, { action: "reject", note: "the order shipped already", version: item!.version });
      expect(run.status).toBe("completed");
      expect(run.content).toMatch(/^No refund: .*the order shipped already/);
      expect((await getRun(started.runId)).content).toBe(run.content);
    });
  });
}
