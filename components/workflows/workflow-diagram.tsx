"use client";

import "@xyflow/react/dist/style.css";
import { Controls, ReactFlow } from "@xyflow/react";
import { useId, useMemo } from "react";
import type { WorkflowShape } from "@/lib/engine/schemas";
import { diagramFlow } from "@/components/workflows/diagram-flow";
import { layoutShape } from "@/components/workflows/diagram-layout";
import { diagramNodeTypes } from "@/components/workflows/diagram-nodes";
import type { NodeRunState } from "@/components/workflows/diagram-status";

/** The drawing is never taller than this; a taller workflow is scaled to fit, and zoomed with the controls. */
const MAX_HEIGHT = 640;
const MIN_HEIGHT = 180;

export interface WorkflowDiagramProps {
  shape: WorkflowShape;
  /** Names the drawing for screen readers, e.g. "Diagram of ResearchWorkflow". */
  label: string;
  /** A run's state per step path (see nodeStates); left out in the catalog, where nothing has run. */
  states?: ReadonlyMap<string, NodeRunState>;
}

/**
 * The workflow drawn from its shape: dagre lays out each container, React Flow draws them as sub-flows. Every
 * step and container is a focusable node named with what it is and, on a run, its status.
 */
export default function WorkflowDiagram({ shape, label, states }: WorkflowDiagramProps) {
  const laid = useMemo(() => layoutShape(shape), [shape]);
  const flow = useMemo(() => diagramFlow(laid, states), [laid, states]);
  // React Flow uses its id in element ids: one per diagram, since a page may show several.
  const flowId = `diagram-${useId().replace(/[^A-Za-z0-9_-]/g, "")}`;
  const height = Math.min(Math.max(laid.height + 40, MIN_HEIGHT), MAX_HEIGHT);
  return (
    <div role="group" aria-label={label} data-testid="workflow-diagram" className="w-full overflow-hidden rounded-lg border border-slate-200 bg-white" style={{ height }}>
      <ReactFlow
        id={flowId}
        nodes={flow.nodes}
        edges={flow.edges}
        nodeTypes={diagramNodeTypes}
        fitView
        fitViewOptions={{ padding: 0.06, maxZoom: 1 }}
        minZoom={0.2}
        maxZoom={1.5}
        nodesDraggable={false}
        nodesConnectable={false}
        elementsSelectable={false}
        edgesFocusable={false}
        zoomOnScroll={false}
        zoomOnDoubleClick={false}
        panOnScroll={false}
        preventScrolling={false}
        proOptions={{ hideAttribution: true }}
      >
        <Controls showInteractive={false} position="top-right" />
      </ReactFlow>
    </div>
  );
}
