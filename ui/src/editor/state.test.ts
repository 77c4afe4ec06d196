import { describe, expect, it } from "vitest";

import { snapshotOf } from "../test/snapshot";
import type { Architecture, DocumentSnapshot } from "./api";
import { busyText, canSave, editLabel, LARGE, recoveryMessage, replacesShown, sameSelection, selectionOf } from "./state";

const architecture: Architecture = {
  name: "A",
  boundaries: [{ id: "vpc", label: "VPC", trust: "private", parent: null, position: { x: 0, y: 0 }, size: { width: 500, height: 500 } }],
  components: [
    { id: "user", kind: "user", label: "Customer", boundary: null, properties: {}, position: { x: 0, y: 0 } },
    { id: "llm", kind: "model_endpoint", label: "Model", boundary: "vpc", properties: {}, position: { x: 300, y: 0 } },
  ],
  flows: [{ id: "f1", from: "user", to: "llm", properties: {} }],
};

const snapshot = (overrides: Partial<DocumentSnapshot> = {}) => snapshotOf(architecture, overrides);

describe("which snapshot is shown", () => {
  it("keeps a newer snapshot when an older command answers late, unless the review was replaced", () => {
    expect(replacesShown({ revision: 4 }, 5, false)).toBe(false);
    expect(replacesShown({ revision: 5 }, 5, false), "the same revision again (a read-only command)").toBe(true);
    expect(replacesShown({ revision: 6 }, 5, false)).toBe(true);
    expect(replacesShown({ revision: 0 }, 5, true), "a new or opened review starts its revisions again").toBe(true);
  });
});

describe("the progress indicator", () => {
  it("says what the command does, or that something is slow, or nothing", () => {
    expect(busyText("Saving…", 0)).toBe("Saving…");
    expect(busyText("Saving…", 2)).toBe("Saving…");
    expect(busyText(null, 1)).toBe("Working…");
    expect(busyText(null, 0)).toBeNull();
  });

  it("announces the evaluation of an edit only on a large architecture", () => {
    expect(editLabel(null)).toBeNull();
    expect(editLabel(snapshot())).toBeNull();
    const many = Array.from({ length: LARGE + 1 }, (_, i) => ({ id: `c${i}`, kind: "user", label: "C", boundary: null, properties: {} }));
    expect(editLabel(snapshot({ architecture: { ...architecture, components: many } }))).toBe("Evaluating…");
  });
});

describe("Save", () => {
  it("follows the snapshot's can_save, which Rust decides, and is possible before the first snapshot", () => {
    expect(canSave(snapshot())).toBe(false);
    expect(canSave(snapshot({ dirty: true, can_save: true }))).toBe(true);
    expect(canSave(null), "nothing loaded yet: nothing to grey out").toBe(true);
  });
});

describe("the inspector's selection", () => {
  it("is the one selected component, flow or boundary", () => {
    expect(selectionOf(architecture, ["llm"])).toEqual({ type: "component", id: "llm" });
    expect(selectionOf(architecture, ["f1"])).toEqual({ type: "flow", id: "f1" });
    expect(selectionOf(architecture, ["vpc"])).toEqual({ type: "boundary", id: "vpc" });
  });

  it("is nothing for no selection, several elements, or an id the architecture no longer has", () => {
    expect(selectionOf(architecture, [])).toBeNull();
    expect(selectionOf(architecture, ["llm", "user"])).toBeNull();
    expect(selectionOf(architecture, ["gone"])).toBeNull();
  });

  it("counts as unchanged only with the same ids in the same order", () => {
    expect(sameSelection(["a", "b"], ["a", "b"])).toBe(true);
    expect(sameSelection(["a", "b"], ["b", "a"])).toBe(false);
    expect(sameSelection(["a"], ["a", "b"])).toBe(false);
  });
});

describe("the recovery offer", () => {
  it("names the review and, when known, when it was autosaved", () => {
    const when = (s: number) => `at ${s}`;
    expect(recoveryMessage({ title: "Support", saved_at: 60, original: null }, when)).toBe("Lensboard closed unexpectedly while “Support” had unsaved changes (autosaved at 60).");
    expect(recoveryMessage({ title: "Support", saved_at: null, original: null }, when)).toBe("Lensboard closed unexpectedly while “Support” had unsaved changes.");
  });
});
