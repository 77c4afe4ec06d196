import { describe, expect, it } from "vitest";

import type { ArchitectureData_Serialize as Architecture } from "../bindings";
import type { Finding } from "./api";
import { BOUNDARY_PADDING, boundaryAt, needsInitialLayout, boundaryRects, COMPONENT_SIZE, componentPositions, highlightOf, humanise, reuseEdges, reuseNodes, subjectOf, toEdges, toNodes, type CanvasInput } from "./canvas";

const architecture: Architecture = {
  name: "Support assistant",
  boundaries: [
    { id: "vpc", label: "VPC", trust: "private", parent: null, position: { x: 100, y: 100 }, size: { width: 600, height: 400 } },
    { id: "app", label: "App subnet", trust: "private", parent: "vpc" },
  ],
  components: [
    { id: "user", kind: "user", label: "Customer", boundary: null, properties: {}, position: { x: 0, y: 0 } },
    { id: "agent", kind: "agent", label: "Agent", boundary: "app", properties: {}, position: { x: 200, y: 200 } },
    { id: "llm", kind: "model_endpoint", label: "Model", boundary: "vpc", properties: {}, position: { x: 500, y: 300 } },
  ],
  flows: [
    { id: "f1", from: "user", to: "agent", properties: { label: "asks" } },
    { id: "f2", from: "agent", to: "llm", properties: {} },
  ],
};

function input(overrides: Partial<CanvasInput> = {}): CanvasInput {
  return {
    architecture,
    marks: { components: { llm: { risk: "high", count: 2, questions: 0 } }, flows: { f2: { risk: "medium", count: 1, questions: 0 } } },
    labels: { kind: (id) => (id === "model_endpoint" ? { label: "Model endpoint", icon: "brain" } : undefined), trust: (t) => `trust ${t}` },
    highlight: null,
    selected: new Set(),
    ...overrides,
  };
}

const finding: Finding = {
  id: "genai.sec.guardrail@flow:f2",
  rule: "genai.sec.guardrail",
  title: "Model reachable without a guardrail",
  best_practices: ["GENSEC01-BP01"],
  pillar: "security",
  dimensions: [],
  risk: "high",
  basis: "structure",
  components: ["llm", "user"],
  flows: ["f2", "f1"],
  path: ["user", "agent", "llm"],
  message: "m",
  remediation: "r",
  why: "w",
  url: "u",
};

describe("canvas nodes", () => {
  it("puts boundaries first, parents before children, so React Flow can nest them", () => {
    const ids = toNodes(input()).map((n) => n.id);
    expect(ids.slice(0, 2)).toEqual(["vpc", "app"]);
  });

  it("gives children positions relative to their boundary and keeps top-level ones absolute", () => {
    const nodes = toNodes(input());
    const llm = nodes.find((n) => n.id === "llm");
    const user = nodes.find((n) => n.id === "user");
    expect(llm?.parentId).toBe("vpc");
    expect(llm?.position).toEqual({ x: 400, y: 200 });
    expect(user?.parentId).toBeUndefined();
    expect(user?.position).toEqual({ x: 0, y: 0 });
  });

  it("sizes a boundary without a saved layout around its members", () => {
    const rects = boundaryRects(architecture, componentPositions(architecture.components));
    expect(rects.get("app")).toEqual({
      x: 200 - BOUNDARY_PADDING.side,
      y: 200 - BOUNDARY_PADDING.top,
      width: COMPONENT_SIZE.width + 2 * BOUNDARY_PADDING.side,
      height: COMPONENT_SIZE.height + BOUNDARY_PADDING.top + BOUNDARY_PADDING.side,
    });
  });

  it("survives a boundary parent cycle instead of looping", () => {
    const cyclic: Architecture = {
      ...architecture,
      boundaries: [
        { id: "a", label: "A", trust: "dmz", parent: "b" },
        { id: "b", label: "B", trust: "dmz", parent: "a" },
      ],
      components: [],
      flows: [],
    };
    expect(toNodes(input({ architecture: cyclic })).map((n) => n.id).sort()).toEqual(["a", "b"]);
  });

  it("carries the risk and finding counts of a component's mark, and the catalog's kind label and icon", () => {
    const llm = toNodes(input()).find((n) => n.id === "llm");
    expect(llm?.data).toMatchObject({ risk: "high", risks: 2, questions: 0, kindLabel: "Model endpoint", icon: "brain" });
    const user = toNodes(input()).find((n) => n.id === "user");
    expect(user?.data).toMatchObject({ risk: null, risks: 0, questions: 0, kindLabel: "User" });
  });

  it("gives a component whose open findings are all questions no risk colour, only its questions", () => {
    const marks = { components: { agent: { risk: "high" as const, count: 3, questions: 3 }, llm: { risk: "medium" as const, count: 3, questions: 2 } }, flows: {} };
    const nodes = toNodes(input({ marks }));
    expect(nodes.find((n) => n.id === "agent")?.data).toMatchObject({ risk: null, risks: 0, questions: 3 });
    expect(nodes.find((n) => n.id === "llm")?.data).toMatchObject({ risk: "medium", risks: 1, questions: 2 });
  });

  it("dims everything off the witness path and marks the path when a finding is highlighted", () => {
    const nodes = toNodes(input({ highlight: { components: new Set(["user", "llm"]), flows: new Set(["f1"]) } }));
    const emphasis = Object.fromEntries(nodes.filter((n) => n.type === "component").map((n) => [n.id, n.data.emphasis]));
    expect(emphasis).toEqual({ user: "witness", agent: "dimmed", llm: "witness" });
  });

  it("places components without a position in a row below the placed ones", () => {
    const positions = componentPositions([
      { id: "a", kind: "user", label: "A", boundary: null, properties: {}, position: { x: 10, y: 50 } },
      { id: "b", kind: "user", label: "B", boundary: null, properties: {} },
      { id: "c", kind: "user", label: "C", boundary: null, properties: {}, position: { x: null, y: 3 } },
    ]);
    expect(positions.get("b")?.y).toBeGreaterThan(50);
    expect(positions.get("c")?.x).toBeGreaterThan(positions.get("b")?.x ?? Infinity);
  });
});

describe("canvas edges", () => {
  it("draws one arrowed edge per flow with its label and risk class", () => {
    const edges = toEdges(input());
    expect(edges.map((e) => [e.id, e.source, e.target])).toEqual([
      ["f1", "user", "agent"],
      ["f2", "agent", "llm"],
    ]);
    expect(edges[0]?.label).toBe("asks");
    expect(edges[1]?.label).toBeUndefined();
    expect(edges[1]?.className).toContain("flow--medium");
    expect(edges[0]?.markerEnd).toBeDefined();
    expect(edges.every((e) => e.type === "flow")).toBe(true);
  });

  it("draws a flow whose open findings are all questions in the question look, and a mixed one in its risk colour", () => {
    const marks = { components: {}, flows: { f1: { risk: "high" as const, count: 2, questions: 2 }, f2: { risk: "medium" as const, count: 2, questions: 1 } } };
    const [asks, calls] = toEdges(input({ marks }));
    expect(asks?.className).toContain("flow--question");
    expect(asks?.className).not.toContain("flow--high");
    expect(asks?.data).toMatchObject({ risk: null, risks: 0, questions: 2 });
    expect(calls?.className).toContain("flow--medium");
    expect(calls?.data).toMatchObject({ risk: "medium", risks: 1, questions: 1 });
  });
});

describe("findings on the canvas", () => {
  it("takes a flow finding's subject from its flow, otherwise from its first component", () => {
    expect(subjectOf(finding)).toEqual({ type: "flow", id: "f2" });
    expect(subjectOf({ ...finding, id: "genai.sec.x@llm" })).toEqual({ type: "component", id: "llm" });
  });

  it("highlights the witness path and the finding's flows", () => {
    const h = highlightOf(finding);
    expect([...h.components]).toEqual(["user", "agent", "llm"]);
    expect([...h.flows]).toEqual(["f2", "f1"]);
    expect([...highlightOf({ ...finding, path: [] }).components]).toEqual(["llm", "user"]);
  });
});

describe("boundaryAt", () => {
  it("picks the innermost boundary containing the point", () => {
    const rects = new Map([
      ["outer", { x: 0, y: 0, width: 1000, height: 1000 }],
      ["inner", { x: 100, y: 100, width: 200, height: 200 }],
    ]);
    expect(boundaryAt({ x: 150, y: 150 }, rects)).toBe("inner");
    expect(boundaryAt({ x: 900, y: 900 }, rects)).toBe("outer");
    expect(boundaryAt({ x: 2000, y: 0 }, rects)).toBeNull();
    expect(boundaryAt({ x: 150, y: 150 }, rects, new Set(["inner"]))).toBe("outer");
  });
});

describe("humanise", () => {
  it("turns a snake_case id into a sentence-case label", () => {
    expect(humanise("model_endpoint")).toBe("Model endpoint");
    expect(humanise("___")).toBe("___");
  });
});

describe("redrawing after an edit", () => {
  it("keeps the node and edge objects an edit did not change, and replaces the changed ones", () => {
    const shownNodes = toNodes(input());
    const shownEdges = toEdges(input());
    const after = input({ marks: { components: { llm: { risk: "high", count: 2, questions: 0 }, agent: { risk: "medium", count: 1, questions: 0 } }, flows: { f2: { risk: "medium", count: 1, questions: 0 } } } });
    const nodes = reuseNodes(shownNodes, toNodes(after));
    const byId = <T extends { id: string }>(list: T[], id: string) => list.find((n) => n.id === id);
    expect(byId(nodes, "llm")).toBe(byId(shownNodes, "llm"));
    expect(byId(nodes, "user")).toBe(byId(shownNodes, "user"));
    expect(byId(nodes, "agent")).not.toBe(byId(shownNodes, "agent"));
    expect(byId(nodes, "agent")?.data).toMatchObject({ risk: "medium" });
    expect(reuseEdges(shownEdges, toEdges(after))).toBe(shownEdges);
  });

  it("returns the shown list itself when nothing changed, and a new list when an element goes", () => {
    const shown = toNodes(input());
    expect(reuseNodes(shown, toNodes(input()))).toBe(shown);
    const fewer = input({ architecture: { ...architecture, components: architecture.components.filter((c) => c.id !== "user"), flows: architecture.flows.slice(1) } });
    const nodes = reuseNodes(shown, toNodes(fewer));
    expect(nodes).not.toBe(shown);
    expect(nodes.map((n) => n.id)).not.toContain("user");
  });

  it("keeps what React Flow measured on a node it reuses", () => {
    const shown = toNodes(input()).map((n) => ({ ...n, measured: { width: 184, height: 64 } }));
    const nodes = reuseNodes(shown, toNodes(input({ selected: new Set(["llm"]) })));
    expect(nodes.find((n) => n.id === "user")?.measured).toEqual({ width: 184, height: 64 });
    expect(nodes.find((n) => n.id === "llm")?.selected).toBe(true);
  });
});

describe("needsInitialLayout", () => {
  const at = { x: 10, y: 20 };
  it("lays out imported JSON in which no component has a position", () => {
    expect(needsInitialLayout({ path: null, architecture: { components: [{ position: null }, {}] } })).toBe(true);
  });
  it("keeps a drawing with any position, a review file, and an empty review as they are", () => {
    expect(needsInitialLayout({ path: null, architecture: { components: [{ position: null }, { position: at }] } })).toBe(false);
    expect(needsInitialLayout({ path: "/r/a.lensboard", architecture: { components: [{}] } })).toBe(false);
    expect(needsInitialLayout({ path: null, architecture: { components: [] } })).toBe(false);
  });
});
