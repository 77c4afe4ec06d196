// What the UI says when a command fails. It switches on the error's code, never on its message
// text (STYLE.md #6). The sentence for each code comes from Rust (`ERROR_SUMMARIES` in the
// generated bindings, one per `ErrorCode`), so the two cannot drift apart. An error that names a
// file or a field (its `path`: a missing file, a JSON path in an imported architecture, a
// property whose value the catalog refuses) is shown with its own message, which says which one
// and what is wrong; the summary alone could not.

import { ERROR_SUMMARIES, type AppError } from "./bindings";

/** Framework failures (an unknown command, a bad argument) reject with a plain string. */
export function isAppError(value: unknown): value is AppError {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return typeof candidate.code === "string" && candidate.code in ERROR_SUMMARIES && typeof candidate.message === "string";
}

/** The sentence shown to the person for a failed command. */
export function describeError(error: unknown): string {
  if (isAppError(error)) return error.path ? error.message : ERROR_SUMMARIES[error.code];
  return `Something went wrong: ${String(error)}`;
}
