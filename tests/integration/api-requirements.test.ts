import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiErrorBody } from "@/lib/contracts";
import { getRun, inbox, pendingOf, resolve, resolveRaw, startRun } from "./api-client";
import { databaseTargets, expectJson, useOfflineModel } from "./api-harness";

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== null)(`requirements API on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ""}`, () => {
    beforeAll(async () => {
      useOfflineModel();
      await target.open();
    });
    afterAll(() => target.close());

    it("lists pending requirements oldest first with a total, filtered by workflow and paged by cursor", async () => {
      const first = await startRun("WeatherWorkflow", "Weather in Oslo?");
      const second = await startRun("QueryWorkflow", "how many invoices");
      const all = await inbox();
      const ids = all.requirements.map((r) => r.runId);
      expect(ids.indexOf(first.runId)).toBeLessThan(ids.indexOf(second.runId));
      expect(all.total).toBeGreaterThanOrEqual(2);

      const onlyQueries = await inbox("?workflow=QueryWorkflow");
      expect(onlyQueries.requirements.every((r) => r.workflowName === "QueryWorkflow")).toBe(true);
      expect(onlyQueries.requirements.map((r) => r.runId)).toContain(second.runId);

      const page1 = await inbox("?limit=1");
      expect(page1.requirements).toHaveLength(1);
      expect(page1.nextCursor).not.toBeNull();
      const page2 = await inbox(`?limit=1&cursor=${encodeURIComponent(page1.nextCursor ?? "")}`);
      expect(page2.requirements[0]?.id).not.toBe(page1.requirements[0]?.id);
    });

    it("answers 400 naming the field for a bad query", async () => {
      const { GET } = await import("@/app/api/requirements/route");
      const { get } = await import("./api-harness");
      const limit = await expectJson<ApiErrorBody>(await GET(get("/api/requirements?limit=500")), 400);
      expect(limit.error).toMatchObject({ code: "invalid_input", details: { field: "limit" } });
      const status = await expectJson<ApiErrorBody>(await GET(get("/api/requirements?status=resolved")), 400);
      expect(status.error.details?.field).toBe("status");
      const cursor = await expectJson<ApiErrorBody>(await GET(get("/api/requirements?cursor=nonsense")), 400);
      expect(cursor.error.details?.field).toBe("cursor");
    });

    it("resolving twice answers 409 the second time and the tool runs once", async () => {
      const started = await startRun("WeatherWorkflow", "Weather in Lima?");
      const [item] = await pendingOf(started.runId);
      await resolve(item!.id, { action: "confirm", version: item!.version });
      const again = await expectJson<ApiErrorBody>(await resolveRaw(item!.id, { action: "confirm", version: item!.version }), 409);
      expect(again.error.code).toBe("conflict");
      const run = await getRun(started.runId);
      expect(run.events.filter((e) => e.event === "ToolCallCompleted" && e.toolName === "get_the_weather")).toHaveLength(1);
    });

    it("a stale version answers 409 and nothing runs", async () => {
      const started = await startRun("WeatherWorkflow", "Weather in Cairo?");
      const [item] = await pendingOf(started.runId);
      const stale = await expectJson<ApiErrorBody>(await resolveRaw(item!.id, { action: "confirm", version: item!.version - 1 }), 409);
      expect(stale.error.message).toContain("Reload");
      const run = await getRun(started.runId);
      expect(run).toMatchObject({ status: "paused", version: started.version });
      expect(run.stepRequirements.at(-1)?.executorRequirements?.[0]?.status).toBe("pending");
    });

    it("two people answering the same requirement at once: exactly one wins", async () => {
      const started = await startRun("WeatherWorkflow", "Weather in Quito?");
      const [item] = await pendingOf(started.runId);
      const answers = await Promise.all([
        resolveRaw(item!.id, { action: "confirm", version: item!.version }),
        resolveRaw(item!.id, { action: "reject", note: "no", version: item!.version }),
      ]);
      expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
      const run = await getRun(started.runId);
      expect(run.status).toBe("completed");
    });

    it("with two requirements in one pause, the first answer keeps the run paused and the second continues it", async () => {
      const started = await startRun("WeatherWorkflow", "Weather in Tokyo and Paris?");
      // Both were asked at the same moment, so the inbox order between them is arbitrary.
      const items = (await pendingOf(started.runId)).sort((a, b) => String(b.toolArgs?.city).localeCompare(String(a.toolArgs?.city)));
      expect(items.map((i) => i.toolArgs?.city)).toEqual(["Tokyo", "Paris"]);

      const first = await resolve(items[0]!.id, { action: "confirm", version: items[0]!.version });
      expect(first.continued).toBe(false);
      expect(first.run.status).toBe("paused");
      expect(first.run.version).toBe(started.version + 1);

      const stale = await resolveRaw(items[1]!.id, { action: "reject", version: items[1]!.version });
      expect(stale.status).toBe(409);

      const [remaining] = await pendingOf(started.runId);
      expect(remaining).toMatchObject({ id: items[1]!.id, version: first.run.version });
      const second = await resolve(remaining!.id, { action: "reject", note: "not needed", version: remaining!.version });
      expect(second.continued).toBe(true);
      expect(second.run.content).toBe(
        'It is 70 degrees and cloudy in Tokyo. I did not look up the weather in Paris: you declined it with the note "not needed".',
      );
    });

    it("answers 400 naming the field for an action the requirement does not take, and for a bad body", async () => {
      const started = await startRun("WeatherWorkflow", "Weather in Lagos?");
      const [item] = await pendingOf(started.runId);
      const wrongKind = await expectJson<ApiErrorBody>(await resolveRaw(item!.id, { action: "input", values: { city: "x" }, version: item!.version }), 400);
      expect(wrongKind.error).toMatchObject({ code: "invalid_input", details: { field: "action" } });
      expect(wrongKind.error.message).toContain('"confirm" or "reject"');

      const noVersion = await expectJson<ApiErrorBody>(await resolveRaw(item!.id, { action: "confirm" }), 400);
      expect(noVersion.error.details?.field).toBe("version");
      const badAction = await expectJson<ApiErrorBody>(await resolveRaw(item!.id, { action: "approve", version: 1 }), 400);
      expect(badAction.error.details?.field).toBe("action");
      expect((await getRun(started.runId)).status).toBe("paused");
    });

    it("answers 404 for an unknown requirement", async () => {
      const missing = await expectJson<ApiErrorBody>(await resolveRaw("no-such-requirement", { action: "confirm", version: 1 }), 404);
      expect(missing.error.code).toBe("not_found");
    });

    it("step-level answers: confirm the research, approve the team's search, edit the report", async () => {
      const started = await startRun("ResearchWorkflow", "Research urban beekeeping");
      let [item] = await pendingOf(started.runId);
      expect(item).toMatchObject({ kind: "step_confirmation", stepName: "deep_research" });
      await resolve(item!.id, { action: "confirm", version: item!.version });

      [item] = await pendingOf(started.runId);
      expect(item).toMatchObject({ kind: "confirmation", executorType: "team", executorName: "ResearchTeam", memberName: "Researcher", toolName: "search_sources" });
      await resolve(item!.id, { action: "confirm", version: item!.version });

      [item] = await pendingOf(started.runId);
      expect(item).toMatchObject({ kind: "output_review", stepName: "report" });
      const { run } = await resolve(item!.id, { action: "edit", output: "Bees: an edited report.", version: item!.version });
      expect(run).toMatchObject({ status: "completed", content: "Bees: an edited report." });
    });
  });
}
