import { describe, expect, it } from "vitest";

import type { Architecture, Catalog, Finding, PropertySpec } from "./api";
import { basisCounts, EVERY_FINDING, filterFindings, isQuestion, markLook, markText, questionsAbout, questionText, toneOf, UNMARKED } from "./questions";

const base: Finding = { id: "r@x", rule: "r", title: "t", best_practices: [], pillar: "security", dimensions: [], risk: "high", basis: "structure", components: ["llm"], flows: [], path: [], message: "", remediation: "", why: "", url: "" };

const spec = (id: string, label: string): PropertySpec => ({ id, label, type: { kind: "text" }, default: null, unit: null, help: "", min: null, integer: false, value_labels: [] });

describe("the look of a marked element", () => {
  it("draws an element whose open findings are all questions without a risk colour", () => {
    const look = markLook({ risk: "high", count: 2, questions: 2 });
    expect(look).toEqual({ risk: null, risks: 0, questions: 2 });
    expect(toneOf(look)).toBe("question");
  });

  it("keeps the risk colour of what the drawing shows on a mixed element and counts its questions apart", () => {
    const look = markLook({ risk: "medium", count: 3, questions: 2 });
    expect(look).toEqual({ risk: "medium", risks: 1, questions: 2 });
    expect(toneOf(look)).toBe("medium");
  });

  it("leaves an element without a mark unmarked", () => {
    expect(markLook(undefined)).toBe(UNMARKED);
    expect(toneOf(UNMARKED)).toBe("none");
    expect(markText(UNMARKED)).toBe("");
  });

  it("says what the badges count, in one sentence for the tooltip and screen readers", () => {
    expect(markText({ risk: "high", risks: 1, questions: 2 })).toBe("1 open finding the drawing shows (high risk); 2 questions to answer: properties nobody set");
    expect(markText({ risk: null, risks: 0, questions: 1 })).toBe("1 question to answer: properties nobody set");
  });
});

describe("the findings filter", () => {
  const findings = [
    { ...base, id: "a" },
    { ...base, id: "b", basis: "stated" as const },
    { ...base, id: "c", basis: "unstated" as const },
  ];

  it("counts a finding on a property someone set with what the drawing shows, and an unstated one as a question", () => {
    expect(findings.map(isQuestion)).toEqual([false, false, true]);
    expect(basisCounts(findings)).toEqual({ shown: 2, questions: 1 });
  });

  it("lists everything by default and hides either kind on request", () => {
    expect(filterFindings(findings, EVERY_FINDING).map((f) => f.id)).toEqual(["a", "b", "c"]);
    expect(filterFindings(findings, { shown: true, questions: false }).map((f) => f.id)).toEqual(["a", "b"]);
    expect(filterFindings(findings, { shown: false, questions: true }).map((f) => f.id)).toEqual(["c"]);
    expect(filterFindings(findings, { shown: false, questions: false })).toEqual([]);
  });
});

describe("the questions about an element", () => {
  const specs = [spec("region", "Region"), spec("hosting", "Hosting"), spec("logging", "Invocation logging")];
  const findings: Finding[] = [
    { ...base, id: "log@llm", basis: "unstated", unanswered: [{ component: "llm", property: "logging" }] },
    { ...base, id: "dr@llm", basis: "unstated", unanswered: [{ component: "llm", property: "region" }, { component: "llm", property: "logging" }] },
    { ...base, id: "path@user", basis: "unstated", components: ["user", "llm"], unanswered: [{ component: "llm", property: "hosting" }, { flow: "f1", property: "encrypted" }] },
    { ...base, id: "decided@llm", basis: "unstated", unanswered: [{ component: "llm", property: "owner" }] },
    { ...base, id: "drawn@llm" },
  ];

  it("names each property once, in the form's order, with the open findings it would settle", () => {
    const questions = questionsAbout(findings, new Set(["decided@llm"]), { type: "component", id: "llm" }, specs);
    expect(questions.map((q) => [q.property, q.label, q.findings.map((f) => f.id)])).toEqual([
      ["region", "Region", ["dr@llm"]],
      ["hosting", "Hosting", ["path@user"]],
      ["logging", "Invocation logging", ["log@llm", "dr@llm"]],
    ]);
  });

  it("keeps a flow's questions to the flow and a component's to the component", () => {
    expect(questionsAbout(findings, new Set(), { type: "flow", id: "f1" }, []).map((q) => [q.property, q.label])).toEqual([["encrypted", "encrypted"]]);
    expect(questionsAbout(findings, new Set(), { type: "component", id: "user" }, specs)).toEqual([]);
  });

  it("lists a property the catalog does not know last, by its id", () => {
    const questions = questionsAbout(findings, new Set(), { type: "component", id: "llm" }, specs);
    expect(questions.map((q) => q.label)).toEqual(["Region", "Hosting", "Invocation logging", "owner"]);
  });
});

describe("an open question in words", () => {
  const architecture: Architecture = {
    name: "a",
    boundaries: [],
    components: [
      { id: "chat", kind: "client_app", label: "Chat UI", boundary: null, properties: {} },
      { id: "llm", kind: "model_endpoint", label: "Claude", boundary: null, properties: {} },
    ],
    flows: [{ id: "f1", from: "chat", to: "llm", properties: {} }],
  };
  const catalog: Catalog = {
    categories: [],
    kinds: [{ id: "model_endpoint", label: "Model endpoint", category: "models", icon: "brain", help: "", properties: [spec("region", "Region")] }],
    flow_properties: [spec("encrypted", "Encrypted in transit")],
    boundary_trusts: [],
    presets: [],
    service_icons: [],
  };

  it("names the catalog's label of the property and whose it is", () => {
    expect(questionText({ component: "llm", property: "region" }, architecture, catalog)).toBe("Region of Claude");
    expect(questionText({ flow: "f1", property: "encrypted" }, architecture, catalog)).toBe("Encrypted in transit of the flow Chat UI → Claude");
  });

  it("names only the property when the text is already about its element", () => {
    expect(questionText({ component: "llm", property: "region" }, architecture, catalog, "llm")).toBe("Region");
    expect(questionText({ flow: "f1", property: "encrypted" }, architecture, catalog, "f1")).toBe("Encrypted in transit");
    expect(questionText({ flow: "f1", property: "encrypted" }, architecture, catalog, "llm")).toBe("Encrypted in transit of the flow Chat UI → Claude");
  });

  it("falls back to the ids for what the drawing or the catalog does not know", () => {
    expect(questionText({ component: "gone", property: "region" }, architecture, catalog)).toBe("region of gone");
  });
});
