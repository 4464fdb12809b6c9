"use client";

import { useMemo } from "react";
import type { RunDto } from "@/lib/contracts";
import { messageOf } from "@/components/api/client";
import { useWorkflows } from "@/components/api/workflows";
import type { TimelineStep } from "@/components/runs/timeline-model";
import { ErrorNotice, LoadingBlocks } from "@/components/ui/states";
import { nodeStates } from "@/components/workflows/diagram-status";
import { LazyWorkflowDiagram } from "@/components/workflows/lazy-workflow-diagram";

/** The run's workflow drawn from the catalog's shape, each node showing where this run stands (the pause marked). */
export function RunDiagram({ run, steps }: { run: RunDto; steps: readonly TimelineStep[] }) {
  const workflows = useWorkflows();
  const states = useMemo(() => nodeStates(steps), [steps]);
  const workflow = workflows.data?.find((w) => w.name === run.workflowName);
  return (
    <section aria-labelledby="diagram" className="space-y-3">
      <h2 id="diagram" className="text-sm font-semibold text-slate-900">
        Workflow
      </h2>
      {workflows.isPending ? (
        <LoadingBlocks label="Loading the workflow…" rows={1} />
      ) : workflows.isError ? (
        <ErrorNotice title="The workflow could not be loaded">{messageOf(workflows.error)}</ErrorNotice>
      ) : workflow ? (
        <LazyWorkflowDiagram shape={workflow.shape} states={states} label={`Diagram of ${run.workflowName}, with this run's progress`} />
      ) : (
        <p className="text-sm text-slate-600">
          The catalog no longer has <span className="font-mono">{run.workflowName}</span>, so its diagram cannot be drawn.
        </p>
      )}
    </section>
  );
}
