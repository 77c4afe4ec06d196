import { describe, expect, it } from "vitest";

import { otherTheme, themeOf } from "./theme";

describe("the colour theme", () => {
  it("is dark only when dark was stored, and light for nothing or anything else", () => {
    expect(themeOf("dark")).toBe("dark");
    expect(themeOf("light")).toBe("light");
    expect(themeOf(null)).toBe("light");
    expect(themeOf("solarized")).toBe("light");
  });

  it("toggles between light and dark", () => {
    expect(otherTheme("light")).toBe("dark");
    expect(otherTheme("dark")).toBe("light");
  });
});
