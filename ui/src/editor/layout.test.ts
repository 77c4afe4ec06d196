import { describe, expect, it } from "vitest";

import type { ArchitectureData_Serialize as Architecture } from "../bindings";
import { autoLayout, elkGraph, layoutEdits } from "./layout";

const architecture: Architecture = {
  name: "A",
  boundaries: [
    { id: "vpc", label: "VPC", trust: "private", parent: null },
    { id: "sub", label: "Subnet", trust: "private", parent: "vpc" },
  ],
  components: [
    { id: "user", kind: "user", label: "U", boundary: null, properties: {} },
    { id: "agent", kind: "agent", label: "A", boundary: "sub", properties: {} },
    { id: "llm", kind: "model_endpoint", label: "M", boundary: "vpc", properties: {} },
  ],
  flows: [
    { id: "f1", from: "user", to: "agent", properties: {} },
    { id: "f2", from: "agent", to: "llm", properties: {} },
  ],
};

describe("the ELK graph", () => {
  it("nests components in their boundaries and boundaries in their parents", () => {
    const graph = elkGraph(architecture);
    expect(graph.children?.map((c) => c.id)).toEqual(["vpc", "user"]);
    const vpc = graph.children?.[0];
    expect(vpc?.children?.map((c) => c.id)).toEqual(["sub", "llm"]);
    expect(vpc?.children?.[0]?.children?.map((c) => c.id)).toEqual(["agent"]);
    expect(graph.edges?.map((e) => e.id)).toEqual(["f1", "f2"]);
  });
});

describe("layout edits", () => {
  it("turns nested relative coordinates into absolute positions and boundary layouts", () => {
    const edits = layoutEdits(architecture, {
      id: "root",
      children: [
        { id: "vpc", x: 100, y: 50, width: 400, height: 300, children: [{ id: "sub", x: 10, y: 20, width: 200, height: 100, children: [{ id: "agent", x: 5, y: 6 }] }, { id: "llm", x: 250, y: 40 }] },
        { id: "user", x: 0, y: 0 },
      ],
    });
    expect(edits).toEqual([
      { type: "set_boundary_layout", id: "vpc", position: { x: 100, y: 50 }, size: { width: 400, height: 300 } },
      { type: "set_boundary_layout", id: "sub", position: { x: 110, y: 70 }, size: { width: 200, height: 100 } },
      {
        type: "move_components",
        moves: [
          { id: "agent", position: { x: 115, y: 76 } },
          { id: "llm", position: { x: 350, y: 90 } },
          { id: "user", position: { x: 0, y: 0 } },
        ],
      },
    ]);
  });

  it("lays out a real architecture with every component inside its boundary's box", async () => {
    const edits = await autoLayout(architecture);
    const layouts = new Map(edits.flatMap((e) => (e.type === "set_boundary_layout" ? [[e.id, e]] : [])));
    const moves = edits.find((e) => e.type === "move_components");
    if (moves?.type !== "move_components") throw new Error("a move_components edit");
    const agent = moves.moves.find((m) => m.id === "agent")?.position;
    const sub = layouts.get("sub");
    if (!agent || !sub?.position || !sub.size || agent.x === null || agent.y === null) throw new Error("agent and subnet placed");
    expect(agent.x).toBeGreaterThanOrEqual(sub.position.x ?? Infinity);
    expect(agent.y).toBeGreaterThanOrEqual(sub.position.y ?? Infinity);
    expect(agent.x).toBeLessThanOrEqual((sub.position.x ?? 0) + (sub.size.width ?? 0));
  });
});
