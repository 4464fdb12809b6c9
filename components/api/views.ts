"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiPaths, listViewsResponseSchema, viewResponseSchema, type CreateViewRequest } from "@/lib/contracts";
import { postJson, request } from "@/components/api/client";
import { queryKeys } from "@/components/api/query-keys";

/** As often as the inbox itself, so a tab's count follows what it lists. */
const VIEWS_POLL_MS = 3_000;

/** The person's saved views with their counts, and the counts of Mine, Unassigned and All. */
export function useViews() {
  return useQuery({
    queryKey: queryKeys.views,
    queryFn: () => request(listViewsResponseSchema, apiPaths.views()),
    refetchInterval: VIEWS_POLL_MS,
  });
}

export function useCreateView() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateViewRequest) => postJson(viewResponseSchema, apiPaths.views(), body),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: queryKeys.views }),
  });
}

export function useDeleteView() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => request(viewResponseSchema, apiPaths.view(id), { method: "DELETE" }),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: queryKeys.views }),
  });
}
