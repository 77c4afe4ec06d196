// The short messages in the window's corner: errors stay longer than information, and only the
// newest few are shown.

export type ToastKind = "error" | "info";
export type Toast = { id: number; text: string; kind: ToastKind };

/** At most this many toasts at once; a new one pushes out the oldest. */
export const SHOWN_TOASTS = 3;

export function withToast(shown: readonly Toast[], toast: Toast): Toast[] {
  return [...shown.slice(-(SHOWN_TOASTS - 1)), toast];
}

/** How long a toast stays, in milliseconds: an error long enough to be read twice. */
export function toastLifetime(kind: ToastKind): number {
  return kind === "error" ? 8000 : 3500;
}
