import { describe, expect, it } from "vitest";

import { describeError, isAppError } from "./errors";

describe("describeError", () => {
  it("chooses the message by the error's code, not by its text", () => {
    expect(describeError({ code: "invalid_label", message: "anything" })).toBe(
      "A label must not be blank and can have at most 4,096 characters.",
    );
    expect(describeError({ code: "unknown_component", message: "" })).toBe(
      "This component is no longer in the architecture.",
    );
  });

  it("reports failures that are not app errors as they are", () => {
    expect(describeError("command rename_component not found")).toBe(
      "Something went wrong: command rename_component not found",
    );
    expect(isAppError({ code: "made_up", message: "x" })).toBe(false);
  });
});
