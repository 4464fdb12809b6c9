"use client";

import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, Textarea, describedBy } from "@/components/ui/field";
import type { ActionProps } from "@/components/inbox/action-types";
import { RejectInstead } from "@/components/inbox/actions/reject-instead";
import { submitOnModEnter } from "@/components/forms/submit-shortcut";

/** The person ran the tool elsewhere and pastes what it returned. */
export function ResultActions(props: ActionProps) {
  return (
    <div className="space-y-3">
      <ResultForm {...props} hint="Whatever the tool returned; the model continues with it. Ctrl+Enter submits." />
      <RejectInstead requirement={props.requirement} decide={props.decide} pending={props.pending} />
    </div>
  );
}

/** A pasted result: the model continues with it as the tool's answer. */
export function ResultForm({ decide, pending, error, hint, submitLabel = "Submit" }: ActionProps & { hint: string; submitLabel?: string }) {
  const id = useId();
  const [result, setResult] = useState("");
  const [missing, setMissing] = useState(false);
  const refused = error?.status === 400 && error.field === "result" ? error.message : undefined;
  const problem = missing ? "Paste the tool's result before submitting." : refused;
  return (
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
      <Field id={id} label="result" required hint={hint} error={problem}>
        <Textarea
          id={id}
          rows={4}
          required
          onKeyDown={submitOnModEnter}
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
        {submitLabel}
      </Button>
    </form>
  );
}
