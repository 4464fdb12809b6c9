import { expect, type APIRequestContext, type Locator, type Page } from "@playwright/test";
import { z } from "zod";
import { listRequirementsResponseSchema, runResponseSchema, type PendingRequirement } from "@/lib/contracts";

/**
 * Starts a run over HTTP, for journeys whose subject is what happens after the start. Runs execute in workers, so it
 * asks to wait (`Prefer: wait`) until the run has paused or ended, as a program that wants the outcome would.
 */
export async function startRun(request: APIRequestContext, workflow: string, input: string): Promise<string> {
  const response = await request.post(`/api/workflows/${workflow}/runs`, { data: { input }, headers: { prefer: "wait=20" } });
  expect(response.status(), await response.text()).toBe(201);
  return runResponseSchema.parse(await response.json()).run.runId;
}

export async function pendingOf(request: APIRequestContext, runId: string): Promise<PendingRequirement[]> {
  const response = await request.get("/api/requirements?status=pending&limit=100");
  expect(response.ok()).toBe(true);
  return listRequirementsResponseSchema.parse(await response.json()).requirements.filter((r) => r.runId === runId);
}

/** Approves every open requirement of a run over HTTP (weather lookups), so it completes. */
export async function approveAll(request: APIRequestContext, runId: string): Promise<void> {
  for (const requirement of await pendingOf(request, runId)) {
    const response = await request.post(`/api/requirements/${requirement.id}/resolve`, {
      data: { action: "confirm", version: requirement.version },
    });
    expect(response.ok(), await response.text()).toBe(true);
  }
}

/** The run id in the address bar of a run page. */
export function runIdFrom(page: Page): string {
  return z.string().min(1).parse(new URL(page.url()).pathname.split("/").at(-1));
}

/** The inbox card of one tool call, told apart from other runs' cards by a word in its arguments. */
export function inboxCard(page: Page, toolName: string, text: string) {
  return page.getByRole("article", { name: new RegExp(toolName) }).filter({ hasText: text });
}

/** What a card decided in the inbox says about its run: "continuing…", then how the run ended. */
export const cardProgress = (card: Locator) => card.getByRole("status");

export const runStatus = (page: Page) => page.getByRole("status", { name: "Run status" });
export const timeline = (page: Page) => page.getByRole("region", { name: "Timeline" });
export const finalContent = (page: Page) => page.getByRole("region", { name: "Final content" });
