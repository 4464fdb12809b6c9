"use client";

import { useId, useState } from "react";
import type { RunDto } from "@/lib/contracts";
import { useCurrentUser } from "@/components/api/auth";
import { messageOf } from "@/components/api/client";
import { canCancel, canRetry, useCancelRun, useRetryRun } from "@/components/api/runs";
import { Button } from "@/components/ui/button";
import { ErrorNotice, Spinner } from "@/components/ui/states";

/**
 * Cancel (pending, running, paused; asks first, since a cancelled run cannot go on) and Retry (a run that failed for
 * good after its recovery attempts), for people who may control runs. The page updates live after either.
 */
export function RunControls({ run, compact = false }: { run: Pick<RunDto, "runId" | "status" | "retryable">; compact?: boolean }) {
  const user = useCurrentUser().data;
  const cancel = useCancelRun();
  const retry = useRetryRun();
  const [confirming, setConfirming] = useState(false);
  const questionId = useId();

  if (!user?.canDecide) return null;
  const failed = cancel.error ?? retry.error;

  return (
    <div className={compact ? "flex flex-wrap items-center justify-end gap-2" : "space-y-2"}>
      {canCancel(run) && !confirming && (
        <Button variant="danger" size="sm" onClick={() => setConfirming(true)}>
          Cancel run
        </Button>
      )}
      {canCancel(run) && confirming && (
        <div role="group" aria-labelledby={questionId} className="flex flex-wrap items-center gap-2 rounded-lg border border-rose-200 bg-rose-50 px-3 py-2">
          <p id={questionId} className="text-sm text-rose-900">
            {compact ? "Cancel this run?" : "Cancel this run? It stops where it is and cannot be continued."}
          </p>
          <Button
            variant="danger"
            size="sm"
            disabled={cancel.isPending}
            onClick={() => cancel.mutate(run.runId, { onSettled: () => setConfirming(false) })}
          >
            {cancel.isPending && <Spinner className="size-3.5" />}
            {compact ? "Yes, cancel" : "Yes, cancel the run"}
          </Button>
          <Button variant="ghost" size="sm" disabled={cancel.isPending} onClick={() => setConfirming(false)}>
            Keep it
          </Button>
        </div>
      )}
      {canRetry(run) && (
        <Button variant="secondary" size="sm" disabled={retry.isPending} onClick={() => retry.mutate(run.runId)}>
          {retry.isPending && <Spinner className="size-3.5" />}
          Retry
        </Button>
      )}
      {failed && (
        <ErrorNotice title={cancel.error ? "The run was not cancelled" : "The run was not retried"}>{messageOf(failed)}</ErrorNotice>
      )}
    </div>
  );
}
