import { describe, expect, it } from "vitest";

import type { ArchitectureData_Serialize as Architecture } from "../bindings";
import type { Finding } from "./api";
import { addComponentEdit, addFlowEdit, asOne, boundaryLayoutEdit, copySelection, deleteEdits, dragEndEdits, findingsAbout, freshId, groupByPillar, openCounts, parseNumber, pasteEdits, shiftedClipboard } from "./edits";
import { COMPONENT_SIZE } from "./canvas";

const architecture: Architecture = {
  name: "A",
  boundaries: [{ id: "vpc", label: "VPC", trust: "private", parent: null, position: { x: 0, y: 0 }, size: { width: 500, height: 500 } }],
  components: [
    { id: "user", kind: "user", label: "Customer", boundary: null, properties: {}, position: { x: -400, y: 0 } },
    { id: "agent", kind: "agent", label: "Agent", boundary: "vpc", properties: { memory: true }, position: { x: 100, y: 100 } },
    { id: "llm", kind: "model_endpoint", label: "Model", boundary: "vpc", properties: {}, position: { x: 300, y: 100 } },
  ],
  flows: [
    { id: "f1", from: "user", to: "agent", properties: {} },
    { id: "f2", from: "agent", to: "llm", properties: {} },
  ],
};
const rects = new Map([["vpc", { x: 0, y: 0, width: 500, height: 500 }]]);

describe("freshId", () => {
  it("numbers ids after the prefix and skips taken ones", () => {
    expect(freshId("agent", new Set())).toBe("agent_1");
    expect(freshId("agent", new Set(["agent_1", "agent_2"]))).toBe("agent_3");
    expect(freshId("a b!", new Set())).toBe("a_b_1");
    expect(freshId("!!", new Set())).toBe("item_1");
  });
});

describe("asOne", () => {
  it("sends nothing for no edit, a single edit as it is, and several as one batch", () => {
    expect(asOne([])).toBeNull();
    expect(asOne([{ type: "remove_flow", id: "f1" }])).toEqual({ type: "remove_flow", id: "f1" });
    expect(asOne([{ type: "remove_flow", id: "f1" }, { type: "remove_flow", id: "f2" }])?.type).toBe("batch");
  });
});

describe("deleting a selection", () => {
  it("removes the flows of deleted components first, each once, then the components and boundaries", () => {
    const edits = deleteEdits(architecture, new Set(["agent", "f1", "vpc"]));
    expect(edits).toEqual([
      { type: "remove_flow", id: "f1" },
      { type: "remove_flow", id: "f2" },
      { type: "remove_component", id: "agent" },
      { type: "remove_boundary", id: "vpc" },
    ]);
  });
  it("sends nothing when nothing is selected", () => {
    expect(deleteEdits(architecture, new Set())).toEqual([]);
  });
});

describe("copy and paste", () => {
  it("moves the clipboard along after a paste so the next copy does not land on the first, leaving unplaced components unplaced", () => {
    const clip = copySelection(architecture, new Set(["agent", "llm"]));
    const unplaced = { id: "loose", kind: "user", label: "Loose", boundary: null, properties: {} };
    const next = shiftedClipboard({ components: [...clip.components, unplaced], flows: clip.flows });
    expect(next.components.map((c) => c.position)).toEqual([{ x: 140, y: 140 }, { x: 340, y: 140 }, undefined]);
    expect(next.flows).toEqual(clip.flows);
    expect(clip.components[0]?.position, "the original clipboard is not changed").toEqual({ x: 100, y: 100 });
  });
  it("copies the selected components and only the flows between them", () => {
    const clip = copySelection(architecture, new Set(["agent", "llm"]));
    expect(clip.components.map((c) => c.id)).toEqual(["agent", "llm"]);
    expect(clip.flows.map((f) => f.id)).toEqual(["f2"]);
  });

  it("pastes with fresh ids, offset positions and flows rewired to the copies", () => {
    const clip = copySelection(architecture, new Set(["agent", "llm"]));
    const { edits, ids } = pasteEdits(architecture, clip, { x: 40, y: 40 });
    expect(ids).toEqual(["agent_1", "model_endpoint_1"]);
    expect(edits[0]).toEqual({
      type: "add_component",
      component: { id: "agent_1", kind: "agent", label: "Agent", boundary: "vpc", properties: { memory: true }, position: { x: 140, y: 140 } },
    });
    expect(edits[2]).toEqual({ type: "add_flow", flow: { id: "flow_1", from: "agent_1", to: "model_endpoint_1", properties: {} } });
  });

  it("does not paste into a boundary that no longer exists", () => {
    const clip = copySelection(architecture, new Set(["agent"]));
    const { edits } = pasteEdits({ ...architecture, boundaries: [] }, clip);
    expect(edits[0]?.type === "add_component" && edits[0].component.boundary).toBeNull();
  });

  it("does not share the clipboard's objects with the edits", () => {
    const clip = copySelection(architecture, new Set(["agent"]));
    const { edits } = pasteEdits(architecture, clip);
    if (edits[0]?.type !== "add_component") throw new Error("an add_component edit");
    edits[0].component.properties.memory = false;
    expect(clip.components[0]?.properties.memory).toBe(true);
  });
});

describe("adding from the palette", () => {
  it("centres the new component on the drop point, inside the boundary there", () => {
    const { edit, id } = addComponentEdit(architecture, { kind: "guardrail", label: "Guardrail" }, { x: 200, y: 300 }, rects);
    expect(id).toBe("guardrail_1");
    expect(edit).toEqual({
      type: "add_component",
      component: { id: "guardrail_1", kind: "guardrail", label: "Guardrail", boundary: "vpc", properties: {}, position: { x: 200 - COMPONENT_SIZE.width / 2, y: 300 - COMPONENT_SIZE.height / 2 } },
    });
  });

  it("connects two different components with a fresh flow id, and refuses a self-loop", () => {
    expect(addFlowEdit(architecture, "user", "llm")).toEqual({ type: "add_flow", flow: { id: "flow_1", from: "user", to: "llm", properties: {} } });
    expect(addFlowEdit(architecture, "user", "user")).toBeNull();
  });
});

describe("the end of a drag", () => {
  it("moves the dragged components in one edit", () => {
    const edits = dragEndEdits(architecture, [{ id: "llm", position: { x: 310.4, y: 120 } }], rects);
    expect(edits).toEqual([{ type: "move_components", moves: [{ id: "llm", position: { x: 310, y: 120 } }] }]);
  });

  it("takes a component dropped outside its boundary out of it, and one dropped inside into it", () => {
    const edits = dragEndEdits(
      architecture,
      [
        { id: "agent", position: { x: 800, y: 100 } },
        { id: "user", position: { x: 50, y: 50 } },
      ],
      rects,
    );
    expect(edits.slice(1)).toEqual([
      { type: "set_component_boundary", id: "agent", boundary: null },
      { type: "set_component_boundary", id: "user", boundary: "vpc" },
    ]);
  });

  it("moves a boundary with its members", () => {
    const edits = dragEndEdits(architecture, [{ id: "vpc", position: { x: 10, y: 20 } }], rects);
    expect(edits).toEqual([
      { type: "set_boundary_layout", id: "vpc", position: { x: 10, y: 20 }, size: { width: 500, height: 500 } },
      {
        type: "move_components",
        moves: [
          { id: "agent", position: { x: 110, y: 120 } },
          { id: "llm", position: { x: 310, y: 120 } },
        ],
      },
    ]);
  });
});

const base: Finding = { id: "r@x", rule: "r", title: "t", best_practices: [], pillar: "security", dimensions: [], risk: "high", basis: "structure", components: ["llm"], flows: [], path: [], message: "", remediation: "", why: "", url: "" };

describe("findings", () => {
  it("groups findings by pillar with counts per risk, the riskiest pillar and finding first", () => {
    const groups = groupByPillar([
      { ...base, id: "a", pillar: "reliability", dimensions: [], risk: "medium" },
      { ...base, id: "b", pillar: "security", dimensions: [], risk: "low" },
      { ...base, id: "c", pillar: "security", dimensions: [], risk: "high" },
    ]);
    expect(groups.map((g) => [g.pillar, g.high, g.medium, g.low])).toEqual([
      ["security", 1, 0, 1],
      ["reliability", 0, 1, 0],
    ]);
    expect(groups[0]?.findings.map((f) => f.id)).toEqual(["c", "b"]);
  });

  it("counts questions apart from the risks the drawing shows and lists them after those", () => {
    const groups = groupByPillar([
      { ...base, id: "q", basis: "unstated" },
      { ...base, id: "m", risk: "medium", basis: "stated" },
      { ...base, id: "r", pillar: "reliability", dimensions: [], risk: "high", basis: "unstated" },
      { ...base, id: "r2", pillar: "reliability", dimensions: [], risk: "low", basis: "unstated" },
    ]);
    expect(groups.map((g) => [g.pillar, g.high, g.medium, g.low, g.questions])).toEqual([
      ["security", 0, 1, 0, 1],
      ["reliability", 0, 0, 0, 2],
    ]);
    expect(groups[0]?.findings.map((f) => f.id)).toEqual(["m", "q"]);
  });

  it("counts the open findings per risk and the open questions for the panel's header", () => {
    const findings = [base, { ...base, id: "q", basis: "unstated" as const }, { ...base, id: "dq", basis: "unstated" as const }, { ...base, id: "l", risk: "low" as const }];
    expect(openCounts(findings, new Set(["dq"]))).toEqual({ high: 1, medium: 0, low: 1, questions: 1 });
  });

  it("lists a finding with a decision but does not count it as open", () => {
    const groups = groupByPillar([base, { ...base, id: "d" }], new Set(["d"]));
    expect(groups[0]?.findings).toHaveLength(2);
    expect(groups[0]?.high).toBe(1);
  });

  it("finds the findings that name an element as a component or a flow", () => {
    const findings = [base, { ...base, id: "other", components: ["agent"], flows: ["f2"] }];
    expect(findingsAbout(findings, "llm").map((f) => f.id)).toEqual(["r@x"]);
    expect(findingsAbout(findings, "f2").map((f) => f.id)).toEqual(["other"]);
  });
});

describe("number fields", () => {
  it("accepts numbers that follow the property's rules and clears on empty text", () => {
    expect(parseNumber("12", { min: 0, integer: true })).toEqual({ value: 12 });
    expect(parseNumber(" ", { min: 0, integer: true })).toEqual({ value: null });
    expect(parseNumber("1.5", { min: 0, integer: true })).toEqual({ error: "Enter a whole number." });
    expect(parseNumber("-1", { min: 0, integer: false })).toEqual({ error: "Enter 0 or more." });
    expect(parseNumber("abc", { min: null, integer: false })).toEqual({ error: "Enter a number." });
  });
});

describe("resizing a boundary", () => {
  it("sends the boundary's new position and size on whole pixels", () => {
    expect(boundaryLayoutEdit("vpc", { x: 10.4, y: -3.6 }, { width: 360.5, height: 239.2 })).toEqual({
      type: "set_boundary_layout",
      id: "vpc",
      position: { x: 10, y: -4 },
      size: { width: 361, height: 239 },
    });
  });
});
