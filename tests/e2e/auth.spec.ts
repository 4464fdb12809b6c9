import { expect, test, type APIRequestContext, type Browser } from "@playwright/test";
import { z } from "zod";
import { listRequirementsResponseSchema } from "@/lib/contracts";
import { e2eAdmin } from "@/tests/e2e/accounts";
import { cardProgress, approveAll, inboxCard, pendingOf, runStatus, startRun } from "@/tests/e2e/support";

/** A browser of someone who has not signed in. */
async function strangerPage(browser: Browser) {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  return { page: await context.newPage(), close: () => context.close() };
}

async function addUser(request: APIRequestContext, email: string, role: "viewer" | "approver") {
  const response = await request.post("/api/users", { data: { email, password: "long-enough-password", role } });
  expect(response.status(), await response.text()).toBe(201);
}

test("a stranger is sent to sign in, a wrong password is refused, the right one opens the page asked for", async ({ browser }) => {
  const { page, close } = await strangerPage(browser);
  await page.goto("/runs");
  await expect(page).toHaveURL(/\/login\?next=%2Fruns$/);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();

  await page.getByLabel("Email").fill(e2eAdmin.email);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Not signed in" })).toContainText("The email or password is wrong");
  await expect(page).toHaveURL(/\/login/);

  await page.getByLabel("Password").fill(e2eAdmin.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/runs$/);
  await expect(page.getByLabel("Signed in as")).toHaveText(e2eAdmin.email);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto("/inbox");
  await expect(page).toHaveURL(/\/login\?next=%2Finbox$/);
  await close();
});

test("a viewer sees the inbox but cannot approve, not even by calling the API", async ({ browser, request }) => {
  await addUser(request, "vera.viewer@example.com", "viewer");
  const runId = await startRun(request, "WeatherWorkflow", "What is the weather in Tromso?");
  const [requirement] = await pendingOf(request, runId);
  if (!requirement) throw new Error("the weather run did not pause");

  const { page, close } = await strangerPage(browser);
  await page.goto("/inbox");
  await page.getByLabel("Email").fill("vera.viewer@example.com");
  await page.getByLabel("Password").fill("long-enough-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/inbox$/);

  const card = inboxCard(page, "get_the_weather", "Tromso");
  await expect(card).toContainText("can see this requirement but not decide it");
  await expect(card.getByRole("button", { name: "Approve", exact: true })).toHaveCount(0);
  await expect(card.getByRole("button", { name: "Reject" })).toHaveCount(0);

  const forged = await page.request.post(`/api/requirements/${requirement.id}/resolve`, {
    data: { action: "confirm", version: requirement.version },
  });
  expect(forged.status()).toBe(403);
  expect(await forged.text()).toContain('needs the \\"approver\\" role');
  const still = listRequirementsResponseSchema.parse(await (await request.get("/api/requirements?limit=100")).json());
  expect(still.requirements.map((r) => r.id)).toContain(requirement.id);
  await close();
  // Leave no open item behind for the journeys that read the inbox after this one.
  await approveAll(request, runId);
});

test("the run page shows who decided, when, the note and the arguments, as the audit log recorded them", async ({ browser, page, request }) => {
  await addUser(request, "paul.approver@example.com", "approver");
  const runId = await startRun(request, "WeatherWorkflow", "What is the weather in Reykjavik?");
  const { page: approver, close } = await strangerPage(browser);
  await approver.goto("/inbox");
  await approver.getByLabel("Email").fill("paul.approver@example.com");
  await approver.getByLabel("Password").fill("long-enough-password");
  await approver.getByRole("button", { name: "Sign in" }).click();
  const card = inboxCard(approver, "get_the_weather", "Reykjavik");
  await card.getByLabel("Rejection note").fill('=HYPERLINK("http://evil.example") <b>not bold</b>');
  await card.getByRole("button", { name: "Reject" }).click();
  await expect(cardProgress(card)).toHaveText("the run completed");
  await close();

  await page.goto(`/runs/${runId}`);
  await expect(runStatus(page)).toHaveText("completed");
  const audit = page.getByRole("region", { name: "Audit log" });
  await expect(audit).toContainText("paul.approver@example.com (approver) rejected get_the_weather");
  await expect(audit).toContainText('Note: =HYPERLINK("http://evil.example") <b>not bold</b>');
  await expect(audit).toContainText("Arguments proposed");
  await expect(audit).toContainText("Reykjavik");
  await expect(audit.locator("b")).toHaveCount(0);

  const exported = await request.get("/api/audit?format=json");
  expect(exported.ok()).toBe(true);
  const entries = z.array(z.object({ runId: z.string(), actorEmail: z.string().nullable(), action: z.string() })).parse(await exported.json());
  expect(entries.filter((e) => e.runId === runId)).toEqual([{ runId, actorEmail: "paul.approver@example.com", action: "reject" }].map((e) => expect.objectContaining(e)));
});

test("an admin adds a user and creates an API token on the admin page; the token works until it is revoked", async ({ page, playwright, baseURL }) => {
  await page.goto("/admin");
  await page.getByLabel("New user's email").fill("nina.new@example.com");
  await page.getByLabel("First password").fill("nina-password-1");
  await page.getByLabel("Role", { exact: true }).selectOption("viewer");
  await page.getByRole("button", { name: "Add user" }).click();
  await expect(page.getByLabel("Role of nina.new@example.com")).toHaveValue("viewer");

  await page.getByLabel("Token name").fill("nightly-report");
  await page.getByLabel("Token role").selectOption("viewer");
  await page.getByRole("button", { name: "Create token" }).click();
  const shown = page.getByRole("status").filter({ hasText: "not shown again" });
  const token = z.string().regex(/^hitl_/).parse(await shown.locator("code").textContent());

  const program = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${token}` } });
  expect((await program.get("/api/runs")).status()).toBe(200);
  expect((await program.post("/api/workflows/WeatherWorkflow/runs", { data: { input: "What is the weather in Bergen?" } })).status()).toBe(403);

  await page.getByRole("button", { name: "Revoke nightly-report" }).click();
  await expect(page.getByRole("row", { name: /nightly-report/ })).toContainText("revoked");
  expect((await program.get("/api/runs")).status()).toBe(401);
  await program.dispose();
});
