import type { RunDto } from "@/lib/contracts";
import type { JsonValue } from "@/lib/engine/json";
import { findWorkflow } from "./catalog";
import { appDb } from "./db";
import { loadRunView } from "./run-view";

/** Starts a run of a catalog workflow and runs it to its first pause or its end. */
export async function startRun(workflowName: string, input: JsonValue, by: string): Promise<RunDto> {
  const entry = findWorkflow(workflowName);
  const db = appDb();
  const output = await entry.create(db).run(input, { userId: by });
  return loadRunView(db, output.runId);
}
