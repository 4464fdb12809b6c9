import { expect, test } from "@playwright/test";
import { cardProgress, finalContent, inboxCard, runIdFrom, runStatus, startRun, timeline } from "@/tests/e2e/support";

test("a weather run started from the catalog and approved in the inbox completes", async ({ page }) => {
  await page.goto("/workflows");
  await expect(page.getByText("offline model").first()).toBeVisible();
  const workflow = page.getByRole("article", { name: "WeatherWorkflow" });
  await expect(workflow).toContainText("Needs approval");
  await workflow.getByLabel("input").fill("What is the weather in Tokyo?");
  await workflow.getByRole("button", { name: "Start run" }).click();

  await expect(page).toHaveURL(/\/runs\/[^/]+$/);
  const runId = runIdFrom(page);
  await expect(runStatus(page)).toHaveText("waiting for you");

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /Inbox/ }).click();
  const card = inboxCard(page, "get_the_weather", "Tokyo");
  await expect(card).toContainText("WeatherWorkflow");
  await expect(card).toContainText("get_weather");
  await expect(card).toContainText("WeatherAgent");
  await expect(card).toContainText(/waiting (a moment|\d+ s)/);
  await card.getByRole("button", { name: "Approve", exact: true }).click();
  await expect(cardProgress(card)).toHaveText("the run completed");

  await page.goto(`/runs/${runId}`);
  await expect(runStatus(page)).toHaveText("completed");
  await expect(timeline(page)).toContainText("approved");
  await expect(timeline(page)).toContainText("It is 70 degrees and cloudy in Tokyo");
  await expect(finalContent(page)).toContainText("It is 70 degrees and cloudy in Tokyo");
});

test("rejecting with a note shows the note in the run's timeline and the model answers to it", async ({ page, request }) => {
  const runId = await startRun(request, "WeatherWorkflow", "What is the weather in Lima?");
  await page.goto("/inbox");
  const card = inboxCard(page, "get_the_weather", "Lima");
  await card.getByLabel("Rejection note").fill("Lima is off the travel list this quarter");
  await card.getByRole("button", { name: "Reject" }).click();
  await expect(cardProgress(card)).toHaveText("the run completed");

  await page.goto(`/runs/${runId}`);
  await expect(runStatus(page)).toHaveText("completed");
  await expect(timeline(page)).toContainText("rejected");
  await expect(timeline(page)).toContainText("Lima is off the travel list this quarter");
  await expect(timeline(page)).toContainText("admin@example.com");
  await expect(finalContent(page)).toContainText("I did not look up the weather in Lima");
});
