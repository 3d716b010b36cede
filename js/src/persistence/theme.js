// Colours of the persistence plots: one per homology dimension, and translucent variants
// of the theme's colours (the theme itself is read by ../shared/theme.js).

import { categoryColor, parseColor } from "../shared/colors.js";
import { DIMENSION_PALETTE_CODES } from "../shared/constants.js";

/** One colour per homology dimension (H0, H1, H2): category hues, as the figures draw them. */
export const DIM_COLORS = DIMENSION_PALETTE_CODES.map((code) => categoryColor(code));

/** Colour of dimension `dim` (dimensions past H2 reuse the category palette). */
export function dimColor(dim) {
  return DIM_COLORS[dim] ?? categoryColor(dim + 3);
}

/** `color` (any CSS colour parseColor reads) with opacity `alpha`, as rgba(). */
export function withAlpha(color, alpha) {
  const [r, g, b, a] = parseColor(color, [0.5, 0.5, 0.5, 1]);
  const to255 = (v) => Math.round(v * 255);
  return `rgba(${to255(r)}, ${to255(g)}, ${to255(b)}, ${Number((a * alpha).toFixed(3))})`;
}
