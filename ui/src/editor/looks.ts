// How each component node looks in the live review — its risk colour, its badges (findings the
// drawing shows, questions to answer) and emphasis (witness path / dimmed) — held in a small store next to React Flow's node data.
//
// Why: React Flow takes controlled nodes into its own store in a passive effect, i.e. one render
// pass and one painted frame after the snapshot arrived; on a 200-component canvas that pass
// costs tens of milliseconds more. The node component reads its look from here with
// useSyncExternalStore, so a new snapshot recolours exactly the nodes whose look changed, in
// the same turn as it arrives. The node data carries the same values (the minimap uses them).
import { useSyncExternalStore } from "react";

import type { Emphasis } from "./canvas";
import type { MarkLook } from "./questions";

export type Look = MarkLook & { emphasis: Emphasis };

function sameLook(a: Look, b: Look): boolean {
  return a.risk === b.risk && a.risks === b.risks && a.questions === b.questions && a.emphasis === b.emphasis;
}

export class Looks {
  private byId = new Map<string, Look>();
  private listeners = new Set<() => void>();

  /** Replaces every look. An unchanged look keeps its object, so its node does not re-render. */
  set(next: ReadonlyMap<string, Look>): void {
    let changed = next.size !== this.byId.size;
    const merged = new Map<string, Look>();
    for (const [id, look] of next) {
      const old = this.byId.get(id);
      if (old && sameLook(old, look)) {
        merged.set(id, old);
      } else {
        merged.set(id, look);
        changed = true;
      }
    }
    this.byId = merged;
    if (changed) for (const listener of this.listeners) listener();
  }

  get(id: string): Look | undefined {
    return this.byId.get(id);
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };
}

/** The looks of the editor's canvas. */
export const looks = new Looks();

/** The look of component `id`: from the store once the editor drew a snapshot, else `fallback`
 * (the node's data). */
export function useLook(id: string, fallback: Look): Look {
  const look = useSyncExternalStore(looks.subscribe, () => looks.get(id));
  return look ?? fallback;
}
