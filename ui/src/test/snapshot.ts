import type { Architecture, DocumentSnapshot } from "../editor/api";

/** A saved review's snapshot of `architecture` with no findings, changed by `overrides`. */
export function snapshotOf(architecture: Architecture, overrides: Partial<DocumentSnapshot> = {}): DocumentSnapshot {
  return {
    architecture,
    findings: [],
    decisions: [],
    summary: { high: 0, medium: 0, low: 0 },
    practices: [],
    marks: { components: {}, flows: {} },
    data_held: [],
    flow_purposes: {},
    revision: 1,
    dirty: false,
    can_save: false,
    can_undo: false,
    can_redo: false,
    path: "/tmp/a.lensboard",
    title: "A",
    conflicts: [],
    imported_from: null,
    ...overrides,
  };
}
