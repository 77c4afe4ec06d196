import { describe, expect, it } from "vitest";

import { ERROR_SUMMARIES, type ErrorCode } from "./bindings";
import { describeError, isAppError } from "./errors";

describe("describeError", () => {
  it("chooses the sentence by the error's code, not by its text", () => {
    expect(describeError({ code: "invalid_label", message: "anything", path: null })).toBe(
      "A label must not be blank and can have at most 4,096 characters.",
    );
    expect(describeError({ code: "unknown_component", message: "", path: null })).toBe(
      "This component is no longer in the architecture.",
    );
  });

  it("shows the error's own message when it names a file or a field", () => {
    const message = '"/tmp/a.json" is not a valid architecture: components[0]: the field "kind" is missing';
    expect(describeError({ code: "invalid_architecture", message, path: "components[0]" })).toBe(message);
  });

  it("has a sentence from Rust for every code the bindings declare", () => {
    // A code without a summary would not type-check here: the record is indexed by ErrorCode.
    const summaries: Record<ErrorCode, string> = ERROR_SUMMARIES;
    for (const [code, summary] of Object.entries(summaries)) {
      expect(summary, code).toMatch(/^[A-Z].*\.$/);
    }
  });

  it("reports failures that are not app errors as they are", () => {
    expect(describeError("command snapshot not found")).toBe("Something went wrong: command snapshot not found");
    expect(isAppError({ code: "made_up", message: "x" })).toBe(false);
  });
});
