"use client";

import { Handle, Position, type NodeProps } from "@xyflow/react";
import { kindMeta } from "@/components/inbox/kind-meta";
import { cn } from "@/components/ui/cn";
import type { ContainerFlowNode, JunctionFlowNode, ShapeNodeData, StepFlowNode } from "@/components/workflows/diagram-flow";
import { nodeTypeLabel, pathKey, statusLabel, type NodeStatus } from "@/components/workflows/diagram-status";

const frame: Record<NodeStatus, string> = {
  not_reached: "border-dashed border-slate-300 bg-white",
  running: "border-sky-500 bg-sky-50",
  in_progress: "border-sky-400 bg-sky-50/60",
  paused: "border-amber-500 bg-amber-50 ring-4 ring-amber-300/70",
  completed: "border-emerald-500 bg-emerald-50",
  skipped: "border-dashed border-slate-400 bg-slate-50",
  error: "border-rose-500 bg-rose-50",
  cancelled: "border-slate-400 bg-slate-100",
  unfinished: "border-dashed border-slate-400 bg-slate-50",
};

const chip: Record<NodeStatus, string> = {
  not_reached: "text-slate-500",
  running: "text-sky-800",
  in_progress: "text-sky-800",
  paused: "font-semibold text-amber-900",
  completed: "text-emerald-800",
  skipped: "text-slate-600",
  error: "font-semibold text-rose-800",
  cancelled: "text-slate-700",
  unfinished: "text-slate-600",
};

const icon: Record<NodeStatus, string> = {
  not_reached: "○",
  running: "●",
  in_progress: "●",
  paused: "⏸",
  completed: "✓",
  skipped: "↷",
  error: "✕",
  cancelled: "⊘",
  unfinished: "…",
};

/** Edges only: nobody draws new connections on this diagram. */
function Handles() {
  return (
    <>
      <Handle type="target" position={Position.Top} isConnectable={false} className="!border-0 !bg-transparent" />
      <Handle type="source" position={Position.Bottom} isConnectable={false} className="!border-0 !bg-transparent" />
    </>
  );
}

function StatusLine({ data }: { data: ShapeNodeData }) {
  const { state, shape } = data;
  if (!state) {
    if (shape.pausesFor.length === 0) return null;
    return <p className="truncate text-[11px] text-amber-900">⏸ {shape.pausesFor.map((kind) => kindMeta[kind].label).join(", ")}</p>;
  }
  return (
    <p className={cn("truncate text-[11px]", chip[state.status])}>
      <span aria-hidden="true">{icon[state.status]} </span>
      {statusLabel[state.status]}
      {state.runs > 1 && ` · ${state.runs}×`}
    </p>
  );
}

const executorText = (data: ShapeNodeData): string => {
  const executor = data.shape.executor;
  if (!executor) return nodeTypeLabel(data.shape);
  return executor.name ? `${executor.type} ${executor.name}` : executor.type;
};

export function StepNode({ data }: NodeProps<StepFlowNode>) {
  return (
    <div
      data-step-path={pathKey(data.shape.stepPath)}
      data-status={data.state?.status}
      className={cn(
        "flex h-full w-full flex-col justify-center gap-0.5 rounded-lg border-2 px-3 py-1.5 shadow-sm",
        data.state ? frame[data.state.status] : "border-slate-300 bg-white",
      )}
    >
      <Handles />
      <p className="truncate font-mono text-[13px] font-medium text-slate-900" title={data.shape.name}>
        {data.shape.name}
      </p>
      <p className="truncate text-[11px] text-slate-600">{executorText(data)}</p>
      <StatusLine data={data} />
    </div>
  );
}

export function ContainerNode({ data }: NodeProps<ContainerFlowNode>) {
  const { shape, state } = data;
  return (
    <div
      data-step-path={pathKey(shape.stepPath)}
      data-status={state?.status}
      className={cn("h-full w-full rounded-xl border-2", state ? frame[state.status] : "border-slate-300 bg-slate-50/70")}
    >
      <Handles />
      <div className="space-y-0.5 px-3 pt-1.5">
        <p className="flex items-baseline gap-2">
          <span className="shrink-0 text-[10px] font-semibold tracking-wide text-slate-600 uppercase">{nodeTypeLabel(shape)}</span>
          <span className="truncate font-mono text-[13px] font-medium text-slate-900" title={shape.name}>
            {shape.name}
          </span>
        </p>
        <div className="flex items-center gap-2">
          {shape.maxIterations !== undefined && (
            <span className="shrink-0 rounded-full bg-violet-100 px-1.5 text-[11px] text-violet-800">↻ up to {shape.maxIterations}×</span>
          )}
          <StatusLine data={data} />
        </div>
      </div>
    </div>
  );
}

/** Where a Condition, Router or Parallel splits into its lanes and where they meet again. */
export function JunctionNode(_props: NodeProps<JunctionFlowNode>) {
  return (
    <div className="flex h-full w-full items-center justify-center">
      <Handles />
      <span className="size-2.5 rotate-45 rounded-[2px] border-2 border-slate-500 bg-white" />
    </div>
  );
}

export const diagramNodeTypes = { step: StepNode, container: ContainerNode, junction: JunctionNode };
