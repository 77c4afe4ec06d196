// The colour theme: light or dark, remembered in local storage.

export type Theme = "light" | "dark";

export const THEME_KEY = "lensboard.theme";

/** The theme a stored value names; anything but "dark" (nothing stored, or an old value) is light. */
export function themeOf(stored: string | null): Theme {
  return stored === "dark" ? "dark" : "light";
}

export function otherTheme(theme: Theme): Theme {
  return theme === "dark" ? "light" : "dark";
}
