"use client";

import { useQuery } from "@tanstack/react-query";
import { apiPaths, runAuditResponseSchema, type RunDto } from "@/lib/contracts";
import { request } from "@/components/api/client";
import { queryKeys } from "@/components/api/query-keys";

/** The run's decisions; asked again whenever the run itself changed. */
export function useRunAudit(run: RunDto) {
  return useQuery({
    queryKey: queryKeys.runAudit(run.runId, run.updatedAt),
    queryFn: async () => (await request(runAuditResponseSchema, apiPaths.runAudit(run.runId))).entries,
    placeholderData: (previous) => previous,
  });
}
