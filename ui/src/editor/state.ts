// What the editor window derives from the snapshot Rust sent and the canvas's selection: which
// snapshot to show, what the progress indicator and the inspector say, whether Save would do
// anything, the recovery offer. Plain functions, so the hooks that use them stay thin.
import type { Selection } from "./Inspector";
import type { Architecture, DocumentSnapshot, RecoveryInfo } from "./api";

/** Above this many components an edit's evaluation takes long enough to say so, and the canvas
 * draws only what is in view. */
export const LARGE = 150;

/** A command's progress indicator shows once it has taken this long. */
export const BUSY_AFTER_MS = 150;

/** Whether `next` replaces the snapshot of revision `shown`: a late answer to an older command
 * does not, except after open/new (`force`), where revisions start again. */
export function replacesShown(next: { revision: number }, shown: number, force: boolean): boolean {
  return force || next.revision >= shown;
}

/** The progress indicator's text: the running command's own, or a generic one while any
 * command is slow. */
export function busyText(label: string | null, pending: number): string | null {
  return label ?? (pending > 0 ? "Working…" : null);
}

/** The progress label of an edit: evaluating a large architecture is worth announcing. */
export function editLabel(snapshot: DocumentSnapshot | null): string | null {
  return snapshot && snapshot.architecture.components.length > LARGE ? "Evaluating…" : null;
}

/** Whether Save would do anything, as Rust decides it (`can_save`: unsaved changes, or no file
 * yet, when Save asks where). Until the first snapshot arrives there is nothing to grey out. */
export function canSave(snapshot: DocumentSnapshot | null): boolean {
  return !snapshot || snapshot.can_save;
}

/** What the inspector shows: the one selected element, or nothing for none or several. */
export function selectionOf(architecture: Architecture, selected: readonly string[]): Selection {
  if (selected.length !== 1) return null;
  const id = selected[0] ?? "";
  if (architecture.components.some((c) => c.id === id)) return { type: "component", id };
  if (architecture.flows.some((f) => f.id === id)) return { type: "flow", id };
  if (architecture.boundaries.some((b) => b.id === id)) return { type: "boundary", id };
  return null;
}

/** Whether two selections hold the same ids in the same order (React Flow reports the selection
 * again on every change; the same one must not re-render the panels). */
export function sameSelection(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

/** The recovery banner's sentence. `when` formats the autosave time (seconds since the epoch). */
export function recoveryMessage(info: RecoveryInfo, when: (seconds: number) => string = (s) => new Date(s * 1000).toLocaleString()): string {
  const saved = info.saved_at ? ` (autosaved ${when(info.saved_at)})` : "";
  return `Lensboard closed unexpectedly while “${info.title}” had unsaved changes${saved}.`;
}
