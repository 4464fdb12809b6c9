"use client";

import { useId, useState } from "react";
import type { JsonObject } from "@/lib/engine";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/field";
import { rowsToValues, type KeyValueRow } from "@/components/inbox/key-value-values";

/**
 * Free-form input (a step that asks for input without a schema): rows of a name and a value. A value that reads as
 * JSON is sent as JSON, anything else as text.
 */
export function KeyValueInput({ onSubmit, pending }: { onSubmit: (values: JsonObject) => void; pending: boolean }) {
  const id = useId();
  const [rows, setRows] = useState<KeyValueRow[]>([{ name: "", value: "" }]);
  const [problem, setProblem] = useState<{ row: number; error: string } | null>(null);
  const change = (i: number, patch: Partial<KeyValueRow>) => {
    setProblem(null);
    setRows((rs) => rs.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  };
  return (
    <form
      noValidate
      className="space-y-2"
      onSubmit={(e) => {
        e.preventDefault();
        const parsed = rowsToValues(rows);
        if (!parsed.ok) {
          setProblem({ row: parsed.row, error: parsed.error });
          document.getElementById(`${id}-name-${parsed.row}`)?.focus();
        } else onSubmit(parsed.values);
      }}
    >
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-800">Values</legend>
        <p id={`${id}-hint`} className="text-xs text-slate-500">
          A value that reads as JSON (42, true, [1, 2], {"{"}&quot;a&quot;: 1{"}"}) is sent as JSON; anything else as text.
        </p>
        {rows.map((row, i) => (
          <div key={i} className="flex items-start gap-2">
            <label htmlFor={`${id}-name-${i}`} className="sr-only">
              Name {i + 1}
            </label>
            <Input
              id={`${id}-name-${i}`}
              value={row.name}
              placeholder="name"
              autoComplete="off"
              aria-invalid={problem?.row === i ? true : undefined}
              aria-describedby={problem?.row === i ? `${id}-error` : undefined}
              onChange={(e) => change(i, { name: e.target.value })}
              className="w-40 font-mono"
            />
            <label htmlFor={`${id}-value-${i}`} className="sr-only">
              Value {i + 1}
            </label>
            <Input
              id={`${id}-value-${i}`}
              value={row.value}
              placeholder="value"
              autoComplete="off"
              aria-describedby={`${id}-hint`}
              onChange={(e) => change(i, { value: e.target.value })}
              className="min-w-0 flex-1"
            />
            <Button
              variant="ghost"
              size="sm"
              aria-label={`Remove row ${i + 1}`}
              disabled={rows.length === 1}
              onClick={() => {
                setProblem(null);
                setRows((rs) => rs.filter((_, j) => j !== i));
              }}
            >
              Remove
            </Button>
          </div>
        ))}
        {problem && (
          <p id={`${id}-error`} role="alert" className="text-xs font-medium text-rose-600">
            {problem.error}
          </p>
        )}
      </fieldset>
      <div className="flex gap-2">
        <Button variant="secondary" size="sm" onClick={() => setRows((rs) => [...rs, { name: "", value: "" }])}>
          Add a value
        </Button>
        <Button type="submit" size="sm" disabled={pending}>
          Submit
        </Button>
      </div>
    </form>
  );
}
