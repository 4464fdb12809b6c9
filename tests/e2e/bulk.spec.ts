import { expect, test, type Page } from "@playwright/test";
import { inboxCard, pendingOf, startRun } from "@/tests/e2e/support";
import { runResponseSchema } from "@/lib/contracts";

const box = (page: Page, city: string) => inboxCard(page, "get_the_weather", city).getByRole("checkbox");
const bar = (page: Page) => page.getByRole("region", { name: "Bulk decision" });

test("select all like this, then approve them with one click: each run goes on, other tools stay", async ({ page, request }) => {
  const cities = ["Lyon", "Nice", "Metz"];
  const runIds: string[] = [];
  for (const city of cities) runIds.push(await startRun(request, "WeatherWorkflow", `What is the weather in ${city}?`));
  await startRun(request, "RefundWorkflow", "Please refund order B-7731");

  await page.goto("/inbox");
  const refund = inboxCard(page, "issue_refund", "B-7731");
  await expect(refund).toBeVisible();
  await inboxCard(page, "get_the_weather", "Lyon").getByRole("button", { name: "Select all like this" }).click();
  for (const city of cities) await expect(box(page, city)).toBeChecked();
  await expect(refund.getByRole("checkbox")).not.toBeChecked();
  await expect(bar(page)).toContainText(/\d+ selected/);

  await bar(page).getByRole("button", { name: /^Approve \d+$/ }).click();
  await expect(page.getByRole("status").filter({ hasText: /\d+ approved/ })).toBeVisible();
  for (const city of cities) await expect(inboxCard(page, "get_the_weather", city)).toHaveCount(0);
  await expect(refund).toBeVisible();
  await expect(bar(page)).toHaveCount(0);

  for (const [i, runId] of runIds.entries()) {
    await expect
      .poll(async () => runResponseSchema.parse(await (await request.get(`/api/runs/${runId}`)).json()).run.content, { timeout: 15_000 })
      .toBe(`It is 70 degrees and cloudy in ${cities[i]}.`);
  }
});

test("x and shift-click select a range; an item decided elsewhere meanwhile is reported, the rest rejected with the note", async ({ page, request }) => {
  const cities = ["Turku", "Espoo", "Vaasa"];
  const runIds: string[] = [];
  for (const city of cities) runIds.push(await startRun(request, "WeatherWorkflow", `What is the weather in ${city}?`));
  await page.goto("/inbox");
  await expect(inboxCard(page, "get_the_weather", "Vaasa")).toBeVisible();

  // x selects the card in focus; shift-click on another box selects everything between.
  await inboxCard(page, "get_the_weather", "Turku").getByRole("heading", { level: 3 }).click();
  await page.keyboard.press("x");
  await expect(box(page, "Turku")).toBeChecked();
  await box(page, "Vaasa").click({ modifiers: ["Shift"] });
  for (const city of cities) await expect(box(page, city)).toBeChecked();
  await expect(bar(page)).toContainText("3 selected");

  // Someone else approves Espoo after the page showed it.
  const [espoo] = await pendingOf(request, runIds[1]!);
  const other = await request.post(`/api/requirements/${espoo!.id}/resolve`, { data: { action: "confirm", version: espoo!.version } });
  expect(other.ok()).toBe(true);

  await bar(page).getByLabel("Rejection note for all selected").fill("not this week");
  await bar(page).getByRole("button", { name: "Reject 3" }).click();
  const report = page.getByRole("status").filter({ hasText: "2 rejected, 1 not decided" });
  await expect(report).toBeVisible();
  await expect(report.getByRole("list", { name: "Items not decided" })).toContainText("already decided by someone else");

  const content = async (runId: string) => runResponseSchema.parse(await (await request.get(`/api/runs/${runId}`)).json()).run.content;
  await expect.poll(() => content(runIds[0]!), { timeout: 15_000 }).toBe('I did not look up the weather in Turku: you declined it with the note "not this week".');
  await expect.poll(() => content(runIds[1]!), { timeout: 15_000 }).toBe("It is 70 degrees and cloudy in Espoo.");
});
