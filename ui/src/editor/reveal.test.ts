import { describe, expect, it } from "vitest";

import type { Architecture } from "./api";
import { COMPONENT_SIZE } from "./canvas";
import { componentBounds, FAR_ZOOM, REVEAL, revealViewport, visibleRect } from "./reveal";

const architecture: Architecture = {
  name: "Wide",
  boundaries: [],
  components: [
    { id: "a", kind: "user", label: "A", boundary: null, properties: {}, position: { x: 0, y: 0 } },
    { id: "b", kind: "agent", label: "B", boundary: null, properties: {}, position: { x: 3000, y: 1200 } },
    { id: "c", kind: "agent", label: "C", boundary: null, properties: {}, position: { x: 3400, y: 1000 } },
  ],
  flows: [],
};
const size = { width: 800, height: 600 };

describe("bringing a path into view", () => {
  it("bounds the components by their positions and the component size", () => {
    expect(componentBounds(architecture, ["b", "c"])).toEqual({ x: 3000, y: 1000, width: 400 + COMPONENT_SIZE.width, height: 200 + COMPONENT_SIZE.height });
    expect(componentBounds(architecture, ["missing"])).toBeNull();
  });

  it("moves the view onto a path that is off-screen, so that all of it is inside the canvas", () => {
    const bounds = componentBounds(architecture, ["b", "c"]);
    if (!bounds) throw new Error("bounds");
    const view = revealViewport(bounds, { x: 0, y: 0, zoom: 1 }, size);
    if (!view) throw new Error("the view should move");
    const shown = visibleRect(view, size);
    expect(shown.x).toBeLessThanOrEqual(bounds.x);
    expect(shown.y).toBeLessThanOrEqual(bounds.y);
    expect(shown.x + shown.width).toBeGreaterThanOrEqual(bounds.x + bounds.width);
    expect(shown.y + shown.height).toBeGreaterThanOrEqual(bounds.y + bounds.height);
    expect(view.zoom).toBeLessThanOrEqual(REVEAL.maxZoom);
  });

  it("leaves the view where it is when the whole path is in view at a readable zoom", () => {
    const bounds = componentBounds(architecture, ["a"]);
    if (!bounds) throw new Error("bounds");
    expect(revealViewport(bounds, { x: 100, y: 100, zoom: 1 }, size)).toBeNull();
  });

  it("zooms in on a path that is in view but too small to read", () => {
    const bounds = componentBounds(architecture, ["a"]);
    if (!bounds) throw new Error("bounds");
    const view = revealViewport(bounds, { x: 100, y: 100, zoom: FAR_ZOOM / 2 }, size);
    expect(view?.zoom).toBe(REVEAL.maxZoom);
  });

  it("reveals a path partly cut off by the edge of the canvas", () => {
    const bounds = componentBounds(architecture, ["a"]);
    if (!bounds) throw new Error("bounds");
    expect(revealViewport(bounds, { x: -100, y: 0, zoom: 1 }, size)).not.toBeNull();
  });
});
