import type { RecoveryInfo } from "./api";
import { recoveryMessage } from "./state";

type Props = { recovery: RecoveryInfo; onRestore: () => void; onDiscard: () => void };

/** The offer, at the top of the window, to restore what an unexpected end left unsaved. */
export function RecoveryBanner({ recovery, onRestore, onDiscard }: Props) {
  return (
    <div className="banner" role="alert" data-testid="recovery">
      <span>{recoveryMessage(recovery)}</span>
      <button type="button" className="button button--primary" onClick={onRestore}>
        Restore
      </button>
      <button type="button" className="button" onClick={onDiscard}>
        Discard
      </button>
    </div>
  );
}
