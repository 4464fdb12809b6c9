// Many runs for the query tests and benchmarks: a realistic mix of paused, finished and running runs
// across a handful of workflows, created a second apart.
import type { ExecutorRequirementJSON, StepRequirementJSON, WorkflowRunJSON } from "@/lib/engine";
import type { PostgresDb, SqliteDb } from "@/lib/db";
import { baseRun, executorRequirement } from "./db-fixtures";

export const WORKFLOWS = ["WeatherWorkflow", "PaymentsWorkflow", "ReportWorkflow", "TriageWorkflow", "OnboardingWorkflow"];
const CITIES = ["Tokyo", "Paris", "Lima", "Oslo", "Cairo", "Quito", "Perth", "Dakar"];
const T0 = Date.parse("2026-01-01T00:00:00.000Z");

/** Run i of a seeded database: every 3rd is paused on a tool call, the rest finished or running. */
export function seededRun(i: number): WorkflowRunJSON {
  const createdAt = new Date(T0 + i * 1000).toISOString();
  const workflowName = WORKFLOWS[i % WORKFLOWS.length] as string;
  const run = baseRun({
    runId: `run-${String(i).padStart(7, "0")}`,
    sessionId: `session-${Math.floor(i / 4)}`,
    workflowName,
    input: `What is the weather in ${CITIES[i % CITIES.length]} on day ${i}?`,
    createdAt,
    updatedAt: new Date(T0 + i * 1000 + 500).toISOString(),
  });
  const paused = i % 3 === 0;
  const requirement: ExecutorRequirementJSON = executorRequirement(run.runId, {
    id: `req-${i}`,
    createdAt,
    ...(paused ? {} : { status: "confirmed", resolvedAt: run.updatedAt, resolvedBy: "seed" }),
  });
  const group: StepRequirementJSON = {
    id: `step-req-${i}`,
    stepName: "get_weather",
    stepPath: ["get_weather"],
    stepType: "step",
    status: paused ? "pending" : "resolved",
    createdAt,
    requiresConfirmation: false,
    requiresUserInput: false,
    requiresRouteSelection: false,
    requiresOutputReview: false,
    requiresExecutorInput: true,
    executorId: "agent-weather",
    executorName: "WeatherAgent",
    executorType: "agent",
    executorRequirements: [requirement],
  };
  run.stepRequirements = [group];
  if (paused) Object.assign(run, { status: "paused", isPaused: true, pauseKind: "executor", pausedStepName: "get_weather", pausedStepPath: ["get_weather"] });
  else if (i % 3 === 1) Object.assign(run, { status: "completed", content: "70 degrees" });
  else if (i % 30 === 2) Object.assign(run, { status: "error", error: "model unavailable" });
  else Object.assign(run, { status: "completed", content: "cloudy" });
  return run;
}

export async function seed(db: SqliteDb | PostgresDb, count: number, batch = 2000): Promise<void> {
  for (let start = 0; start < count; start += batch) {
    const runs: WorkflowRunJSON[] = [];
    for (let i = start; i < Math.min(count, start + batch); i++) runs.push(seededRun(i));
    await db.importRuns(runs);
  }
}
