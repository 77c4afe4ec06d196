import { describe, expect, it } from "vitest";

import type { Architecture, Finding } from "../editor/api";
import { conflictCount, conflictMarksCss, conflictTarget, conflictTitle, valueText, type ConflictView } from "./conflicts";
import { comparisonLabel } from "./logic";

const architecture: Architecture = {
  name: "Support",
  boundaries: [{ id: "vpc", label: "Production VPC", trust: "private", parent: null }],
  components: [
    { id: "chat", kind: "client_app", label: "Chat UI", boundary: null, properties: {}, position: { x: 0, y: 0 } },
    { id: "llm", kind: "model_endpoint", label: "", boundary: "vpc", properties: {}, position: { x: 300, y: 0 } },
  ],
  flows: [{ id: "f1", from: "chat", to: "llm", properties: {} }],
};

function conflict(element: ConflictView["element"], id: string, field: string | null = null): ConflictView {
  return { index: 0, element, id, field, path: `${element}[${id}]`, reason: "both_changed", reason_label: "changed on both sides", base: '"A"', ours: '"B"', theirs: null };
}

const finding = { id: "genai/x@llm", components: ["llm", "chat"] } as unknown as Finding;

describe("merge conflicts in the sidebar", () => {
  it("names a conflict by the element's label, its id when it has none, and the field", () => {
    expect(conflictTitle(conflict("component", "chat", "label"), architecture)).toBe("Component “Chat UI” · label");
    expect(conflictTitle(conflict("component", "llm", "properties.encrypted"), architecture)).toBe("Component “llm” · properties.encrypted");
    expect(conflictTitle(conflict("flow", "f1", "properties.encrypted"), architecture)).toBe("Flow chat → llm · properties.encrypted");
    expect(conflictTitle(conflict("boundary", "vpc"), architecture)).toBe("Boundary “Production VPC”");
    expect(conflictTitle(conflict("name", ""), architecture)).toBe("Name");
    expect(conflictTitle(conflict("decision", "genai/x@llm"), architecture)).toBe("Decision “genai/x@llm”");
  });

  it("reads a missing value as (none), unlike a JSON null", () => {
    expect(valueText(null)).toBe("(none)");
    expect(valueText("null")).toBe("null");
    expect(valueText('"Chat"')).toBe('"Chat"');
    expect(valueText(`"${"x".repeat(200)}"`)).toHaveLength(120);
  });

  it("reveals a component itself, a flow by its two ends and a decision by its finding's components", () => {
    expect(conflictTarget(conflict("component", "chat"), architecture, [])).toEqual({ select: ["chat"], components: ["chat"] });
    expect(conflictTarget(conflict("flow", "f1"), architecture, [])).toEqual({ select: ["f1"], components: ["chat", "llm"] });
    expect(conflictTarget(conflict("boundary", "vpc"), architecture, [])).toEqual({ select: ["vpc"], components: ["llm"] });
    expect(conflictTarget(conflict("decision", "genai/x@llm"), architecture, [finding])).toEqual({ select: [], components: ["llm", "chat"] });
  });

  it("reveals nothing for what is not drawn: the name, an answer, an element ours deleted", () => {
    const none = { select: [], components: [] };
    expect(conflictTarget(conflict("name", ""), architecture, [])).toEqual(none);
    expect(conflictTarget(conflict("answer", "genai/checklist/x"), architecture, [])).toEqual(none);
    expect(conflictTarget(conflict("component", "deleted"), architecture, [])).toEqual(none);
    expect(conflictTarget(conflict("decision", "gone@x"), architecture, [finding])).toEqual(none);
  });

  it("counts conflicts in words", () => {
    expect(conflictCount(1)).toBe("1 conflict");
    expect(conflictCount(3)).toBe("3 conflicts");
  });

  it("marks the components, boundaries and flows in conflict, each once", () => {
    const css = conflictMarksCss([conflict("component", "chat", "label"), conflict("component", "chat", "kind"), conflict("flow", "f1"), conflict("boundary", "vpc"), conflict("answer", "q")]);
    expect(css.match(/data-id="chat"/g)).toHaveLength(1);
    expect(css).toContain('.react-flow__node[data-id="vpc"]');
    expect(css).toContain('.react-flow__edge[data-id="f1"] .react-flow__edge-path');
    expect(css).not.toContain('"q"');
    expect(conflictMarksCss([])).toBe("");
  });

  it("names a file comparison by the file and the milestone picked", () => {
    expect(comparisonLabel("/home/ana/shared.lensboard", null)).toBe("shared.lensboard");
    expect(comparisonLabel("/home/ana/shared.lensboard", "v1")).toBe("shared.lensboard # v1");
  });
});
