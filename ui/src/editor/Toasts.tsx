import type { Toast } from "./toasts";

/** The toasts in the window's corner; errors are announced at once, information politely. */
export function Toasts({ toasts }: { toasts: readonly Toast[] }) {
  return (
    <div className="toasts" aria-live="assertive">
      {toasts.map((t) => (
        <div key={t.id} className={`toast toast--${t.kind}`} role={t.kind === "error" ? "alert" : "status"} data-testid="toast">
          {t.text}
        </div>
      ))}
    </div>
  );
}
