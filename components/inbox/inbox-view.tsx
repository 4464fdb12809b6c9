"use client";

import Link from "next/link";
import { useCallback, useMemo, useState } from "react";
import type { PendingRequirement } from "@/lib/contracts";
import { usePendingRequirements } from "@/components/api/requirements";
import { messageOf } from "@/components/api/client";
import { formatAgo, useNow } from "@/components/format/time";
import { Button } from "@/components/ui/button";
import { EmptyState, ErrorNotice, LoadingBlocks, Spinner } from "@/components/ui/states";
import { BulkBar, BulkReportNotice, type BulkReport } from "@/components/inbox/bulk-bar";
import { DecidedCard } from "@/components/inbox/decided-card";
import { RequirementCard } from "@/components/inbox/requirement-card";
import { useBulkSelection } from "@/components/inbox/use-bulk-selection";
import { useInboxKeys, type InboxKey } from "@/components/inbox/use-inbox-keys";
import { isBulkKind } from "@/lib/contracts";
import { filtersOf, InboxTabs, type InboxTabKey } from "@/components/inbox/inbox-tabs";
import { SaveViewForm } from "@/components/inbox/save-view-form";
import { useViews } from "@/components/api/views";

/** A card decided on this page that sent its run on: it stays, following the run, until dismissed. */
interface Decided {
  requirement: PendingRequirement;
  summary: string;
}

interface RunGroup {
  runId: string;
  workflowName: string;
  /** Open requirements and cards decided here, in the order they were asked. */
  entries: ({ pending: PendingRequirement } | { decided: Decided })[];
  /** Open requirements only: what the keyboard moves through. */
  items: PendingRequirement[];
}

const askedAt = (entry: RunGroup["entries"][number]) => ("pending" in entry ? entry.pending : entry.decided.requirement).createdAt;

/** Groups keep the order of their oldest item, so the longest wait stays on top; a decided card keeps its place. */
function groupByRun(items: PendingRequirement[], decided: Decided[]): RunGroup[] {
  const open = new Set(items.map((item) => item.id));
  const entries = [
    ...items.map((pending) => ({ pending })),
    ...decided.filter((d) => !open.has(d.requirement.id)).map((d) => ({ decided: d })),
  ].sort((a, b) => askedAt(a).localeCompare(askedAt(b)));
  const groups = new Map<string, RunGroup>();
  for (const entry of entries) {
    const requirement = "pending" in entry ? entry.pending : entry.decided.requirement;
    const group = groups.get(requirement.runId) ?? { runId: requirement.runId, workflowName: requirement.workflowName, entries: [], items: [] };
    group.entries.push(entry);
    if ("pending" in entry) group.items.push(entry.pending);
    groups.set(requirement.runId, group);
  }
  return [...groups.values()];
}

const cardOf = (id: string) => document.querySelector<HTMLElement>(`[data-requirement-id="${CSS.escape(id)}"]`);

export function InboxView() {
  const [tab, setTab] = useState<InboxTabKey>("all");
  const [saving, setSaving] = useState(false);
  const savedViews = useViews().data?.views;
  const filters = useMemo(() => filtersOf(tab, savedViews ?? []), [tab, savedViews]);
  const query = usePendingRequirements(filters);
  const now = useNow();
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const [conflict, setConflict] = useState<string | null>(null);
  const [decided, setDecided] = useState<Decided[]>([]);

  const items = useMemo(() => query.data?.pages.flatMap((p) => p.requirements) ?? [], [query.data]);
  const groups = useMemo(() => groupByRun(items, decided), [items, decided]);
  const openRuns = groups.filter((g) => g.items.length > 0).length;
  const ordered = useMemo(() => groups.flatMap((g) => g.items), [groups]);
  const total = query.data?.pages[0]?.total ?? 0;
  const current = ordered.find((r) => r.id === selectedId) ?? ordered[0];
  const bulk = useBulkSelection(ordered);
  const [report, setReport] = useState<BulkReport | null>(null);

  const onKey = useCallback(
    (key: InboxKey) => {
      if (!current) return;
      if (key === "toggle") {
        bulk.toggle(current);
        return;
      }
      if (key === "next" || key === "previous") {
        const index = ordered.indexOf(current) + (key === "next" ? 1 : -1);
        const target = ordered[Math.min(Math.max(index, 0), ordered.length - 1)];
        if (!target) return;
        setSelectedId(target.id);
        const card = cardOf(target.id);
        card?.focus({ preventScroll: true });
        card?.scrollIntoView({ block: "nearest", behavior: "smooth" });
        return;
      }
      cardOf(current.id)?.querySelector<HTMLButtonElement>(`[data-shortcut="${key}"]:not(:disabled)`)?.click();
    },
    [current, ordered, bulk],
  );
  useInboxKeys(onKey);

  const onDecided = (item: PendingRequirement, { what, continued }: { what: string; continued: boolean }) => {
    const subject = item.toolName ?? item.stepName;
    setAnnouncement(`${subject}: ${what}${continued ? ", the run goes on" : ""}.`);
    if (continued) setDecided((held) => [...held, { requirement: item, summary: `${what.charAt(0).toUpperCase()}${what.slice(1)}.` }]);
    const next = ordered[ordered.indexOf(item) + 1] ?? ordered[ordered.indexOf(item) - 1];
    setSelectedId(next?.id ?? null);
  };

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight text-slate-900">Inbox</h1>
          <p className="mt-1 text-sm text-slate-500">
            Decisions your workflows wait for, oldest first. <Kbd>j</Kbd>/<Kbd>k</Kbd> move, <Kbd>a</Kbd> approves,{" "}
            <Kbd>r</Kbd> rejects, <Kbd>x</Kbd> selects for a bulk answer (shift-click a box for a range).
          </p>
        </div>
        <p className="flex items-center gap-2 text-xs text-slate-500" aria-live="off">
          {query.isFetching ? <Spinner className="size-3 text-indigo-500" /> : <span className="size-2 rounded-full bg-emerald-500" />}
          {query.dataUpdatedAt ? `Updated ${formatAgo(new Date(query.dataUpdatedAt).toISOString(), now)}` : "Connecting…"}
        </p>
      </div>

      <InboxTabs selected={tab} onSelect={setTab} onSaveView={() => setSaving(true)} />
      {saving && (
        <SaveViewForm
          base={tab === "mine" || tab === "unassigned" ? tab : "all"}
          onCancel={() => setSaving(false)}
          onSaved={(id) => {
            setSaving(false);
            setTab(`saved:${id}`);
          }}
        />
      )}

      <p role="status" className="sr-only">
        {announcement}
      </p>

      {conflict && (
        <div role="alert" className="flex items-start justify-between gap-4 rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900">
          <p>
            <span className="font-semibold">Already decided. </span>
            {conflict}
          </p>
          <Button variant="ghost" size="sm" onClick={() => setConflict(null)}>
            Dismiss
          </Button>
        </div>
      )}

      <BulkBar
        selected={bulk.selected}
        onClear={bulk.clear}
        onDone={(decidedIds, done) => {
          bulk.deselect(decidedIds);
          setReport(done);
          setAnnouncement(`${done.decided} ${done.what}${done.failures.length ? `, ${done.failures.length} not decided` : ""}.`);
        }}
      />
      {report && <BulkReportNotice report={report} onDismiss={() => setReport(null)} />}

      {query.isPending ? (
        <LoadingBlocks label="Loading the inbox…" />
      ) : query.isError && items.length === 0 ? (
        <ErrorNotice title="The inbox could not be loaded">{messageOf(query.error)} It retries on its own every few seconds.</ErrorNotice>
      ) : items.length === 0 && decided.length === 0 ? (
        <EmptyState
          title={tab === "all" ? "Nothing waits for you" : "Nothing in this view"}
          action={
            <Link href="/workflows" className="text-sm font-medium text-indigo-600 hover:text-indigo-500">
              Start a workflow →
            </Link>
          }
        >
          When an agent calls a tool that needs a person, it shows up here within a few seconds.
        </EmptyState>
      ) : (
        <>
          {query.isError && <ErrorNotice title="Lost touch with the server">{messageOf(query.error)} Showing what was last loaded.</ErrorNotice>}
          <p className="text-sm text-slate-600">
            <span className="font-semibold text-slate-900">{total}</span> pending in{" "}
            <span className="font-semibold text-slate-900">{openRuns}</span> {openRuns === 1 ? "run" : "runs"}
          </p>
          <div className="space-y-8">
            {groups.map((group) => (
              <section key={group.runId} aria-label={`Run ${group.runId} of ${group.workflowName}`} className="space-y-3">
                <h2 className="flex flex-wrap items-baseline gap-2 text-sm">
                  <span className="font-semibold text-slate-900">{group.workflowName}</span>
                  <Link href={`/runs/${group.runId}`} className="font-mono text-xs text-slate-500 hover:text-indigo-600">
                    run {group.runId.slice(0, 8)}
                  </Link>
                  <span className="text-xs text-slate-400">
                    {group.items.length === 0 ? "decided" : `${group.items.length} ${group.items.length === 1 ? "decision" : "decisions"}`}
                  </span>
                </h2>
                {group.entries.map((entry) =>
                  "pending" in entry ? (
                    <RequirementCard
                      key={entry.pending.id}
                      requirement={entry.pending}
                      now={now}
                      selected={entry.pending.id === current?.id}
                      {...(isBulkKind(entry.pending.kind) && {
                        selection: {
                          checked: bulk.isSelected(entry.pending.id),
                          onToggle: (range: boolean) => bulk.toggle(entry.pending, range),
                          onSelectLike: () => {
                            const n = bulk.selectLike(entry.pending);
                            setAnnouncement(`${n} like this selected.`);
                          },
                        },
                      })}
                      onSelect={() => setSelectedId(entry.pending.id)}
                      onDecided={(outcome) => onDecided(entry.pending, outcome)}
                      onConflict={setConflict}
                    />
                  ) : (
                    <DecidedCard
                      key={entry.decided.requirement.id}
                      requirement={entry.decided.requirement}
                      summary={entry.decided.summary}
                      onDismiss={() => setDecided((held) => held.filter((d) => d !== entry.decided))}
                    />
                  ),
                )}
              </section>
            ))}
          </div>
          {query.hasNextPage && (
            <div className="flex justify-center">
              <Button variant="secondary" onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage}>
                {query.isFetchingNextPage ? "Loading…" : "Show more"}
              </Button>
            </div>
          )}
        </>
      )}
    </div>
  );
}

function Kbd({ children }: { children: string }) {
  return <kbd className="rounded border border-slate-300 bg-white px-1 font-mono text-[11px] text-slate-700 shadow-xs">{children}</kbd>;
}
