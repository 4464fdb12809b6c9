import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiErrorBody } from "@/lib/contracts";
import { POST as resolveRoute } from "@/app/api/requirements/[id]/resolve/route";
import { POST as startRunRoute } from "@/app/api/workflows/[name]/runs/route";
import { listRuns } from "./api-client";
import { authHeaders, databaseTargets, expectJson, params, postJson, postRaw, useOfflineModel } from "./api-harness";

const start = (name: string, request: Request) => startRunRoute(request, params({ name }));

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== null)(`bad input on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ""}`, () => {
    beforeAll(async () => {
      useOfflineModel();
      await target.open();
    });
    afterAll(() => target.close());

    it("answers 404 for an unknown workflow and lists the ones there are", async () => {
      const body = await expectJson<ApiErrorBody>(await start("NoSuchWorkflow", postJson("/api/workflows/NoSuchWorkflow/runs", { input: "hi" })), 404);
      expect(body.error.code).toBe("not_found");
      expect(body.error.message).toContain("WeatherWorkflow");
    });

    it("answers 400 naming the field when the input is missing, empty or of the wrong type", async () => {
      for (const payload of [{}, { input: "   " }, { input: 42 }]) {
        const body = await expectJson<ApiErrorBody>(await start("WeatherWorkflow", postJson("/api/workflows/WeatherWorkflow/runs", payload)), 400);
        expect(body.error).toMatchObject({ code: "invalid_input", details: { field: "input" } });
        expect(body.error.message).toMatch(/^Invalid input: /);
      }
    });

    it("answers 400 for a workflow name that cannot be one", async () => {
      const body = await expectJson<ApiErrorBody>(await start("bad name!", postJson("/api/workflows/x/runs", { input: "hi" })), 400);
      expect(body.error.details?.field).toBe("name");
    });

    it("answers 400 for malformed JSON, and nothing starts", async () => {
      const before = (await listRuns()).runs.length;
      const body = await expectJson<ApiErrorBody>(await start("WeatherWorkflow", postRaw("/api/workflows/WeatherWorkflow/runs", '{"input": "Weather in Rome?"')), 400);
      expect(body.error.code).toBe("invalid_json");
      expect((await listRuns()).runs.length).toBe(before);
    });

    it("answers 415 for a body that is not JSON", async () => {
      const body = await expectJson<ApiErrorBody>(await start("WeatherWorkflow", postRaw("/api/workflows/WeatherWorkflow/runs", "input=hi", "application/x-www-form-urlencoded")), 415);
      expect(body.error.code).toBe("unsupported_media_type");
    });

    it("answers 413 for a body over 64 KiB, declared or not", async () => {
      const big = JSON.stringify({ input: "x".repeat(70 * 1024) });
      const declared = await expectJson<ApiErrorBody>(await start("WeatherWorkflow", postRaw("/api/workflows/WeatherWorkflow/runs", big)), 413);
      expect(declared.error.code).toBe("payload_too_large");

      const encoder = new TextEncoder();
      const chunked = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < 20; i++) controller.enqueue(encoder.encode("x".repeat(4096)));
          controller.close();
        },
      });
      const undeclared = new Request("http://localhost:3000/api/requirements/r1/resolve", {
        method: "POST",
        headers: authHeaders({ "content-type": "application/json" }),
        body: chunked,
        duplex: "half",
      } as RequestInit);
      expect((await resolveRoute(undeclared, params({ id: "r1" }))).status).toBe(413);
    });
  });
}
