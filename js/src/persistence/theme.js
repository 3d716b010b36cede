// Colours and canvas set-up shared by the diagram, the barcode and the layer chart. Colours
// come from JupyterLab's --jp-* variables (re-read when the theme changes) with fallbacks that
// suit the page when there is no JupyterLab.

import { categoryColor, lightness, parseColor } from "../shared/colors.js";

/** One colour per homology dimension (H0, H1, H2): the first, third and fifth category hues. */
export const DIM_COLORS = [categoryColor(0), categoryColor(2), categoryColor(4)];

/** Colour of dimension `dim` (dimensions past H2 reuse the category palette). */
export function dimColor(dim) {
  return DIM_COLORS[dim] ?? categoryColor(dim + 3);
}

function cssVar(el, name, fallback) {
  return getComputedStyle(el).getPropertyValue(name).trim() || fallback;
}

/** The colours in force for `el` now. */
export function readTheme(el) {
  const backgroundText = cssVar(el, "--jp-layout-color0", "#ffffff");
  const dark = lightness(parseColor(backgroundText)) < 0.5;
  return {
    background: backgroundText,
    ink: cssVar(el, "--jp-ui-font-color1", dark ? "#dddddd" : "#222222"),
    strong: cssVar(el, "--jp-ui-font-color0", dark ? "#ffffff" : "#000000"),
    muted: cssVar(el, "--jp-ui-font-color2", dark ? "#aaaaaa" : "#666666"),
    accent: cssVar(el, "--jp-brand-color1", "#1976d2"),
    font: `11px ${cssVar(el, "--jp-ui-font-family", "system-ui, sans-serif")}`,
  };
}

/** `color` (any CSS colour parseColor reads) with opacity `alpha`, as rgba(). */
export function withAlpha(color, alpha) {
  const [r, g, b, a] = parseColor(color, [0.5, 0.5, 0.5, 1]);
  const to255 = (v) => Math.round(v * 255);
  return `rgba(${to255(r)}, ${to255(g)}, ${to255(b)}, ${Number((a * alpha).toFixed(3))})`;
}

/**
 * Size a canvas's backing store to its CSS size × devicePixelRatio so lines stay sharp on
 * high-density screens; returns the 2-D context drawing in CSS pixels, or null where there is
 * no canvas support (jsdom without a canvas package): the view then keeps working, unpainted.
 * @param {HTMLCanvasElement} canvas
 */
export function sizeCanvas(canvas, width, height) {
  const ratio = globalThis.devicePixelRatio || 1;
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  canvas.width = Math.max(1, Math.round(width * ratio));
  canvas.height = Math.max(1, Math.round(height * ratio));
  let ctx = null;
  try {
    ctx = canvas.getContext("2d");
  } catch {
    ctx = null;
  }
  ctx?.setTransform(ratio, 0, 0, ratio, 0, 0);
  return ctx;
}
