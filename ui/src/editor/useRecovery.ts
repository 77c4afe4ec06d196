// The offer to restore the unsaved changes of a session that ended unexpectedly (Rust keeps an
// autosave; it says at start-up whether there is one).
import { useCallback, useEffect, useState } from "react";

import { describeError } from "../errors";
import { api, type RecoveryInfo } from "./api";
import type { DocumentView } from "./useDocument";
import type { Notify } from "./useToasts";

export function useRecovery({ run, notify }: { run: DocumentView["run"]; notify: Notify }) {
  const [recovery, setRecovery] = useState<RecoveryInfo | null>(null);

  useEffect(() => {
    let cancelled = false;
    api.recovery().then((info) => {
      if (!cancelled) setRecovery(info);
    }, () => undefined);
    return () => {
      cancelled = true;
    };
  }, []);

  const restore = useCallback(async () => {
    setRecovery(null);
    const error = await run(api.restoreRecovery, "Restoring…", true);
    if (error) notify(error);
  }, [run, notify]);

  const discard = useCallback(async () => {
    setRecovery(null);
    try {
      await api.discardRecovery();
    } catch (error) {
      notify(describeError(error));
    }
  }, [notify]);

  return { recovery, restore, discard };
}
