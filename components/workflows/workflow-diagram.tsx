"use client";

import "@xyflow/react/dist/style.css";
import { Controls, ReactFlow } from "@xyflow/react";
import ELK from "elkjs/lib/elk.bundled.js";
import type { ElkNode } from "elkjs/lib/elk-api";
import { useEffect, useId, useMemo, useState } from "react";
import type { WorkflowShape } from "@/lib/engine/schemas";
import { ErrorNotice, LoadingBlocks } from "@/components/ui/states";
import { diagramFlow } from "@/components/workflows/diagram-flow";
import { diagramGraph } from "@/components/workflows/diagram-layout";
import { diagramNodeTypes } from "@/components/workflows/diagram-nodes";
import type { NodeRunState } from "@/components/workflows/diagram-status";

const elk = new ELK();

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
 * The workflow drawn from its shape: ELK lays out the nested containers, React Flow draws them as sub-flows. Every
 * step and container is a focusable node named with what it is and, on a run, its status.
 */
export default function WorkflowDiagram({ shape, label, states }: WorkflowDiagramProps) {
  const graph = useMemo(() => diagramGraph(shape), [shape]);
  const [laid, setLaid] = useState<{ for: typeof graph; root: ElkNode } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  // React Flow uses its id in element ids: one per diagram, since a page may show several.
  const flowId = `diagram-${useId().replace(/[^A-Za-z0-9_-]/g, "")}`;

  useEffect(() => {
    let current = true;
    elk.layout(structuredClone(graph.root)).then(
      (root) => current && setLaid({ for: graph, root }),
      (error: unknown) => current && setFailure(error instanceof Error ? error.message : String(error)),
    );
    return () => {
      current = false;
    };
  }, [graph]);

  const flow = useMemo(() => (laid?.for === graph ? diagramFlow(laid.root, graph, states) : null), [laid, graph, states]);

  if (failure) return <ErrorNotice title="The diagram could not be drawn">{failure}. Reload the page to try again.</ErrorNotice>;
  if (!flow) return <LoadingBlocks label="Drawing the workflow…" rows={1} />;
  const height = Math.min(Math.max(flow.height + 40, MIN_HEIGHT), MAX_HEIGHT);
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
