"use client";

import { keepPreviousData, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { apiPaths, listRunsResponseSchema, runResponseSchema, type RunDto } from "@/lib/contracts";
import { ApiRequestError, request, withQuery } from "@/components/api/client";
import { queryKeys, type RunFilters } from "@/components/api/query-keys";

const PAGE_SIZE = 20;

export function useRunList(filters: RunFilters) {
  return useInfiniteQuery({
    queryKey: queryKeys.runList(filters),
    queryFn: ({ pageParam }) =>
      request(
        listRunsResponseSchema,
        withQuery(apiPaths.runs(), { ...filters, cursor: pageParam, limit: PAGE_SIZE }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // Keep the old rows on screen while a new filter loads, instead of flashing a skeleton.
    placeholderData: keepPreviousData,
    refetchInterval: 10_000,
  });
}

/** The run is queued or executing server-side (a recovering one too), so its event stream has more to say. */
export const isLive = (run: RunDto | undefined): boolean => run?.status === "running" || run?.status === "pending";

export function useRun(runId: string) {
  return useQuery({
    queryKey: queryKeys.run(runId),
    queryFn: async () => (await request(runResponseSchema, apiPaths.run(runId))).run,
    // A paused run can be decided from another tab or person. A live one is followed by its event stream; the slower
    // poll is the fallback when the stream is refused or cut.
    refetchInterval: (query) => {
      const status = query.state.data?.status;
      return status === "paused" || status === "running" || status === "pending" ? 4_000 : false;
    },
    retry: (count, error) => count < 2 && !(error instanceof ApiRequestError && error.status === 404),
  });
}
