"use client";

import { Button } from "@/components/ui/button";
import { notePlaceholder, type ActionProps } from "@/components/inbox/action-types";
import { mayRejectAndCancel } from "@/components/inbox/decision-hints";
import { RejectControl } from "@/components/inbox/reject-control";

/**
 * Approve / Reject with an optional note: tool confirmations and step gates. With `feedback` (a Loop's iteration
 * review) confirming stops the loop and rejecting runs another iteration, so the buttons say that instead.
 */
export function ConfirmActions({ requirement, decide, pending, feedback = false }: ActionProps & { feedback?: boolean }) {
  return (
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
    </div>
  );
}
