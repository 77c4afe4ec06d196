// File commands with the unsaved-changes prompt. Dialogs come from the dialog plugin; outside the
// app (unit tests, a plain browser) they fall back to the browser's own prompts.
import { message, open, save } from "@tauri-apps/plugin-dialog";

export type UnsavedAnswer = "save" | "discard" | "cancel";

const SAVE = "Save";
const DISCARD = "Don't save";
const CANCEL = "Cancel";

/** Asks what to do with unsaved changes before `what` ("closing", "opening another review", …). */
export async function askUnsaved(title: string, what: string): Promise<UnsavedAnswer> {
  try {
    const answer = await message(`“${title}” has unsaved changes. Save them before ${what}?`, {
      title: "Unsaved changes",
      kind: "warning",
      buttons: { yes: SAVE, no: DISCARD, cancel: CANCEL },
    });
    if (answer === SAVE || answer === "Yes") return "save";
    if (answer === DISCARD || answer === "No") return "discard";
    return "cancel";
  } catch {
    return window.confirm(`“${title}” has unsaved changes. Discard them?`) ? "discard" : "cancel";
  }
}

export const REVIEW_FILTERS = [{ name: "Lensboard review", extensions: ["lensboard", "json"] }];

export async function chooseFileToOpen(): Promise<string | null> {
  const chosen = await open({ multiple: false, directory: false, filters: REVIEW_FILTERS });
  return typeof chosen === "string" ? chosen : null;
}

export async function chooseFileToSave(title: string): Promise<string | null> {
  return save({ defaultPath: `${title}.lensboard`, filters: [{ name: "Lensboard review", extensions: ["lensboard"] }] });
}

/** The file name of a path, for the recent-files menu. */
export function fileName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}
