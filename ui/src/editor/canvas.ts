// The canvas is a view of the snapshot (STYLE.md #3): React Flow nodes and edges are derived from
// the architecture and its marks here, in plain functions with no React, so they can be tested.
// Model positions are absolute canvas coordinates; React Flow wants children relative to their
// parent node, so boundaries become parent nodes and positions are converted both ways here.

import type { Edge, Node, XYPosition } from "@xyflow/react";
import { MarkerType } from "@xyflow/react";

import type { ArchitectureData, Boundary, Component, Trust } from "../bindings";
import type { Finding, Mark } from "./api";
import { markLook, toneOf, type MarkLook } from "./questions";

export const COMPONENT_SIZE = { width: 184, height: 64 } as const;
/** Space between a boundary's edge and its members when it is sized automatically. */
export const BOUNDARY_PADDING = { side: 32, top: 44 } as const;
/** Spacing of the fallback layout for components without a position. */
export const LAYOUT_GAP = { x: 240, y: 140 } as const;

export type Rect = { x: number; y: number; width: number; height: number };
/** What the live review draws an element as, when a finding's witness path is shown. */
export type Emphasis = "normal" | "witness" | "dimmed";

export type ComponentNodeData = MarkLook & {
  label: string;
  kind: string;
  kindLabel: string;
  icon: string;
  emphasis: Emphasis;
};
export type BoundaryNodeData = {
  label: string;
  trust: Trust;
  trustLabel: string;
  emphasis: Emphasis;
};
export type ComponentNode = Node<ComponentNodeData, "component">;
export type BoundaryNode = Node<BoundaryNodeData, "boundary">;
export type CanvasNode = ComponentNode | BoundaryNode;
export type FlowEdge = Edge<MarkLook & { emphasis: Emphasis }, "flow">;

/** The components and flows of a finding's witness path. */
export type Highlight = { components: ReadonlySet<string>; flows: ReadonlySet<string> };

/** Catalog look-ups the canvas needs, so this module does not depend on the whole catalog. */
export type CanvasLabels = {
  kind: (id: string) => { label: string; icon: string } | undefined;
  trust: (trust: Trust) => string;
};

/** `model_endpoint` → `Model endpoint`: a readable name for an id the catalog does not know. */
export function humanise(id: string): string {
  const text = id.split("_").filter((word) => word.length > 0).join(" ");
  return text.length === 0 ? id : text.charAt(0).toUpperCase() + text.slice(1);
}

function savedPosition(component: Component): XYPosition | undefined {
  const position = component.position;
  if (!position || position.x === null || position.y === null) return undefined;
  return { x: position.x, y: position.y };
}

/**
 * Whether a review that was just opened should be laid out once: an imported architecture (no
 * review file behind it) in which no component has a position, as in hand-written JSON. A review
 * file keeps the layout it was saved with, and a drawing with any position is left as drawn.
 */
export function needsInitialLayout(opened: { path: string | null; architecture: { components: readonly { position?: unknown }[] } }): boolean {
  const { components } = opened.architecture;
  return opened.path === null && components.length > 0 && components.every((c) => !c.position);
}

/** Absolute top-left of every component: saved, else a stable row below the placed ones. */
export function componentPositions(components: readonly Component[]): Map<string, XYPosition> {
  const placed = components.flatMap((c) => savedPosition(c) ?? []);
  const top = placed.length > 0 ? Math.max(...placed.map((p) => p.y)) + LAYOUT_GAP.y : 0;
  const left = placed.length > 0 ? Math.min(...placed.map((p) => p.x)) : 0;
  const positions = new Map<string, XYPosition>();
  let index = 0;
  for (const component of components) {
    const saved = savedPosition(component);
    if (saved) {
      positions.set(component.id, saved);
    } else {
      positions.set(component.id, { x: left + index * LAYOUT_GAP.x, y: top });
      index += 1;
    }
  }
  return positions;
}

function savedRect(boundary: Boundary): Rect | undefined {
  const { position, size } = boundary;
  if (!position || !size) return undefined;
  if (position.x === null || position.y === null || size.width === null || size.height === null) return undefined;
  return { x: position.x, y: position.y, width: size.width, height: size.height };
}

function union(rects: readonly Rect[]): Rect | undefined {
  if (rects.length === 0) return undefined;
  const left = Math.min(...rects.map((r) => r.x));
  const top = Math.min(...rects.map((r) => r.y));
  const right = Math.max(...rects.map((r) => r.x + r.width));
  const bottom = Math.max(...rects.map((r) => r.y + r.height));
  return { x: left, y: top, width: right - left, height: bottom - top };
}

/**
 * Absolute rectangle of every boundary: saved, else around its members and child boundaries
 * (padded), else an empty box to the left of the drawing. Parent cycles (refused by Rust) are
 * cut rather than looped on.
 */
export function boundaryRects(data: ArchitectureData, positions: ReadonlyMap<string, XYPosition>): Map<string, Rect> {
  const rects = new Map<string, Rect>();
  const visiting = new Set<string>();
  let emptyIndex = 0;
  const rectOf = (boundary: Boundary): Rect => {
    const known = rects.get(boundary.id);
    if (known) return known;
    const saved = savedRect(boundary);
    if (saved) {
      rects.set(boundary.id, saved);
      return saved;
    }
    visiting.add(boundary.id);
    const inner: Rect[] = [];
    for (const component of data.components) {
      const at = positions.get(component.id);
      if (component.boundary === boundary.id && at) inner.push({ ...at, ...COMPONENT_SIZE });
    }
    for (const child of data.boundaries) {
      if (child.parent === boundary.id && !visiting.has(child.id)) inner.push(rectOf(child));
    }
    visiting.delete(boundary.id);
    const around = union(inner);
    const rect = around
      ? {
          x: around.x - BOUNDARY_PADDING.side,
          y: around.y - BOUNDARY_PADDING.top,
          width: around.width + 2 * BOUNDARY_PADDING.side,
          height: around.height + BOUNDARY_PADDING.top + BOUNDARY_PADDING.side,
        }
      : { x: -400, y: emptyIndex++ * 260, width: 320, height: 220 };
    rects.set(boundary.id, rect);
    return rect;
  };
  for (const boundary of data.boundaries) rectOf(boundary);
  return rects;
}

/** Depth of each boundary (0 = top level), for ordering parents before children. */
function boundaryDepths(boundaries: readonly Boundary[]): Map<string, number> {
  const byId = new Map(boundaries.map((b) => [b.id, b]));
  const depths = new Map<string, number>();
  for (const boundary of boundaries) {
    let depth = 0;
    let parent = boundary.parent ?? null;
    const seen = new Set([boundary.id]);
    while (parent !== null && byId.has(parent) && !seen.has(parent)) {
      seen.add(parent);
      depth += 1;
      parent = byId.get(parent)?.parent ?? null;
    }
    depths.set(boundary.id, depth);
  }
  return depths;
}

function emphasisOf(highlight: Highlight | null, set: "components" | "flows", id: string): Emphasis {
  if (!highlight) return "normal";
  return highlight[set].has(id) ? "witness" : "dimmed";
}

export type CanvasInput = {
  architecture: ArchitectureData;
  marks: { components: Partial<Record<string, Mark>>; flows: Partial<Record<string, Mark>> };
  labels: CanvasLabels;
  highlight: Highlight | null;
  /** Ids selected in the view, kept across snapshots. */
  selected: ReadonlySet<string>;
};

/** Boundary nodes (parents first) then component nodes, with positions relative to their parent. */
export function toNodes(input: CanvasInput): CanvasNode[] {
  const { architecture, marks, labels, highlight, selected } = input;
  const positions = componentPositions(architecture.components);
  const rects = boundaryRects(architecture, positions);
  const depths = boundaryDepths(architecture.boundaries);
  const known = new Set(architecture.boundaries.map((b) => b.id));
  const relative = (at: XYPosition, parent: string | null | undefined): XYPosition => {
    const origin = parent ? rects.get(parent) : undefined;
    return origin ? { x: at.x - origin.x, y: at.y - origin.y } : at;
  };
  const boundaries = [...architecture.boundaries].sort((a, b) => (depths.get(a.id) ?? 0) - (depths.get(b.id) ?? 0));
  const nodes: CanvasNode[] = boundaries.map((boundary) => {
    const rect = rects.get(boundary.id) ?? { x: 0, y: 0, width: 320, height: 220 };
    const parent = boundary.parent && known.has(boundary.parent) && (depths.get(boundary.id) ?? 0) > 0 ? boundary.parent : null;
    const node: BoundaryNode = {
      id: boundary.id,
      type: "boundary",
      position: relative(rect, parent),
      width: rect.width,
      height: rect.height,
      style: { width: rect.width, height: rect.height },
      zIndex: -1,
      selected: selected.has(boundary.id),
      className: `boundary-node-wrapper boundary--${boundary.trust}`,
      data: {
        label: boundary.label,
        trust: boundary.trust,
        trustLabel: labels.trust(boundary.trust),
        emphasis: highlight ? "dimmed" : "normal",
      },
    };
    if (parent) node.parentId = parent;
    return node;
  });
  for (const component of architecture.components) {
    const at = positions.get(component.id) ?? { x: 0, y: 0 };
    const parent = component.boundary && known.has(component.boundary) ? component.boundary : null;
    const spec = labels.kind(component.kind);
    const node: ComponentNode = {
      id: component.id,
      type: "component",
      position: relative(at, parent),
      selected: selected.has(component.id),
      data: {
        label: component.label,
        kind: component.kind,
        kindLabel: spec?.label ?? humanise(component.kind),
        icon: spec?.icon ?? "",
        ...markLook(marks.components[component.id]),
        emphasis: emphasisOf(highlight, "components", component.id),
      },
    };
    if (parent) node.parentId = parent;
    nodes.push(node);
  }
  return nodes;
}

/** The `label` flow property, when it is a non-empty text. */
export function flowLabel(properties: Readonly<Record<string, unknown>>): string | undefined {
  const label = properties.label;
  return typeof label === "string" && label.trim().length > 0 ? label : undefined;
}

/** One directed edge per flow, with an arrow, its label, and its look (risk colour or questions)
 * and emphasis as classes. */
export function toEdges(input: CanvasInput): FlowEdge[] {
  const { architecture, marks, highlight, selected } = input;
  return architecture.flows.map((flow) => {
    const look = markLook(marks.flows[flow.id]);
    const emphasis = emphasisOf(highlight, "flows", flow.id);
    const classes = ["flow", `flow--${toneOf(look)}`, `flow--${emphasis}`];
    const edge: FlowEdge = {
      id: flow.id,
      type: "flow",
      source: flow.from,
      target: flow.to,
      selected: selected.has(flow.id),
      className: classes.join(" "),
      markerEnd: { type: MarkerType.ArrowClosed, width: 18, height: 18 },
      data: { ...look, emphasis },
      zIndex: 1,
    };
    const label = flowLabel(flow.properties);
    if (label !== undefined) edge.label = label;
    return edge;
  });
}

/** The subject of a finding: the flow of a `<rule>@flow:<id>` finding, else its first component. */
export function subjectOf(finding: Finding): { type: "flow" | "component"; id: string } | undefined {
  if (finding.id.includes("@flow:") && finding.flows[0] !== undefined) return { type: "flow", id: finding.flows[0] };
  const component = finding.components[0];
  return component === undefined ? undefined : { type: "component", id: component };
}

/** What clicking a finding highlights: its witness path, else its components, plus its flows. */
export function highlightOf(finding: Finding): Highlight {
  return {
    components: new Set(finding.path.length > 0 ? finding.path : finding.components),
    flows: new Set(finding.flows),
  };
}

/** The innermost (smallest) boundary containing `point`, ignoring `exclude` and its descendants. */
export function boundaryAt(point: XYPosition, rects: ReadonlyMap<string, Rect>, exclude: ReadonlySet<string> = new Set()): string | null {
  let best: { id: string; area: number } | null = null;
  for (const [id, rect] of rects) {
    if (exclude.has(id)) continue;
    const inside = point.x >= rect.x && point.x <= rect.x + rect.width && point.y >= rect.y && point.y <= rect.y + rect.height;
    const area = rect.width * rect.height;
    if (inside && (best === null || area < best.area)) best = { id, area };
  }
  return best?.id ?? null;
}

function shallowEqual(a: object | undefined, b: object | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  return ka.every((k) => Object.is(ra[k], rb[k]));
}

/** Whether the node drawn from the snapshot says what the node on the canvas already says. */
function sameNode(shown: CanvasNode, next: CanvasNode): boolean {
  return (
    shown.type === next.type &&
    shown.parentId === next.parentId &&
    shown.position.x === next.position.x &&
    shown.position.y === next.position.y &&
    shown.width === next.width &&
    shown.height === next.height &&
    Boolean(shown.selected) === Boolean(next.selected) &&
    shown.zIndex === next.zIndex &&
    shown.className === next.className &&
    shallowEqual(shown.style, next.style) &&
    shallowEqual(shown.data, next.data)
  );
}

function sameEdge(shown: FlowEdge, next: FlowEdge): boolean {
  return (
    shown.source === next.source &&
    shown.target === next.target &&
    Boolean(shown.selected) === Boolean(next.selected) &&
    shown.className === next.className &&
    shown.label === next.label &&
    shown.zIndex === next.zIndex &&
    shallowEqual(shown.data, next.data)
  );
}

/**
 * The next nodes or edges, reusing the object already on the canvas for every element that did
 * not change (React Flow's performance guidance): React Flow then keeps its measurements and
 * skips re-rendering those (memoised) nodes, so an edit redraws only what it changed. Returns
 * `shown` itself when nothing changed.
 */
function reuse<T extends { id: string }>(shown: readonly T[], next: T[], same: (a: T, b: T) => boolean): T[] {
  const byId = new Map(shown.map((item) => [item.id, item]));
  let changed = shown.length !== next.length;
  const merged = next.map((item, index) => {
    const old = byId.get(item.id);
    if (old && same(old, item)) {
      if (shown[index] !== old) changed = true;
      return old;
    }
    changed = true;
    return item;
  });
  return changed ? merged : (shown as T[]);
}

export function reuseNodes(shown: readonly CanvasNode[], next: CanvasNode[]): CanvasNode[] {
  return reuse(shown, next, sameNode);
}

export function reuseEdges(shown: readonly FlowEdge[], next: FlowEdge[]): FlowEdge[] {
  return reuse(shown, next, sameEdge);
}
