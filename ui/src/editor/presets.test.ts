import { describe, expect, it } from "vitest";

import type { Catalog, PresetSpec, PropertySpec } from "./api";
import { addComponentEdit } from "./edits";
import { matchPresets, presetOf, presetStart, toAnswer } from "./presets";

const s3: PresetSpec = {
  id: "s3",
  service: "Amazon S3",
  kind: "object_store",
  icon: "bucket",
  help: "Object storage.",
  defaults: { encryption_at_rest: true },
  to_answer: ["versioning"],
};
const guardrails: PresetSpec = {
  id: "bedrock_guardrails",
  service: "Amazon Bedrock Guardrails",
  kind: "guardrail",
  icon: "bedrock_guard",
  help: "Filters, each configured.",
  defaults: {},
  to_answer: ["input_filtering", "output_filtering"],
};
const agents: PresetSpec = { ...guardrails, id: "bedrock_agents", service: "Amazon Bedrock Agents", kind: "agent", to_answer: [] };
const presets = [s3, guardrails, agents];

const spec = (id: string, label: string): PropertySpec => ({
  id,
  label,
  type: { kind: "bool" },
  default: true,
  unit: null,
  help: "",
  min: null,
  integer: false,
  value_labels: [],
});

describe("the palette's services filter", () => {
  it("finds services by any part of their name, ignoring case", () => {
    expect(matchPresets(presets, "bedrock").map((p) => p.id)).toEqual(["bedrock_guardrails", "bedrock_agents"]);
    expect(matchPresets(presets, "GUARD").map((p) => p.id)).toEqual(["bedrock_guardrails"]);
  });

  it("needs every word of the query and keeps palette order when the query is empty", () => {
    expect(matchPresets(presets, "amazon agents").map((p) => p.id)).toEqual(["bedrock_agents"]);
    expect(matchPresets(presets, "amazon lambda")).toEqual([]);
    expect(matchPresets(presets, "  ").map((p) => p.id)).toEqual(["s3", "bedrock_guardrails", "bedrock_agents"]);
  });
});

describe("a component drawn from a preset", () => {
  it("is an add_component edit of the preset's kind with its guaranteed properties and id", () => {
    const data = { name: "", boundaries: [], components: [], flows: [] };
    const { edit, id } = addComponentEdit(data, presetStart(s3), { x: 100, y: 100 }, new Map());
    expect(id).toBe("object_store_1");
    expect(edit).toMatchObject({
      type: "add_component",
      component: { id: "object_store_1", kind: "object_store", preset: "s3", label: "Amazon S3", properties: { encryption_at_rest: true } },
    });
  });

  it("does not share the preset's defaults with the component it creates", () => {
    const start = presetStart(s3);
    start.properties.encryption_at_rest = false;
    expect(s3.defaults.encryption_at_rest).toBe(true);
  });

  it("names its service while the catalog knows the preset", () => {
    const catalog = { presets } as unknown as Catalog;
    expect(presetOf(catalog, { preset: "s3" })?.service).toBe("Amazon S3");
    expect(presetOf(catalog, { preset: null })).toBeNull();
    expect(presetOf(catalog, {})).toBeNull();
  });

  it("lists the questions to answer, answered only once someone set the property", () => {
    const specs = [spec("input_filtering", "Input filtering"), spec("output_filtering", "Output filtering")];
    expect(toAnswer(guardrails, { properties: { output_filtering: false } }, specs)).toEqual([
      { property: "input_filtering", label: "Input filtering", answered: false },
      { property: "output_filtering", label: "Output filtering", answered: true },
    ]);
  });
});
