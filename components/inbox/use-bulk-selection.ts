"use client";

import { useCallback, useMemo, useRef, useState } from "react";
import { isBulkKind, type PendingRequirement } from "@/lib/contracts";

/** Items that belong together for "select all like this": the same workflow and the same tool (or step, for gates). */
const likeKey = (r: PendingRequirement) => `${r.workflowName}\u0000${r.kind}\u0000${r.toolName ?? r.stepName}`;

export interface BulkSelection {
  /** The selected items still open, in inbox order. */
  selected: PendingRequirement[];
  isSelected: (id: string) => boolean;
  /** Click or `x`: one item in or out. With `range` (shift-click), every selectable item from the last one toggled to this one takes its new state. */
  toggle: (item: PendingRequirement, range?: boolean) => void;
  /** Every open, selectable item like this one. */
  selectLike: (item: PendingRequirement) => number;
  deselect: (ids: Iterable<string>) => void;
  clear: () => void;
}

/** The inbox's bulk selection over `ordered`, the open items in the order shown. Items that leave the inbox leave it. */
export function useBulkSelection(ordered: PendingRequirement[]): BulkSelection {
  const [ids, setIds] = useState<ReadonlySet<string>>(new Set());
  const anchor = useRef<string | null>(null);
  const selectable = useMemo(() => ordered.filter((r) => isBulkKind(r.kind)), [ordered]);
  const selected = useMemo(() => selectable.filter((r) => ids.has(r.id)), [selectable, ids]);

  const toggle = useCallback(
    (item: PendingRequirement, range = false) => {
      if (!isBulkKind(item.kind)) return;
      setIds((current) => {
        const next = new Set(current);
        const on = !current.has(item.id);
        const from = range && anchor.current ? selectable.findIndex((r) => r.id === anchor.current) : -1;
        const to = selectable.findIndex((r) => r.id === item.id);
        const span = from >= 0 && to >= 0 ? selectable.slice(Math.min(from, to), Math.max(from, to) + 1) : [item];
        for (const r of span) (on ? next.add(r.id) : next.delete(r.id));
        return next;
      });
      anchor.current = item.id;
    },
    [selectable],
  );

  const selectLike = useCallback(
    (item: PendingRequirement) => {
      const like = selectable.filter((r) => likeKey(r) === likeKey(item));
      setIds((current) => new Set([...current, ...like.map((r) => r.id)]));
      anchor.current = item.id;
      return like.length;
    },
    [selectable],
  );

  const deselect = useCallback((gone: Iterable<string>) => {
    const drop = new Set(gone);
    setIds((current) => new Set([...current].filter((id) => !drop.has(id))));
  }, []);
  const clear = useCallback(() => setIds(new Set()), []);
  const isSelected = useCallback((id: string) => ids.has(id), [ids]);
  return { selected, isSelected, toggle, selectLike, deselect, clear };
}
