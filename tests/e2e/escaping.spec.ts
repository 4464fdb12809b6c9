import { expect, test, type Page } from "@playwright/test";
import { cardProgress, inboxCard, runStatus, startRun, timeline } from "@/tests/e2e/support";

const markup = `<script>window.__pwned = 1</script><img src="x" onerror="window.__pwned = 2">`;
const noteMarkup = `<b>no</b><script>window.__pwned = 3</script>`;

/** True when none of the markup became live DOM: no script ran, no element was created from it. */
async function markupStayedText(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const w = window as Window & { __pwned?: number };
    const scripts = [...document.querySelectorAll("script")].filter((s) => s.textContent?.includes("__pwned"));
    return w.__pwned === undefined && scripts.length === 0 && document.querySelectorAll('img[src="x"], b').length === 0;
  });
}

test("markup in tool arguments and in a rejection note shows as text in the inbox and the timeline, and never runs", async ({ page, request }) => {
  const runId = await startRun(request, "QueryWorkflow", `SELECT '${markup}' AS payload`);

  await page.goto("/inbox");
  const card = inboxCard(page, "run_query", "__pwned");
  await expect(card).toContainText(markup);
  expect(await markupStayedText(page)).toBe(true);

  await card.getByLabel("Rejection note").fill(noteMarkup);
  await card.getByRole("button", { name: "Reject" }).click();
  await expect(cardProgress(card)).toHaveText("the run completed");

  await page.goto(`/runs/${runId}`);
  await expect(runStatus(page)).toHaveText("completed");
  await expect(timeline(page)).toContainText(noteMarkup);
  await expect(timeline(page)).toContainText(markup);
  expect(await markupStayedText(page)).toBe(true);
});
