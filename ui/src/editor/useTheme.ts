import { useCallback, useEffect, useState } from "react";

import { otherTheme, THEME_KEY, themeOf, type Theme } from "./theme";

function storedTheme(): Theme {
  try {
    return themeOf(localStorage.getItem(THEME_KEY));
  } catch {
    return "light";
  }
}

/** The colour theme, set on the page's root element and remembered across sessions. */
export function useTheme(): { theme: Theme; toggleTheme: () => void } {
  const [theme, setTheme] = useState<Theme>(storedTheme);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    try {
      localStorage.setItem(THEME_KEY, theme);
    } catch {
      // storage unavailable: the theme just is not remembered
    }
  }, [theme]);
  const toggleTheme = useCallback(() => {
    setTheme(otherTheme);
  }, []);
  return { theme, toggleTheme };
}
