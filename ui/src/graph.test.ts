import { describe, expect, it } from "vitest";

import type { ArchitectureData } from "./bindings";
import { LAYOUT_GAP, kindLabel, toEdges, toNodes, withViewState } from "./graph";

const sample: ArchitectureData = {
  name: "Support assistant",
  boundaries: [],
  components: [
    { id: "user", kind: "user", label: "Customer", boundary: null, properties: {}, position: { x: 0, y: 100 } },
    { id: "llm", kind: "model_endpoint", label: "Claude", boundary: null, properties: {}, position: { x: 660, y: 40 } },
  ],
  flows: [{ id: "f1", from: "user", to: "llm", properties: {} }],
};

describe("toNodes", () => {
  it("makes one node per component, keyed by the component id, at its saved position", () => {
    const nodes = toNodes(sample);
    expect(nodes.map((n) => n.id)).toEqual(["user", "llm"]);
    expect(nodes[1]?.position).toEqual({ x: 660, y: 40 });
    expect(nodes[1]?.type).toBe("component");
  });

  it("puts the label and a readable kind in the node's data, and nothing else", () => {
    expect(toNodes(sample)[1]?.data).toEqual({
      label: "Claude",
      kind: "model_endpoint",
      kindLabel: "Model endpoint",
    });
  });

  it("lays components without a position in a row below the placed ones, in order", () => {
    const data: ArchitectureData = {
      ...sample,
      components: [
        ...sample.components,
        { id: "a", kind: "tool", label: "A", boundary: null, properties: {} },
        { id: "b", kind: "tool", label: "B", boundary: null, properties: {} },
      ],
    };
    const positions = Object.fromEntries(toNodes(data).map((n) => [n.id, n.position]));
    expect(positions.a).toEqual({ x: 0, y: 100 + LAYOUT_GAP.y });
    expect(positions.b).toEqual({ x: LAYOUT_GAP.x, y: 100 + LAYOUT_GAP.y });
  });

  it("treats a position with a null coordinate (a NaN in Rust) as missing", () => {
    const data: ArchitectureData = {
      ...sample,
      components: [{ id: "a", kind: "tool", label: "A", boundary: null, properties: {}, position: { x: null, y: 3 } }],
    };
    expect(toNodes(data)[0]?.position).toEqual({ x: 0, y: 0 });
  });

  it("starts at the origin when no component has a position", () => {
    const data: ArchitectureData = {
      ...sample,
      components: [{ id: "a", kind: "tool", label: "A", boundary: null, properties: {} }],
    };
    expect(toNodes(data)[0]?.position).toEqual({ x: 0, y: 0 });
  });
});

describe("toEdges", () => {
  it("makes one directed edge per flow, keyed by the flow id", () => {
    const [edge] = toEdges(sample);
    expect(edge).toMatchObject({ id: "f1", source: "user", target: "llm" });
    expect(edge?.markerEnd).toBeDefined();
  });
});

describe("kindLabel", () => {
  it("turns a snake_case kind id into words", () => {
    expect(kindLabel("model_endpoint")).toBe("Model endpoint");
    expect(kindLabel("user")).toBe("User");
  });

  it("keeps an id it cannot split", () => {
    expect(kindLabel("")).toBe("");
    expect(kindLabel("_")).toBe("_");
  });
});

describe("withViewState", () => {
  it("keeps dragged positions and selection for components that still exist", () => {
    const previous = toNodes(sample).map((n) =>
      n.id === "llm" ? { ...n, position: { x: 1, y: 2 }, selected: true } : n,
    );
    const renamed: ArchitectureData = {
      ...sample,
      components: sample.components.map((c) => (c.id === "llm" ? { ...c, label: "Renamed" } : c)),
    };
    const llm = withViewState(toNodes(renamed), previous).find((n) => n.id === "llm");
    expect(llm?.position).toEqual({ x: 1, y: 2 });
    expect(llm?.selected).toBe(true);
    expect(llm?.data.label).toBe("Renamed");
  });

  it("takes new components as they come", () => {
    const next = toNodes(sample);
    expect(withViewState(next, [])).toEqual(next);
  });
});
