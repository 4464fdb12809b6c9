import { expect, test } from "@playwright/test";
import { cardProgress, finalContent, inboxCard, runStatus, startRun, timeline } from "@/tests/e2e/support";

test("an external result pasted in the inbox reaches the model", async ({ page, request }) => {
  const runId = await startRun(request, "QueryWorkflow", "how many invoices");
  await page.goto("/inbox");
  const card = inboxCard(page, "run_query", "invoices");
  await expect(card).toContainText("Run externally");
  await expect(card).toContainText("SELECT COUNT(*) FROM invoices;");

  await card.getByRole("button", { name: "Submit" }).click();
  await expect(card.getByText("Paste the tool's result before submitting.")).toBeVisible();

  const result = card.getByLabel("result", { exact: true });
  await result.fill("count\n-----\n1234");
  await result.press("Control+Enter");
  await expect(cardProgress(card)).toHaveText("the run completed");

  await page.goto(`/runs/${runId}`);
  await expect(runStatus(page)).toHaveText("completed");
  await expect(timeline(page)).toContainText("result provided");
  await expect(finalContent(page)).toContainText("1234");
});
