import { Graph, layout } from "@dagrejs/dagre";
import type { WorkflowShape, WorkflowShapeNode } from "@/lib/engine/schemas";

/** Every step is drawn the same size, so the layout never waits on the browser measuring text. */
export const STEP_SIZE = { width: 208, height: 68 } as const;
const JUNCTION_SIZE = { width: 14, height: 14 } as const;
/** Room at the top of a container for its title rows, and around what it holds. */
const HEADER = 52;
const PAD = 14;
const MIN_CONTAINER_WIDTH = 236;

export interface LaidEdge {
  id: string;
  source: string;
  target: string;
  label?: string;
  /** Its accessible name: where it goes from and to. */
  description: string;
}

/** A node placed by the layout; x and y are its top-left corner within its container (or the drawing). */
export interface LaidNode {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
  /** Absent on the fork and join of a branching container. */
  shape?: WorkflowShapeNode;
  children: LaidNode[];
  edges: LaidEdge[];
}

export interface DiagramLayout {
  nodes: LaidNode[];
  edges: LaidEdge[];
  width: number;
  height: number;
}

/** Containers whose lanes are alternatives or run side by side: drawn between a fork and a join. */
const branching = new Set<WorkflowShapeNode["type"]>(["condition", "router", "parallel"]);

const forkId = (node: WorkflowShapeNode) => `${node.id} \u27e8fork\u27e9`;
const joinId = (node: WorkflowShapeNode) => `${node.id} \u27e8join\u27e9`;

/** Places one level (a container's content, or the top level) top to bottom with dagre; returns the size it takes. */
function arrange(nodes: LaidNode[], edges: readonly LaidEdge[]): { width: number; height: number } {
  const graph = new Graph({ multigraph: true });
  graph.setGraph({ rankdir: "TB", nodesep: 20, ranksep: 28, marginx: 0, marginy: 0 });
  for (const node of nodes) graph.setNode(node.id, { width: node.width, height: node.height });
  for (const edge of edges) {
    graph.setEdge(edge.source, edge.target, edge.label ? { label: edge.label, width: edge.label.length * 7 + 10, height: 16 } : {}, edge.id);
  }
  layout(graph);
  for (const node of nodes) {
    const placed = graph.node(node.id);
    node.x = placed.x - node.width / 2;
    node.y = placed.y - node.height / 2;
  }
  const size = graph.graph();
  return { width: size.width ?? 0, height: size.height ?? 0 };
}

/**
 * Lays the workflow out: each container is laid out on its own (its lanes side by side, branching ones between a
 * fork and a join, an edge per lane, labelled for a Condition) and sized to fit, then placed as one node on the
 * level above it. Every edge joins two nodes of the same level.
 */
export function layoutShape(shape: WorkflowShape): DiagramLayout {
  const names = new Map<string, string>();
  let edgeCount = 0;
  const edge = (source: string, target: string, label?: string): LaidEdge => {
    const description = `${names.get(source) ?? source} to ${names.get(target) ?? target}${label ? ` (${label})` : ""}`;
    edgeCount += 1;
    return { id: `edge ${edgeCount}`, source, target, description, ...(label !== undefined && { label }) };
  };
  const chain = (list: readonly WorkflowShapeNode[]) => list.slice(1).map((node, i) => edge((list[i] as WorkflowShapeNode).id, node.id));
  const junction = (id: string): LaidNode => ({ id, x: 0, y: 0, ...JUNCTION_SIZE, children: [], edges: [] });

  const place = (node: WorkflowShapeNode): LaidNode => {
    names.set(node.id, node.name);
    if (!node.lanes) return { id: node.id, x: 0, y: 0, ...STEP_SIZE, shape: node, children: [], edges: [] };
    const children: LaidNode[] = [];
    const edges: LaidEdge[] = [];
    const fork = branching.has(node.type);
    if (fork) {
      names.set(forkId(node), `${node.name} start`);
      names.set(joinId(node), `${node.name} end`);
      children.push(junction(forkId(node)), junction(joinId(node)));
    }
    for (const lane of node.lanes) {
      children.push(...lane.steps.map(place));
      edges.push(...chain(lane.steps));
      if (!fork) continue;
      const first = lane.steps[0];
      const last = lane.steps.at(-1);
      if (first && last) edges.push(edge(forkId(node), first.id, node.type === "condition" ? lane.label : undefined), edge(last.id, joinId(node)));
      else edges.push(edge(forkId(node), joinId(node), `${lane.label}: nothing`));
    }
    const size = arrange(children, edges);
    const width = Math.max(size.width + 2 * PAD, MIN_CONTAINER_WIDTH);
    const shiftX = (width - size.width) / 2;
    for (const child of children) {
      child.x += shiftX;
      child.y += HEADER;
    }
    return { id: node.id, x: 0, y: 0, width, height: size.height + HEADER + PAD, shape: node, children, edges };
  };

  const nodes = shape.steps.map(place);
  const edges = chain(shape.steps);
  return { nodes, edges, ...arrange(nodes, edges) };
}
