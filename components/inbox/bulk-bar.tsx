"use client";

import { useId, useState } from "react";
import type { BulkItemResult, PendingRequirement } from "@/lib/contracts";
import { messageOf } from "@/components/api/client";
import { useBulkResolve } from "@/components/api/requirements";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/field";
import { ErrorNotice } from "@/components/ui/states";

/** What the last bulk answer did, item by item, for the items that did not go through. */
export interface BulkReport {
  decided: number;
  what: "approved" | "rejected";
  failures: { item: PendingRequirement | undefined; result: Extract<BulkItemResult, { outcome: "failed" }> }[];
}

const subjectOf = (item: PendingRequirement | undefined, id: string) => (item ? `${item.toolName ?? item.stepName} in ${item.workflowName}` : id);

/**
 * Shown while items are selected: approve them all, or reject them all with one note. Each item carries the version
 * its card showed, so an item someone else decided meanwhile comes back as "already decided" and nothing is changed.
 */
export function BulkBar({
  selected,
  onClear,
  onDone,
}: {
  selected: PendingRequirement[];
  onClear: () => void;
  /** The items decided (to drop from the selection) and the report to show. */
  onDone: (decidedIds: string[], report: BulkReport) => void;
}) {
  const noteId = useId();
  const [note, setNote] = useState("");
  const bulk = useBulkResolve();
  const count = selected.length;
  const send = (action: "confirm" | "reject") => {
    const items = selected.map(({ id, version }) => ({ id, version }));
    const text = note.trim();
    bulk.mutate(action === "confirm" ? { action, items } : { action, items, ...(text ? { note: text } : {}) }, {
      onSuccess: (answer) => {
        const byId = new Map(selected.map((r) => [r.id, r]));
        const failures = answer.results.flatMap((result) => (result.outcome === "failed" ? [{ item: byId.get(result.id), result }] : []));
        setNote("");
        onDone(
          answer.results.filter((r) => r.outcome === "decided").map((r) => r.id),
          { decided: answer.decided, what: action === "confirm" ? "approved" : "rejected", failures },
        );
      },
    });
  };
  if (count === 0) return null;
  return (
    <section
      aria-label="Bulk decision"
      className="sticky top-2 z-20 flex flex-wrap items-center gap-2 rounded-xl border border-indigo-200 bg-indigo-50/95 px-4 py-3 shadow-md backdrop-blur"
    >
      <p className="mr-2 text-sm font-medium text-indigo-900" aria-live="polite">
        {count} selected
      </p>
      <Button onClick={() => send("confirm")} disabled={bulk.isPending}>
        Approve {count}
      </Button>
      <label htmlFor={noteId} className="sr-only">
        Rejection note for all selected
      </label>
      <Input
        id={noteId}
        value={note}
        maxLength={2000}
        placeholder="Optional note, sent with each rejection"
        onChange={(e) => setNote(e.target.value)}
        className="min-w-0 flex-1 sm:max-w-xs"
      />
      <Button variant="danger" onClick={() => send("reject")} disabled={bulk.isPending}>
        Reject {count}
      </Button>
      <Button variant="ghost" size="sm" onClick={onClear} disabled={bulk.isPending}>
        Clear selection
      </Button>
      {bulk.isError && (
        <ErrorNotice title="That did not go through" className="w-full">
          {messageOf(bulk.error)}
        </ErrorNotice>
      )}
    </section>
  );
}

/** The outcome of the last bulk answer: how many went through, and each item that did not, with its reason. */
export function BulkReportNotice({ report, onDismiss }: { report: BulkReport; onDismiss: () => void }) {
  return (
    <div role="status" className="rounded-lg border border-slate-200 bg-white px-4 py-3 text-sm text-slate-700 shadow-sm">
      <div className="flex items-start justify-between gap-4">
        <p>
          <span className="font-semibold text-slate-900">
            {report.decided} {report.what}
          </span>
          {report.failures.length > 0 && <>, {report.failures.length} not decided</>}.
        </p>
        <Button variant="ghost" size="sm" onClick={onDismiss}>
          Dismiss
        </Button>
      </div>
      {report.failures.length > 0 && (
        <ul className="mt-2 space-y-1" aria-label="Items not decided">
          {report.failures.map(({ item, result }) => (
            <li key={result.id} className="text-amber-900">
              <span className="font-mono">{subjectOf(item, result.id)}</span>:{" "}
              {result.error.code === "conflict" ? "already decided by someone else, or its run moved on" : result.error.message} ({result.status})
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
