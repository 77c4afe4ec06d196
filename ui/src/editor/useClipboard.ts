// The canvas's clipboard: Copy keeps the selected components and the flows between them, Paste
// and Duplicate add copies with fresh ids as one edit and select them. It lives in the window,
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

  const pasteFrom = useCallback(
    (from: Clipboard | null) => {
      const arch = snapshotRef.current?.architecture;
      if (!arch || !from || from.components.length === 0) return;
      const { edits, ids } = pasteEdits(arch, from);
      const edit = asOne(edits);
      if (!edit) return;
      void apply(edit).then((error) => {
        if (error) notify(error);
        else select(ids);
      });
      clipboard.current = shiftedClipboard(from);
    },
    [snapshotRef, apply, notify, select],
  );

  const paste = useCallback(() => {
    pasteFrom(clipboard.current);
  }, [pasteFrom]);

  const duplicate = useCallback(() => {
    const arch = snapshotRef.current?.architecture;
    if (arch) pasteFrom(copySelection(arch, selectedRef.current));
  }, [snapshotRef, selectedRef, pasteFrom]);

  return { clipboardFull, copy, cut, paste, duplicate };
}
