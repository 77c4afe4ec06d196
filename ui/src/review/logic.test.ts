import { describe, expect, it } from "vitest";
import type { Diff } from "./api";
import { coveragePercent, diffMarksCss, needsJustification, orphanedDecisions, reportDialog } from "./logic";

const decision = (finding: string) => ({ finding, status: "mitigated" as const, justification: "", owner: "Ana", date: "2026-11-25", ticket: null });

describe("review workflow helpers", () => {
  it("asks for a justification only for accepted risks and false positives", () => {
    expect(needsJustification("accepted")).toBe(true);
    expect(needsJustification("false_positive")).toBe(true);
    expect(needsJustification("mitigated")).toBe(false);
    expect(needsJustification("not_applicable")).toBe(false);
  });

  it("lists decisions whose finding no longer fires as orphaned", () => {
    const orphans = orphanedDecisions([decision("a@x"), decision("b@y")], ["a@x"]);
    expect(orphans.map((d) => d.finding)).toEqual(["b@y"]);
  });

  it("offers every report format in the export dialog and suggests an HTML file", () => {
    const dialog = reportDialog("Call center");
    expect(dialog.defaultPath).toBe("Call center.html");
    expect(dialog.filters.map((f) => f.extensions[0])).toEqual(["html", "md", "csv"]);
  });

  it("offers an executive or compliance report as HTML or Markdown only, named for its audience", () => {
    for (const audience of ["executive", "compliance"] as const) {
      const dialog = reportDialog("Call center", audience);
      expect(dialog.defaultPath).toBe(`Call center (${audience}).html`);
      expect(dialog.filters.map((f) => f.extensions[0])).toEqual(["html", "md"]);
    }
  });

  it("marks added and changed elements on the canvas and escapes their ids", () => {
    const diff: Diff = {
      components: { added: ["guard"], removed: ["old"], changed: [{ id: 'we"ird', fields: ["label"] }] },
      flows: { added: ["f1"], removed: [], changed: [] },
      findings: { new: [], resolved: [], unchanged: [] },
    };
    const css = diffMarksCss(diff);
    expect(css).toContain('.react-flow__node[data-id="guard"]');
    expect(css).toContain('[data-id="we\\"ird"]');
    expect(css).toContain('.react-flow__edge[data-id="f1"]');
    expect(css).not.toContain('"old"');
  });

  it("computes the coverage meter rounded down and zero for no practices", () => {
    expect(coveragePercent(1, 3)).toBe(33);
    expect(coveragePercent(0, 0)).toBe(0);
  });
});
