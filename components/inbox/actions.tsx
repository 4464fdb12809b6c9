"use client";

import { useId, useState } from "react";
import { z } from "zod";
import type { JsonValue } from "@/lib/engine/json";
import { SchemaForm } from "../forms/schema-form";
import { Button } from "../ui/button";
import { Field, Textarea, describedBy } from "../ui/field";
import { fieldErrorsOf, type ActionProps } from "./action-types";
import { RejectControl } from "./reject-control";
import { reviewedOutput } from "./requirement-details";

/** Approve / Reject with an optional note: tool confirmations and step gates. */
export function ConfirmActions({ decide, pending, feedback = false }: ActionProps & { feedback?: boolean }) {
  return (
    <div className="flex flex-wrap items-center gap-2">
      <Button onClick={() => decide({ action: "confirm" })} disabled={pending} data-shortcut="approve">
        Approve
      </Button>
      <RejectControl
        pending={pending}
        label={feedback ? "Feedback" : "Rejection note"}
        placeholder={feedback ? "Optional: what should change" : "Optional: tell the model why"}
        onReject={(text) => decide(feedback ? { action: "reject", feedback: text } : { action: "reject", note: text })}
      />
    </div>
  );
}

/** A form generated from the requirement's schema, prefilled with what the model proposed. */
export function InputActions({ requirement, decide, pending, error }: ActionProps) {
  return (
    <div className="space-y-3">
      <SchemaForm
        fields={requirement.userInputSchema ?? []}
        pending={pending}
        serverErrors={fieldErrorsOf(error, "values")}
        onSubmit={(values) => decide({ action: "input", values })}
      />
      <RejectInstead decide={decide} pending={pending} />
    </div>
  );
}

function RejectInstead({ decide, pending }: Pick<ActionProps, "decide" | "pending">) {
  return (
    <div className="flex items-center gap-2 border-t border-slate-100 pt-3">
      <span className="text-xs text-slate-500">or</span>
      <RejectControl pending={pending} onReject={(note) => decide({ action: "reject", note })} />
    </div>
  );
}

/** The person ran the tool elsewhere and pastes what it returned. */
export function ResultActions({ decide, pending, error }: ActionProps) {
  const id = useId();
  const [result, setResult] = useState("");
  const [missing, setMissing] = useState(false);
  const refused = error?.status === 400 && error.field === "result" ? error.message : undefined;
  const problem = missing ? "Paste the tool's result before submitting." : refused;
  return (
    <div className="space-y-3">
      <form
        noValidate
        className="space-y-3"
        onSubmit={(e) => {
          e.preventDefault();
          if (!result.trim()) {
            setMissing(true);
            return;
          }
          decide({ action: "result", result });
        }}
      >
        <Field id={id} label="result" required hint="Whatever the tool returned; the model continues with it." error={problem}>
          <Textarea
            id={id}
            rows={4}
            required
            value={result}
            aria-invalid={problem ? true : undefined}
            aria-describedby={describedBy(id, { hint: true, error: problem })}
            onChange={(e) => {
              setResult(e.target.value);
              setMissing(false);
            }}
          />
        </Field>
        <Button type="submit" disabled={pending}>
          Submit
        </Button>
      </form>
      <RejectInstead decide={decide} pending={pending} />
    </div>
  );
}

const asText = (value: JsonValue | null): string =>
  typeof value === "string" ? value : value === null ? "" : JSON.stringify(value, null, 2);

/** Output review: keep it, edit it, or send it back with feedback. */
export function OutputReviewActions({ requirement, decide, pending }: ActionProps) {
  const id = useId();
  const output = reviewedOutput(requirement);
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(() => asText(output));
  const [invalid, setInvalid] = useState<string | undefined>();
  const save = () => {
    if (typeof output === "string" || output === null) return decide({ action: "edit", output: draft });
    try {
      decide({ action: "edit", output: JSON.parse(draft) as JsonValue });
    } catch {
      setInvalid("The output was JSON; keep it valid JSON, or start from the original.");
    }
  };
  return (
    <div className="space-y-3">
      {editing ? (
        <div className="space-y-2">
          <Field id={id} label="output" error={invalid}>
            <Textarea
              id={id}
              rows={8}
              value={draft}
              aria-invalid={invalid ? true : undefined}
              aria-describedby={describedBy(id, { error: invalid })}
              onChange={(e) => {
                setDraft(e.target.value);
                setInvalid(undefined);
              }}
            />
          </Field>
          <div className="flex gap-2">
            <Button onClick={save} disabled={pending}>
              Submit
            </Button>
            <Button variant="ghost" onClick={() => setEditing(false)}>
              Cancel edit
            </Button>
          </div>
        </div>
      ) : (
        <div className="flex flex-wrap items-center gap-2">
          <Button onClick={() => decide({ action: "confirm" })} disabled={pending} data-shortcut="approve">
            Approve
          </Button>
          <Button variant="secondary" onClick={() => setEditing(true)} disabled={pending}>
            Edit
          </Button>
          <RejectControl
            pending={pending}
            label="Feedback"
            placeholder="Optional: what should change"
            onReject={(feedback) => decide({ action: "reject", feedback })}
          />
        </div>
      )}
    </div>
  );
}

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

/** A step that failed with onError "pause": run it again, or go on without it. */
export function ErrorActions({ decide, pending }: ActionProps) {
  return (
    <div className="flex gap-2">
      <Button onClick={() => decide({ action: "retry" })} disabled={pending}>
        Retry
      </Button>
      <Button variant="secondary" onClick={() => decide({ action: "skip" })} disabled={pending}>
        Skip step
      </Button>
    </div>
  );
}
