"use client";

import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import { runStatusSchema, type RunSummary } from "@/lib/contracts";
import { messageOf } from "@/components/api/client";
import type { RunFilters } from "@/components/api/query-keys";
import { useRunList } from "@/components/api/runs";
import { formatAgo, formatDateTime, formatDuration, useNow } from "@/components/format/time";
import { Button } from "@/components/ui/button";
import { EmptyState, ErrorNotice, LoadingBlocks, Spinner } from "@/components/ui/states";
import { RunFiltersBar } from "@/components/runs/run-filters";
import { RunControls } from "@/components/runs/run-controls";
import { StatusBadge } from "@/components/runs/status-badge";

/** Filters live in the URL, so a filtered view can be shared and survives a reload. */
function useUrlFilters(): [RunFilters, (next: RunFilters) => void] {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const filters = useMemo<RunFilters>(
    () => ({
      status: runStatusSchema.safeParse(params.get("status")).data,
      workflow: params.get("workflow") || undefined,
      q: params.get("q") || undefined,
    }),
    [params],
  );
  const setFilters = useCallback(
    (next: RunFilters) => {
      const search = new URLSearchParams();
      if (next.status) search.set("status", next.status);
      if (next.workflow) search.set("workflow", next.workflow);
      if (next.q) search.set("q", next.q);
      const query = search.toString();
      router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
    },
    [pathname, router],
  );
  return [filters, setFilters];
}

function RunRow({ run, now }: { run: RunSummary; now: number }) {
  return (
    <tr className="group relative hover:bg-slate-50">
      <td className="py-3 pr-3 pl-5">
        <StatusBadge status={run.status} recovery={run.recovery} />
      </td>
      <td className="px-3 py-3 text-sm font-medium whitespace-nowrap text-slate-900">
        <Link href={`/runs/${run.runId}`} className="after:absolute after:inset-0 focus-visible:outline-none">
          {run.workflowName}
        </Link>
      </td>
      <td className="max-w-md min-w-48 px-3 py-3 text-sm text-slate-600">
        <span className="line-clamp-1 break-all" title={run.inputSummary}>
          {run.inputSummary || <span className="text-slate-400">no input</span>}
        </span>
      </td>
      <td className="px-3 py-3 text-sm whitespace-nowrap text-slate-600" title={formatDateTime(run.createdAt)}>
        {formatAgo(run.createdAt, now)}
      </td>
      <td className="px-3 py-3 text-sm whitespace-nowrap text-slate-600 tabular-nums">
        {run.durationMs === null ? <span className="text-slate-400">—</span> : formatDuration(run.durationMs)}
      </td>
      <td className="px-3 py-3 text-right text-sm text-slate-600 tabular-nums">
        {run.decisionCount}
        {run.pendingCount > 0 && <span className="ml-1 text-xs text-amber-700">(+{run.pendingCount} open)</span>}
      </td>
      <td className="py-2 pr-5 pl-3">
        {/* Above the row's link, which covers the whole row. */}
        <div className="relative z-10">
          <RunControls run={run} compact />
        </div>
      </td>
    </tr>
  );
}

export function RunHistory() {
  const [filters, setFilters] = useUrlFilters();
  const query = useRunList(filters);
  const now = useNow(15_000);
  const runs = query.data?.pages.flatMap((p) => p.runs) ?? [];
  const filtered = Boolean(filters.status || filters.workflow || filters.q);

  return (
    <div className="space-y-6">
      <div className="flex items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight text-slate-900">Runs</h1>
          <p className="mt-1 text-sm text-slate-500">Every run, newest first, with the decisions people made in it.</p>
        </div>
        {query.isFetching && !query.isPending && (
          <span className="flex items-center gap-2 text-xs text-slate-500">
            <Spinner className="size-3 text-indigo-500" /> Updating
          </span>
        )}
      </div>
      <RunFiltersBar filters={filters} onChange={setFilters} />

      {query.isPending ? (
        <LoadingBlocks label="Loading runs…" rows={4} />
      ) : query.isError ? (
        <ErrorNotice title="The runs could not be loaded">{messageOf(query.error)}</ErrorNotice>
      ) : runs.length === 0 ? (
        filtered ? (
          <EmptyState title="No run matches these filters">Try another status or workflow, or clear the search.</EmptyState>
        ) : (
          <EmptyState
            title="No runs yet"
            action={
              <Link href="/workflows" className="text-sm font-medium text-indigo-600 hover:text-indigo-500">
                Start a workflow →
              </Link>
            }
          >
            Runs appear here as soon as they start.
          </EmptyState>
        )
      ) : (
        <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm">
          <table className="min-w-full divide-y divide-slate-200">
            <caption className="sr-only">Runs, newest first</caption>
            <thead className="bg-slate-50/80">
              <tr className="text-left text-xs font-medium tracking-wide text-slate-500 uppercase">
                <th scope="col" className="py-2.5 pr-3 pl-5">
                  Status
                </th>
                <th scope="col" className="px-3 py-2.5">
                  Workflow
                </th>
                <th scope="col" className="px-3 py-2.5">
                  Input
                </th>
                <th scope="col" className="px-3 py-2.5">
                  Started
                </th>
                <th scope="col" className="px-3 py-2.5">
                  Duration
                </th>
                <th scope="col" className="px-3 py-2.5 text-right">
                  Decisions
                </th>
                <th scope="col" className="py-2.5 pr-5 pl-3">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {runs.map((run) => (
                <RunRow key={run.runId} run={run} now={now} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {query.hasNextPage && (
        <div className="flex justify-center">
          <Button variant="secondary" onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage}>
            {query.isFetchingNextPage ? "Loading…" : "Load older runs"}
          </Button>
        </div>
      )}
    </div>
  );
}
