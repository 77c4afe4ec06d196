import { useCallback, useState } from "react";

import { toastLifetime, withToast, type Toast, type ToastKind } from "./toasts";

/** Shows a message in the window's corner (an error unless told otherwise). */
export type Notify = (text: string, kind?: ToastKind) => void;

/** The toasts shown and the `notify` that adds one; each goes away after its lifetime. */
export function useToasts(): { toasts: Toast[]; notify: Notify } {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const notify = useCallback<Notify>((text, kind = "error") => {
    const id = Date.now() + Math.random();
    setToasts((list) => withToast(list, { id, text, kind }));
    window.setTimeout(() => {
      setToasts((list) => list.filter((t) => t.id !== id));
    }, toastLifetime(kind));
  }, []);
  return { toasts, notify };
}
