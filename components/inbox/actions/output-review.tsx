"use client";

import { useId, useState } from "react";
import type { JsonValue } from "@/lib/engine";
import { Button } from "@/components/ui/button";
import { Field, Textarea, describedBy } from "@/components/ui/field";
import type { ActionProps } from "@/components/inbox/action-types";
import { RejectControl } from "@/components/inbox/reject-control";
import { reviewedOutput } from "@/components/inbox/requirement-details";
import { mayRejectAndCancel } from "@/components/inbox/decision-hints";

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
            {...(mayRejectAndCancel(requirement) && { onRejectAndCancel: (feedback) => decide({ action: "reject", feedback, onReject: "cancel" }) })}
          />
        </div>
      )}
    </div>
  );
}
