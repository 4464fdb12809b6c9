import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetAppEnv } from "@/lib/config/env";
import type { ListWorkflowsResponse } from "@/lib/contracts";
import { GET as listWorkflowsRoute } from "@/app/api/workflows/route";
import { startOpenAIServer, type OpenAIServer } from "@/tests/support/openai-server";
import { pendingOf, resolve, startRun } from "./api-client";
import { databaseTargets, expectJson, get, useOfflineModel } from "./api-harness";

const sqlite = databaseTargets[0]!;

describe("the catalog on a real OpenAI-compatible model (local server, real HTTP)", () => {
  let server: OpenAIServer;

  beforeAll(async () => {
    await sqlite.open();
    server = await startOpenAIServer();
    process.env.OPENAI_API_KEY = "sk-test";
    process.env.OPENAI_BASE_URL = server.baseURL;
    process.env.OPENAI_MODEL = "local-test-model";
    resetAppEnv();
  });
  afterAll(async () => {
    useOfflineModel();
    await server.close();
    await sqlite.close();
  });

  it("says the model is online and which one", async () => {
    const { workflows } = await expectJson<ListWorkflowsResponse>(await listWorkflowsRoute(get("/api/workflows")), 200);
    const withAgents = workflows.filter((w) => w.name !== "ReleaseWorkflow");
    expect(withAgents.map((w) => w.name)).toEqual(["WeatherWorkflow", "PaymentWorkflow", "QueryWorkflow", "ResearchWorkflow", "RefundWorkflow", "ShipmentWorkflow"]);
    for (const w of withAgents) expect(w.model).toEqual({ provider: "openai", id: "local-test-model", offline: false });
    expect(workflows.find((w) => w.name === "ReleaseWorkflow")?.model).toBeNull();
  });

  it("the model's tool call waits for approval, and the model gets the tool's result after it", async () => {
    server.enqueue(
      { toolCalls: [{ name: "get_the_weather", arguments: { city: "Oslo" } }] },
      { content: "Oslo: 70 degrees and cloudy." },
    );
    const started = await startRun("WeatherWorkflow", "How is the weather in Oslo?");
    expect(started.status).toBe("paused");
    const [item] = await pendingOf(started.runId);
    expect(item).toMatchObject({ toolName: "get_the_weather", toolArgs: { city: "Oslo" } });

    const { run } = await resolve(item!.id, { action: "confirm", version: item!.version });
    expect(run).toMatchObject({ status: "completed", content: "Oslo: 70 degrees and cloudy." });
    const second = server.requests.at(-1)?.body;
    expect(second?.model).toBe("local-test-model");
    expect(JSON.stringify(second?.messages)).toContain("It is 70 degrees and cloudy in Oslo");
  });
});
