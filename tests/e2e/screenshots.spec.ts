import { expect, test, type Page } from "@playwright/test";
import { approveAll, pendingOf, startRun, timeline } from "@/tests/e2e/support";
import { catalog } from "@/lib/workflows";

// Refreshes the pictures in docs/screenshots; run alone so the database holds only this scene:
//   UPDATE_SCREENSHOTS=1 npx playwright test screenshots
test.skip(!process.env.UPDATE_SCREENSHOTS, "set UPDATE_SCREENSHOTS=1 to refresh docs/screenshots");

const shoot = (page: Page, name: string) => page.screenshot({ path: `docs/screenshots/${name}.png`, fullPage: true });

test("screenshots of the inbox, a run and the history", async ({ page, request }) => {
  await page.setViewportSize({ width: 1280, height: 800 });

  const research = await startRun(request, "ResearchWorkflow", "Research battery recycling");
  for (let round = 0; round < 5; round++) {
    const open = await pendingOf(request, research);
    if (open.length === 0) break;
    for (const requirement of open) {
      const response = await request.post(`/api/requirements/${requirement.id}/resolve`, {
        data: { action: "confirm", version: requirement.version },
      });
      expect(response.ok(), await response.text()).toBe(true);
    }
  }
  const lima = await startRun(request, "WeatherWorkflow", "What is the weather in Lima?");
  const [limaLookup] = await pendingOf(request, lima);
  if (!limaLookup) throw new Error("the Lima run did not pause");
  await request.post(`/api/requirements/${limaLookup.id}/resolve`, {
    data: { action: "reject", note: "Lima is off the travel list this quarter", version: limaLookup.version },
  });
  await approveAll(request, await startRun(request, "WeatherWorkflow", "What is the weather in Oslo?"));
  await startRun(request, "WeatherWorkflow", "What is the weather in Tokyo and Paris?");
  await startRun(request, "PaymentWorkflow", "Send $250 for the team offsite");
  await startRun(request, "QueryWorkflow", "SELECT region, COUNT(*) FROM orders WHERE status = 'open' GROUP BY region");

  await page.goto("/inbox");
  await expect(page.getByRole("article")).toHaveCount(4);
  await shoot(page, "inbox");

  await page.goto(`/runs/${research}`);
  await expect(timeline(page)).toContainText("report");
  await shoot(page, "run");

  await page.goto("/runs");
  await expect(page.getByRole("row")).toHaveCount(7);
  await shoot(page, "history");

  await page.goto("/workflows");
  await expect(page.getByRole("article")).toHaveCount(catalog.length);
  await shoot(page, "workflows");
});
