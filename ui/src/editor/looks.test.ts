import { describe, expect, it } from "vitest";

import { Looks, type Look } from "./looks";

const high: Look = { risk: "high", risks: 2, questions: 0, emphasis: "normal" };
const none: Look = { risk: null, risks: 0, questions: 0, emphasis: "normal" };

describe("the live looks of the canvas", () => {
  it("keeps the object of a look that did not change, so that node is not redrawn", () => {
    const looks = new Looks();
    looks.set(new Map([["a", high], ["b", none]]));
    const before = looks.get("b");
    looks.set(new Map([["a", { ...none }], ["b", { ...none }]]));
    expect(looks.get("b")).toBe(before);
    expect(looks.get("a")).toEqual(none);
  });

  it("tells its subscribers when a look changed, and only then", () => {
    const looks = new Looks();
    let calls = 0;
    const stop = looks.subscribe(() => {
      calls += 1;
    });
    looks.set(new Map([["a", high]]));
    looks.set(new Map([["a", { ...high }]]));
    expect(calls).toBe(1);
    looks.set(new Map([["a", { ...high, emphasis: "witness" }]]));
    expect(calls).toBe(2);
    looks.set(new Map([["a", { ...high, emphasis: "witness", questions: 1 }]]));
    expect(calls).toBe(3);
    looks.set(new Map());
    expect(calls).toBe(4);
    expect(looks.get("a")).toBeUndefined();
    stop();
    looks.set(new Map([["a", high]]));
    expect(calls).toBe(4);
  });
});
