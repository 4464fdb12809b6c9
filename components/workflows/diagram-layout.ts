import type { ElkExtendedEdge, ElkNode, LayoutOptions } from "elkjs/lib/elk-api";
import type { WorkflowShape, WorkflowShapeNode } from "@/lib/engine/schemas";

/** Every step is drawn the same size, so the layout never waits on the browser measuring text. */
export const STEP_SIZE = { width: 208, height: 68 } as const;
const JUNCTION_SIZE = { width: 14, height: 14 } as const;
/** Room at the top of a container for its title row. */
const HEADER = 52;

const base: LayoutOptions = {
  "elk.algorithm": "layered",
  "elk.direction": "DOWN",
  "elk.layered.spacing.nodeNodeBetweenLayers": "28",
  "elk.spacing.nodeNode": "20",
  "elk.spacing.edgeLabel": "4",
  "elk.layered.nodePlacement.strategy": "BRANDES_KOEPF",
  "elk.edgeLabels.inline": "true",
};
const containerOptions: LayoutOptions = { ...base, "elk.padding": `[top=${HEADER},left=14,bottom=14,right=14]` };

/** Containers whose lanes are alternatives or run side by side: drawn between a fork and a join. */
const branching = new Set<WorkflowShapeNode["type"]>(["condition", "router", "parallel"]);

export const forkId = (node: WorkflowShapeNode) => `${node.id} \u27e8fork\u27e9`;
export const joinId = (node: WorkflowShapeNode) => `${node.id} \u27e8join\u27e9`;

/** What an edge is, for its label and its accessible name. */
export interface EdgeMeta {
  label?: string;
  description: string;
}

/** The graph handed to ELK, and what the drawing needs to know about its ids. */
export interface DiagramGraph {
  root: ElkNode;
  nodes: Map<string, WorkflowShapeNode>;
  edges: Map<string, EdgeMeta>;
}

/**
 * The workflow as an ELK graph: each container a compound node holding its lanes (branching ones between a fork and
 * a join, an edge per lane labelled for a Condition), every edge inside the container whose children it joins, so
 * each level is laid out on its own and sized to fit what it holds.
 */
export function diagramGraph(shape: WorkflowShape): DiagramGraph {
  const nodes = new Map<string, WorkflowShapeNode>();
  const edges = new Map<string, EdgeMeta>();
  const names = new Map<string, string>();
  const edge = (source: string, target: string, meta: Omit<EdgeMeta, "description">): ElkExtendedEdge => {
    const id = `edge ${edges.size + 1}`;
    const description = `${names.get(source) ?? "start"} to ${names.get(target) ?? "end"}${meta.label ? ` (${meta.label})` : ""}`;
    edges.set(id, { ...meta, description });
    const elkEdge: ElkExtendedEdge = { id, sources: [source], targets: [target] };
    if (meta.label) elkEdge.labels = [{ text: meta.label, width: meta.label.length * 7 + 10, height: 16 }];
    return elkEdge;
  };
  const chain = (list: readonly WorkflowShapeNode[]) => list.slice(1).map((node, i) => edge((list[i] as WorkflowShapeNode).id, node.id, {}));

  const toElk = (node: WorkflowShapeNode): ElkNode => {
    nodes.set(node.id, node);
    names.set(node.id, node.name);
    if (!node.lanes) return { id: node.id, ...STEP_SIZE };
    const children: ElkNode[] = [];
    const inner: ElkExtendedEdge[] = [];
    const fork = branching.has(node.type);
    if (fork) {
      names.set(forkId(node), `${node.name} start`);
      names.set(joinId(node), `${node.name} end`);
      children.push({ id: forkId(node), ...JUNCTION_SIZE }, { id: joinId(node), ...JUNCTION_SIZE });
    }
    for (const lane of node.lanes) {
      const steps = lane.steps.map(toElk);
      children.push(...steps);
      inner.push(...chain(lane.steps));
      if (!fork) continue;
      const label = node.type === "condition" ? lane.label : undefined;
      const first = lane.steps[0];
      const last = lane.steps.at(-1);
      if (first && last) {
        inner.push(edge(forkId(node), first.id, label ? { label } : {}), edge(last.id, joinId(node), {}));
      } else {
        inner.push(edge(forkId(node), joinId(node), { label: `${lane.label}: nothing` }));
      }
    }
    return { id: node.id, layoutOptions: containerOptions, children, edges: inner };
  };

  const children = shape.steps.map(toElk);
  return { root: { id: "workflow", layoutOptions: base, children, edges: chain(shape.steps) }, nodes, edges };
}
