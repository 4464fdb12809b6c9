import { expect, test } from "@playwright/test";
import { cardProgress, finalContent, inboxCard, runStatus, startRun, timeline } from "@/tests/e2e/support";

test("editing a nested argument before approving ships with the edited value, and the run page shows the diff", async ({ page, request }) => {
  // A long journey (two refusals, an approval, the run page): triple the default budget on a loaded machine.
  test.slow();
  const runId = await startRun(request, "ShipmentWorkflow", "Ship 2 x A-100 to Ingrid Haugland in Oslo 0150, express");
  await page.goto("/inbox");
  const card = inboxCard(page, "ship_order", "Ingrid Haugland");
  await card.getByRole("button", { name: "Edit" }).click();

  const form = card.getByRole("region", { name: "Edit the arguments of ship_order" });
  const address = form.getByRole("group", { name: "address" });
  await expect(address.getByLabel("city", { exact: true })).toHaveValue("Oslo");
  await address.getByLabel("city", { exact: true }).fill("Bergen");
  // The browser knows the bounds from the schema; the pattern of a postal code only the server's zod schema checks.
  await form.getByRole("group", { name: "items 1" }).getByLabel("quantity").fill("25");
  await address.getByLabel("postalCode").fill("50");
  await form.getByRole("button", { name: "Approve edited" }).click();
  await expect(form).toContainText("quantity must be at least 1, at most 20.");
  await form.getByRole("group", { name: "items 1" }).getByLabel("quantity").fill("3");
  await form.getByRole("button", { name: "Approve edited" }).click();
  await expect(address).toContainText("must be 4 or 5 digits");
  await expect(card.getByRole("button", { name: "Approve", exact: true })).toBeEnabled();

  await address.getByLabel("postalCode").fill("5003");
  await form.getByLabel("speed").selectOption("overnight");
  await form.getByRole("button", { name: "Add to items" }).click();
  const added = form.getByRole("group", { name: "items 2" });
  await added.getByLabel("sku").fill("B-7");
  await added.getByLabel("quantity").fill("1");
  await form.getByRole("button", { name: "Approve edited" }).click();
  await expect(cardProgress(card)).toHaveText("the run completed");

  await page.goto(`/runs/${runId}`);
  await expect(runStatus(page)).toHaveText("completed");
  await expect(finalContent(page)).toContainText("Shipped 3 x A-100, 1 x B-7 to Ingrid Haugland, Bergen 5003 NO, overnight");
  const diff = timeline(page).getByRole("table", { name: /Arguments changed: proposed → approved → executed/ });
  const city = diff.getByRole("row", { name: /recipient\.address\.city/ });
  await expect(city.locator("del")).toHaveText('"Oslo"');
  await expect(city.locator("ins")).toHaveText('"Bergen"');
  await expect(diff.getByRole("row", { name: /items\.0\.quantity/ }).locator("ins")).toHaveText("3");
  await expect(diff.getByRole("row", { name: /^speed/ })).toContainText('"overnight"');
  const audit = page.getByRole("region", { name: "Audit log" }).getByRole("table", { name: /proposed → approved/ });
  await expect(audit.getByRole("row", { name: /recipient\.address\.postalCode/ }).locator("ins")).toHaveText('"5003"');
});

test("a tool that forbids edits offers no Edit button and says why", async ({ page, request }) => {
  await startRun(request, "RefundWorkflow", "Please refund order A-7731");
  await page.goto("/inbox");
  const card = inboxCard(page, "issue_refund", "A-7731");
  await expect(card).toContainText("This tool does not allow editing its arguments");
  await expect(card.getByRole("button", { name: "Edit" })).toHaveCount(0);
});
