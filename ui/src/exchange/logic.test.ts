import { describe, expect, it } from "vitest";

import type { ImportOutcome, ResourceReport } from "../bindings";
import type { Finding } from "../editor/api";
import { snapshotOf } from "../test/snapshot";
import { baseName, exportDialog, findingsOf, importChoice, importSummary, outcomeText } from "./logic";

const empty = { name: "", boundaries: [], components: [], flows: [] };
const drawn = { ...empty, components: [{ id: "llm", kind: "model_endpoint", label: "Model", boundary: null, properties: {} }] };

const resource = (logical_id: string, outcome: ResourceReport["outcome"], components: string[] = [], notes = 0): ResourceReport => ({
  logical_id,
  type: "AWS::X::Y",
  outcome,
  components,
  properties: [],
  notes: Array.from({ length: notes }, (_, i) => ({ path: `Resources.${logical_id}`, message: `note ${i}` })),
});

describe("import and export helpers", () => {
  it("imports straight into an empty review and asks otherwise, suggesting an update for the same file", () => {
    expect(importChoice(snapshotOf(empty), "/x/stack.yaml")).toEqual({ ask: false, suggested: "new" });
    expect(importChoice(null, "/x/stack.yaml")).toEqual({ ask: false, suggested: "new" });
    expect(importChoice(snapshotOf(drawn), "/x/stack.yaml")).toEqual({ ask: true, suggested: "new" });
    expect(importChoice(snapshotOf(drawn, { imported_from: "stack.yaml" }), "/x/stack.yaml")).toEqual({ ask: true, suggested: "into" });
    expect(importChoice(snapshotOf(drawn, { imported_from: "other.yaml" }), "C:\\x\\stack.yaml").suggested).toBe("new");
    expect(baseName("C:\\x\\stack.yaml")).toBe("stack.yaml");
  });

  it("offers the format's own file type and names the file after the review", () => {
    expect(exportDialog("Support", "json")).toEqual({ defaultPath: "Support.json", filters: [{ name: "Architecture JSON", extensions: ["json"] }] });
    expect(exportDialog("Support", "otm").defaultPath).toBe("Support-otm.json");
    expect(exportDialog("Support", "wa-answers-script")).toEqual({ defaultPath: "Support-wa-answers-script.sh", filters: [{ name: "Well-Architected Tool answers script", extensions: ["sh"] }] });
  });

  it("counts what the import did with each element and what is left to review", () => {
    const outcome: ImportOutcome = {
      source: "plan.json",
      kind: "terraform_plan",
      report: {
        resources: [
          resource("a", { outcome: "drawn" }, ["a"], 2),
          resource("b", { outcome: "folded", into: "a" }),
          resource("c", { outcome: "stands_for", component: "a" }),
          resource("d", { outcome: "no_component", reason: "IAM draws no component" }),
          resource("e", { outcome: "unmapped" }, [], 1),
        ],
        notes: ["no entry point"],
      },
      merge: null,
      findings: [],
    };
    expect(importSummary(outcome)).toEqual({ resources: 5, drawn: 1, folded: 2, notDrawn: 1, unmapped: 1, toReview: 4 });
    expect(outcome.report.resources.map(outcomeText)).toEqual(["drawn as a", "folded into a", "stands for a", "no component: IAM draws no component", "not drawn: no mapping for this type"]);
  });

  it("shows the findings Rust found about what a resource became, as the snapshot has them now", () => {
    const finding = (id: string) => ({ id }) as unknown as Finding;
    const outcome = { findings: [{ logical_id: "A", findings: ["one@a", "gone@a"] }] } as unknown as ImportOutcome;
    const found = findingsOf(outcome, "A", [finding("one@a"), finding("two@b")]);
    expect(found.map((f) => f.id)).toEqual(["one@a"]);
    expect(findingsOf(outcome, "B", [finding("one@a")])).toEqual([]);
  });
});
