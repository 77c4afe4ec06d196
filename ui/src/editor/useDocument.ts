// The open review as the window sees it: the catalog, the snapshot Rust last returned, and the
// way commands replace it. The UI never changes its own copy of the architecture: every change
// is a command whose answer is the next snapshot, shown by `show`.
import { startTransition, useCallback, useEffect, useRef, useState, type RefObject } from "react";

import { describeError } from "../errors";
import { api, type Catalog, type DocumentSnapshot, type Edit } from "./api";
import { mark } from "./perf";
import { BUSY_AFTER_MS, busyText, editLabel, replacesShown } from "./state";
import type { Notify } from "./useToasts";

type Options = {
  /** Draws a snapshot on the canvas; called as it arrives, before the panels get it. */
  draw: (snapshot: DocumentSnapshot) => void;
  notify: Notify;
  /** The start-up snapshot is shown (a file named on the command line may need laying out). */
  onLoaded: (snapshot: DocumentSnapshot) => void;
  /** The snapshot was re-read after a command invoked from outside the UI. */
  onRefreshed: () => void;
};

export type DocumentView = {
  catalog: Catalog | null;
  /** The snapshot the panels show (null until the first one arrives). */
  snapshot: DocumentSnapshot | null;
  /** The newest snapshot, for callbacks that must not wait for a render. */
  snapshotRef: RefObject<DocumentSnapshot | null>;
  /** Why the review could not be loaded at start-up. */
  failure: string | null;
  /** The progress indicator's text, or null when nothing is slow. */
  busy: string | null;
  /** Shows a snapshot unless a newer one is already shown (`force` after open/new). */
  show: (next: DocumentSnapshot, force?: boolean) => void;
  /** Runs a command and shows its snapshot; resolves to null or the message of its error. */
  run: (work: () => Promise<DocumentSnapshot>, label?: string | null, force?: boolean) => Promise<string | null>;
  /** Applies an edit; resolves to null or the message of its error. */
  apply: (edit: Edit) => Promise<string | null>;
  /** Applies an edit, if any, and shows its error as a toast. */
  applyOrNotify: (edit: Edit | null) => void;
  /** Shows `label` in the progress indicator while `work` runs. */
  busyWhile: <T>(label: string, work: () => Promise<T>) => Promise<T>;
  /** Undoes or redoes the review's last edit (an error is shown as a toast). */
  undo: () => void;
  redo: () => void;
};

declare global {
  interface Window {
    /** For end-to-end tests: re-reads the snapshot after a command invoked from outside the UI. */
    __LENSBOARD__?: { refresh: () => Promise<void> };
  }
}

export function useDocument({ draw, notify, onLoaded, onRefreshed }: Options): DocumentView {
  const [catalog, setCatalog] = useState<Catalog | null>(null);
  const [snapshot, setSnapshot] = useState<DocumentSnapshot | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [pending, setPending] = useState(0);
  const [busyLabel, setBusyLabel] = useState<string | null>(null);
  const revision = useRef(-1);
  const snapshotRef = useRef<DocumentSnapshot | null>(null);
  // The start-up effect runs once; it calls the newest callbacks, not those of the first render.
  const callbacks = useRef({ onLoaded, onRefreshed });
  useEffect(() => {
    callbacks.current = { onLoaded, onRefreshed };
  }, [onLoaded, onRefreshed]);

  /** The risk colours at once (in `draw`), the panels and the rest of the canvas as a transition
   * right after. */
  const show = useCallback(
    (next: DocumentSnapshot, force = false) => {
      if (!replacesShown(next, revision.current, force)) return;
      // For the app benchmark (tests/e2e/perf.js): when a command's snapshot reached the UI.
      mark("lensboard:snapshot");
      revision.current = next.revision;
      snapshotRef.current = next;
      draw(next);
      startTransition(() => {
        setSnapshot(next);
      });
    },
    [draw],
  );

  /** The indicator appears only when the command takes longer than BUSY_AFTER_MS: a quick edit
   * does not redraw the window twice (once for "working", once for the result). */
  const run = useCallback(
    async (work: () => Promise<DocumentSnapshot>, label: string | null = null, force = false): Promise<string | null> => {
      const indicator = { shown: false };
      const timer = window.setTimeout(() => {
        indicator.shown = true;
        setPending((n) => n + 1);
        if (label) setBusyLabel(label);
      }, BUSY_AFTER_MS);
      try {
        show(await work(), force);
        return null;
      } catch (error) {
        return describeError(error);
      } finally {
        window.clearTimeout(timer);
        if (indicator.shown) {
          setPending((n) => n - 1);
          if (label) setBusyLabel(null);
        }
      }
    },
    [show],
  );

  /** Runs a command, showing its error as a toast. */
  const runOrNotify = useCallback(
    (work: () => Promise<DocumentSnapshot>, label: string | null = null) => {
      void run(work, label).then((error) => {
        if (error) notify(error);
      });
    },
    [run, notify],
  );

  const apply = useCallback((edit: Edit) => run(() => api.applyEdit(edit), editLabel(snapshotRef.current)), [run]);
  const applyOrNotify = useCallback(
    (edit: Edit | null) => {
      if (edit) runOrNotify(() => api.applyEdit(edit), editLabel(snapshotRef.current));
    },
    [runOrNotify],
  );
  const undo = useCallback(() => {
    runOrNotify(api.undo);
  }, [runOrNotify]);
  const redo = useCallback(() => {
    runOrNotify(api.redo);
  }, [runOrNotify]);

  const busyWhile = useCallback(async <T,>(label: string, work: () => Promise<T>): Promise<T> => {
    setBusyLabel(label);
    try {
      return await work();
    } finally {
      setBusyLabel(null);
    }
  }, []);

  // Start-up: the catalog and the snapshot.
  useEffect(() => {
    let cancelled = false;
    Promise.all([api.catalog(), api.snapshot()])
      .then(([cat, snap]) => {
        if (cancelled) return;
        setCatalog(cat);
        show(snap, true);
        callbacks.current.onLoaded(snap);
      })
      .catch((error: unknown) => {
        if (!cancelled) setFailure(describeError(error));
      });
    window.__LENSBOARD__ = {
      refresh: async () => {
        show(await api.snapshot(), true);
        callbacks.current.onRefreshed();
      },
    };
    return () => {
      cancelled = true;
    };
  }, [show]);

  return { catalog, snapshot, snapshotRef, failure, busy: busyText(busyLabel, pending), show, run, apply, applyOrNotify, busyWhile, undo, redo };
}
