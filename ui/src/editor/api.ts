// The editor's view of the generated bindings (./bindings.ts, regenerated from Rust): the shapes
// the UI receives (`_Serialize`) and sends (`_Deserialize`), and the commands unwrapped so that a
// refusal rejects with its `AppError` (shown by code, see ../errors.ts).

import {
  commands,
  type AppError,
  type ArchitectureData_Serialize,
  type Catalog_Serialize,
  type DocumentSnapshot_Serialize,
  type Edit_Deserialize,
  type KindSpec_Serialize,
  type MenuAction_Serialize,
  type PropertySpec_Serialize,
  type RecoveryInfo_Serialize,
} from "../bindings";

export type { BestPractice, Finding, Mark, Risk, TrustSpec } from "../bindings";
export type Architecture = ArchitectureData_Serialize;
export type Catalog = Catalog_Serialize;
export type KindSpec = KindSpec_Serialize;
export type PropertySpec = PropertySpec_Serialize;
export type DocumentSnapshot = DocumentSnapshot_Serialize;
export type Edit = Edit_Deserialize;
export type MenuAction = MenuAction_Serialize;
export type RecoveryInfo = RecoveryInfo_Serialize;

type Result<T> = { status: "ok"; data: T } | { status: "error"; error: AppError };

async function unwrap<T>(result: Promise<Result<T>>): Promise<T> {
  const outcome = await result;
  // Tauri delivers a command's Err as a plain object; it is rethrown as it is so the caller can
  // read its code.
  // eslint-disable-next-line @typescript-eslint/only-throw-error
  if (outcome.status === "error") throw outcome.error;
  return outcome.data;
}

/** The editor's commands; every one resolves to the new snapshot or rejects with an AppError. */
export const api = {
  catalog: () => commands.catalog(),
  snapshot: () => unwrap(commands.snapshot()),
  applyEdit: (edit: Edit) => unwrap(commands.applyEdit(edit)),
  undo: () => unwrap(commands.undo()),
  redo: () => unwrap(commands.redo()),
  newReview: () => unwrap(commands.newReview()),
  openReview: (path: string) => unwrap(commands.openReview(path)),
  saveReview: () => unwrap(commands.saveReview()),
  saveReviewAs: (path: string) => unwrap(commands.saveReviewAs(path)),
  recentFiles: () => commands.recentFiles(),
  recovery: () => commands.recovery(),
  restoreRecovery: () => unwrap(commands.restoreRecovery()),
  discardRecovery: () => unwrap(commands.discardRecovery()),
  closeWindow: () => commands.closeWindow(),
  /** Tells the native menu whether Cut/Copy/Duplicate/Delete and Paste would do anything. */
  setMenuContext: (selection: boolean, clipboard: boolean) => commands.setMenuContext(selection, clipboard),
};
