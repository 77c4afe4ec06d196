import { describe, expect, it } from "vitest";

import { SHOWN_TOASTS, toastLifetime, withToast, type Toast } from "./toasts";

const toast = (id: number): Toast => ({ id, text: `message ${id}`, kind: "info" });

describe("toasts", () => {
  it("shows the newest few, a new one pushing out the oldest", () => {
    let shown: Toast[] = [];
    for (let id = 1; id <= SHOWN_TOASTS + 2; id += 1) shown = withToast(shown, toast(id));
    expect(shown.map((t) => t.id)).toEqual([3, 4, 5]);
    expect(withToast([], toast(9))).toEqual([toast(9)]);
  });

  it("keeps an error on screen longer than a piece of information", () => {
    expect(toastLifetime("error")).toBeGreaterThan(toastLifetime("info"));
  });
});
