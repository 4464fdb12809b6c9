"use client";

import { useEffect, useId, useState } from "react";
import { runStatusSchema, runStatuses } from "@/lib/contracts";
import type { RunFilters } from "@/components/api/query-keys";
import { useWorkflows } from "@/components/api/workflows";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/field";
import { statusLabel } from "@/components/runs/status-badge";

/** Waits for a pause in typing before searching, so each keystroke does not cost a request. */
const SEARCH_DELAY_MS = 300;

export function RunFiltersBar({ filters, onChange }: { filters: RunFilters; onChange: (next: RunFilters) => void }) {
  const id = useId();
  const workflows = useWorkflows();
  const [text, setText] = useState(filters.q ?? "");

  useEffect(() => {
    if (text === (filters.q ?? "")) return;
    const timer = setTimeout(() => onChange({ ...filters, q: text || undefined }), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text, filters, onChange]);

  const active = Boolean(filters.status || filters.workflow || filters.q);
  return (
    <form role="search" aria-label="Filter runs" className="flex flex-wrap items-end gap-3" onSubmit={(e) => e.preventDefault()}>
      <div className="min-w-56 flex-1 space-y-1">
        <label htmlFor={`${id}-q`} className="text-xs font-medium text-slate-600">
          Search
        </label>
        <Input
          id={`${id}-q`}
          type="search"
          placeholder="Words in the input…"
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
      </div>
      <div className="space-y-1">
        <label htmlFor={`${id}-status`} className="text-xs font-medium text-slate-600">
          Status
        </label>
        <Select
          id={`${id}-status`}
          value={filters.status ?? ""}
          onChange={(e) => onChange({ ...filters, status: runStatusSchema.safeParse(e.target.value).data })}
        >
          <option value="">Any status</option>
          {runStatuses.map((status) => (
            <option key={status} value={status}>
              {statusLabel(status)}
            </option>
          ))}
        </Select>
      </div>
      <div className="space-y-1">
        <label htmlFor={`${id}-workflow`} className="text-xs font-medium text-slate-600">
          Workflow
        </label>
        <Select id={`${id}-workflow`} value={filters.workflow ?? ""} onChange={(e) => onChange({ ...filters, workflow: e.target.value || undefined })}>
          <option value="">All workflows</option>
          {workflows.data?.map((w) => (
            <option key={w.name} value={w.name}>
              {w.name}
            </option>
          ))}
        </Select>
      </div>
      {active && (
        <Button
          variant="ghost"
          onClick={() => {
            setText("");
            onChange({});
          }}
        >
          Clear filters
        </Button>
      )}
    </form>
  );
}
