// The window's keyboard shortcuts, built from the native menu's items (their accelerators come
// from Rust with the bindings' MENU_ITEMS), so a key means the same in the menu and the window.
//
// GTK offers a key to the menu's accelerators before the focused web view: the window sees a
// shortcut only when the menu did not take it — its item greyed out, or no native menu at all.
// A key is therefore acted on once, by the menu or by the window, without reconciling the two.
// The window does not perform an item the menu shows greyed out either (the same condition,
// `enabled_when`, decides both), and a text field keeps its own undo, clipboard and deletion.
import type { MenuEntry_Serialize as MenuEntry, MenuItem } from "../bindings";

/** A key with its modifiers. `primary` is Ctrl (Cmd on macOS): Tauri's `CmdOrCtrl`. */
export type Chord = { key: string; primary: boolean; shift: boolean; alt: boolean };

/** What of a keyboard event the keymap reads. */
export type KeyPress = Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "shiftKey" | "altKey">;

export type Binding = { chord: Chord; item: MenuItem };

const MODIFIERS: Record<string, keyof Omit<Chord, "key">> = {
  cmdorctrl: "primary",
  commandorcontrol: "primary",
  shift: "shift",
  alt: "alt",
};

/** Reads an accelerator in Tauri's syntax (`CmdOrCtrl+Shift+Z`): modifiers, then one letter,
 * digit or function key. Anything else is refused with the reason, since a shortcut the window
 * cannot match would silently work in the menu only. */
export function parseAccelerator(text: string): Chord {
  const parts = text.split("+").map((p) => p.trim());
  const key = parts.pop()?.toLowerCase() ?? "";
  const chord: Chord = { key, primary: false, shift: false, alt: false };
  for (const part of parts) {
    const modifier = MODIFIERS[part.toLowerCase()];
    if (!modifier) throw new Error(`the accelerator "${text}" has the modifier "${part}"; the keymap knows CmdOrCtrl, Shift and Alt`);
    if (chord[modifier]) throw new Error(`the accelerator "${text}" names ${part} twice`);
    chord[modifier] = true;
  }
  if (!/^([a-z0-9]|f([1-9]|1[0-9]|2[0-4]))$/.test(key)) throw new Error(`the accelerator "${text}" ends in "${key}"; the keymap knows a letter, a digit or F1 to F24`);
  return chord;
}

/** Whether `event` is `chord`: the same key and exactly the same modifiers. Letters are compared
 * by the character the layout gives them, as GTK matches accelerators. */
export function matches(chord: Chord, event: KeyPress): boolean {
  return (
    event.key.toLowerCase() === chord.key &&
    (event.ctrlKey || event.metaKey) === chord.primary &&
    event.shiftKey === chord.shift &&
    event.altKey === chord.alt
  );
}

/** Keys the canvas handles itself that cannot be menu accelerators: a plain Delete or Backspace
 * must keep working in text fields, which the menu's accelerator would take first. */
export const CANVAS_KEYS: readonly Binding[] = [
  { chord: { key: "delete", primary: false, shift: false, alt: false }, item: "delete" },
  { chord: { key: "backspace", primary: false, shift: false, alt: false }, item: "delete" },
];

/** The keymap: every menu item with an accelerator, then the canvas's own keys. */
export function keymapOf(entries: readonly MenuEntry[]): Binding[] {
  const fromMenu = entries.flatMap((entry) => (entry.accelerator === null ? [] : [{ chord: parseAccelerator(entry.accelerator), item: entry.item }]));
  return [...fromMenu, ...CANVAS_KEYS];
}

/** Items that a text field performs itself on its own text (Undo there undoes typing, not the
 * last edit of the review), with the editing command that does it (none for Delete: the field's
 * Delete key already did). */
const TEXT_COMMANDS: Partial<Record<MenuItem, string | null>> = {
  undo: "undo",
  redo: "redo",
  cut: "cut",
  copy: "copy",
  paste: "paste",
  select_all: "selectAll",
  delete: null,
};

/** Whether a text field performs `item` on its own text when it has the focus. */
export function isTextCommand(item: MenuItem): boolean {
  return item in TEXT_COMMANDS;
}

/** The editing command (`document.execCommand`) that performs `item` in a focused text field, or
 * null when there is none to run. */
export function textCommandOf(item: MenuItem): string | null {
  return TEXT_COMMANDS[item] ?? null;
}

/** What the window does with a key: nothing (null: not a shortcut, or a text field's own key),
 * or the item it names — performed when enabled; when greyed out the key is still kept from the
 * page (Ctrl+A does not select the page's text). */
export function keyCommand(event: KeyPress, keymap: readonly Binding[], context: { inTextField: boolean; enabled: (item: MenuItem) => boolean }): { item: MenuItem; enabled: boolean } | null {
  const binding = keymap.find((b) => matches(b.chord, event));
  if (!binding) return null;
  if (context.inTextField && isTextCommand(binding.item)) return null;
  return { item: binding.item, enabled: context.enabled(binding.item) };
}
