"use client";

import { useId, useState, type FormEvent } from "react";
import { requirementKinds, type InboxFilters, type InboxView, type RequirementKindName } from "@/lib/contracts";
import { useCreateView } from "@/components/api/views";
import { useWorkflows } from "@/components/api/workflows";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/field";
import { kindMeta } from "@/components/inbox/kind-meta";

const isKind = (value: string): value is RequirementKindName => (requirementKinds as readonly string[]).includes(value);

/** Saves the current tab plus a few filters (workflow, tool, kind, age) under a name, as a tab of its own. */
export function SaveViewForm({ base, onSaved, onCancel }: { base: InboxView; onSaved: (id: string) => void; onCancel: () => void }) {
  const create = useCreateView();
  const workflows = useWorkflows().data ?? [];
  const ids = { name: useId(), workflow: useId(), tool: useId(), kind: useId(), age: useId() };
  const [name, setName] = useState("");
  const [workflow, setWorkflow] = useState("");
  const [tool, setTool] = useState("");
  const [kind, setKind] = useState("");
  const [olderThan, setOlderThan] = useState("");

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const filters: InboxFilters = {
      view: base,
      ...(workflow ? { workflow } : {}),
      ...(tool.trim() ? { tool: tool.trim() } : {}),
      ...(isKind(kind) ? { kind } : {}),
      ...(olderThan ? { olderThan: Number(olderThan) } : {}),
    };
    create.mutate({ name, filters }, { onSuccess: ({ view }) => onSaved(view.id) });
  };

  const label = "block text-xs font-medium text-slate-600";
  return (
    <form onSubmit={submit} aria-label="Save a view" className="grid gap-3 rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:grid-cols-6">
      <div className="sm:col-span-2">
        <label htmlFor={ids.name} className={label}>
          View name
        </label>
        <Input id={ids.name} value={name} onChange={(e) => setName(e.target.value)} required maxLength={60} placeholder="e.g. My payments" />
      </div>
      <div>
        <label htmlFor={ids.workflow} className={label}>
          Workflow
        </label>
        <Select id={ids.workflow} value={workflow} onChange={(e) => setWorkflow(e.target.value)}>
          <option value="">any</option>
          {workflows.map((w) => (
            <option key={w.name} value={w.name}>
              {w.name}
            </option>
          ))}
        </Select>
      </div>
      <div>
        <label htmlFor={ids.tool} className={label}>
          Tool
        </label>
        <Input id={ids.tool} value={tool} onChange={(e) => setTool(e.target.value)} placeholder="any" />
      </div>
      <div>
        <label htmlFor={ids.kind} className={label}>
          Kind
        </label>
        <Select id={ids.kind} value={kind} onChange={(e) => setKind(e.target.value)}>
          <option value="">any</option>
          {requirementKinds.map((k) => (
            <option key={k} value={k}>
              {kindMeta[k].label}
            </option>
          ))}
        </Select>
      </div>
      <div>
        <label htmlFor={ids.age} className={label}>
          Waiting over (minutes)
        </label>
        <Input id={ids.age} type="number" min={1} value={olderThan} onChange={(e) => setOlderThan(e.target.value)} placeholder="any" />
      </div>
      <div className="flex items-center justify-end gap-2 sm:col-span-6">
        {create.error && (
          <p role="alert" className="mr-auto text-sm text-rose-700">
            {create.error.message}
          </p>
        )}
        <Button variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" disabled={create.isPending || name.trim() === ""}>
          Save view
        </Button>
      </div>
    </form>
  );
}
