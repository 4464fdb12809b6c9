"use client";

import { Button } from "@/components/ui/button";
import { notePlaceholder, type ActionProps } from "@/components/inbox/action-types";
import { mayRejectAndCancel } from "@/components/inbox/decision-hints";
import { RejectControl } from "@/components/inbox/reject-control";
import { EditArgs, editableSchema } from "@/components/inbox/actions/edit-args";

/**
 * Approve / Reject with an optional note: tool confirmations and step gates. With `feedback` (a Loop's iteration
 * review) confirming stops the loop and rejecting runs another iteration, so the buttons say that instead. A tool
 * confirmation whose tool allows it also offers Edit: approve with corrected arguments.
 */
export function ConfirmActions({ requirement, decide, pending, error, feedback = false }: ActionProps & { feedback?: boolean }) {
  const editable = editableSchema(requirement);
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-2">
        <Button onClick={() => decide({ action: "confirm" })} disabled={pending} data-shortcut="approve">
          {feedback ? "Stop here" : "Approve"}
        </Button>
        <RejectControl
          pending={pending}
          label={feedback ? "Feedback" : "Rejection note"}
          placeholder={feedback ? "Optional: what should change" : notePlaceholder(requirement)}
          buttonLabel={feedback ? "Run another" : "Reject"}
          onReject={(text) => decide(feedback ? { action: "reject", feedback: text } : { action: "reject", note: text })}
          {...(!feedback && mayRejectAndCancel(requirement) && { onRejectAndCancel: (note) => decide({ action: "reject", note, onReject: "cancel" }) })}
        />
        {editable && "schema" in editable && <EditArgs requirement={requirement} decide={decide} pending={pending} error={error} schema={editable.schema} />}
      </div>
      {editable && "forbidden" in editable && (
        <p className="text-xs text-slate-500">This tool does not allow editing its arguments: approve them as they are, or reject with a note.</p>
      )}
    </div>
  );
}
