"use client";

import { useId, useState } from "react";
import type { WorkflowSummary } from "@/lib/contracts";
import { messageOf } from "@/components/api/client";
import { isOffline, useWorkflows } from "@/components/api/workflows";
import { kindMeta } from "@/components/inbox/kind-meta";
import { Badge } from "@/components/ui/badge";
import { EmptyState, ErrorNotice, LoadingBlocks } from "@/components/ui/states";
import { LazyWorkflowDiagram } from "@/components/workflows/lazy-workflow-diagram";
import { StartRunForm } from "@/components/workflows/start-run-form";

/** The workflow's diagram behind a disclosure: drawn once opened, so the catalog loads no layout it does not show. */
function DiagramDisclosure({ workflow }: { workflow: WorkflowSummary }) {
  const [open, setOpen] = useState(false);
  return (
    <details onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary className="cursor-pointer text-sm font-medium text-slate-700 hover:text-slate-900">
        Diagram<span className="sr-only"> of {workflow.name}</span>
      </summary>
      {open && (
        <div className="mt-3">
          <LazyWorkflowDiagram shape={workflow.shape} label={`Diagram of ${workflow.name}`} />
        </div>
      )}
    </details>
  );
}

function WorkflowCard({ workflow }: { workflow: WorkflowSummary }) {
  const titleId = useId();
  return (
    <article aria-labelledby={titleId} className="flex flex-col rounded-xl border border-slate-200 bg-white shadow-sm">
      <div className="space-y-3 px-5 pt-5">
        <div className="flex items-start justify-between gap-3">
          <h2 id={titleId} className="text-base font-semibold text-slate-900">
            {workflow.name}
          </h2>
          <span className="shrink-0 font-mono text-[11px] text-slate-500" title={workflow.model ? `${workflow.model.provider} model` : "its steps call no model"}>
            {workflow.model === null ? "no model" : workflow.model.offline ? "scripted" : workflow.model.id}
          </span>
        </div>
        <p className="text-sm text-slate-600">{workflow.description}</p>
        <div className="flex flex-wrap items-center gap-1.5">
          <span className="text-xs text-slate-500">Can pause for:</span>
          {workflow.pauses.length === 0 ? (
            <span className="text-xs text-slate-500">nothing, it runs through</span>
          ) : (
            workflow.pauses.map((kind) => (
              <Badge key={kind} tone={kindMeta[kind].tone}>
                {kindMeta[kind].label}
              </Badge>
            ))
          )}
        </div>
        <DiagramDisclosure workflow={workflow} />
      </div>
      <div className="mt-4 border-t border-slate-100 bg-slate-50/60 px-5 py-4">
        <StartRunForm workflow={workflow} />
      </div>
    </article>
  );
}

export function WorkflowCatalog() {
  const { data, error, isPending } = useWorkflows();
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">Workflows</h1>
        <p className="mt-1 text-sm text-slate-500">Start a run; when it needs a decision it waits in the inbox.</p>
      </div>
      {isOffline(data) && (
        <div className="rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900">
          <span className="font-semibold">offline model</span>: no <code className="font-mono">OPENAI_API_KEY</code> is set, so the
          agents answer from a scripted model. Every pause and decision works the same.
        </div>
      )}
      {isPending ? (
        <LoadingBlocks label="Loading workflows…" rows={4} />
      ) : error ? (
        <ErrorNotice title="The workflows could not be loaded">{messageOf(error)}</ErrorNotice>
      ) : data.length === 0 ? (
        <EmptyState title="No workflows yet">The catalog is empty. Add one under lib/workflows and restart the server.</EmptyState>
      ) : (
        <div className="grid gap-5 md:grid-cols-2">
          {data.map((workflow) => (
            <WorkflowCard key={workflow.name} workflow={workflow} />
          ))}
        </div>
      )}
    </div>
  );
}
