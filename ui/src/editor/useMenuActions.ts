// One dispatcher for the menu's items, whether they come from the native menu (its `menu-action`
// event), a key pressed in the window (./keymap.ts) or a toolbar button.
import { useCallback, useEffect, useRef } from "react";

import { events, type MenuItem } from "../bindings";
import { api } from "./api";
import { isTextCommand, keyCommand, keymapOf, textCommandOf } from "./keymap";
import { stopListening } from "./listen";
import { isEnabled, MENU, type Facts } from "./menu";

/** What each item does; `path` is the file of Open Recent. */
export type MenuActions = Record<MenuItem, (path: string | null) => void>;

const KEYMAP = keymapOf(MENU);

function inTextField(): boolean {
  const el = document.activeElement;
  if (!(el instanceof HTMLElement)) return false;
  return el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName);
}

type Options = {
  actions: MenuActions;
  /** The conditions now (read when an item is chosen, not when the window last rendered). */
  facts: () => Facts;
  /** The canvas's part of the conditions as rendered, which the native menu is told. */
  canvas: { selection: boolean; clipboard: boolean };
  /** Escape: the window's own key, not a menu item. */
  onEscape: () => void;
};

/** Listens to the menu and the keyboard, and tells the native menu the canvas's state; returns
 * `perform`, for the toolbar. */
export function useMenuActions({ actions, facts, canvas, onEscape }: Options): (item: MenuItem, path?: string | null) => void {
  // The listeners stay registered; they call the newest actions.
  const latest = useRef({ actions, facts, onEscape });
  useEffect(() => {
    latest.current = { actions, facts, onEscape };
  }, [actions, facts, onEscape]);

  const perform = useCallback((item: MenuItem, path: string | null = null) => {
    const { actions: current, facts: now } = latest.current;
    if (inTextField() && isTextCommand(item)) {
      // The menu's accelerator took the key from the focused text field, so the field's own
      // command is performed here; execCommand is the only way to do that.
      const command = textCommandOf(item);
      // eslint-disable-next-line @typescript-eslint/no-deprecated
      if (command) document.execCommand(command);
      return;
    }
    if (isEnabled(item, now())) current[item](path);
  }, []);

  // The native menu greys out Cut/Copy/Duplicate/Delete without a selection and Paste with an
  // empty clipboard (the document's part of its state comes with every command's snapshot).
  const { selection, clipboard } = canvas;
  useEffect(() => {
    api.setMenuContext(selection, clipboard).catch(() => undefined);
  }, [selection, clipboard]);

  useEffect(() => {
    const unlisten = events.menuAction.listen((event) => {
      perform(event.payload.action, event.payload.path);
    });
    return () => {
      stopListening(unlisten);
    };
  }, [perform]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") {
        latest.current.onEscape();
        return;
      }
      const now = latest.current.facts();
      const command = keyCommand(event, KEYMAP, { inTextField: inTextField(), enabled: (item) => isEnabled(item, now) });
      if (!command) return;
      event.preventDefault();
      if (command.enabled) perform(command.item);
    };
    window.addEventListener("keydown", onKey);
    return () => {
      window.removeEventListener("keydown", onKey);
    };
  }, [perform]);

  return perform;
}
