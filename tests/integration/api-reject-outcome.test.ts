import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiErrorBody } from "@/lib/contracts";
import { getRun, pendingOf, resolve, resolveRaw, startRun } from "./api-client";
import { databaseTargets, expectJson, useOfflineModel } from "./api-harness";

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== null)(`rejecting with a chosen outcome on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ""}`, () => {
    beforeAll(async () => {
      useOfflineModel();
      await target.open();
    });
    afterAll(() => target.close());

    it("the inbox item lists the outcomes; { action: \"reject\", onReject: \"cancel\" } cancels the run instead of taking the else branch", async () => {
      const started = await startRun("ResearchWorkflow", "Research tidal power");
      const [gate] = await pendingOf(started.runId);
      expect(gate).toMatchObject({ kind: "step_confirmation", stepName: "deep_research", details: { onReject: "else", allowedOnReject: ["else", "skip", "cancel"] } });
      const { run } = await resolve(gate!.id, { action: "reject", note: "not worth it", onReject: "cancel", version: gate!.version });
      expect(run).toMatchObject({ status: "cancelled", cancelledStepName: "deep_research" });
      expect(run.cancelReason).toContain("not worth it");
      expect(run.stepRequirements[0]).toMatchObject({ resolution: "reject", onReject: "else", chosenOnReject: "cancel" });
      expect(run.stepResults.map((r) => r.stepName)).not.toContain("quick_answer");
    });

    it("an outcome the gate does not allow answers 400 naming onReject, and nothing is decided", async () => {
      const started = await startRun("ResearchWorkflow", "Research wave power");
      const [gate] = await pendingOf(started.runId);
      const refused = await expectJson<ApiErrorBody>(await resolveRaw(gate!.id, { action: "reject", onReject: "retry", version: gate!.version }), 400);
      expect(refused.error).toMatchObject({ code: "invalid_input", details: { field: "onReject" } });
      const unknown = await expectJson<ApiErrorBody>(await resolveRaw(gate!.id, { action: "reject", onReject: "explode", version: gate!.version }), 400);
      expect(unknown.error.details?.field).toBe("onReject");
      expect(await getRun(started.runId)).toMatchObject({ status: "paused", version: started.version });
    });

    it("a tool call's rejection has no outcome to pick: onReject answers 400", async () => {
      const started = await startRun("WeatherWorkflow", "Weather in Bergen?");
      const [call] = await pendingOf(started.runId);
      const refused = await expectJson<ApiErrorBody>(await resolveRaw(call!.id, { action: "reject", onReject: "cancel", version: call!.version }), 400);
      expect(refused.error.details?.field).toBe("onReject");
      expect((await getRun(started.runId)).status).toBe("paused");
    });
  });
}
