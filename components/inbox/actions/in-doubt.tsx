"use client";

import { Button } from "@/components/ui/button";
import type { ActionProps } from "@/components/inbox/action-types";
import { ResultForm } from "@/components/inbox/actions/result";

/**
 * An approved call started before a crash and left no result: nobody knows whether it took effect, so it does not run
 * again on its own. Run it again with the same idempotency key, tell the model it failed, or paste what happened.
 */
export function InDoubtActions(props: ActionProps) {
  const { decide, pending } = props;
  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-700">
        This call started before a crash and left no result. Check whether it took effect, then choose what the run does.
      </p>
      <div className="flex flex-wrap gap-2">
        <Button onClick={() => decide({ action: "retry" })} disabled={pending}>
          Run it again
        </Button>
        <Button variant="secondary" onClick={() => decide({ action: "skip" })} disabled={pending}>
          Skip: tell the model it failed
        </Button>
      </div>
      <ResultForm {...props} hint="Or paste what the call did; the model continues with it as the tool's result. Ctrl+Enter submits." submitLabel="Use this result" />
    </div>
  );
}
