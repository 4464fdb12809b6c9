"use client";

import { useId, useState } from "react";
import { z } from "zod";
import { Button } from "@/components/ui/button";
import type { ActionProps } from "@/components/inbox/action-types";

const routeDetailsSchema = z.union([
  z.looseObject({ availableChoices: z.array(z.string()), allowMultipleSelections: z.boolean().optional() }),
  z.array(z.string()).transform((availableChoices) => ({ availableChoices, allowMultipleSelections: false })),
]);


/** Router: the person picks the branch (or branches, in the order ticked). */
export function RouteActions({ requirement, decide, pending }: ActionProps) {
  const name = useId();
  const parsed = routeDetailsSchema.safeParse(requirement.details);
  const [picked, setPicked] = useState<string[]>([]);
  const [missing, setMissing] = useState(false);
  if (!parsed.success) {
    return <p className="text-sm text-rose-700">This router did not say which branches it has. Open the run to see more.</p>;
  }
  const { availableChoices, allowMultipleSelections } = parsed.data;
  const toggle = (choice: string, on: boolean) => {
    setMissing(false);
    setPicked((p) => (allowMultipleSelections ? (on ? [...p, choice] : p.filter((c) => c !== choice)) : [choice]));
  };
  return (
    <form
      noValidate
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        if (picked.length === 0) setMissing(true);
        else decide({ action: "select", choices: picked });
      }}
    >
      <fieldset aria-describedby={missing ? `${name}-error` : undefined}>
        <legend className="text-sm font-medium text-slate-800">
          {allowMultipleSelections ? "Branches to run, in the order you tick them" : "Branch to run"}
        </legend>
        <div className="mt-2 flex flex-wrap gap-2">
          {availableChoices.map((choice) => (
            <label
              key={choice}
              className="flex cursor-pointer items-center gap-2 rounded-md px-3 py-1.5 text-sm ring-1 ring-slate-300 has-checked:bg-indigo-50 has-checked:ring-indigo-500"
            >
              <input
                type={allowMultipleSelections ? "checkbox" : "radio"}
                name={name}
                value={choice}
                checked={picked.includes(choice)}
                onChange={(e) => toggle(choice, e.target.checked)}
                className="accent-indigo-600"
              />
              <span className="font-mono">{choice}</span>
              {allowMultipleSelections && picked.includes(choice) && (
                <span className="text-xs text-indigo-700">#{picked.indexOf(choice) + 1}</span>
              )}
            </label>
          ))}
        </div>
        {missing && (
          <p id={`${name}-error`} role="alert" className="mt-1 text-xs font-medium text-rose-600">
            Pick a branch first.
          </p>
        )}
      </fieldset>
      <Button type="submit" disabled={pending}>
        Submit
      </Button>
    </form>
  );
}
