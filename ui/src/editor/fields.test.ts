import { describe, expect, it } from "vitest";

import type { PropertySpec } from "./api";
import { defaultText, unsetChoice } from "./fields";

const purpose: PropertySpec = {
  id: "purpose",
  label: "Purpose",
  type: { kind: "enum", values: ["request", "telemetry"] },
  default: null,
  unit: null,
  help: "",
  min: null,
  integer: false,
  value_labels: ["Request", "Telemetry"],
};
const hosting: PropertySpec = { ...purpose, id: "hosting", type: { kind: "enum", values: ["managed", "self"] }, default: "managed", value_labels: ["Managed service", "Self-hosted"] };

describe("what an unset property reads as", () => {
  it("names what the engine decides for a flow's purpose from the kinds it joins", () => {
    expect(unsetChoice(purpose, "telemetry")).toBe("By the kinds it joins: Telemetry");
  });

  it("names the catalog default, by its display label, or says there is none", () => {
    expect(unsetChoice(hosting)).toBe("Default (Managed service)");
    expect(unsetChoice(purpose)).toBe("Default (unset)");
    expect(defaultText({ ...hosting, type: { kind: "bool" }, default: false })).toBe("no");
  });
});
