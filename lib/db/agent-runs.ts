// Standalone agent and team runs (an Agent or Team given a `db`): one row each, the run's JSON in `data`.
import type { RunOutputJSON } from "@/lib/engine";
import type { StoreClient } from "./store-client";

export async function saveAgentRun(client: StoreClient, run: RunOutputJSON): Promise<void> {
  const row = {
    sessionId: run.sessionId ?? null,
    executorName: run.executorName,
    executorType: run.executorType,
    status: run.status,
    data: JSON.stringify(run),
    updatedAt: new Date(run.updatedAt),
  };
  // In a transaction so that, on SQLite's single connection, it never lands inside a run update.
  await client.$transaction([
    client.agentRun.upsert({
      where: { id: run.runId },
      create: { id: run.runId, ...row, createdAt: new Date(run.createdAt) },
      update: row,
      select: { id: true },
    }),
  ]);
}

export async function loadAgentRun(client: StoreClient, runId: string): Promise<RunOutputJSON | null> {
  const row = await client.agentRun.findUnique({ where: { id: runId }, select: { data: true } });
  return row ? (JSON.parse(row.data) as RunOutputJSON) : null;
}
