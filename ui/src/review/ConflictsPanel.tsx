// The merge conflicts a review holds (recorded by `lens merge` / git's merge driver), in the
// sidebar while there are any: what each is about with ours / theirs / base values, shown on the
// canvas when picked, and settled by keeping ours or taking theirs — or by editing the element in
// the inspector and marking it resolved, which keeps the value the review holds. Resolving is an
// undoable change of the review; what is left unresolved is saved with it. Labels, targets and
// marks are the pure helpers of ./conflicts.ts.
import type { Side } from "../bindings";
import { describeError } from "../errors";
import { reviewApi, type Snapshot } from "./api";
import { conflictCount, conflictMarksCss, conflictTarget, conflictTitle, valueText, type ConflictView } from "./conflicts";

type Props = {
  snapshot: Snapshot;
  show: (next: Snapshot) => void;
  notify: (text: string, kind?: "error" | "info") => void;
  /** Selects `select` on the canvas and brings `components` into view. */
  onReveal: (target: { select: string[]; components: string[] }) => void;
};

function Value({ side, value }: { side: string; value: string | null }) {
  return (
    <div className="conflict__value">
      <dt>{side}</dt>
      <dd><code>{valueText(value)}</code></dd>
    </div>
  );
}

export function ConflictsPanel({ snapshot, show, notify, onReveal }: Props) {
  const conflicts = snapshot.conflicts;
  if (conflicts.length === 0) return null;

  const resolve = (conflict: ConflictView, side: Side) => {
    reviewApi.resolveConflict(conflict.index, side).then((s) => { show(s); }, (e: unknown) => { notify(describeError(e)); });
  };

  return (
    <section className="conflicts" aria-label="Merge conflicts" data-testid="conflicts">
      <style data-testid="conflict-marks">{conflictMarksCss(conflicts)}</style>
      <h2 data-testid="conflicts-count">{conflictCount(conflicts.length)}</h2>
      <p className="conflicts__hint">The merge kept ours. Keep it, take theirs, or edit the element in the inspector and mark it resolved.</p>
      <ul>
        {conflicts.map((c) => (
          <li key={`${c.index}:${c.path}`} className="conflict" data-testid={`conflict-${c.index}`}>
            <button
              type="button"
              className="conflict__what"
              title={c.path}
              data-testid={`conflict-show-${c.index}`}
              onClick={() => { onReveal(conflictTarget(c, snapshot.architecture, snapshot.findings)); }}
            >
              {conflictTitle(c, snapshot.architecture)}
            </button>
            <p className="conflict__reason">{c.reason_label}</p>
            <dl className="conflict__values">
              <Value side="Ours" value={c.ours} />
              <Value side="Theirs" value={c.theirs} />
              <Value side="Base" value={c.base} />
            </dl>
            <div className="conflict__actions">
              <button type="button" className="button" data-testid={`conflict-ours-${c.index}`} onClick={() => { resolve(c, "ours"); }}>Keep ours</button>
              <button type="button" className="button" data-testid={`conflict-theirs-${c.index}`} onClick={() => { resolve(c, "theirs"); }}>Take theirs</button>
              <button type="button" className="button" title="Keep the value the review holds now, as edited in the inspector" data-testid={`conflict-resolved-${c.index}`} onClick={() => { resolve(c, "ours"); }}>Mark resolved</button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
