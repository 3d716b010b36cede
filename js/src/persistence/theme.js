// Colours of the persistence plots: one per homology dimension, and translucent variants
// of the theme's colours (the theme itself is read by ../shared/theme.js).

import { categoryColor, composite, mix, parseColor, toCss } from "../shared/colors.js";
import { DIMENSION_PALETTE_CODES } from "../shared/constants.js";

/** One colour per homology dimension (H0, H1, H2): category hues, as the figures draw them. */
export const DIM_COLORS = DIMENSION_PALETTE_CODES.map((code) => categoryColor(code));

/** Colour of dimension `dim` (dimensions past H2 reuse the category palette). */
export function dimColor(dim) {
  return DIM_COLORS[dim] ?? categoryColor(dim + 3);
}

/** How far a mark fades toward the theme's muted ink: dead at ε, short (in the noise band). */
export const FADE = Object.freeze({ dead: 0.5, short: 0.7, deadAndShort: 0.85 });

/**
 * The colour of a mark of dimension `dim`: its hue when alive at ε and long, faded toward
 * the theme's muted ink (never toward the background) when dead or short, so that every
 * mark keeps its contrast against the page, light or dark (WCAG AA: 3:1 for graphics).
 * @param {number} dim
 * @param {{ alive?: boolean, short?: boolean }} state
 * @param {{ background: string, muted: string }} theme
 */
export function markColor(dim, { alive = true, short = false }, theme) {
  const amount = !alive && short ? FADE.deadAndShort : short ? FADE.short : alive ? 0 : FADE.dead;
  const page = parseColor(theme.background, [1, 1, 1, 1]);
  const muted = composite(parseColor(theme.muted, [0.5, 0.5, 0.5, 1]), page);
  return toCss(mix(parseColor(dimColor(dim)), muted, amount));
}

/** `color` (any CSS colour parseColor reads) with opacity `alpha`, as rgba(). */
export function withAlpha(color, alpha) {
  const [r, g, b, a] = parseColor(color, [0.5, 0.5, 0.5, 1]);
  const to255 = (v) => Math.round(v * 255);
  return `rgba(${to255(r)}, ${to255(g)}, ${to255(b)}, ${Number((a * alpha).toFixed(3))})`;
}
