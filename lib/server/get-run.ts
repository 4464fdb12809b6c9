import "server-only";
import type { RunDto } from "@/lib/contracts";
import { appDb } from "@/lib/app/db";
import { loadRunView } from "./run-view";

export function getRun(runId: string, options: { events: "all" | "none" } = { events: "all" }): Promise<RunDto> {
  return loadRunView(appDb(), runId, options.events === "all");
}
