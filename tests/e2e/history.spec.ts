import { expect, test } from "@playwright/test";
import { approveAll, startRun } from "@/tests/e2e/support";

test("the run history filters by status, by workflow and by text", async ({ page, request }) => {
  const done = await startRun(request, "WeatherWorkflow", "What is the weather in Quito?");
  await approveAll(request, done);
  await startRun(request, "PaymentWorkflow", "Send $75 to Dana Reyes for the history check");
  await startRun(request, "QueryWorkflow", "how many shipments");

  await page.goto("/runs");
  const table = page.getByRole("table");
  const rows = table.getByRole("row");
  const row = (text: string) => rows.filter({ hasText: text });
  await expect(row("weather in Quito")).toContainText("completed");
  await expect(row("Dana Reyes")).toContainText("waiting for you");
  await expect(row("how many shipments")).toContainText("QueryWorkflow");
  // Newest first: the query run was started last.
  await expect(rows.nth(1)).toContainText("how many shipments");

  await page.getByLabel("Status").selectOption({ label: "completed" });
  await expect(page).toHaveURL(/status=completed/);
  await expect(row("weather in Quito")).toBeVisible();
  await expect(row("Dana Reyes")).toHaveCount(0);
  await expect(row("how many shipments")).toHaveCount(0);

  await page.getByLabel("Status").selectOption({ label: "waiting for you" });
  await page.getByLabel("Workflow").selectOption("PaymentWorkflow");
  await expect(row("Dana Reyes")).toBeVisible();
  await expect(row("how many shipments")).toHaveCount(0);
  await expect(row("weather in Quito")).toHaveCount(0);

  await page.getByRole("button", { name: "Clear filters" }).click();
  await page.getByLabel("Search").fill("shipments");
  await expect(row("how many shipments")).toBeVisible();
  await expect(row("Dana Reyes")).toHaveCount(0);
  await expect(rows).toHaveCount(2);

  await page.getByLabel("Search").fill("no run says this");
  await expect(page.getByText("No run matches these filters")).toBeVisible();

  await page.reload();
  await expect(page.getByLabel("Search")).toHaveValue("no run says this");
});
