import { expect, test, type Page } from "@playwright/test";
import { cardProgress, finalContent, runIdFrom, runStatus, startRun, timeline } from "@/tests/e2e/support";

const FAILURE = "integration tests failed: 2 of 148 (checkout, search)";

/** The inbox group of one run: its cards only, whatever other runs wait. */
const runGroup = (page: Page, runId: string) => page.getByRole("region", { name: new RegExp(runId) });
const stepItem = (page: Page, name: string) => timeline(page).getByRole("listitem", { name });
const auditLog = (page: Page) => page.getByRole("region", { name: "Audit log" });

test("a release: the failed check is retried, production is picked, the canary widens once and stops", async ({ page }) => {
  await page.goto("/workflows");
  const workflow = page.getByRole("article", { name: "ReleaseWorkflow" });
  await expect(workflow).toContainText("Step failed");
  await expect(workflow).toContainText("Choose route");
  await expect(workflow).toContainText("Review iteration");
  await workflow.getByLabel("input").fill("Release v2.3 (flaky integration tests)");
  await workflow.getByRole("button", { name: "Start run" }).click();

  await expect(page).toHaveURL(/\/runs\/[^/]+$/);
  const runId = runIdFrom(page);
  await expect(runStatus(page)).toHaveText("waiting for you");
  await expect(stepItem(page, "Step run_checks: waiting for you")).toContainText(FAILURE);

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /Inbox/ }).click();
  const group = runGroup(page, runId);
  const failed = group.getByRole("article", { name: /run_checks/ });
  await expect(failed).toContainText("Step failed");
  await expect(failed).toContainText("ReleaseWorkflow");
  await expect(failed).toContainText(FAILURE);
  await failed.getByRole("button", { name: "Retry" }).click();
  await expect(failed).toHaveCount(0);

  const route = group.getByRole("article", { name: /choose_target/ });
  await expect(route).toContainText("Choose route");
  await expect(route).toContainText("Where should this release go?");
  await expect(route.getByRole("checkbox", { name: "staging" })).not.toBeChecked();
  await route.getByRole("checkbox", { name: "production" }).check();
  await route.getByRole("button", { name: "Submit" }).click();
  await expect(route).toHaveCount(0);

  const firstStage = group.getByRole("article", { name: /canary_rollout/ }).filter({ hasText: "Iteration 1" });
  await expect(firstStage).toContainText("Review iteration");
  await expect(firstStage.getByRole("region", { name: "Output under review" })).toContainText("Canary at 10%: error rate 0.1%");
  await firstStage.getByLabel("Feedback").fill("error rate is fine, widen it");
  await firstStage.getByRole("button", { name: "Run another" }).click();
  await expect(firstStage).toHaveCount(0);

  const secondStage = group.getByRole("article", { name: /canary_rollout/ }).filter({ hasText: "Iteration 2" });
  await expect(secondStage.getByRole("region", { name: "Output under review" })).toContainText("Canary at 50%: error rate 0.1%");
  await secondStage.getByRole("button", { name: "Stop here" }).click();
  // The decided card stays and follows the run to its end; the ones before went when the run asked the next question.
  await expect(cardProgress(group.getByRole("article", { name: /canary_rollout/ }))).toHaveText("the run completed");
  await expect(group.getByRole("article")).toHaveCount(1);

  await page.goto(`/runs/${runId}`);
  await expect(runStatus(page)).toHaveText("completed");
  // The retry counts as a decision too: four in all.
  await expect(page.getByText("Decisions", { exact: true }).locator("xpath=following-sibling::dd")).toHaveText("4");
  const checks = stepItem(page, "Step run_checks: completed");
  await expect(checks).toContainText(FAILURE);
  await expect(checks).toContainText("retried");
  await expect(checks).toContainText("admin@example.com");
  await expect(checks).toContainText("passed for Release v2.3 on attempt 2");
  const choice = stepItem(page, "Step choose_target: completed");
  await expect(choice).toContainText("route chosen");
  await expect(choice.getByRole("definition").filter({ hasText: /^production$/ })).toHaveCount(1);
  await expect(stepItem(page, "Step production: completed")).toContainText("Release v2.3 deployed to production.");
  await expect(stepItem(page, "Step staging: completed")).toHaveCount(0);
  const canary = stepItem(page, "Step canary_rollout: completed");
  await expect(canary).toContainText("A person reviews iteration 1");
  await expect(canary).toContainText("ran another iteration");
  await expect(canary).toContainText("error rate is fine, widen it");
  await expect(canary).toContainText("A person reviews iteration 2");
  await expect(canary).toContainText("stopped here");
  await expect(finalContent(page)).toContainText("Release v2.3 shipped to production. Rollout stopped at 50% of the traffic (error rate 0.1%).");

  // One entry per decision; the values given (the chosen routes) are a list of their own inside an entry.
  const audit = auditLog(page).getByRole("listitem").filter({ hasText: "admin@example.com (admin)" });
  await expect(audit).toHaveCount(4);
  await expect(audit.nth(0)).toContainText("retried run_checks");
  await expect(audit.nth(1)).toContainText("chose choose_target");
  await expect(audit.nth(1)).toContainText("production");
  await expect(audit.nth(2)).toContainText("rejected canary_rollout");
  await expect(audit.nth(3)).toContainText("approved canary_rollout");
});

test("skipping the failed check ships the release without it", async ({ page, request }) => {
  const runId = await startRun(request, "ReleaseWorkflow", "Release v2.4 (flaky smoke tests)");
  await page.goto("/inbox");
  const group = runGroup(page, runId);
  const failed = group.getByRole("article", { name: /run_checks/ });
  await expect(failed).toContainText(FAILURE);
  await failed.getByRole("button", { name: "Skip step" }).click();
  await expect(failed).toHaveCount(0);

  const route = group.getByRole("article", { name: /choose_target/ });
  await route.getByRole("checkbox", { name: "staging" }).check();
  await route.getByRole("button", { name: "Submit" }).click();
  const canary = group.getByRole("article", { name: /canary_rollout/ });
  await canary.getByRole("button", { name: "Stop here" }).click();
  await expect(cardProgress(canary)).toHaveText("the run completed");

  await page.goto(`/runs/${runId}`);
  await expect(runStatus(page)).toHaveText("completed");
  const checks = stepItem(page, "Step run_checks: skipped");
  await expect(checks).toContainText(FAILURE);
  await expect(checks).toContainText("skipped");
  await expect(finalContent(page)).toContainText("Release v2.4 shipped to staging. Rollout stopped at 10% of the traffic (error rate 0.1%). Checks: skipped after they failed.");
  await expect(auditLog(page)).toContainText("skipped run_checks");
});
