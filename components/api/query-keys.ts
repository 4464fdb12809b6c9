import type { InboxFilters, RunStatus } from "@/lib/contracts";

export interface RunFilters {
  status?: RunStatus;
  workflow?: string;
  q?: string;
}

/** Every cache key in one place, so a mutation can say exactly what it made stale. */
export const queryKeys = {
  workflows: ["workflows"] as const,
  /** Every inbox list, whatever its filters: what a decision updates. */
  inbox: ["requirements", "pending"] as const,
  inboxList: (filters: InboxFilters) => ["requirements", "pending", filters] as const,
  pendingCount: ["requirements", "count"] as const,
  /** Under requirements, so whatever refreshes the inbox refreshes the tabs' counts too. */
  views: ["requirements", "views"] as const,
  requirements: ["requirements"] as const,
  runs: ["runs"] as const,
  runList: (filters: RunFilters) => ["runs", "list", filters] as const,
  run: (runId: string) => ["runs", "detail", runId] as const,
  /** Under the run's key, so whatever refreshes the run refreshes its audit too. */
  runAudit: (runId: string, updatedAt: string) => ["runs", "detail", runId, "audit", updatedAt] as const,
  currentUser: ["auth", "me"] as const,
  users: ["admin", "users"] as const,
  apiTokens: ["admin", "tokens"] as const,
  policies: ["policies"] as const,
};
