import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { approveAll, runStatus, startRun } from "@/tests/e2e/support";

/** A drawn step or container, found by the accessible name it is given: "name, kind, …". */
// Pages under a loaded machine take a while to load their data: the first look waits longer.
const FIRST_LOOK = { timeout: 30_000 };
test.slow();

const node = (page: Page, name: string) => page.getByRole("group", { name: new RegExp(`^${name}, `) });

/** Serious and critical accessibility violations on the page as it stands, as "rule: first element" lines. */
async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.length} element(s), e.g. ${v.nodes[0]?.target.join(" ")}`);
}

test("the catalog draws a workflow's steps, containers and lanes, each node reachable by keyboard", async ({ page }) => {
  await page.goto("/workflows");
  const card = page.getByRole("article", { name: "ReleaseWorkflow" });
  await card.locator("summary", { hasText: "Diagram" }).click();
  const diagram = card.getByRole("group", { name: "Diagram of ReleaseWorkflow" });
  await expect(diagram).toBeVisible(FIRST_LOOK);

  await expect(node(page, "run_checks")).toHaveAccessibleName("run_checks, step, runs a function, can pause for a decision when it fails");
  await expect(node(page, "choose_target")).toHaveAccessibleName("choose_target, router, can pause for a route choice");
  await expect(node(page, "staging")).toBeVisible();
  await expect(node(page, "production")).toBeVisible();
  await expect(node(page, "canary_rollout")).toHaveAccessibleName("canary_rollout, loop, can pause for iteration review");
  await expect(node(page, "canary_rollout")).toContainText("up to 3×");
  await expect(node(page, "canary_stage")).toBeVisible();
  await expect(node(page, "release_notes")).toHaveAccessibleName("release_notes, step, runs a function");

  // Router lanes sit side by side: the two choices share a row.
  const staging = await node(page, "staging").boundingBox();
  const production = await node(page, "production").boundingBox();
  expect(staging && production && Math.abs(staging.y - production.y)).toBe(0);

  await card.locator("summary", { hasText: "Diagram" }).focus();
  await page.keyboard.press("Tab");
  await expect(node(page, "run_checks")).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(node(page, "choose_target")).toBeFocused();

  expect(await seriousViolations(page)).toEqual([]);
});

test("a run page marks the paused node, inside its containers, and follows the run to completion", async ({ page, request }) => {
  const runId = await startRun(request, "ResearchWorkflow", "Research tidal energy");
  await page.goto(`/runs/${runId}`);
  const diagram = page.getByRole("group", { name: "Diagram of ResearchWorkflow, with this run's progress" });
  await expect(diagram).toBeVisible(FIRST_LOOK);
  await expect(node(page, "scope")).toHaveAccessibleName("scope, step, runs a function, completed");
  await expect(node(page, "deep_research")).toHaveAccessibleName("deep_research, condition, waiting for a decision");
  await expect(node(page, "deep_research").locator("[data-status]").first()).toHaveAttribute("data-status", "paused");
  await expect(node(page, "report")).toHaveAccessibleName("report, step, runs a function, not reached");

  // The gate approved, the team's search waits three containers deep; the page follows without a reload.
  await approveAll(request, runId);
  await expect(node(page, "research")).toHaveAccessibleName("research, step, team ResearchTeam, waiting for a decision");
  await expect(node(page, "research_rounds")).toHaveAccessibleName("research_rounds, loop, in progress");
  await expect(node(page, "deep_research")).toHaveAccessibleName("deep_research, condition, in progress");
  await expect(node(page, "quick_answer")).toHaveAccessibleName("quick_answer, step, runs a function, not reached");
  expect(await seriousViolations(page)).toEqual([]);

  await approveAll(request, runId);
  await expect(node(page, "report")).toHaveAccessibleName("report, step, runs a function, waiting for a decision");
  await approveAll(request, runId);
  await expect(runStatus(page)).toHaveText("completed");
  for (const name of ["scope", "deep_research", "research_rounds", "research", "report"]) {
    await expect(node(page, name)).toHaveAccessibleName(new RegExp(`, completed$`));
  }
  await expect(node(page, "quick_answer")).toHaveAccessibleName(/, not reached$/);
});

test("on a 390-pixel-wide screen the run's diagram fits the width and its paused node is in view", async ({ page, request }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const runId = await startRun(request, "WeatherWorkflow", "What is the weather in Oslo?");
  await page.goto(`/runs/${runId}`);
  const paused = node(page, "get_weather");
  await expect(paused).toHaveAccessibleName("get_weather, step, agent WeatherAgent, waiting for a decision", FIRST_LOOK);
  await paused.scrollIntoViewIfNeeded();
  const box = await paused.boundingBox();
  expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
  const drawing = await page.getByRole("group", { name: /^Diagram of WeatherWorkflow/ }).boundingBox();
  expect(drawing && drawing.x >= 0 && drawing.x + drawing.width <= 390).toBe(true);
  expect(await seriousViolations(page)).toEqual([]);

  await approveAll(request, runId);
  await expect(paused).toHaveAccessibleName("get_weather, step, agent WeatherAgent, completed");
});
