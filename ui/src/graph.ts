// The canvas is a view of the architecture (STYLE.md #3): React Flow nodes and edges are derived
// from the model here, in plain functions with no React, so they can be unit tested.

import type { Edge, Node, XYPosition } from "@xyflow/react";
import { MarkerType } from "@xyflow/react";

import type { ArchitectureData, Component, Position } from "./bindings";

/** What a component node draws: its label and its kind. No callbacks, no domain state. */
export type ComponentNodeData = {
  label: string;
  kind: string;
  kindLabel: string;
};

export type ComponentNode = Node<ComponentNodeData, "component">;

/** Horizontal and vertical spacing of the fallback layout for components without a position. */
export const LAYOUT_GAP = { x: 220, y: 140 } as const;

/** `model_endpoint` → `Model endpoint`: a readable name for a catalog kind id. */
export function kindLabel(kind: string): string {
  const words = kind.split("_").filter((word) => word.length > 0);
  if (words.length === 0) return kind;
  const text = words.join(" ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * A saved position React Flow can use. Rust sends a non-finite coordinate as `null`; such a
 * position counts as missing.
 */
function savedPosition(component: Component): XYPosition | undefined {
  const position: Position | null | undefined = component.position;
  if (!position || position.x === null || position.y === null) return undefined;
  return { x: position.x, y: position.y };
}

/**
 * Where components without a saved position go: a row below everything that has one, in the
 * order they appear in the architecture, so the layout is stable across reloads.
 */
function fallbackPositions(components: readonly Component[]): Map<string, XYPosition> {
  const placed = components.flatMap((c) => savedPosition(c) ?? []);
  const top = placed.length > 0 ? Math.max(...placed.map((p) => p.y)) + LAYOUT_GAP.y : 0;
  const left = placed.length > 0 ? Math.min(...placed.map((p) => p.x)) : 0;
  const positions = new Map<string, XYPosition>();
  components
    .filter((c) => !savedPosition(c))
    .forEach((c, index) => {
      positions.set(c.id, { x: left + index * LAYOUT_GAP.x, y: top });
    });
  return positions;
}

/** One node per component, at its saved position (or a stable fallback). */
export function toNodes(data: ArchitectureData): ComponentNode[] {
  const fallback = fallbackPositions(data.components);
  return data.components.map((component) => ({
    id: component.id,
    type: "component",
    position: savedPosition(component) ?? fallback.get(component.id) ?? { x: 0, y: 0 },
    data: {
      label: component.label,
      kind: component.kind,
      kindLabel: kindLabel(component.kind),
    },
  }));
}

/** One directed edge per flow, with an arrow at the receiving end. */
export function toEdges(data: ArchitectureData): Edge[] {
  return data.flows.map((flow) => ({
    id: flow.id,
    source: flow.from,
    target: flow.to,
    markerEnd: { type: MarkerType.ArrowClosed },
  }));
}

/**
 * The nodes for a new version of the architecture, keeping the view state the user gave the
 * previous nodes (where they were dragged, whether they are selected) for ids that still exist.
 */
export function withViewState(next: ComponentNode[], previous: readonly ComponentNode[]): ComponentNode[] {
  const byId = new Map(previous.map((node) => [node.id, node]));
  return next.map((node) => {
    const before = byId.get(node.id);
    if (!before) return node;
    return { ...node, position: before.position, selected: before.selected ?? false };
  });
}
