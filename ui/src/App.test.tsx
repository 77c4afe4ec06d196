import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";

import { App } from "./App";
import { events } from "./bindings";
import type { AppError, InvokeArgs } from "./test/types";
import type { ImportOutcome } from "./bindings";
import type { Catalog, DocumentSnapshot, Edit, Finding } from "./editor/api";

const catalog: Catalog = {
  categories: [
    { id: "actors", label: "Actors", help: "People" },
    { id: "models", label: "Models", help: "Models" },
  ],
  kinds: [
    { id: "user", label: "User", category: "actors", icon: "user", help: "A person", properties: [] },
    {
      id: "model_endpoint",
      label: "Model endpoint",
      category: "models",
      icon: "brain",
      help: "A model",
      properties: [
        { id: "hosting", label: "Hosting", type: { kind: "enum", values: ["managed", "self"] }, default: "managed", unit: null, help: "Where it runs", min: null, integer: false, value_labels: ["Managed service", "Self-hosted"] },
        { id: "max_tokens", label: "Max tokens", type: { kind: "number" }, default: null, unit: "tokens", help: "", min: 1, integer: true, value_labels: [] },
      ],
    },
  ],
  flow_properties: [
    { id: "purpose", label: "Purpose", type: { kind: "enum", values: ["request", "telemetry"] }, default: null, unit: null, help: "What the flow is for", min: null, integer: false, value_labels: ["Request", "Telemetry"] },
  ],
  boundary_trusts: [{ id: "private", label: "Private", help: "" }],
  presets: [
    {
      id: "sagemaker_endpoint",
      service: "Amazon SageMaker AI endpoint",
      kind: "model_endpoint",
      icon: "flask",
      help: "A hosted model",
      defaults: { hosting: "managed" },
      to_answer: ["max_tokens"],
    },
  ],
  service_icons: [{ id: "flask", paths: ["M9 3 L15 3"] }],
};

const finding: Finding = {
  id: "genai.sec.guardrail@llm",
  rule: "genai.sec.guardrail",
  title: "Model reachable without a guardrail",
  best_practices: ["GENSEC01-BP01"],
  pillar: "security",
  dimensions: ["privacy_security", "safety"],
  risk: "high",
  basis: "structure",
  components: ["llm", "user"],
  flows: ["f1"],
  path: ["user", "llm"],
  message: "Customer reaches Model without a guardrail",
  remediation: "Put a guardrail on the path.",
  why: "Prompt injection.",
  url: "https://docs.aws.amazon.com/lens/gensec01-bp01.html",
};

function snapshot(overrides: Partial<DocumentSnapshot> = {}): DocumentSnapshot {
  return {
    architecture: {
      name: "Support assistant",
      boundaries: [],
      components: [
        { id: "user", kind: "user", label: "<img src=x onerror=alert(1)>", boundary: null, properties: {}, position: { x: 0, y: 0 } },
        { id: "llm", kind: "model_endpoint", label: "Model", boundary: null, properties: {}, position: { x: 300, y: 0 } },
      ],
      flows: [{ id: "f1", from: "user", to: "llm", properties: {} }],
    },
    findings: [finding],
    decisions: [],
    summary: { high: 1, medium: 0, low: 0 },
    practices: [{ id: "GENSEC01-BP01", pillar: "security", question_id: "GENSEC01", question_title: "Q", title: "Guard model access", risk_if_missing: "high", url: "https://example.test/bp" }],
    marks: { components: { llm: { risk: "high", count: 1, questions: 0 } }, flows: {} },
    data_held: [],
    flow_purposes: {},
    revision: 1,
    dirty: false,
    can_save: true,
    can_undo: false,
    can_redo: false,
    path: null,
    title: "Support assistant",
    conflicts: [],
    imported_from: null,
    ...overrides,
  };
}

/** A question: the model's token limit is not stated, so the engine reads it unlimited. */
const tokenQuestion: Finding = {
  ...finding,
  id: "genai.cost.token-limit@llm",
  rule: "genai.cost.token-limit",
  title: "No token limit",
  pillar: "cost_optimization",
  dimensions: [],
  risk: "medium",
  basis: "unstated",
  unanswered: [{ component: "llm", property: "max_tokens" }],
  components: ["llm"],
  flows: [],
  path: [],
  message: "Model does not state a token limit",
};

/** A question about a flow, as its subject. */
const flowQuestion: Finding = {
  ...finding,
  id: "genai.sec.encrypted@flow:f1",
  rule: "genai.sec.encrypted",
  title: "Flow not stated as encrypted",
  risk: "high",
  basis: "unstated",
  unanswered: [{ flow: "f1", property: "purpose" }],
  components: ["user", "llm"],
  flows: ["f1"],
  path: [],
  message: "The flow does not state its purpose",
};

/** The sample with its guardrail finding, plus questions: the user only has questions. */
function withQuestions(overrides: Partial<DocumentSnapshot> = {}): DocumentSnapshot {
  return snapshot({
    findings: [finding, tokenQuestion, flowQuestion, { ...tokenQuestion, id: "genai.ops.owner@user", rule: "genai.ops.owner", title: "No owner", components: ["user"], unanswered: [{ component: "user", property: "owner" }] }],
    marks: {
      components: { llm: { risk: "high", count: 2, questions: 1 }, user: { risk: "medium", count: 1, questions: 1 } },
      flows: { f1: { risk: "high", count: 1, questions: 1 } },
    },
    data_held: [{ component: "llm", classification: "confidential", source: "user", flows: ["f1"], personal: null }],
    flow_purposes: { f1: "request" },
    ...overrides,
  });
}

/** What the fake Rust side's import reports: a resource drawn as the model, one unmapped, and
 * the merge into the open review. */
const importOutcome: ImportOutcome = {
  source: "stack.yaml",
  kind: "cloud_formation",
  report: {
    resources: [
      { logical_id: "Llm", type: "AWS::SageMaker::Endpoint", outcome: { outcome: "drawn" }, components: ["llm"], properties: [{ component: "llm", property: "hosting", value: "managed", from: "(fixed)" }], notes: [{ path: "Resources.Llm.Properties", message: "<b>no token limit</b>" }] },
      { logical_id: "Topic", type: "AWS::SNS::Topic", outcome: { outcome: "unmapped" }, components: [], properties: [], notes: [] },
    ],
    notes: [],
  },
  merge: { added: ["llm"], updated: [], removed: ["old"], kept_by_user: [{ component: "llm", field: "label", user: "Model", imported: "Endpoint" }], flows_added: [], flows_removed: [], orphaned_decisions: [] },
  findings: [{ logical_id: "Llm", findings: ["genai.sec.guardrail@llm"] }],
};

/** Every other command the fake Rust side received, in order (menu context, opener, …). */
let calls: { cmd: string; args: unknown }[] = [];
/** When set, the opener plugin refuses (as for a URL outside its scope). */
let openerRefuses = false;

/** A fake Rust side that records the edits it receives. */
function backend(reply: (edit: Edit) => DocumentSnapshot | AppError = () => snapshot({ revision: 2 }), initial: () => DocumentSnapshot = () => snapshot()) {
  const edits: Edit[] = [];
  calls = [];
  openerRefuses = false;
  mockIPC(
    (cmd: string, args?: InvokeArgs) => {
      switch (cmd) {
        case "catalog":
          return catalog;
        case "snapshot":
          return initial();
        case "recovery":
          return null;
        case "recent_files":
          return [];
        case "today":
          return "2026-11-25";
        case "apply_edit": {
          const edit = (args as { edit: Edit }).edit;
          edits.push(edit);
          const result = reply(edit);
          // Tauri delivers a command's Err as the rejection reason, a plain object.
          // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
          return "code" in result ? Promise.reject(result) : result;
        }
        case "undo":
          calls.push({ cmd, args });
          return snapshot({ revision: 3 });
        case "resolve_conflict":
          calls.push({ cmd, args });
          return snapshot({ revision: 2 });
        case "file_milestones":
          calls.push({ cmd, args });
          return [];
        case "compare_with_file":
          calls.push({ cmd, args });
          return { components: { added: ["llm"], removed: [], changed: [] }, flows: { added: [], removed: [], changed: [] }, findings: { new: [], resolved: [], unchanged: [] } };
        case "plugin:dialog|save":
          calls.push({ cmd, args });
          return "/home/ana/Support assistant (compliance).md";
        case "import_file":
          calls.push({ cmd, args });
          return { snapshot: snapshot({ revision: 5, dirty: true, can_undo: true, imported_from: "stack.yaml" }), outcome: importOutcome };
        case "plugin:opener|open_url":
          calls.push({ cmd, args });
          return openerRefuses ? Promise.reject(new Error("not allowed by the scope")) : null;
        default:
          calls.push({ cmd, args });
          return null;
      }
    },
    { shouldMockEvents: true },
  );
  return edits;
}

function lastMenuContext(): unknown {
  const sent = calls.filter((c) => c.cmd === "set_menu_context");
  return sent[sent.length - 1]?.args;
}

afterEach(() => {
  clearMocks();
});

/** Clicks the node of component `id` on the canvas (selecting it). */
function clickNode(container: HTMLElement, id: string) {
  const node = container.querySelector(`.react-flow__node[data-id="${id}"]`);
  if (!node) throw new Error(`the node of ${id} is on the canvas`);
  fireEvent.click(node);
}

describe("the editor window", () => {
  it("draws the snapshot's components with their risk, and labels as text only", async () => {
    backend();
    const { container } = render(<App />);
    expect(await screen.findByText("<img src=x onerror=alert(1)>")).toBeDefined();
    expect(container.querySelector(".react-flow__node img")).toBeNull();
    await waitFor(() => {
      expect(container.querySelector('[data-testid="node-llm"]')?.getAttribute("data-risk")).toBe("high");
    });
    expect(container.querySelector('[data-testid="node-user"]')?.getAttribute("data-risk")).toBe("none");
  });

  it("lists every catalog kind in the palette, grouped by category, and filters by search", async () => {
    backend();
    render(<App />);
    const palette = await screen.findByTestId("palette");
    await within(palette).findByText("Model endpoint");
    expect(within(palette).getByText("Actors")).toBeDefined();
    fireEvent.change(within(palette).getByLabelText("Search components"), { target: { value: "model" } });
    expect(within(palette).queryByText("User")).toBeNull();
    expect(within(palette).getByText("Model endpoint")).toBeDefined();
  });

  it("adds a kind clicked in the palette with one add_component edit", async () => {
    const edits = backend();
    render(<App />);
    fireEvent.click(await screen.findByTestId("palette-model_endpoint"));
    await waitFor(() => {
      expect(edits).toHaveLength(1);
    });
    expect(edits[0]).toMatchObject({ type: "add_component", component: { id: "model_endpoint_1", kind: "model_endpoint", label: "Model endpoint" } });
  });

  it("adds a service clicked in the palette as its kind with its defaults and preset, found by service name", async () => {
    const edits = backend();
    render(<App />);
    const palette = await screen.findByTestId("palette");
    fireEvent.change(within(palette).getByLabelText("Search components"), { target: { value: "sagemaker" } });
    expect(within(palette).queryByText("Model endpoint")).toBeNull();
    fireEvent.click(within(palette).getByTestId("palette-preset-sagemaker_endpoint"));
    await waitFor(() => {
      expect(edits).toHaveLength(1);
    });
    expect(edits[0]).toMatchObject({
      type: "add_component",
      component: { id: "model_endpoint_1", kind: "model_endpoint", preset: "sagemaker_endpoint", label: "Amazon SageMaker AI endpoint", properties: { hosting: "managed" } },
    });
  });

  it("explains a clicked finding and highlights its witness path, dimming the rest", async () => {
    backend();
    const { container } = render(<App />);
    fireEvent.click(await screen.findByTestId("finding-genai.sec.guardrail"));
    const why = await screen.findByTestId("why-flagged");
    expect(within(why).getByText("Put a guardrail on the path.")).toBeDefined();
    expect(within(why).getByText("Guard model access")).toBeDefined();
    expect(within(why).getByText("https://example.test/bp")).toBeDefined();
    await waitFor(() => {
      expect(container.querySelector('[data-testid="node-llm"]')?.getAttribute("data-emphasis")).toBe("witness");
    });
    fireEvent.keyDown(window, { key: "Escape" });
    await waitFor(() => {
      expect(screen.queryByTestId("why-flagged")).toBeNull();
    });
  });

  it("opens a best practice's lens page in the system browser from a keyboard-reachable link", async () => {
    backend();
    render(<App />);
    fireEvent.click(await screen.findByTestId("finding-genai.sec.guardrail"));
    const why = await screen.findByTestId("why-flagged");
    const link = within(why).getByRole("link", { name: /GENSEC01-BP01/ });
    expect(link.getAttribute("href")).toBe("https://example.test/bp");
    link.focus();
    expect(document.activeElement).toBe(link);
    fireEvent.click(link);
    await waitFor(() => {
      expect(calls.filter((c) => c.cmd === "plugin:opener|open_url").map((c) => (c.args as { url: string }).url)).toEqual(["https://example.test/bp"]);
    });
  });

  it("says so when a lens page cannot be opened", async () => {
    backend();
    openerRefuses = true;
    render(<App />);
    fireEvent.click(await screen.findByTestId("finding-genai.sec.guardrail"));
    const why = await screen.findByTestId("why-flagged");
    fireEvent.click(within(why).getByText("https://docs.aws.amazon.com/lens/gensec01-bp01.html"));
    expect((await within(why).findByRole("alert")).textContent).toMatch(/browser could not be opened.*not allowed/);
  });

  it("tells the native menu whether something is selected, so Delete and Copy are greyed out without a selection", async () => {
    backend();
    const { container } = render(<App />);
    await screen.findByText("Model");
    await waitFor(() => {
      expect(lastMenuContext()).toEqual({ selection: false, clipboard: false });
    });
    clickNode(container, "llm");
    await waitFor(() => {
      expect(lastMenuContext()).toEqual({ selection: true, clipboard: false });
    });
    fireEvent.keyDown(window, { key: "c", ctrlKey: true });
    await waitFor(() => {
      expect(lastMenuContext()).toEqual({ selection: true, clipboard: true });
    });
  });

  it("does nothing on Ctrl+Shift+Z while Redo is greyed out, and Ctrl+Z undoes once there is an edit", async () => {
    const edits = backend(() => snapshot({ revision: 2, can_undo: true }));
    render(<App />);
    await screen.findByText("Model");
    // Nothing to redo: the key is ignored (the next command is the palette's edit).
    fireEvent.keyDown(window, { key: "Z", ctrlKey: true, shiftKey: true });
    fireEvent.click(await screen.findByTestId("palette-model_endpoint"));
    await waitFor(() => {
      expect(edits).toHaveLength(1);
    });
    expect(calls.map((c) => c.cmd)).not.toContain("redo");
    fireEvent.keyDown(window, { key: "z", ctrlKey: true });
    await waitFor(() => {
      expect(calls.map((c) => c.cmd)).toContain("undo");
    });
  });

  it("performs every Ctrl+Z pressed, however quickly, and Undo chosen in the native menu the same way", async () => {
    // Each edit's snapshot is newer than the undo's (revision 3), so that it is shown.
    let replies = 0;
    const edits = backend(() => {
      replies += 1;
      return snapshot({ revision: replies * 2, can_undo: true });
    });
    render(<App />);
    fireEvent.click(await screen.findByTestId("palette-model_endpoint"));
    await waitFor(() => {
      expect(edits).toHaveLength(1);
    });
    await waitFor(() => {
      expect(screen.getByTestId("btn-undo").hasAttribute("disabled")).toBe(false);
    });
    const undos = () => calls.filter((c) => c.cmd === "undo").length;
    fireEvent.keyDown(window, { key: "z", ctrlKey: true });
    fireEvent.keyDown(window, { key: "z", ctrlKey: true });
    await waitFor(() => {
      expect(undos(), "two presses, two undos: nothing drops a repeated key").toBe(2);
    });
    // The undo's snapshot has nothing left to undo: the menu's Undo is then greyed out too.
    await waitFor(() => {
      expect(screen.getByTestId("btn-undo").hasAttribute("disabled")).toBe(true);
    });
    await events.menuAction.emit({ action: "undo", path: null });
    fireEvent.click(await screen.findByTestId("palette-model_endpoint"));
    await waitFor(() => {
      expect(edits).toHaveLength(2);
    });
    expect(undos(), "a greyed-out Undo does nothing, from the menu as from the key").toBe(2);
    await events.menuAction.emit({ action: "undo", path: null });
    await waitFor(() => {
      expect(undos()).toBe(3);
    });
  });

  it("lists a merge conflict with its values, selects its component when picked, and resolves it by index", async () => {
    const conflict = { index: 0, element: "component", id: "llm", field: "label", path: 'components["llm"].label', reason: "both_changed", reason_label: "changed on both sides", base: '"LLM"', ours: '"Model"', theirs: '"Claude"' } as const;
    backend(undefined, () => snapshot({ conflicts: [conflict] }));
    const { container } = render(<App />);
    const panel = await screen.findByTestId("conflicts");
    expect(within(panel).getByTestId("conflicts-count").textContent).toBe("1 conflict");
    expect(screen.getByTestId("conflicts-status").textContent, "the toolbar counts them too").toBe("1 conflict");
    expect(panel.textContent).toContain("Component “Model” · label");
    expect(panel.textContent).toContain('"Claude"');
    fireEvent.click(within(panel).getByTestId("conflict-show-0"));
    await waitFor(() => {
      expect(container.querySelector('.react-flow__node[data-id="llm"]')?.classList.contains("selected")).toBe(true);
    });
    fireEvent.click(within(panel).getByTestId("conflict-theirs-0"));
    await waitFor(() => {
      expect(calls.find((c) => c.cmd === "resolve_conflict")?.args).toEqual({ index: 0, side: "theirs" });
    });
    await waitFor(() => {
      expect(screen.queryByTestId("conflicts"), "the resolved review has none left").toBeNull();
    });
  });

  it("compares with the file File › Compare with… names and marks what it lacks", async () => {
    backend();
    render(<App />);
    await screen.findByTestId("review-tools");
    await events.menuAction.emit({ action: "compare_with", path: "/home/ana/shared.lensboard" });
    const comparison = await screen.findByTestId("comparison");
    expect(calls.find((c) => c.cmd === "compare_with_file")?.args).toEqual({ path: "/home/ana/shared.lensboard", milestone: null });
    expect(comparison.textContent).toContain("shared.lensboard → now");
    expect(screen.getByTestId("diff-components-added").textContent).toContain("llm");
    expect(screen.getByTestId("diff-marks").textContent).toContain('.react-flow__node[data-id="llm"]');
  });

  it("opens and closes the lens checklist with its menu shortcut pressed in the window", async () => {
    backend();
    render(<App />);
    await screen.findByText("Model");
    fireEvent.keyDown(window, { key: "K", ctrlKey: true, shiftKey: true });
    expect(await screen.findByTestId("lens-dialog")).toBeDefined();
    fireEvent.keyDown(window, { key: "K", ctrlKey: true, shiftKey: true });
    await waitFor(() => {
      expect(screen.queryByTestId("lens-dialog")).toBeNull();
    });
  });

  it("asks who a report is for, offers that report's formats in the save dialog and exports it", async () => {
    backend();
    render(<App />);
    await screen.findByText("Model");
    fireEvent.click(screen.getByTestId("btn-export"));
    const dialog = await screen.findByTestId("export-dialog");
    expect(within(dialog).getByText("Executive summary")).toBeDefined();
    fireEvent.click(within(screen.getByTestId("audience-compliance")).getByRole("radio"));
    fireEvent.click(screen.getByTestId("btn-export-save"));
    await waitFor(() => {
      expect(calls.some((c) => c.cmd === "export_report")).toBe(true);
    });
    const asked = calls.find((c) => c.cmd === "plugin:dialog|save")?.args as { options: { defaultPath: string; filters: { extensions: string[] }[] } };
    expect(asked.options.defaultPath).toBe("Support assistant (compliance).html");
    expect(asked.options.filters.map((f) => f.extensions[0])).toEqual(["html", "md"]);
    expect(calls.find((c) => c.cmd === "export_report")?.args).toEqual({ path: "/home/ana/Support assistant (compliance).md", audience: "compliance" });
    expect(screen.queryByTestId("export-dialog")).toBeNull();
  });

  it("imports the file File › Import… names into the open review when asked to, and shows the report", async () => {
    backend(undefined, () => snapshot({ imported_from: "stack.yaml" }));
    render(<App />);
    await screen.findByText("Model");
    await events.menuAction.emit({ action: "import", path: "/home/ana/stack.yaml" });
    const dialog = await screen.findByTestId("import-dialog");
    expect(within(screen.getByTestId("import-into")).getByRole<HTMLInputElement>("radio").checked, "the same file's update is suggested").toBe(true);
    expect(dialog.textContent).toContain("Last imported from stack.yaml");
    fireEvent.click(screen.getByTestId("btn-import"));
    const report = await screen.findByTestId("import-report");
    expect(calls.find((c) => c.cmd === "import_file")?.args).toEqual({ path: "/home/ana/stack.yaml", into: true });
    expect(screen.getByTestId("import-summary").textContent).toContain("2 elements — 1 drawn, 0 folded into others, 0 not drawn, 1 unmapped; 1 things to review");
    expect(screen.getByTestId("merge-removed").textContent).toContain("old");
    expect(screen.getByTestId("merge-kept").textContent).toContain("yours Model, the code says Endpoint");
    const llm = screen.getByTestId("import-resource-Llm");
    expect(llm.textContent).toContain("<b>no token limit</b>");
    expect(llm.querySelector("b"), "notes from the file are text").toBeNull();
    expect(llm.textContent, "the findings on what it became").toContain("reaches Model without a guardrail");
    fireEvent.click(screen.getByTestId("import-report-close"));
    await waitFor(() => {
      expect(screen.queryByTestId("import-report")).toBeNull();
    });
    expect(report.isConnected).toBe(false);
  });

  it("exports in the format picked, offering that format's file type in the save dialog", async () => {
    backend();
    render(<App />);
    await screen.findByText("Model");
    fireEvent.click(screen.getByTestId("btn-export-file"));
    await screen.findByTestId("export-format-dialog");
    fireEvent.click(within(screen.getByTestId("export-format-threat-dragon")).getByRole("radio"));
    fireEvent.click(screen.getByTestId("btn-export-format"));
    await waitFor(() => {
      expect(calls.some((c) => c.cmd === "export_file")).toBe(true);
    });
    const asked = calls.find((c) => c.cmd === "plugin:dialog|save")?.args as { options: { defaultPath: string; filters: { extensions: string[] }[] } };
    expect(asked.options.defaultPath).toBe("Support assistant-threat-dragon.json");
    expect(asked.options.filters.map((f) => f.extensions[0])).toEqual(["json"]);
    expect(calls.find((c) => c.cmd === "export_file")?.args).toEqual({ path: "/home/ana/Support assistant (compliance).md", format: "threat-dragon" });
  });

  it("labels the toolbar's buttons with their menu item's shortcut and greys them out like the menu", async () => {
    backend();
    render(<App />);
    await screen.findByText("Model");
    expect(screen.getByTestId("btn-redo").getAttribute("aria-label")).toBe("Redo (Ctrl+Shift+Z)");
    expect(screen.getByTestId("btn-layout").getAttribute("aria-label")).toBe("Auto-layout (Ctrl+Shift+L)");
    expect(screen.getByTestId("btn-redo").hasAttribute("disabled"), "nothing to redo").toBe(true);
    expect(screen.getByTestId("btn-save").hasAttribute("disabled"), "an unsaved review without a file can be saved").toBe(false);
  });

  it("shows the message chosen by the error's code when Rust rejects an edit", async () => {
    backend(() => ({ code: "invalid_label", message: "a component's label must not be empty" }));
    const { container } = render(<App />);
    await screen.findByText("Model");
    clickNode(container, "llm");
    const input = await screen.findByLabelText("Label");
    fireEvent.change(input, { target: { value: " " } });
    fireEvent.keyDown(input, { key: "Enter" });
    expect((await within(screen.getByTestId("inspector")).findByRole("alert")).textContent).toBe("A label must not be blank and can have at most 4,096 characters.");
  });

  it("refuses a number that breaks the property's rules before sending anything", async () => {
    const edits = backend();
    const { container } = render(<App />);
    await screen.findByText("Model");
    clickNode(container, "llm");
    const input = await screen.findByLabelText("Max tokens (tokens)");
    fireEvent.change(input, { target: { value: "0.5" } });
    fireEvent.keyDown(input, { key: "Enter" });
    expect((await screen.findByText("Enter a whole number.")).textContent).toBe("Enter a whole number.");
    expect(edits).toHaveLength(0);
    fireEvent.change(screen.getByLabelText("Hosting"), { target: { value: "self" } });
    await waitFor(() => {
      expect(edits).toEqual([{ type: "set_component_property", id: "llm", property: "hosting", value: "self" }]);
    });
  });

  it("draws a component whose open findings are all questions in the question look, and a mixed one in its risk colour with its questions counted", async () => {
    backend(undefined, withQuestions);
    const { container } = render(<App />);
    await screen.findByText("Model");
    const user = () => container.querySelector('[data-testid="node-user"]');
    await waitFor(() => {
      expect(user()?.getAttribute("data-questions")).toBe("1");
    });
    expect(user()?.getAttribute("data-risk"), "questions alone are not a risk colour").toBe("none");
    expect(user()?.className).toContain("component-node--question");
    const userBadge = screen.getByTestId("badge-user");
    expect(userBadge.getAttribute("aria-label")).toBe("1 question to answer: properties nobody set");
    expect(userBadge.querySelector(".risk-badge")).toBeNull();
    expect(screen.getByTestId("badge-user-questions").textContent).toBe("?1");
    const llm = container.querySelector('[data-testid="node-llm"]');
    expect(llm?.getAttribute("data-risk")).toBe("high");
    expect(llm?.className).not.toContain("component-node--question");
    expect(screen.getByTestId("badge-llm").getAttribute("title")).toBe("1 open finding the drawing shows (high risk); 1 question to answer: properties nobody set");
    expect(screen.getByTestId("badge-llm").querySelector(".risk-badge--high")?.textContent).toBe("1");
  });

  it("marks findings that rest only on unset properties as not stated, and the filter chips hide or show them", async () => {
    backend(undefined, withQuestions);
    const { container } = render(<App />);
    const panel = await screen.findByTestId("findings-panel");
    await within(panel).findByText("No token limit");
    expect(within(panel).getByTestId("count-questions").textContent).toBe("3");
    expect(within(panel).getByTestId("filter-questions").textContent).toContain("Not stated3");
    expect(within(panel).getByTestId("filter-shown").textContent).toContain("Shown by the drawing1");
    const question = container.querySelector('[data-finding="genai.cost.token-limit@llm"]');
    expect(question?.getAttribute("data-basis")).toBe("unstated");
    expect(question?.querySelector(".risk-dot"), "a question has no risk dot").toBeNull();
    expect(question?.querySelector(".basis-tag")?.textContent).toBe("Not stated: Max tokens");
    fireEvent.click(within(panel).getByTestId("filter-questions"));
    await waitFor(() => {
      expect(within(panel).queryByText("No token limit")).toBeNull();
    });
    expect(within(panel).getByTestId("filter-questions").getAttribute("aria-pressed")).toBe("false");
    expect(within(panel).getByText("Model reachable without a guardrail")).toBeDefined();
    fireEvent.click(within(panel).getByTestId("filter-shown"));
    expect(within(panel).getByTestId("findings-filtered").textContent).toBe("The filter hides all 4 findings.");
    fireEvent.click(within(panel).getByTestId("filter-questions"));
    expect(await within(panel).findByText("No token limit")).toBeDefined();
    expect(within(panel).queryByText("Model reachable without a guardrail")).toBeNull();
  });

  it("lists only the findings of the responsible-AI dimension chosen beside the chips, and says why a finding concerns it", async () => {
    backend(undefined, withQuestions);
    render(<App />);
    const panel = await screen.findByTestId("findings-panel");
    await within(panel).findByText("No token limit");
    const choice = within(panel).getByTestId<HTMLSelectElement>("filter-dimension");
    const safety = [...choice.options].find((o) => o.value === "safety");
    expect(safety?.textContent, "the option counts the findings of the dimension").toBe("Safety (2)");
    fireEvent.change(choice, { target: { value: "safety" } });
    await waitFor(() => {
      expect(within(panel).queryByText("No token limit")).toBeNull();
    });
    expect(within(panel).getByText("Model reachable without a guardrail")).toBeDefined();
    fireEvent.change(choice, { target: { value: "fairness" } });
    expect(within(panel).getByTestId("findings-filtered").textContent).toBe("The filter hides all 4 findings.");
    fireEvent.change(choice, { target: { value: "" } });
    expect(await within(panel).findByText("No token limit")).toBeDefined();
    fireEvent.click(within(panel).getByText("Model reachable without a guardrail"));
    expect((await within(panel).findByTestId("why-dimensions")).textContent).toBe("Privacy and security, Safety");
  });

  it("lists the questions about the selected component, and choosing one takes the person to its field", async () => {
    backend(undefined, withQuestions);
    const { container } = render(<App />);
    await screen.findByText("Model");
    clickNode(container, "llm");
    const questions = await screen.findByTestId("questions");
    const ask = within(questions).getByTestId("question-max_tokens");
    expect(ask.textContent).toContain("Max tokens");
    expect(ask.textContent).toContain("settles 1 finding");
    expect(within(questions).queryByTestId("question-owner"), "the user's question is the user's").toBeNull();
    expect(screen.getByTestId("not-stated-max_tokens")).toBeDefined();
    expect(screen.queryByTestId("not-stated-hosting")).toBeNull();
    fireEvent.click(ask);
    await waitFor(() => {
      expect(document.activeElement?.id).toBe("prop-max_tokens");
    });
    expect(screen.getByTestId("field-max_tokens").className).toContain("field--highlight");
  });

  it("shows the service of a component drawn from a preset, with its icon and what is left to answer", async () => {
    const base = snapshot();
    const drawn = () =>
      snapshot({
        architecture: {
          ...base.architecture,
          components: base.architecture.components.map((c) => (c.id === "llm" ? { ...c, preset: "sagemaker_endpoint", properties: { hosting: "managed" } } : c)),
        },
      });
    backend(undefined, drawn);
    const { container } = render(<App />);
    await screen.findByText("Model");
    clickNode(container, "llm");
    const service = await screen.findByTestId("service");
    expect(within(service).getByTestId("service-name").textContent).toBe("Amazon SageMaker AI endpoint");
    expect(screen.getByTestId("inspector").querySelector('header svg[data-icon="flask"] path')?.getAttribute("d")).toBe("M9 3 L15 3");
    const ask = within(service).getByTestId("to-answer-max_tokens");
    expect(ask.getAttribute("data-answered")).toBe("false");
    expect(ask.textContent).toContain("Max tokens");
    expect(screen.getByTestId("to-answer-field-max_tokens").textContent).toContain("to answer");
    fireEvent.click(ask);
    await waitFor(() => {
      expect(document.activeElement?.id).toBe("prop-max_tokens");
    });
  });

  it("shows the data a component holds and highlights the flows it came by", async () => {
    backend(undefined, withQuestions);
    const { container } = render(<App />);
    await screen.findByText("Model");
    clickNode(container, "llm");
    const held = await screen.findByTestId("held-class");
    expect(held.textContent).toContain("Confidential data from <img src=x onerror=alert(1)>");
    const route = within(held).getByTestId("held-route-class");
    expect(route.textContent).toBe("via <img src=x onerror=alert(1)> → Model (1 flow)");
    fireEvent.click(route);
    await waitFor(() => {
      expect(container.querySelector('[data-testid="node-user"]')?.getAttribute("data-emphasis")).toBe("witness");
    });
    expect(route.getAttribute("aria-pressed")).toBe("true");
    fireEvent.click(route);
    await waitFor(() => {
      expect(container.querySelector('[data-testid="node-user"]')?.getAttribute("data-emphasis")).toBe("normal");
    });
  });

  it("shows a flow's purpose as the engine reads it when nobody set it, and its questions", async () => {
    backend(undefined, withQuestions);
    render(<App />);
    fireEvent.click(await screen.findByTestId("finding-genai.sec.encrypted"));
    const inspector = await screen.findByTestId("inspector");
    const purpose = await within(inspector).findByLabelText("Purpose");
    expect(within(purpose).getAllByRole("option")[0]?.textContent).toBe("By the kinds it joins: Request");
    expect(within(inspector).getByTestId("question-purpose").textContent).toContain("Purpose");
  });

  it("says why the review could not be loaded", async () => {
    mockIPC(() => {
      throw new Error("boom");
    }, { shouldMockEvents: true });
    render(<App />);
    await waitFor(() => {
      expect(screen.getByText(/could not be loaded/)).toBeDefined();
    });
  });
});
