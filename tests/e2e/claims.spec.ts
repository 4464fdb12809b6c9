import { expect, test, type Browser, type Page } from "@playwright/test";
import { runAuditResponseSchema } from "@/lib/contracts";
import { e2eAdmin } from "@/tests/e2e/accounts";
import { inboxCard, startRun } from "@/tests/e2e/support";

const second = { email: "cara.claims@example.com", password: "long-enough-password" };

/** A second person's browser, signed in on the inbox. */
async function signedIn(browser: Browser, who: { email: string; password: string }): Promise<{ page: Page; close: () => Promise<void> }> {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto("/inbox");
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/inbox$/);
  return { page, close: () => context.close() };
}

const tab = (page: Page, name: string) => page.getByRole("tab", { name: new RegExp(`^${name}`) });

test("claim an item, others see who is on it, Mine/Unassigned/All follow, a saved view counts it, deciding anyway is an audited override", async ({
  browser,
  page,
  request,
}) => {
  // Two people in two browsers through a whole journey, each step waiting for the inbox's polling: minutes on a loaded machine.
  test.setTimeout(240_000);
  const added = await request.post("/api/users", { data: { ...second, role: "approver" } });
  expect(added.status(), await added.text()).toBe(201);
  const runId = await startRun(request, "WeatherWorkflow", "What is the weather in Bergen?");

  // The second person has the inbox open while the admin claims the item.
  const other = await signedIn(browser, second);
  const theirs = inboxCard(other.page, "get_the_weather", "Bergen");
  await expect(theirs).toContainText("Nobody is on it");
  await page.goto("/inbox");
  const mine = inboxCard(page, "get_the_weather", "Bergen");
  await mine.getByRole("button", { name: "Claim" }).click();
  await expect(mine).toContainText("You are on it");
  await expect(mine.getByRole("button", { name: "Release" })).toBeVisible();

  // They see it without reloading (the inbox polls), and not under their Mine or Unassigned.
  await expect(theirs).toContainText(`${e2eAdmin.email} is on it`);
  await expect(theirs.getByRole("button", { name: "Claim" })).toHaveCount(0);
  await tab(other.page, "Unassigned").click();
  await expect(tab(other.page, "Unassigned")).toHaveAttribute("aria-selected", "true");
  await expect(theirs).toHaveCount(0);
  await tab(other.page, "Mine").click();
  await expect(theirs).toHaveCount(0);
  await tab(other.page, "All").click();
  await expect(theirs).toBeVisible();

  // Under the admin's Mine it is, and a saved view of it counts it.
  await tab(page, "Mine").click();
  await expect(mine).toBeVisible();
  await expect(tab(page, "Mine")).toContainText("1");
  await page.getByRole("button", { name: "Save view…" }).click();
  const form = page.getByRole("form", { name: "Save a view" });
  await form.getByLabel("View name").fill("My weather");
  await form.getByLabel("Workflow").selectOption("WeatherWorkflow");
  await form.getByRole("button", { name: "Save view" }).click();
  await expect(tab(page, "My weather")).toHaveAttribute("aria-selected", "true");
  await expect(tab(page, "My weather")).toHaveText(/My weather\s*1/);
  await expect(mine).toBeVisible();

  // Deciding while someone else is on it asks first; leaving it to them changes nothing.
  await theirs.getByRole("button", { name: "Approve" }).click();
  const ask = other.page.getByRole("alertdialog", { name: "Decide anyway?" });
  await expect(ask).toContainText(`${e2eAdmin.email} is on it.`);
  await ask.getByRole("button", { name: "Leave it to them" }).click();
  await expect(ask).toHaveCount(0);
  await expect(theirs).toContainText(`${e2eAdmin.email} is on it`);

  await theirs.getByRole("button", { name: "Approve" }).click();
  await ask.getByRole("button", { name: "Decide anyway" }).click();
  await expect(theirs.getByRole("status")).toContainText(/completed|continuing/i);
  await expect(tab(page, "My weather")).toHaveText(/My weather\s*0/);

  const audit = runAuditResponseSchema.parse(await (await request.get(`/api/runs/${runId}/audit`)).json());
  expect(audit.entries).toHaveLength(1);
  expect(audit.entries[0]).toMatchObject({ actorEmail: second.email, action: "confirm", overrodeClaimOf: e2eAdmin.email });
  await other.close();
});
