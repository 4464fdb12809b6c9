import { expect, test } from "@playwright/test";
import { cardProgress, inboxCard, startRun } from "@/tests/e2e/support";

test("j and k move through the inbox, a approves and r rejects the selected card", async ({ page, request }) => {
  await startRun(request, "WeatherWorkflow", "What is the weather in Rome?");
  await startRun(request, "WeatherWorkflow", "What is the weather in Paris?");
  await page.goto("/inbox");
  const rome = inboxCard(page, "get_the_weather", "Rome");
  const paris = inboxCard(page, "get_the_weather", "Paris");
  await expect(paris).toBeVisible();

  await rome.getByRole("heading", { level: 3 }).click();
  await expect(rome).toHaveAttribute("aria-current", "true");
  const cards = page.getByRole("article");
  const romeIndex = (await cards.evaluateAll((all) => all.map((a) => a.textContent ?? ""))).findIndex((t) => t.includes("Rome"));

  await page.keyboard.press("j");
  await expect(cards.nth(romeIndex + 1)).toHaveAttribute("aria-current", "true");
  await page.keyboard.press("k");
  await expect(rome).toHaveAttribute("aria-current", "true");

  await page.keyboard.press("a");
  await expect(cardProgress(rome)).toHaveText("the run completed");

  await paris.getByRole("heading", { level: 3 }).click();
  await page.keyboard.press("r");
  await expect(cardProgress(paris)).toHaveText("the run completed");

  const count = page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /Inbox/ });
  await expect(count).toHaveAccessibleName(/Inbox, \d+ pending/);
});
