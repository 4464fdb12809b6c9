"use client";

import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, Textarea, describedBy } from "@/components/ui/field";
import type { ActionProps } from "@/components/inbox/action-types";
import { RejectInstead } from "@/components/inbox/actions/reject-instead";
import { submitOnModEnter } from "@/components/forms/submit-shortcut";

/** The person ran the tool elsewhere and pastes what it returned. */
export function ResultActions({ requirement, decide, pending, error }: ActionProps) {
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
        <Field id={id} label="result" required hint="Whatever the tool returned; the model continues with it. Ctrl+Enter submits." error={problem}>
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
          Submit
        </Button>
      </form>
      <RejectInstead requirement={requirement} decide={decide} pending={pending} />
    </div>
  );
}
