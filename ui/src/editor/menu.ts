// The native menu's items as the window sees them (MENU_ITEMS, generated from Rust's MenuItem):
// whether each would do anything now, and the shortcut it shows. The keymap (./keymap.ts) and
// the toolbar are built from them, so they cannot disagree with the menu.
import { MENU_ITEMS, type EnabledWhen, type MenuEntry_Serialize as MenuEntry, type MenuItem } from "../bindings";
import type { DocumentSnapshot } from "./api";
import { canSave } from "./state";

/** The menu's entries, checked against their generated type. */
export const MENU: readonly MenuEntry[] = MENU_ITEMS;

/** What each `enabled_when` condition is now. */
export type Facts = Record<EnabledWhen, boolean>;

/** The conditions, from the shown snapshot and the canvas (selection, clipboard). Before the
 * first snapshot the document's items are greyed out, except Save (there is nothing to save,
 * but nothing to grey out either). */
export function factsOf(snapshot: DocumentSnapshot | null, canvas: { selection: boolean; clipboard: boolean }): Facts {
  const architecture = snapshot?.architecture;
  return {
    always: true,
    can_undo: snapshot?.can_undo ?? false,
    can_redo: snapshot?.can_redo ?? false,
    can_save: canSave(snapshot),
    selection: canvas.selection,
    clipboard: canvas.clipboard,
    content: !!architecture && (architecture.components.length > 0 || architecture.boundaries.length > 0),
  };
}

/** Whether `item` would do anything: the condition Rust greys the menu item out by. */
export function isEnabled(item: MenuItem, facts: Facts, entries: readonly MenuEntry[] = MENU): boolean {
  const entry = entries.find((e) => e.item === item);
  return entry ? facts[entry.enabled_when] : false;
}

/** An accelerator as people read it: `CmdOrCtrl+Shift+Z` is Ctrl+Shift+Z (the app's platform is
 * Linux, where CmdOrCtrl is Ctrl). */
export function shortcutText(accelerator: string): string {
  return accelerator
    .split("+")
    .map((part) => (/^(cmdorctrl|commandorcontrol)$/i.test(part) ? "Ctrl" : part.length === 1 ? part.toUpperCase() : part))
    .join("+");
}

/** A button's label with the shortcut of the menu item it performs, when it has one. */
export function withShortcut(label: string, item: MenuItem, entries: readonly MenuEntry[] = MENU): string {
  const accelerator = entries.find((e) => e.item === item)?.accelerator;
  return accelerator ? `${label} (${shortcutText(accelerator)})` : label;
}
