"use client";

import { VIEW_COUNT_CAP, type InboxFilters, type InboxView, type SavedView } from "@/lib/contracts";
import { useDeleteView, useViews } from "@/components/api/views";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";

/** A tab: one of the built-in views, or a saved view by id. */
export type InboxTabKey = InboxView | `saved:${string}`;

const builtIn: { key: InboxView; label: string }[] = [
  { key: "mine", label: "Mine" },
  { key: "unassigned", label: "Unassigned" },
  { key: "all", label: "All" },
];

const countText = (count: number | undefined) => (count === undefined ? "…" : count >= VIEW_COUNT_CAP ? `${VIEW_COUNT_CAP}+` : String(count));

/** What the tab lists; All is the inbox as it always was. */
export function filtersOf(tab: InboxTabKey, saved: SavedView[]): InboxFilters {
  if (tab === "all") return {};
  if (tab === "mine" || tab === "unassigned") return { view: tab };
  return saved.find((v) => `saved:${v.id}` === tab)?.filters ?? {};
}

/** Mine, Unassigned, All and the person's saved views, each with how many items it holds. */
export function InboxTabs({ selected, onSelect, onSaveView }: { selected: InboxTabKey; onSelect: (tab: InboxTabKey) => void; onSaveView: () => void }) {
  const views = useViews().data;
  const remove = useDeleteView();
  const tabs = [
    ...builtIn.map((t) => ({ key: t.key as InboxTabKey, label: t.label, count: views?.counts[t.key] })),
    ...(views?.views ?? []).map((v) => ({ key: `saved:${v.id}` as InboxTabKey, label: v.name, count: v.count })),
  ];
  const selectedSaved = selected.startsWith("saved:") ? selected.slice(6) : null;
  return (
    <div className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-200">
      <div role="tablist" aria-label="Inbox views" className="-mb-px flex flex-wrap gap-1">
        {tabs.map((tab) => (
          <button
            key={tab.key}
            type="button"
            role="tab"
            aria-selected={tab.key === selected}
            onClick={() => onSelect(tab.key)}
            className={cn(
              "flex items-center gap-2 border-b-2 px-3 py-2 text-sm font-medium",
              tab.key === selected ? "border-indigo-500 text-indigo-700" : "border-transparent text-slate-500 hover:text-slate-800",
            )}
          >
            {tab.label}
            <span className="rounded-full bg-slate-100 px-2 text-xs text-slate-700 tabular-nums" data-count>
              {countText(tab.count)}
            </span>
          </button>
        ))}
      </div>
      <div className="flex gap-2 pb-1">
        {selectedSaved && (
          <Button
            size="sm"
            variant="ghost"
            disabled={remove.isPending}
            onClick={() => remove.mutate(selectedSaved, { onSuccess: () => onSelect("all") })}
          >
            Delete view
          </Button>
        )}
        <Button size="sm" variant="secondary" onClick={onSaveView}>
          Save view…
        </Button>
      </div>
    </div>
  );
}
