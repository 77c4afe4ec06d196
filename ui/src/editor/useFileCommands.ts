// New, Open, Open Recent, Save and Save As, with the unsaved-changes prompt before the review is
// replaced or the window closed. Dialogs come from ./files; the commands from Rust.
import { useCallback, useEffect, useState } from "react";

import { events } from "../bindings";
import { describeError, isAppError } from "../errors";
import { api } from "./api";
import { askUnsaved, chooseFileToOpen, chooseFileToSave } from "./files";
import { stopListening } from "./listen";
import type { DocumentView } from "./useDocument";
import type { Notify } from "./useToasts";

/** How the review was replaced: a new empty one, or a file opened. */
export type Replaced = "new" | "opened";

type Options = {
  doc: Pick<DocumentView, "snapshotRef" | "show" | "run" | "busyWhile">;
  notify: Notify;
  /** The review was replaced (after New even when it failed, as the old one may be gone). */
  onReplaced: (how: Replaced) => void;
};

export function useFileCommands({ doc, notify, onReplaced }: Options) {
  const { snapshotRef, show, run, busyWhile } = doc;
  const [recent, setRecent] = useState<string[]>([]);

  const refreshRecent = useCallback(() => {
    api.recentFiles().then(setRecent, () => undefined);
  }, []);
  useEffect(refreshRecent, [refreshRecent]);

  const saveAs = useCallback(async (): Promise<boolean> => {
    const title = snapshotRef.current?.title ?? "Untitled";
    let path: string | null;
    try {
      path = await chooseFileToSave(title);
    } catch (error) {
      notify(describeError(error));
      return false;
    }
    if (!path) return false;
    const chosen = path;
    const error = await run(() => api.saveReviewAs(chosen), "Saving…");
    if (error) notify(error);
    else refreshRecent();
    return error === null;
  }, [snapshotRef, run, notify, refreshRecent]);

  /** Saves to the review's file, or asks for one (Save As) when it has none. */
  const saveFile = useCallback(
    (): Promise<boolean> =>
      busyWhile("Saving…", async () => {
        try {
          show(await api.saveReview());
          refreshRecent();
          return true;
        } catch (error) {
          if (isAppError(error) && error.code === "no_path") return await saveAs();
          notify(describeError(error));
          return false;
        }
      }),
    [busyWhile, show, saveAs, notify, refreshRecent],
  );

  /** True when the current review may be replaced (clean, saved, or the user let it go). */
  const mayReplace = useCallback(
    async (what: string): Promise<boolean> => {
      const current = snapshotRef.current;
      if (!current?.dirty) return true;
      const answer = await askUnsaved(current.title, what);
      if (answer === "cancel") return false;
      if (answer === "save") return saveFile();
      return true;
    },
    [snapshotRef, saveFile],
  );

  const newFile = useCallback(async () => {
    if (!(await mayReplace("starting a new review"))) return;
    const error = await run(api.newReview, null, true);
    if (error) notify(error);
    onReplaced("new");
  }, [mayReplace, run, notify, onReplaced]);

  /** Opens `given`, or the file the person picks. */
  const openFile = useCallback(
    async (given: string | null = null) => {
      if (!(await mayReplace("opening another review"))) return;
      let path = given;
      if (!path) {
        try {
          path = await chooseFileToOpen();
        } catch (error) {
          notify(describeError(error));
          return;
        }
      }
      if (!path) return;
      const chosen = path;
      const error = await run(() => api.openReview(chosen), "Opening…", true);
      if (error) {
        notify(error);
        return;
      }
      refreshRecent();
      onReplaced("opened");
    },
    [mayReplace, run, notify, refreshRecent, onReplaced],
  );

  // Closing with unsaved changes: Rust holds the close until the UI answers.
  useEffect(() => {
    const unlisten = events.closeRequested.listen(() => {
      const title = snapshotRef.current?.title ?? "Untitled";
      void askUnsaved(title, "closing").then(async (answer) => {
        if (answer === "cancel") return;
        if (answer === "save" && !(await saveFile())) return;
        await api.closeWindow();
      });
    });
    return () => {
      stopListening(unlisten);
    };
  }, [snapshotRef, saveFile]);

  return { recent, refreshRecent, newFile, openFile, saveFile, saveAs, mayReplace };
}
