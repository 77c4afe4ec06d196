import { describe, expect, it } from "vitest";

import type { Architecture, HeldData } from "./api";
import { heldLines, routeOf, trailHighlight } from "./held";

const architecture: Architecture = {
  name: "RAG",
  boundaries: [],
  components: [
    { id: "docs", kind: "data_source", label: "Product docs", boundary: null, properties: {} },
    { id: "ingest", kind: "ingestion_pipeline", label: "Ingestion", boundary: null, properties: {} },
    { id: "index", kind: "vector_store", label: "Docs index", boundary: null, properties: {} },
    { id: "agent", kind: "agent", label: "Agent", boundary: null, properties: {} },
    { id: "crm", kind: "data_source", label: "CRM", boundary: null, properties: {} },
  ],
  flows: [
    { id: "f1", from: "docs", to: "ingest", properties: {} },
    { id: "f2", from: "ingest", to: "index", properties: {} },
    // A request from the agent: its answer brings the index's data back against the arrow.
    { id: "f3", from: "agent", to: "index", properties: {} },
    { id: "f4", from: "crm", to: "agent", properties: {} },
  ],
};

const atAgent: HeldData = { component: "agent", classification: "confidential", source: "docs", flows: ["f1", "f2", "f3"], personal: { source: "crm", flows: ["f4"] } };

describe("the data a component holds", () => {
  it("walks the way from the source, against a flow's arrow where an answer came back up a request", () => {
    expect(routeOf(architecture, "docs", ["f1", "f2", "f3"])).toEqual(["docs", "ingest", "index", "agent"]);
  });

  it("lists both ends of a flow that does not join the way so far, rather than inventing a route", () => {
    expect(routeOf(architecture, "docs", ["f4"])).toEqual(["docs", "crm", "agent"]);
  });

  it("says the class and the personal data, each with its source and the components along the way", () => {
    expect(heldLines(atAgent, architecture)).toEqual([
      { personal: false, what: "Confidential data", from: "from Product docs", route: ["Product docs", "Ingestion", "Docs index", "Agent"], flows: ["f1", "f2", "f3"] },
      { personal: true, what: "Personal data", from: "from CRM", route: ["CRM", "Agent"], flows: ["f4"] },
    ]);
  });

  it("calls the data of a source its own", () => {
    const [line] = heldLines({ component: "docs", classification: "regulated", source: "docs", flows: [], personal: null }, architecture);
    expect(line).toMatchObject({ what: "Regulated data", from: "its own", flows: [] });
  });

  it("highlights the flows of the way and the components along it", () => {
    const highlight = trailHighlight([atAgent], architecture, { component: "agent", personal: true });
    expect([...(highlight?.flows ?? [])]).toEqual(["f4"]);
    expect([...(highlight?.components ?? [])].sort()).toEqual(["agent", "crm"]);
  });

  it("highlights nothing for data the component no longer holds", () => {
    expect(trailHighlight([], architecture, { component: "agent", personal: false })).toBeNull();
    expect(trailHighlight([{ ...atAgent, personal: null }], architecture, { component: "agent", personal: true })).toBeNull();
  });
});
