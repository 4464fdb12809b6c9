"use client";

import { notePlaceholder, type ActionProps } from "@/components/inbox/action-types";
import { mayRejectAndCancel } from "@/components/inbox/decision-hints";
import { RejectControl } from "@/components/inbox/reject-control";

/** The way out of a form: reject instead, with an optional note saying why. */
export function RejectInstead({ requirement, decide, pending }: Pick<ActionProps, "requirement" | "decide" | "pending">) {
  return (
    <div className="flex items-center gap-2 border-t border-slate-100 pt-3">
      <span className="text-xs text-slate-500">or</span>
      <RejectControl
        pending={pending}
        placeholder={notePlaceholder(requirement)}
        onReject={(note) => decide({ action: "reject", note })}
        {...(mayRejectAndCancel(requirement) && { onRejectAndCancel: (note) => decide({ action: "reject", note, onReject: "cancel" }) })}
      />
    </div>
  );
}
