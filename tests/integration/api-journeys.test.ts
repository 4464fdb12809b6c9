import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiErrorBody, ListWorkflowsResponse } from "@/lib/contracts";
import { GET as listWorkflowsRoute } from "@/app/api/workflows/route";
import { getRun, pendingOf, resolve, resolveRaw, startRun } from "./api-client";
import { databaseTargets, expectJson, get, useOfflineModel } from "./api-harness";

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== null)(`catalog journeys on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ""}`, () => {
    beforeAll(async () => {
      useOfflineModel();
      await target.open();
    });
    afterAll(() => target.close());

    it("lists the six workflows with what they pause for and an offline model, or none for a workflow without agents", async () => {
      const { workflows } = await expectJson<ListWorkflowsResponse>(await listWorkflowsRoute(get("/api/workflows")), 200);
      expect(workflows.map((w) => w.name)).toEqual(["WeatherWorkflow", "PaymentWorkflow", "QueryWorkflow", "ResearchWorkflow", "ReleaseWorkflow", "RefundWorkflow", "ShipmentWorkflow"]);
      expect(workflows.find((w) => w.name === "PaymentWorkflow")?.pauses).toEqual(["user_input"]);
      expect(workflows.find((w) => w.name === "ReleaseWorkflow")?.pauses).toEqual(["error", "route_selection", "iteration_review"]);
      for (const w of workflows.filter((w) => w.name !== "ReleaseWorkflow")) expect(w.model).toEqual({ provider: "scripted", id: "scripted", offline: true });
      expect(workflows.find((w) => w.name === "ReleaseWorkflow")?.model).toBeNull();
    });

    it("inbox items carry the step's position among its siblings beside its path", async () => {
      const started = await startRun("ResearchWorkflow", "Research tidal energy");
      const [gate] = await pendingOf(started.runId);
      expect(gate).toMatchObject({ kind: "step_confirmation", stepName: "deep_research", stepPath: ["deep_research"], stepIndex: 1 });
      await resolve(gate!.id, { action: "reject", version: gate!.version });
      const [review] = await pendingOf(started.runId);
      expect(review).toMatchObject({ kind: "output_review", stepName: "report", stepPath: ["report"], stepIndex: 2 });
    });

    it("weather: approving the lookup completes the run with the weather", async () => {
      const started = await startRun("WeatherWorkflow", "What is the weather in Tokyo?");
      expect(started).toMatchObject({ status: "paused", pauseKind: "executor", pausedStepName: "get_weather" });
      const [item] = await pendingOf(started.runId);
      expect(item).toMatchObject({ kind: "confirmation", toolName: "get_the_weather", toolArgs: { city: "Tokyo" }, executorName: "WeatherAgent" });

      const { run, continued } = await resolve(item!.id, { action: "confirm", version: item!.version });
      expect(continued).toBe(true);
      expect(run.status).toBe("completed");
      expect(run.content).toBe("It is 70 degrees and cloudy in Tokyo.");
      expect(run.stepRequirements.at(-1)?.executorRequirements?.[0]).toMatchObject({ status: "confirmed" });
      expect(run.stepRequirements.at(-1)?.executorRequirements?.[0]?.resolvedBy).toMatch(/^api-tests \(API token [0-9a-f-]{36}\)$/);
      expect(await pendingOf(started.runId)).toEqual([]);
    });

    it("weather: rejecting sends the note to the model, which says so in its answer", async () => {
      const started = await startRun("WeatherWorkflow", "Weather in Paris please");
      const [item] = await pendingOf(started.runId);
      const { run } = await resolve(item!.id, { action: "reject", note: "we only cover Tokyo", version: item!.version });
      expect(run.status).toBe("completed");
      expect(run.content).toBe('I did not look up the weather in Paris: you declined it with the note "we only cover Tokyo".');
      const toolCall = run.events.find((e) => e.event === "ToolCallCompleted" && e.toolName === "get_the_weather");
      expect(toolCall?.result).toBe("Rejected by the user. Note: we only cover Tokyo");
    });

    it("payment: the recipient a person provides is validated, then the money is sent to them", async () => {
      const started = await startRun("PaymentWorkflow", "Send $250 to Alice for rent");
      const [item] = await pendingOf(started.runId);
      expect(item).toMatchObject({ kind: "user_input", toolName: "send_money", toolArgs: { amount: 250, recipient: "Alice" } });
      expect(item!.userInputSchema).toEqual([expect.objectContaining({ name: "recipient", type: "string", required: true, value: "Alice" })]);

      const tooShort = await resolveRaw(item!.id, { action: "input", values: { recipient: "B" }, version: item!.version });
      const error = await expectJson<ApiErrorBody>(tooShort, 400);
      expect(error.error.details?.field).toBe("recipient");
      expect(error.error.message).toContain("at least 2 characters");
      expect((await getRun(started.runId)).status).toBe("paused");

      const { run } = await resolve(item!.id, { action: "input", values: { recipient: "Bob Smith" }, version: item!.version });
      expect(run.status).toBe("completed");
      expect(run.content).toMatch(/^Done\. Sent \$250\.00 to Bob Smith \(transfer .+\)\.$/);
    });

    it("payment: an amount over the limit never reaches the inbox and the answer explains the limit", async () => {
      const run = await startRun("PaymentWorkflow", "Send $50,000 to Alice");
      expect(run.status).toBe("completed");
      expect(await pendingOf(run.runId)).toEqual([]);
      expect(String(run.content)).toContain("must be at most 10,000");
    });

    it("query: the result pasted by a person is what the model reports", async () => {
      const started = await startRun("QueryWorkflow", "SELECT COUNT(*) FROM orders WHERE status = 'open'");
      const [item] = await pendingOf(started.runId);
      expect(item).toMatchObject({
        kind: "external_execution",
        toolName: "run_query",
        toolArgs: { sql: "SELECT COUNT(*) FROM orders WHERE status = 'open';" },
      });
      const { run } = await resolve(item!.id, { action: "result", result: "count\n42", version: item!.version });
      expect(run.status).toBe("completed");
      expect(run.content).toBe("The query `SELECT COUNT(*) FROM orders WHERE status = 'open';` returned:\ncount\n42");
    });
  });
}
