import { expect, test, type Page } from "@playwright/test";
import { cardProgress, finalContent, inboxCard, pendingOf, runIdFrom, runStatus, startRun, timeline } from "@/tests/e2e/support";

/**
 * Records, in order, every text the elements matching `selector` show from now on (client-side navigation keeps the
 * record), so a state that lasts only as long as the worker takes is seen however fast the worker is.
 */
async function recordTexts(page: Page, selector: string): Promise<() => Promise<string[]>> {
  await page.evaluate((selector) => {
    const seen: string[] = [];
    Object.assign(window, { __texts: seen });
    new MutationObserver(() => {
      for (const element of document.querySelectorAll(selector)) {
        const text = element.textContent ?? "";
        if (seen.at(-1) !== text) seen.push(text);
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  }, selector);
  return () => page.evaluate(() => (window as unknown as { __texts: string[] }).__texts);
}

test("Start run opens the run page at once and it fills in live; approving in the inbox says continuing… until the run completes", async ({ page }) => {
  await page.goto("/workflows");
  const workflow = page.getByRole("article", { name: "WeatherWorkflow" });
  await workflow.getByLabel("input").fill("What is the weather in Bergen?");
  const statuses = await recordTexts(page, '[aria-label="Run status"]');
  await workflow.getByRole("button", { name: "Start run" }).click();

  await expect(page).toHaveURL(/\/runs\/[^/]+$/);
  const runId = runIdFrom(page);
  await expect(page.getByRole("heading", { level: 1, name: "WeatherWorkflow" })).toBeVisible();
  // No reload from here on: the page follows the worker over its event stream.
  await expect(runStatus(page)).toHaveText("waiting for you");
  await expect(timeline(page)).toContainText("get_weather");
  await expect(timeline(page)).toContainText("Bergen");
  await expect(page.getByText(/Event log \(\d+\)/)).toBeVisible();
  // The page showed the run queued before any worker had it, then followed it to its pause on its own.
  const seen = await statuses();
  expect(seen[0]).toBe("pending");
  expect(seen.at(-1)).toBe("waiting for you");

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /Inbox/ }).click();
  const card = inboxCard(page, "get_the_weather", "Bergen");
  await expect(card.getByRole("button", { name: "Approve", exact: true })).toBeEnabled();
  const progress = await recordTexts(page, "article[data-decided-id] [role=status]");
  await card.getByRole("button", { name: "Approve", exact: true }).click();
  await expect(card.getByRole("button", { name: "Approve", exact: true })).toHaveCount(0);
  await expect(cardProgress(card)).toHaveText("the run completed");
  expect(await progress()).toEqual(["continuing…", "the run completed"]);

  await card.getByRole("link", { name: "Open run →" }).click();
  await expect(page).toHaveURL(new RegExp(`/runs/${runId}$`));
  await expect(runStatus(page)).toHaveText("completed");
  await expect(finalContent(page)).toContainText("It is 70 degrees and cloudy in Bergen");
});

test("a run is cancelled from its page after a confirmation, and its question leaves the inbox", async ({ page, request }) => {
  const runId = await startRun(request, "WeatherWorkflow", "What is the weather in Dakar?");
  expect(await pendingOf(request, runId)).toHaveLength(1);
  await page.goto(`/runs/${runId}`);
  await expect(runStatus(page)).toHaveText("waiting for you");

  await page.getByRole("button", { name: "Cancel run" }).click();
  const question = page.getByRole("group", { name: /Cancel this run\?/ });
  await question.getByRole("button", { name: "Keep it" }).click();
  await expect(question).toHaveCount(0);
  await expect(runStatus(page)).toHaveText("waiting for you");

  await page.getByRole("button", { name: "Cancel run" }).click();
  await question.getByRole("button", { name: "Yes, cancel the run" }).click();
  await expect(runStatus(page)).toHaveText("cancelled");
  await expect(page.getByRole("status").filter({ hasText: "cancelled by admin@example.com" })).toContainText("Cancelled");
  await expect(page.getByRole("button", { name: "Cancel run" })).toHaveCount(0);
  await expect(page.getByText(/Event log \(\d+\)/)).toBeVisible();
  await page.getByText(/Event log \(\d+\)/).click();
  await expect(page.getByText("WorkflowCancelled", { exact: true })).toBeVisible();
  await expect(timeline(page).getByRole("listitem", { name: "Step get_weather: did not finish" })).toBeVisible();
  expect(await pendingOf(request, runId)).toEqual([]);

  await page.goto("/runs?status=cancelled");
  await expect(page.getByRole("row").filter({ hasText: "Dakar" })).toContainText("cancelled");
});
