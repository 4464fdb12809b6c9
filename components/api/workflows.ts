"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  apiPaths,
  listWorkflowsResponseSchema,
  runResponseSchema,
  type StartRunRequest,
  type WorkflowSummary,
} from "@/lib/contracts";
import { postJson, request } from "@/components/api/client";
import { queryKeys } from "@/components/api/query-keys";

export function useWorkflows() {
  return useQuery({
    queryKey: queryKeys.workflows,
    queryFn: async () => (await request(listWorkflowsResponseSchema, apiPaths.workflows())).workflows,
    staleTime: 60_000,
  });
}

/** True when the catalog runs on the scripted stand-in instead of a real model. */
export function isOffline(workflows: WorkflowSummary[] | undefined): boolean {
  return workflows?.some((w) => w.model?.offline) ?? false;
}

export function useStartRun() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ workflowName, input }: { workflowName: string; input: StartRunRequest["input"] }) =>
      (await postJson(runResponseSchema, apiPaths.startRun(workflowName), { input })).run,
    onSuccess: (run) => {
      queryClient.setQueryData(queryKeys.run(run.runId), run);
      void queryClient.invalidateQueries({ queryKey: queryKeys.runs });
      void queryClient.invalidateQueries({ queryKey: queryKeys.requirements });
    },
  });
}
