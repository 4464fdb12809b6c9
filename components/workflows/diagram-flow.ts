import { MarkerType, type Edge, type Node } from "@xyflow/react";
import type { ElkNode } from "elkjs/lib/elk-api";
import type { WorkflowShapeNode } from "@/lib/engine/schemas";
import type { DiagramGraph } from "@/components/workflows/diagram-layout";
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
  width: number;
  height: number;
}

const NOT_REACHED: NodeRunState = { status: "not_reached", runs: 0 };

/**
 * React Flow's nodes and edges from ELK's layout: positions are relative to the enclosing container, as React Flow's
 * sub-flows want them, and every container comes before what it holds. Without `states` (the catalog) nodes carry no
 * status; with them (a run) a node the run has not reached says so.
 */
export function diagramFlow(laid: ElkNode, graph: DiagramGraph, states?: ReadonlyMap<string, NodeRunState>): DiagramFlow {
  const nodes: DiagramFlowNode[] = [];
  const edges: Edge[] = [];
  const visit = (elk: ElkNode, parentId: string | undefined) => {
    for (const child of elk.children ?? []) {
      const placed = {
        id: child.id,
        position: { x: child.x ?? 0, y: child.y ?? 0 },
        width: child.width ?? 0,
        height: child.height ?? 0,
        draggable: false,
        ...(parentId !== undefined && { parentId }),
      };
      const shape = graph.nodes.get(child.id);
      if (!shape) {
        nodes.push({ ...placed, type: "junction", data: {}, focusable: false, domAttributes: { "aria-hidden": true } });
        continue;
      }
      const state = states ? (states.get(pathKey(shape.stepPath)) ?? NOT_REACHED) : undefined;
      const data: ShapeNodeData = state ? { shape, state } : { shape };
      nodes.push({ ...placed, type: shape.lanes ? "container" : "step", data, ariaLabel: nodeAccessibleName(shape, state) });
      visit(child, child.id);
    }
    for (const edge of elk.edges ?? []) {
      const meta = graph.edges.get(edge.id);
      const [source] = edge.sources;
      const [target] = edge.targets;
      if (!meta || !source || !target) continue;
      edges.push({
        id: edge.id,
        source,
        target,
        type: "smoothstep",
        focusable: false,
        ariaLabel: `From ${meta.description}`,
        markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16 },
        ...(meta.label !== undefined && { label: meta.label }),
      });
    }
  };
  visit(laid, undefined);
  return { nodes, edges, width: laid.width ?? 0, height: laid.height ?? 0 };
}
