// What the UI says when a command fails. It switches on the error's code, never on its message
// text (STYLE.md #6).

import type { AppError, ErrorCode } from "./bindings";

const MESSAGES: Record<ErrorCode, string> = {
  invalid_label: "A label must not be blank and can have at most 4,096 characters.",
  unknown_component: "This component is no longer in the architecture.",
  unknown_flow: "This flow is no longer in the architecture.",
  unknown_boundary: "This boundary is no longer in the architecture.",
  duplicate_id: "An element with this id already exists.",
  dangling_flow: "A flow must connect two components of the architecture.",
  boundary_cycle: "A boundary cannot be placed inside itself.",
  invalid_value: "The catalog does not allow this kind, property or value.",
  invalid_edit: "This change is not valid for the architecture.",
  file_missing: "The file does not exist any more.",
  permission_denied: "You do not have permission to use this file.",
  not_a_file: "This is a folder or a special file, not a review.",
  not_a_review: "This file is neither a Lensboard review nor architecture JSON.",
  invalid_architecture: "This architecture JSON has an error.",
  newer_version: "This review was saved by a newer version of Lensboard.",
  corrupt_file: "This review file is damaged.",
  read_failed: "The file could not be read.",
  write_failed: "The review could not be saved; the previous file is unchanged.",
  no_path: "Choose where to save this review.",
  invalid_pack: "A rule pack could not be loaded.",
  no_recovery: "There is no unsaved work to restore.",
  no_finding: "A decision must name the finding it is about.",
  justification_required: "Accepted and false-positive decisions need a justification.",
  owner_required: "A decision needs an owner.",
  invalid_date: "Write the date as YYYY-MM-DD, for example 2026-11-25.",
  invalid_ticket: "A ticket link must start with https:// or http://.",
  unknown_checklist_item: "This checklist question is not part of the lens.",
  empty_milestone_name: "A milestone needs a name.",
  milestone_exists: "A milestone with this name already exists.",
  unknown_milestone: "There is no milestone with this name.",
  unknown_template: "There is no such template.",
  internal: "Something went wrong inside Lensboard; the review is unchanged.",
};

/** Framework failures (an unknown command, a bad argument) reject with a plain string. */
export function isAppError(value: unknown): value is AppError {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return typeof candidate.code === "string" && candidate.code in MESSAGES && typeof candidate.message === "string";
}

/** The sentence shown to the person for a failed command. */
export function describeError(error: unknown): string {
  if (isAppError(error)) return MESSAGES[error.code];
  return `Something went wrong: ${String(error)}`;
}
