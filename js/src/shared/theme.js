// The theme in force: JupyterLab's --jp-* CSS variables, with fallbacks that suit a page
// without JupyterLab (Notebook 7, VS Code, Colab). Views re-read it when JupyterLab switches
// themes (it changes attributes on <body>).

import { lightness, parseColor } from "./colors.js";

/** The value of CSS variable `name` for `el`, or `fallback`. */
export function cssVar(el, name, fallback) {
  return getComputedStyle(el).getPropertyValue(name).trim() || fallback;
}

/**
 * The colours (CSS strings) and the small font of the views, for `el` now: the one theme
 * reader of every view. `accent` (marks, the lasso, the ε band) falls back to JupyterLab's
 * own brand colour, so a page without JupyterLab looks as the Lab does.
 * @param {HTMLElement} el
 */
export function readTheme(el) {
  const background = cssVar(el, "--jp-layout-color0", "#ffffff");
  const dark = lightness(parseColor(background)) < 0.5;
  return {
    background,
    ink: cssVar(el, "--jp-ui-font-color1", dark ? "#dddddd" : "#222222"),
    strong: cssVar(el, "--jp-ui-font-color0", dark ? "#ffffff" : "#000000"),
    muted: cssVar(el, "--jp-ui-font-color2", dark ? "#aaaaaa" : "#666666"),
    accent: cssVar(el, "--jp-brand-color1", "#1976d2"),
    error: cssVar(el, "--jp-error-color1", "#d32f2f"),
    font: `11px ${cssVar(el, "--jp-ui-font-family", "system-ui, sans-serif")}`,
  };
}

/**
 * Call `onChange` whenever JupyterLab switches themes; returns the function that stops it.
 * @param {() => void} onChange
 */
export function watchTheme(onChange) {
  const watcher = new MutationObserver(onChange);
  watcher.observe(document.body, { attributes: true, attributeFilter: ["data-jp-theme-light", "class"] });
  return () => watcher.disconnect();
}
