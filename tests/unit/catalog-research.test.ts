import { describe, expect, it } from "vitest";
import { InMemoryStore, type WorkflowRunOutput } from "@/lib/engine";
import { researchWorkflow, topicFrom, topicIn } from "@/lib/workflows/research";

function active(run: WorkflowRunOutput) {
  const req = run.stepRequirements.at(-1);
  if (!req) throw new Error(`run ${run.runId} has no requirement (status ${run.status})`);
  return req;
}

describe("ResearchWorkflow (offline)", () => {
  it.each([
    ["Research topic: kelp\n\nmore", "kelp"],
    ["No sources on kelp: the search was not run", "kelp"],
  ])("finds the topic of the team's message %j", (text, topic) => {
    expect(topicIn(text)).toBe(topic);
  });

  it.each([
    ["Research battery recycling", "battery recycling"],
    ["please look into: tidal power?", "tidal power"],
    ["soil carbon", "soil carbon"],
  ])("reads the topic of %j", (text, topic) => {
    expect(topicFrom(text)).toBe(topic);
  });

  it("asks before researching, has the team's search approved, and publishes the reviewed report", async () => {
    const workflow = researchWorkflow.create(new InMemoryStore());
    let run = await workflow.run("Research battery recycling");
    expect(run).toMatchObject({ status: "paused", pauseKind: "step", pausedStepName: "deep_research" });
    active(run).confirm();

    run = await workflow.continueRun(run);
    expect(run).toMatchObject({ pauseKind: "executor", pausedStepName: "research", pausedStepPath: ["deep_research", "research_rounds", "research"] });
    const search = active(run).executorRequirements?.[0];
    expect(search).toMatchObject({ executorType: "team", executorName: "ResearchTeam", memberName: "Researcher" });
    expect(search?.toolExecution).toMatchObject({ toolName: "search_sources", toolArgs: { query: "battery recycling" } });
    search?.confirm();

    run = await workflow.continueRun(run);
    expect(run).toMatchObject({ pauseKind: "step", pausedStepName: "report" });
    expect(active(run).requiresOutputReview).toBe(true);
    expect(String(active(run).stepOutput)).toContain("Report: battery recycling");
    expect(String(active(run).stepOutput)).toContain("3 sources found.");
    active(run).confirm();

    run = await workflow.continueRun(run);
    expect(run.status).toBe("completed");
    expect(String(run.content)).toMatch(/^Report: battery recycling\n\nFindings on battery recycling: 3 sources found\.\n1\. "battery recycling: a survey"/);
  });

  it("writes a short answer without sources when the research is declined", async () => {
    const workflow = researchWorkflow.create(new InMemoryStore());
    let run = await workflow.run("Research tidal power");
    active(run).reject({ note: "no budget this month" });
    run = await workflow.continueRun(run);
    expect(run.pausedStepName).toBe("report");
    active(run).confirm();
    run = await workflow.continueRun(run);
    expect(run.content).toBe("Report: tidal power\n\nNo sources on tidal power: you chose a short answer without a search.");
  });

  it("tries one more round after a declined search, and the report says why there are no sources", async () => {
    const workflow = researchWorkflow.create(new InMemoryStore());
    let run = await workflow.run("Research soil carbon");
    active(run).confirm();
    run = await workflow.continueRun(run);
    active(run).executorRequirements?.[0]?.reject({ note: "too expensive" });
    run = await workflow.continueRun(run);
    expect(run.pausedStepName).toBe("research");
    active(run).executorRequirements?.[0]?.reject({ note: "still too expensive" });
    run = await workflow.continueRun(run);
    expect(run.pausedStepName).toBe("report");
    expect(String(active(run).stepOutput)).toContain('you declined it with the note "still too expensive"');
  });

  it("rewrites the report with the reviewer's feedback", async () => {
    const workflow = researchWorkflow.create(new InMemoryStore());
    let run = await workflow.run("Research the history of tea");
    active(run).reject();
    run = await workflow.continueRun(run);
    expect(run.pausedStepName).toBe("report");
    active(run).reject({ feedback: "mention green tea" });
    run = await workflow.continueRun(run);
    expect(run.pausedStepName).toBe("report");
    expect(String(active(run).stepOutput)).toContain("Revised after review: mention green tea");
    active(run).edit("Tea: a short history.");
    run = await workflow.continueRun(run);
    expect(run.content).toBe("Tea: a short history.");
  });
});
