// Bringing a part of the drawing into view — a finding's witness path, the way some data came —
// on a drawing larger than the window. The bounds come from the model (positions and the fixed
// component size), not from React Flow's measurements: a large canvas only renders what is in
// view, so the nodes off-screen, the very ones to bring in, have never been measured.

import { getViewportForBounds, type Viewport } from "@xyflow/react";

import type { Architecture } from "./api";
import { COMPONENT_SIZE, componentPositions, type Rect } from "./canvas";

/** Below this zoom, labels are too small to read: nodes are drawn as coloured boxes only (a
 * canvas of 1,000 components pans and zooms at fit without painting thousands of texts). */
export const FAR_ZOOM = 0.25;

/** How the view moves to what it reveals: the part fits with this padding (a fraction of the
 * canvas), not closer than the zoom-to-fit button goes, animated for this long. */
export const REVEAL = { padding: 0.2, minZoom: 0.1, maxZoom: 1.2, duration: 400 } as const;

/** The rectangle around components `ids` (canvas coordinates); null when none is drawn. */
export function componentBounds(architecture: Architecture, ids: Iterable<string>): Rect | null {
  const positions = componentPositions(architecture.components);
  let box: { left: number; top: number; right: number; bottom: number } | null = null;
  for (const id of ids) {
    const at = positions.get(id);
    if (!at) continue;
    const right = at.x + COMPONENT_SIZE.width;
    const bottom = at.y + COMPONENT_SIZE.height;
    box = box
      ? { left: Math.min(box.left, at.x), top: Math.min(box.top, at.y), right: Math.max(box.right, right), bottom: Math.max(box.bottom, bottom) }
      : { left: at.x, top: at.y, right, bottom };
  }
  return box && { x: box.left, y: box.top, width: box.right - box.left, height: box.bottom - box.top };
}

/** The part of the canvas (canvas coordinates) a view of `size` pixels shows. */
export function visibleRect(view: Viewport, size: { width: number; height: number }): Rect {
  return { x: -view.x / view.zoom, y: -view.y / view.zoom, width: size.width / view.zoom, height: size.height / view.zoom };
}

function contains(outer: Rect, inner: Rect): boolean {
  return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width && inner.y + inner.height <= outer.y + outer.height;
}

/**
 * The view that brings `bounds` in (fitted, with padding), or null when the current view already
 * shows all of it at a zoom where labels are drawn — the view then stays where the person put it.
 */
export function revealViewport(bounds: Rect, view: Viewport, size: { width: number; height: number }): Viewport | null {
  if (size.width <= 0 || size.height <= 0) return null;
  if (view.zoom >= FAR_ZOOM && contains(visibleRect(view, size), bounds)) return null;
  return getViewportForBounds(bounds, size.width, size.height, REVEAL.minZoom, REVEAL.maxZoom, REVEAL.padding);
}
