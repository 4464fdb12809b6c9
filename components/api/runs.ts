"use client";

import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiPaths, listRunsResponseSchema, runResponseSchema, type RunDto, type RunStatus } from "@/lib/contracts";
import { ApiRequestError, postJson, request, withQuery } from "@/components/api/client";
import { queryKeys, type RunFilters } from "@/components/api/query-keys";

const PAGE_SIZE = 20;

const LIVE_STATUSES: ReadonlySet<RunStatus> = new Set(["pending", "running"]);

/** The run is queued or executing server-side (a recovering one too), so its event stream has more to say. */
export const isLive = (run: { status: RunStatus } | undefined): boolean => run !== undefined && LIVE_STATUSES.has(run.status);

/** What a person may still do to the run from the page: stop it, or take it up again after it failed for good. */
export const canCancel = (run: Pick<RunDto, "status">): boolean => run.status === "pending" || run.status === "running" || run.status === "paused";
export const canRetry = (run: Pick<RunDto, "status" | "retryable">): boolean => run.status === "error" && run.retryable;

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
    // Runs on screen that a worker is executing change within seconds; a settled list only when someone acts.
    refetchInterval: (query) => (query.state.data?.pages.some((p) => p.runs.some(isLive)) ? 2_000 : 10_000),
  });
}

/** The run without its event log (the page pages that in on its own, see useRunEventLog). */
const fetchRun = async (runId: string) => (await request(runResponseSchema, withQuery(apiPaths.run(runId), { events: "none" }))).run;

export function useRun(runId: string) {
  return useQuery({
    queryKey: queryKeys.run(runId),
    queryFn: () => fetchRun(runId),
    // A paused run can be decided from another tab or person. A live one is followed by its event stream, which
    // refetches the run as events arrive; the slow poll is the fallback when the stream is refused or cut.
    refetchInterval: (query) => {
      const status = query.state.data?.status;
      return status === "paused" || status === "running" || status === "pending" ? 4_000 : false;
    },
    retry: (count, error) => count < 2 && !(error instanceof ApiRequestError && error.status === 404),
  });
}

/**
 * Follows a run a person just sent on its way (an inbox card after the decision): its status, twice a second while a
 * worker has it (a light read: no event log), so the card and the inbox's next question follow the worker closely.
 */
export function useRunProgress(runId: string) {
  return useQuery({
    queryKey: queryKeys.run(runId),
    queryFn: () => fetchRun(runId),
    refetchInterval: (query) => (isLive(query.state.data) ? 500 : false),
  });
}

/** Cancel or retry: the answer is the run as it now stands; lists that show it are refreshed. */
function useRunControl(path: (runId: string) => string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (runId: string) => (await postJson(runResponseSchema, path(runId), {})).run,
    onSuccess: (run) => {
      queryClient.setQueryData(queryKeys.run(run.runId), run);
    },
    onSettled: (_run, _error, runId) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.run(runId) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.runs });
      void queryClient.invalidateQueries({ queryKey: queryKeys.requirements });
    },
  });
}

export const useCancelRun = () => useRunControl(apiPaths.cancelRun);
export const useRetryRun = () => useRunControl(apiPaths.retryRun);
