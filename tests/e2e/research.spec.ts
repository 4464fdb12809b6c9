import { expect, test } from "@playwright/test";
import { runResponseSchema } from "@/lib/contracts";
import { cardProgress, finalContent, runStatus, startRun, timeline } from "@/tests/e2e/support";

test("a step gate, a team member's tool call and an output review are each decided in the inbox", async ({ page, request }) => {
  const runId = await startRun(request, "ResearchWorkflow", "Research tidal energy");
  await page.goto("/inbox");
  const group = page.getByRole("region", { name: new RegExp(runId) });

  const gate = group.getByRole("article", { name: /deep_research/ });
  await expect(gate).toContainText("Step approval");
  await expect(gate).toContainText("Let the research team search sources");
  await gate.getByRole("button", { name: "Approve", exact: true }).click();

  const search = group.getByRole("article", { name: /search_sources/ });
  await expect(search).toContainText("ResearchTeam");
  await expect(search).toContainText("member Researcher");
  await expect(search).toContainText("tidal energy");
  await search.getByRole("button", { name: "Approve", exact: true }).click();

  const review = group.getByRole("article", { name: /report/ });
  await expect(review).toContainText("Review output");
  await expect(review.getByRole("region", { name: "Output under review" })).toContainText("Report: tidal energy");
  await review.getByRole("button", { name: "Edit" }).click();
  await review.getByLabel("output", { exact: true }).fill("Tidal energy, reviewed: three sources, all recent.");
  await review.getByRole("button", { name: "Submit" }).click();
  await expect(cardProgress(review)).toHaveText("the run completed");
  await expect(group.getByRole("article")).toHaveCount(1);

  await page.goto(`/runs/${runId}`);
  await expect(runStatus(page)).toHaveText("completed");
  await expect(timeline(page)).toContainText("A person approves the step");
  await expect(timeline(page)).toContainText("ResearchTeam / Researcher asked for approval of search_sources");
  await expect(timeline(page)).toContainText("edited");
  await expect(finalContent(page)).toContainText("Tidal energy, reviewed: three sources, all recent.");
});

test("'Reject and cancel the run' on the step gate cancels the run instead of writing the short answer", async ({ page, request }) => {
  const runId = await startRun(request, "ResearchWorkflow", "Research geothermal heat");
  await page.goto("/inbox");
  const gate = page.getByRole("region", { name: new RegExp(runId) }).getByRole("article", { name: /deep_research/ });
  await gate.getByLabel("Rejection note").fill("out of budget");
  await gate.getByRole("button", { name: "Reject and cancel the run" }).click();
  await expect(page.getByRole("region", { name: new RegExp(runId) })).toHaveCount(0);
  const load = async () => runResponseSchema.parse(await (await request.get(`/api/runs/${runId}`)).json()).run;
  await expect.poll(async () => (await load()).status).toBe("cancelled");
  expect(await load()).toMatchObject({ cancelledStepName: "deep_research", cancelReason: expect.stringContaining("out of budget") });
});
