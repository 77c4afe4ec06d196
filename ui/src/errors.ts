// What the UI says when a command fails. It switches on the error's code, never on its message
// text (STYLE.md #6).

import type { AppError, ErrorCode } from "./bindings";

const MESSAGES: Record<ErrorCode, string> = {
  invalid_label: "A label must have between 1 and 200 characters.",
  unknown_component: "This component is no longer in the architecture.",
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
