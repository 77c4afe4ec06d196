import { describe, expect, it } from "vitest";

import { snapshotOf } from "../test/snapshot";
import type { DocumentSnapshot } from "./api";
import { factsOf, isEnabled, MENU, shortcutText, withShortcut } from "./menu";

const snapshot = (overrides: Partial<DocumentSnapshot> = {}) =>
  snapshotOf({ name: "A", boundaries: [], components: [{ id: "llm", kind: "model_endpoint", label: "Model", boundary: null, properties: {} }], flows: [] }, overrides);

const canvas = { selection: false, clipboard: false };

describe("which menu items would do anything", () => {
  it("follows the undo history and the saved state of the snapshot", () => {
    const saved = factsOf(snapshot(), canvas);
    expect(isEnabled("undo", saved)).toBe(false);
    expect(isEnabled("redo", saved)).toBe(false);
    expect(isEnabled("save", saved), "a saved file without changes").toBe(false);
    // Whether Save would do anything is Rust's answer (`can_save`: unsaved changes, or no file).
    const edited = factsOf(snapshot({ can_undo: true, dirty: true, can_save: true }), canvas);
    expect(isEnabled("undo", edited)).toBe(true);
    expect(isEnabled("save", edited)).toBe(true);
  });

  it("follows the canvas's selection and clipboard", () => {
    const nothing = factsOf(snapshot(), canvas);
    for (const item of ["cut", "copy", "duplicate", "delete", "paste"] as const) expect(isEnabled(item, nothing), item).toBe(false);
    const selected = factsOf(snapshot(), { selection: true, clipboard: false });
    for (const item of ["cut", "copy", "duplicate", "delete"] as const) expect(isEnabled(item, selected), item).toBe(true);
    expect(isEnabled("paste", factsOf(snapshot(), { selection: false, clipboard: true }))).toBe(true);
  });

  it("greys out select all, zoom and layout on an empty review but never the file items", () => {
    const empty = factsOf(snapshot({ architecture: { name: "E", boundaries: [], components: [], flows: [] } }), canvas);
    for (const item of ["select_all", "zoom_to_fit", "auto_layout"] as const) expect(isEnabled(item, empty), item).toBe(false);
    for (const item of ["new", "open", "save_as", "export_report", "about", "toggle_theme"] as const) expect(isEnabled(item, empty), item).toBe(true);
  });

  it("greys out the review's items until the first snapshot arrives", () => {
    const loading = factsOf(null, canvas);
    expect(isEnabled("undo", loading)).toBe(false);
    expect(isEnabled("auto_layout", loading)).toBe(false);
    expect(isEnabled("new", loading)).toBe(true);
  });

  it("knows no item that the menu does not list", () => {
    const all = factsOf(snapshot(), { selection: true, clipboard: true });
    expect(isEnabled("undo", all, MENU.filter((e) => e.item !== "undo"))).toBe(false);
  });
});

describe("shortcuts as people read them", () => {
  it("says Ctrl for CmdOrCtrl and upper-cases the letter", () => {
    expect(shortcutText("CmdOrCtrl+Shift+z")).toBe("Ctrl+Shift+Z");
    expect(shortcutText("F5")).toBe("F5");
  });

  it("adds the menu item's shortcut to a button's label, and nothing for an item without one", () => {
    expect(withShortcut("Undo", "undo")).toBe("Undo (Ctrl+Z)");
    expect(withShortcut("Save", "save")).toBe("Save (Ctrl+S)");
    expect(withShortcut("Redo", "redo")).toBe("Redo (Ctrl+Shift+Z)");
    expect(withShortcut("About", "about")).toBe("About");
  });
});
