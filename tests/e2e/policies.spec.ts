import { expect, test } from "@playwright/test";
import { cardProgress, inboxCard, pendingOf, runStatus, startRun, timeline } from "@/tests/e2e/support";

// Three runs, two pages of the app and the admin page: a longer journey than the default budget allows on a busy machine.
test.slow();

// Reykjavik is this journey's own city: the policy it creates covers no other spec's runs, and it ends revoked.
test("'Approve and always allow' makes later matching runs complete without the inbox, until the policy is revoked", async ({ page, request }) => {
  const first = await startRun(request, "WeatherWorkflow", "What is the weather in Reykjavik?");
  await page.goto("/inbox");
  const card = inboxCard(page, "get_the_weather", "Reykjavik");
  await card.getByRole("button", { name: "Approve and always allow…" }).click();
  const form = card.getByRole("form", { name: "Always allow get_the_weather" });
  await expect(form.getByRole("checkbox", { name: 'city is "Reykjavik"' })).toBeChecked();
  await form.getByRole("button", { name: "Approve and always allow" }).click();
  await expect(cardProgress(card)).toHaveText("the run completed");
  await expect(page.getByText(/Approved, and get_the_weather is always allowed from now on \(policy [0-9a-f-]+\)/)).toBeVisible();
  await page.goto(`/runs/${first}`);
  await expect(runStatus(page)).toHaveText("completed");
  await expect(timeline(page)).toContainText("admin@example.com");

  const second = await startRun(request, "WeatherWorkflow", "What is the weather in Reykjavik?");
  await page.goto(`/runs/${second}`);
  await expect(runStatus(page)).toHaveText("completed");
  await expect(timeline(page)).toContainText(/policy [0-9a-f-]+ \(created by admin@example\.com\)/);
  expect(await pendingOf(request, second)).toEqual([]);

  await page.goto("/admin");
  await page.getByRole("link", { name: "standing policies" }).click();
  await expect(page).toHaveURL(/\/admin\/policies$/);
  const row = page.getByRole("row").filter({ hasText: 'city is "Reykjavik"' });
  await expect(row).toContainText("get_the_weather");
  await expect(row).toContainText("WeatherWorkflow");
  await expect(row).toContainText("admin@example.com");
  await expect(row).toContainText("live");
  await row.getByRole("button", { name: "Revoke" }).click();
  await expect(row).toContainText("revoked");
  await expect(row).toContainText("by admin@example.com");

  const third = await startRun(request, "WeatherWorkflow", "What is the weather in Reykjavik?");
  await page.goto(`/runs/${third}`);
  await expect(runStatus(page)).toHaveText("waiting for you");
  await page.goto("/inbox");
  await expect(inboxCard(page, "get_the_weather", "Reykjavik")).toHaveCount(1);
});
