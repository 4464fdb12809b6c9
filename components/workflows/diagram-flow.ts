import { MarkerType, type Edge, type Node } from "@xyflow/react";
import type { WorkflowShapeNode } from "@/lib/engine/schemas";
import type { DiagramLayout, LaidEdge, LaidNode } from "@/components/workflows/diagram-layout";
import { nodeAccessibleName, pathKey, type NodeRunState } from "@/components/workflows/diagram-status";

/** What a drawn step or container shows: its shape, and on a run page where the run stands there. */
export type ShapeNodeData = { shape: WorkflowShapeNode; state?: NodeRunState };
export type StepFlowNode = Node<ShapeNodeData, "step">;
export type ContainerFlowNode = Node<ShapeNodeData, "container">;
export type JunctionFlowNode = Node<Record<string, never>, "junction">;
export type DiagramFlowNode = StepFlowNode | ContainerFlowNode | JunctionFlowNode;

export interface DiagramFlow {
  nodes: DiagramFlowNode[];
  edges: Edge[];
}

const NOT_REACHED: NodeRunState = { status: "not_reached", runs: 0 };

const flowEdge = (edge: LaidEdge): Edge => ({
  id: edge.id,
  source: edge.source,
  target: edge.target,
  type: "smoothstep",
  focusable: false,
  ariaLabel: `From ${edge.description}`,
  markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16 },
  ...(edge.label !== undefined && { label: edge.label }),
});

/**
 * React Flow's nodes and edges from the layout: positions are relative to the enclosing container, as React Flow's
 * sub-flows want them, and every container comes before what it holds. Without `states` (the catalog) nodes carry no
 * status; with them (a run) a node the run has not reached says so.
 */
export function diagramFlow(laid: DiagramLayout, states?: ReadonlyMap<string, NodeRunState>): DiagramFlow {
  const nodes: DiagramFlowNode[] = [];
  const edges: Edge[] = laid.edges.map(flowEdge);
  const visit = (level: readonly LaidNode[], parentId: string | undefined) => {
    for (const child of level) {
      const placed = {
        id: child.id,
        position: { x: child.x, y: child.y },
        width: child.width,
        height: child.height,
        draggable: false,
        ...(parentId !== undefined && { parentId }),
      };
      const shape = child.shape;
      if (!shape) {
        nodes.push({ ...placed, type: "junction", data: {}, focusable: false, domAttributes: { "aria-hidden": true } });
        continue;
      }
      const state = states ? (states.get(pathKey(shape.stepPath)) ?? NOT_REACHED) : undefined;
      const data: ShapeNodeData = state ? { shape, state } : { shape };
      nodes.push({ ...placed, type: shape.lanes ? "container" : "step", data, ariaLabel: nodeAccessibleName(shape, state) });
      edges.push(...child.edges.map(flowEdge));
      visit(child.children, child.id);
    }
  };
  visit(laid.nodes, undefined);
  return { nodes, edges };
}
