import { expect, test } from "@playwright/test";
import { approveAll, finalContent, inboxCard, pendingOf, runStatus, startRun } from "@/tests/e2e/support";

test("a new decision appears in an open inbox, and its count in the navigation, without a reload", async ({ page, request }) => {
  await page.goto("/inbox");
  const inboxLink = page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /^Inbox/ });
  await expect(inboxLink).toHaveAccessibleName(/Inbox, \d+ pending/);
  const before = Number((await inboxLink.getAttribute("aria-label"))?.match(/(\d+) pending/)?.[1]);

  await startRun(request, "WeatherWorkflow", "What is the weather in Nairobi?");
  await expect(inboxCard(page, "get_the_weather", "Nairobi")).toBeVisible();
  await expect(inboxLink).toHaveAccessibleName(`Inbox, ${before + 1} pending`);
});

test("an open run page follows a decision made elsewhere through to the end", async ({ page, request }) => {
  const runId = await startRun(request, "WeatherWorkflow", "What is the weather in Accra?");
  await page.goto(`/runs/${runId}`);
  await expect(runStatus(page)).toHaveText("waiting for you");

  await approveAll(request, runId);
  await expect(runStatus(page)).toHaveText("completed");
  await expect(finalContent(page)).toContainText("It is 70 degrees and cloudy in Accra");
});

test("a run that does not exist is explained, not a blank page", async ({ page }) => {
  await page.goto("/runs/no-such-run");
  await expect(page.getByRole("alert").filter({ hasText: "No such run" })).toContainText("There is no run with id no-such-run");
});

test("approving something another person already decided says so, and nothing runs twice", async ({ page, request }) => {
  const runId = await startRun(request, "WeatherWorkflow", "What is the weather in Hanoi?");
  await page.goto("/inbox");
  const card = inboxCard(page, "get_the_weather", "Hanoi");
  await expect(card).toBeVisible();

  const [requirement] = await pendingOf(request, runId);
  if (!requirement) throw new Error("the Hanoi run did not pause");

  // Right after the inbox polls, it keeps showing the card for a few seconds: the other person decides in that window.
  await page.waitForResponse((r) => r.url().includes("/api/requirements?") && r.url().includes("limit=100") && r.ok());
  const other = await request.post(`/api/requirements/${requirement.id}/resolve`, {
    data: { action: "confirm", version: requirement.version },
  });
  expect(other.ok()).toBe(true);
  await card.getByRole("button", { name: "Approve", exact: true }).click();
  await expect(card).toHaveCount(0);
  await expect(page.getByRole("alert").filter({ hasText: "Already decided" })).toContainText(
    "get_the_weather in WeatherWorkflow was already decided by someone else",
  );

  await page.goto(`/runs/${runId}`);
  await expect(page.getByRole("region", { name: "Timeline" }).getByText("Tool call get_the_weather")).toHaveCount(1);
});
