"use client";

import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type InfiniteData } from "@tanstack/react-query";
import {
  apiPaths,
  bulkResolveResponseSchema,
  type BulkResolveRequest,
  listRequirementsResponseSchema,
  resolveResponseSchema,
  type InboxFilters,
  type ListRequirementsResponse,
  type ResolveRequest,
} from "@/lib/contracts";
import { postJson, request, withQuery } from "@/components/api/client";
import { queryKeys } from "@/components/api/query-keys";

/** How often the inbox asks for news. A few seconds keeps it live without a socket per tab. */
const INBOX_POLL_MS = 3_000;

const fetchPending = (cursor: string | undefined, limit: number, filters: InboxFilters = {}) =>
  request(listRequirementsResponseSchema, withQuery(apiPaths.requirements(), { status: "pending", ...filters, cursor, limit }));

/** The pending requirements a tab shows (every one by default), oldest first, polled; further pages load on demand. */
export function usePendingRequirements(filters: InboxFilters = {}) {
  return useInfiniteQuery({
    queryKey: queryKeys.inboxList(filters),
    queryFn: ({ pageParam }) => fetchPending(pageParam, 100, filters),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: INBOX_POLL_MS,
  });
}

/** The number in the navigation badge. */
export function usePendingCount() {
  return useQuery({
    queryKey: queryKeys.pendingCount,
    queryFn: async () => (await fetchPending(undefined, 1)).total,
    refetchInterval: INBOX_POLL_MS,
  });
}

export interface ResolveInput {
  requirementId: string;
  runId: string;
  body: ResolveRequest;
}

export function useResolveRequirement() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ requirementId, body }: ResolveInput) =>
      postJson(resolveResponseSchema, apiPaths.resolveRequirement(requirementId), body),
    onSuccess: (answer, { requirementId }) => {
      // Drop the card at once; the refetch below brings any follow-up pause of the same run.
      queryClient.setQueriesData<InfiniteData<ListRequirementsResponse>>({ queryKey: queryKeys.inbox }, (data) =>
        data && {
          ...data,
          pages: data.pages.map((page) => ({
            ...page,
            requirements: page.requirements.filter((r) => r.id !== requirementId),
          })),
        },
      );
      queryClient.setQueryData(queryKeys.run(answer.run.runId), answer.run);
    },
    onSettled: (_answer, _error, { runId }) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.requirements });
      void queryClient.invalidateQueries({ queryKey: queryKeys.runs });
      void queryClient.invalidateQueries({ queryKey: queryKeys.run(runId) });
    },
  });
}

/** One answer for the selected items; the decided ones leave the inbox at once, failures stay with their reason. */
export function useBulkResolve() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: BulkResolveRequest) => postJson(bulkResolveResponseSchema, apiPaths.bulkResolve(), body),
    onSuccess: (answer) => {
      const decided = new Set(answer.results.filter((r) => r.outcome === "decided").map((r) => r.id));
      queryClient.setQueryData<InfiniteData<ListRequirementsResponse>>(queryKeys.inbox, (data) =>
        data && {
          ...data,
          pages: data.pages.map((page) => ({ ...page, requirements: page.requirements.filter((r) => !decided.has(r.id)) })),
        },
      );
    },
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.requirements });
      void queryClient.invalidateQueries({ queryKey: queryKeys.runs });
    },
  });
}
