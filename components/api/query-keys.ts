import type { RunStatus } from "@/lib/contracts";

export interface RunFilters {
  status?: RunStatus;
  workflow?: string;
  q?: string;
}

/** Every cache key in one place, so a mutation can say exactly what it made stale. */
export const queryKeys = {
  workflows: ["workflows"] as const,
  inbox: ["requirements", "pending"] as const,
  pendingCount: ["requirements", "pending", "count"] as const,
  requirements: ["requirements"] as const,
  runs: ["runs"] as const,
  runList: (filters: RunFilters) => ["runs", "list", filters] as const,
  run: (runId: string) => ["runs", "detail", runId] as const,
};
