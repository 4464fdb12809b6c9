import { expect, test } from "@playwright/test";
import { cardProgress, finalContent, inboxCard, runIdFrom, runStatus, timeline } from "@/tests/e2e/support";

test("the payment form flags a missing and a too-short recipient, then sends the payment", async ({ page }) => {
  await page.goto("/workflows");
  const workflow = page.getByRole("article", { name: "PaymentWorkflow" });
  await workflow.getByLabel("input").fill("Send $250 for the team offsite");
  await workflow.getByRole("button", { name: "Start run" }).click();
  await expect(page).toHaveURL(/\/runs\/[^/]+$/);
  const runId = runIdFrom(page);

  await page.goto("/inbox");
  const card = inboxCard(page, "send_money", "team offsite");
  await expect(card).toContainText("Needs input");
  await expect(card.getByRole("region", { name: "Arguments of send_money" })).toContainText("250");
  const recipient = card.getByLabel("recipient", { exact: true });
  await expect(recipient).toHaveValue("");

  await card.getByRole("button", { name: "Submit" }).click();
  await expect(card.getByText("recipient is required.")).toBeVisible();
  await expect(recipient).toHaveAttribute("aria-invalid", "true");

  await recipient.fill("B");
  await card.getByRole("button", { name: "Submit" }).click();
  await expect(card.getByText(/at least 2 characters/)).toBeVisible();

  await recipient.fill("Bob Stone");
  await card.getByRole("button", { name: "Submit" }).click();
  await expect(cardProgress(card)).toHaveText("the run completed");

  await page.goto(`/runs/${runId}`);
  await expect(runStatus(page)).toHaveText("completed");
  await expect(timeline(page)).toContainText("values provided");
  await expect(timeline(page)).toContainText("Bob Stone");
  await expect(finalContent(page)).toContainText("Sent $250.00 to Bob Stone");
});

test("the recipient the model proposed is prefilled", async ({ page, request }) => {
  const response = await request.post("/api/workflows/PaymentWorkflow/runs", { data: { input: "Send $40 to Carol Diaz for lunch money" } });
  expect(response.status()).toBe(201);
  await page.goto("/inbox");
  const card = inboxCard(page, "send_money", "lunch money");
  await expect(card.getByLabel("recipient", { exact: true })).toHaveValue("Carol Diaz");
});
