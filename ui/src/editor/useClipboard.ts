// The canvas's clipboard: Copy keeps the selected components and the flows between them, Paste
// and Duplicate add copies with fresh ids as one edit and select them (Duplicate copies the
// selection, leaving the clipboard as it was). It lives in the window,
// not the system clipboard (what it holds is part of a review, not text).
import { useCallback, useRef, useState, type RefObject } from "react";

import type { DocumentSnapshot } from "./api";
import { asOne, copySelection, pasteEdits, shiftedClipboard, type Clipboard } from "./edits";
import type { DocumentView } from "./useDocument";
import type { Notify } from "./useToasts";

type Options = {
  snapshotRef: RefObject<DocumentSnapshot | null>;
  apply: DocumentView["apply"];
  notify: Notify;
  selectedRef: RefObject<ReadonlySet<string>>;
  select: (ids: string[]) => void;
  /** Deletes the selection (Cut = Copy, then this). */
  removeSelection: () => void;
};

export function useClipboard({ snapshotRef, apply, notify, selectedRef, select, removeSelection }: Options) {
  const clipboard = useRef<Clipboard | null>(null);
  /** Whether Paste would add anything (the native menu greys it out otherwise). */
  const [clipboardFull, setClipboardFull] = useState(false);

  const copy = useCallback(() => {
    const arch = snapshotRef.current?.architecture;
    if (!arch) return;
    clipboard.current = copySelection(arch, selectedRef.current);
    setClipboardFull(clipboard.current.components.length > 0);
  }, [snapshotRef, selectedRef]);

  const cut = useCallback(() => {
    copy();
    removeSelection();
  }, [copy, removeSelection]);

  /** Adds copies of `from`'s components and flows, as one edit, and selects them. */
  const pasteFrom = useCallback(
    (from: Clipboard) => {
      const arch = snapshotRef.current?.architecture;
      if (!arch || from.components.length === 0) return;
      const { edits, ids } = pasteEdits(arch, from);
      const edit = asOne(edits);
      if (!edit) return;
      void apply(edit).then((error) => {
        if (error) notify(error);
        else select(ids);
      });
    },
    [snapshotRef, apply, notify, select],
  );

  const paste = useCallback(() => {
    const from = clipboard.current;
    if (!from) return;
    pasteFrom(from);
    clipboard.current = shiftedClipboard(from);
  }, [pasteFrom]);

  /** Copies of the selection, leaving the clipboard as it was. */
  const duplicate = useCallback(() => {
    const arch = snapshotRef.current?.architecture;
    if (arch) pasteFrom(copySelection(arch, selectedRef.current));
  }, [snapshotRef, selectedRef, pasteFrom]);

  /** Whether Paste would add anything now (read when a key is pressed, before a render). */
  const holdsComponents = useCallback(() => (clipboard.current?.components.length ?? 0) > 0, []);

  return { clipboardFull, holdsComponents, copy, cut, paste, duplicate };
}
