"use client";

import Link from "next/link";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useId } from "react";
import type { PendingRequirement } from "@/lib/contracts";
import { queryKeys } from "@/components/api/query-keys";
import { isLive, useRunProgress } from "@/components/api/runs";
import { JsonView } from "@/components/json-view";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/states";
import { kindMeta } from "@/components/inbox/kind-meta";
import { progressOf } from "@/components/inbox/run-progress";

/**
 * A card just decided: it stays where it was and follows its run ("continuing…", then how the run ended) instead of
 * holding its button while a worker continues the run. When the run pauses again the card goes: the inbox shows the
 * new question instead.
 */
export function DecidedCard({ requirement, summary, onDismiss }: { requirement: PendingRequirement; summary: string; onDismiss: () => void }) {
  const titleId = useId();
  const run = useRunProgress(requirement.runId).data;
  const progress = progressOf(run);
  const meta = kindMeta[requirement.kind];
  const subject = requirement.toolName ?? requirement.stepName;
  const queryClient = useQueryClient();
  const settled = run !== undefined && !isLive(run);
  const pausedAgain = run?.status === "paused";
  useEffect(() => {
    if (!settled) return;
    // The run stopped: its next question (or the lower count) is in the inbox now, not at the next poll.
    void queryClient.invalidateQueries({ queryKey: queryKeys.requirements }).then(() => {
      if (pausedAgain) onDismiss();
    });
    // onDismiss is a new function on every render of the inbox; the card acts once per state of its run.
  }, [pausedAgain, queryClient, settled]);

  return (
    <article aria-labelledby={titleId} data-decided-id={requirement.id} className="rounded-xl border border-slate-200 bg-slate-50/70 shadow-xs">
      <header className="flex flex-wrap items-start justify-between gap-3 px-5 pt-4 pb-3">
        <div className="min-w-0">
          <h3 id={titleId} className="flex flex-wrap items-center gap-2 text-base font-semibold text-slate-700">
            <span className="font-mono">{subject}</span>
            <Badge tone={meta.tone}>{meta.label}</Badge>
          </h3>
          <p className="mt-0.5 text-sm text-slate-600">{summary}</p>
        </div>
        <p role="status" className={`flex items-center gap-1.5 text-sm font-medium ${progress.tone}`}>
          {progress.busy && <Spinner className="size-3.5" />}
          {progress.text}
        </p>
      </header>
      {requirement.toolArgs && (
        <div className="px-5 pb-3">
          <div className="rounded-lg bg-white p-2 text-xs">
            <JsonView value={requirement.toolArgs} />
          </div>
        </div>
      )}
      <footer className="flex items-center justify-between gap-4 border-t border-slate-100 px-5 py-2 text-xs text-slate-500">
        <Button variant="ghost" size="sm" disabled={progress.busy} onClick={onDismiss}>
          Dismiss
        </Button>
        <Link href={`/runs/${requirement.runId}`} className="shrink-0 font-medium text-indigo-600 hover:text-indigo-500">
          Open run →
        </Link>
      </footer>
    </article>
  );
}
