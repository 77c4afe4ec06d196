import { describe, expect, it } from "vitest";

import type { Finding } from "./api";
import { dimensionOptions, dimensionTitle, EVERY_DIMENSION, filterByDimension, parseDimensionFilter } from "./dimensions";
import { EVERY_FINDING, filterFindings } from "./questions";

const base: Finding = { id: "r@x", rule: "r", title: "t", best_practices: [], pillar: "security", dimensions: [], risk: "high", basis: "structure", components: ["llm"], flows: [], path: [], message: "", remediation: "", why: "", url: "" };

const findings: Finding[] = [
  { ...base, id: "guard", dimensions: ["privacy_security", "safety", "veracity_robustness"] },
  { ...base, id: "trace", dimensions: ["explainability", "controllability"], basis: "unstated" },
  { ...base, id: "region", dimensions: [] },
  { ...base, id: "filter", dimensions: ["safety", "controllability"] },
];

describe("the dimension filter of the findings panel", () => {
  it("lists every finding, those of no dimension included, until a dimension is chosen", () => {
    expect(filterByDimension(findings, EVERY_DIMENSION).map((f) => f.id)).toEqual(["guard", "trace", "region", "filter"]);
  });

  it("lists only the findings that concern the chosen dimension, in their order", () => {
    expect(filterByDimension(findings, "safety").map((f) => f.id)).toEqual(["guard", "filter"]);
    expect(filterByDimension(findings, "controllability").map((f) => f.id)).toEqual(["trace", "filter"]);
    expect(filterByDimension(findings, "fairness")).toEqual([]);
  });

  it("combines with the filter on what the drawing shows", () => {
    const safetyShown = filterFindings(filterByDimension(findings, "controllability"), { shown: true, questions: false });
    expect(safetyShown.map((f) => f.id)).toEqual(["filter"]);
    expect(filterFindings(filterByDimension(findings, "explainability"), EVERY_FINDING).map((f) => f.id)).toEqual(["trace"]);
  });

  it("offers the eight dimensions in the lens's order, each with how many findings concern it", () => {
    const options = dimensionOptions(findings);
    expect(options.map((o) => o.id)).toEqual(["fairness", "explainability", "privacy_security", "safety", "controllability", "veracity_robustness", "governance", "transparency"]);
    expect(Object.fromEntries(options.map((o) => [o.id, o.count]))).toEqual({
      fairness: 0,
      explainability: 1,
      privacy_security: 1,
      safety: 2,
      controllability: 2,
      veracity_robustness: 1,
      governance: 0,
      transparency: 0,
    });
    expect(options.find((o) => o.id === "veracity_robustness")?.title).toBe("Veracity and robustness");
  });

  it("names a dimension by its title", () => {
    expect(dimensionTitle("privacy_security")).toBe("Privacy and security");
  });

  it("reads the select's value back, the empty value and unknown ones meaning every dimension", () => {
    expect(parseDimensionFilter("safety")).toBe("safety");
    expect(parseDimensionFilter("")).toBe(EVERY_DIMENSION);
    expect(parseDimensionFilter("ethics")).toBe(EVERY_DIMENSION);
  });
});
