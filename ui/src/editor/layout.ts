// Auto-layout with ELK (layered, left to right). Boundaries are compound nodes, so members stay
// inside their containers; the result comes back as one batch of moves and boundary layouts so
// it is a single undo step.
import type { ElkExtendedEdge, ElkNode } from "elkjs/lib/elk-api";

import type { ArchitectureData } from "../bindings";
import type { Edit } from "./api";
import { BOUNDARY_PADDING, COMPONENT_SIZE } from "./canvas";

const ROOT = "__root__";

/** The ELK graph of an architecture: boundaries nest, components are leaves, flows are edges. */
export function elkGraph(data: ArchitectureData): ElkNode {
  const boundaryIds = new Set(data.boundaries.map((b) => b.id));
  const children = new Map<string, ElkNode[]>();
  const push = (parent: string, node: ElkNode) => {
    const list = children.get(parent) ?? [];
    list.push(node);
    children.set(parent, list);
  };
  const compound = new Map<string, ElkNode>();
  for (const boundary of data.boundaries) {
    const node: ElkNode = {
      id: boundary.id,
      layoutOptions: { "elk.padding": `[top=${BOUNDARY_PADDING.top},left=${BOUNDARY_PADDING.side},bottom=${BOUNDARY_PADDING.side},right=${BOUNDARY_PADDING.side}]` },
    };
    compound.set(boundary.id, node);
  }
  for (const boundary of data.boundaries) {
    const node = compound.get(boundary.id);
    if (!node) continue;
    const parent = boundary.parent && boundaryIds.has(boundary.parent) && boundary.parent !== boundary.id ? boundary.parent : ROOT;
    push(parent, node);
  }
  for (const component of data.components) {
    const parent = component.boundary && boundaryIds.has(component.boundary) ? component.boundary : ROOT;
    push(parent, { id: component.id, ...COMPONENT_SIZE });
  }
  for (const [id, node] of compound) {
    node.children = children.get(id) ?? [];
    if (node.children.length === 0) {
      node.width = 200;
      node.height = 120;
    }
  }
  const edges: ElkExtendedEdge[] = data.flows.map((f) => ({ id: f.id, sources: [f.from], targets: [f.to] }));
  return {
    id: ROOT,
    layoutOptions: {
      "elk.algorithm": "layered",
      "elk.direction": "RIGHT",
      "elk.hierarchyHandling": "INCLUDE_CHILDREN",
      "elk.layered.spacing.nodeNodeBetweenLayers": "80",
      "elk.spacing.nodeNode": "48",
      "elk.spacing.componentComponent": "64",
    },
    children: children.get(ROOT) ?? [],
    edges,
  };
}

/** The edits that put every component and boundary where ELK placed it (absolute coordinates). */
export function layoutEdits(data: ArchitectureData, laidOut: ElkNode): Edit[] {
  const boundaries = new Set(data.boundaries.map((b) => b.id));
  const moves: { id: string; position: { x: number; y: number } }[] = [];
  const layouts: Edit[] = [];
  const walk = (node: ElkNode, originX: number, originY: number) => {
    for (const child of node.children ?? []) {
      const x = Math.round(originX + (child.x ?? 0));
      const y = Math.round(originY + (child.y ?? 0));
      if (boundaries.has(child.id)) {
        layouts.push({ type: "set_boundary_layout", id: child.id, position: { x, y }, size: { width: Math.round(child.width ?? 0), height: Math.round(child.height ?? 0) } });
        walk(child, x, y);
      } else {
        moves.push({ id: child.id, position: { x, y } });
      }
    }
  };
  walk(laidOut, 0, 0);
  return moves.length > 0 ? [...layouts, { type: "move_components", moves }] : layouts;
}

/** Lays the architecture out (ELK loads lazily: it is large and only needed here). */
export async function autoLayout(data: ArchitectureData): Promise<Edit[]> {
  const { default: ELK } = await import("elkjs/lib/elk.bundled.js");
  const elk = new ELK();
  const laidOut = await elk.layout(elkGraph(data));
  return layoutEdits(data, laidOut);
}
