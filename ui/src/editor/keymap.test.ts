import { describe, expect, it } from "vitest";

import type { MenuEntry_Serialize as MenuEntry, MenuItem } from "../bindings";
import { CANVAS_KEYS, keyCommand, keymapOf, matches, parseAccelerator, textCommandOf, type KeyPress } from "./keymap";
import { MENU } from "./menu";

const press = (key: string, mods: Partial<Omit<KeyPress, "key">> = {}): KeyPress => ({ key, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });
const entry = (item: MenuItem, accelerator: string | null): MenuEntry => ({ item, label: item, accelerator, enabled_when: "always" });

describe("reading an accelerator", () => {
  it("takes CmdOrCtrl, Shift and Alt in any case, and a letter, digit or function key", () => {
    expect(parseAccelerator("CmdOrCtrl+Shift+Z")).toEqual({ key: "z", primary: true, shift: true, alt: false });
    expect(parseAccelerator("commandorcontrol+alt+5")).toEqual({ key: "5", primary: true, shift: false, alt: true });
    expect(parseAccelerator("F12")).toEqual({ key: "f12", primary: false, shift: false, alt: false });
  });

  it("refuses what the keymap could not match, naming the part", () => {
    expect(() => parseAccelerator("Hyper+Z")).toThrow(/modifier "Hyper"/);
    expect(() => parseAccelerator("CmdOrCtrl+Shift+Shift+Z")).toThrow(/Shift twice/);
    expect(() => parseAccelerator("CmdOrCtrl+PageUp")).toThrow(/ends in "pageup"/);
    expect(() => parseAccelerator("CmdOrCtrl+")).toThrow(/ends in ""/);
    expect(() => parseAccelerator("F25")).toThrow(/F1 to F24/);
  });

  it("reads every accelerator of the native menu (from Rust's MENU_ITEMS)", () => {
    const withKeys = MENU.filter((e) => e.accelerator !== null);
    expect(withKeys.length).toBeGreaterThan(10);
    for (const e of withKeys) expect(() => parseAccelerator(e.accelerator ?? ""), e.item).not.toThrow();
  });
});

describe("matching a key", () => {
  const redo = parseAccelerator("CmdOrCtrl+Shift+Z");

  it("matches the key with Ctrl or Cmd and exactly the accelerator's modifiers", () => {
    expect(matches(redo, press("Z", { ctrlKey: true, shiftKey: true }))).toBe(true);
    expect(matches(redo, press("z", { metaKey: true, shiftKey: true }))).toBe(true);
    expect(matches(redo, press("z", { ctrlKey: true })), "Ctrl+Z is Undo, not Redo").toBe(false);
    expect(matches(redo, press("z", { ctrlKey: true, shiftKey: true, altKey: true }))).toBe(false);
    expect(matches(redo, press("y", { ctrlKey: true, shiftKey: true }))).toBe(false);
  });

  it("gives every key of the native menu its item, and the canvas's own Delete and Backspace", () => {
    const keymap = keymapOf(MENU);
    const find = (event: KeyPress) => keyCommand(event, keymap, { inTextField: false, enabled: () => true })?.item;
    expect(find(press("z", { ctrlKey: true }))).toBe("undo");
    expect(find(press("Z", { ctrlKey: true, shiftKey: true }))).toBe("redo");
    expect(find(press("s", { ctrlKey: true, shiftKey: true }))).toBe("save_as");
    expect(find(press("k", { ctrlKey: true, shiftKey: true }))).toBe("toggle_lens_view");
    expect(find(press("Delete"))).toBe("delete");
    expect(find(press("Backspace"))).toBe("delete");
    expect(find(press("y", { ctrlKey: true })), "a key the menu does not have does nothing").toBeUndefined();
    expect(find(press("z")), "a plain letter is typing").toBeUndefined();
  });

  it("builds the keymap from whatever the menu says, so a changed accelerator changes the key", () => {
    const keymap = keymapOf([entry("undo", "CmdOrCtrl+U"), entry("about", null)]);
    expect(keymap).toEqual([{ chord: { key: "u", primary: true, shift: false, alt: false }, item: "undo" }, ...CANVAS_KEYS]);
  });
});

describe("what the window does with a key", () => {
  const keymap = keymapOf(MENU);

  it("does not perform an item the menu shows greyed out, but keeps its key from the page", () => {
    const greyed = keyCommand(press("z", { ctrlKey: true }), keymap, { inTextField: false, enabled: (item) => item !== "undo" });
    expect(greyed).toEqual({ item: "undo", enabled: false });
    const enabled = keyCommand(press("z", { ctrlKey: true }), keymap, { inTextField: false, enabled: () => true });
    expect(enabled).toEqual({ item: "undo", enabled: true });
  });

  it("leaves a text field its own undo, clipboard, select-all and deletion keys", () => {
    const inField = { inTextField: true, enabled: () => true };
    for (const key of [press("z", { ctrlKey: true }), press("Z", { ctrlKey: true, shiftKey: true }), press("c", { ctrlKey: true }), press("x", { ctrlKey: true }), press("v", { ctrlKey: true }), press("a", { ctrlKey: true }), press("Delete"), press("Backspace")]) {
      expect(keyCommand(key, keymap, inField), key.key).toBeNull();
    }
  });

  it("still saves from a text field, as the menu's accelerator does", () => {
    expect(keyCommand(press("s", { ctrlKey: true }), keymap, { inTextField: true, enabled: () => true })).toEqual({ item: "save", enabled: true });
  });
});

describe("a menu item chosen while a text field has the focus", () => {
  it("runs the field's own editing command for the items a text field has", () => {
    expect(textCommandOf("undo")).toBe("undo");
    expect(textCommandOf("select_all")).toBe("selectAll");
    expect(textCommandOf("paste")).toBe("paste");
    expect(textCommandOf("delete"), "the field's Delete key already deleted").toBeNull();
    expect(textCommandOf("save"), "not a text command").toBeNull();
  });
});
