// Colours: categories (latent_widgets/constants.json, the list the figures use too) and a
// sampled viridis for numbers (matplotlib's, the colormap of the figures).

import { CATEGORY_PALETTE } from "./constants.js";

export { CATEGORY_PALETTE };

export const VIRIDIS = [
  "#440154", "#46075a", "#470d60", "#471365", "#48186a", "#481d6f", "#482374", "#482878",
  "#472d7b", "#46327e", "#453781", "#443b84", "#424086", "#404588", "#3e4989", "#3d4e8a",
  "#3a538b", "#38588c", "#365c8d", "#34608d", "#32648e", "#31688e", "#2f6c8e", "#2d708e",
  "#2c738e", "#2a778e", "#297b8e", "#277f8e", "#26828e", "#24868e", "#238a8d", "#218e8d",
  "#20928c", "#1f968b", "#1f9a8a", "#1f9e89", "#1fa187", "#21a585", "#23a983", "#26ad81",
  "#2ab07f", "#2fb47c", "#35b779", "#3bbb75", "#42be71", "#4ac16d", "#52c569", "#5ac864",
  "#65cb5e", "#6ece58", "#77d153", "#81d34d", "#8bd646", "#95d840", "#a0da39", "#aadc32",
  "#b5de2b", "#c0df25", "#cae11f", "#d5e21a", "#dfe318", "#eae51a", "#f4e61e", "#fde725",
];

/** Colour of category `code`; the palette repeats past its end. */
export function categoryColor(code) {
  const n = CATEGORY_PALETTE.length;
  return CATEGORY_PALETTE[((code % n) + n) % n];
}

/** The category colours for `count` classes, one per class. */
export function categoryColors(count) {
  return Array.from({ length: Math.max(count, 1) }, (_, code) => categoryColor(code));
}

/**
 * What to tell the reader when `count` classes outnumber the palette, or "" (the words of
 * latent_widgets/figures/colors.py's palette_note).
 */
export function paletteNote(count) {
  const size = CATEGORY_PALETTE.length;
  if (!(count > size)) return "";
  return `${count} classes share ${size} colours: each class past the ${size}th has the colour of the class ${size} places before it`;
}

/** Colour of a number in [0, 1] on the viridis scale (clamped). */
export function numericColor(value) {
  const t = Math.min(1, Math.max(0, Number.isFinite(value) ? value : 0));
  return VIRIDIS[Math.round(t * (VIRIDIS.length - 1))];
}

/**
 * Parse a CSS colour (#rgb, #rrggbb, rgb(), rgba()) to [r, g, b, a] in 0..1; `fallback`
 * when it cannot be read.
 * @param {string} text
 * @param {number[]} fallback
 */
export function parseColor(text, fallback = [1, 1, 1, 1]) {
  const value = (text || "").trim();
  let match = /^#([0-9a-f]{3})$/i.exec(value);
  if (match) {
    return [...match[1]].map((c) => parseInt(c + c, 16) / 255).concat(1);
  }
  match = /^#([0-9a-f]{6})([0-9a-f]{2})?$/i.exec(value);
  if (match) {
    const hex = match[1];
    const rgb = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
    return rgb.concat(match[2] ? parseInt(match[2], 16) / 255 : 1);
  }
  match = /^rgba?\(([^)]+)\)$/i.exec(value);
  if (match) {
    const parts = match[1].split(/[\s,/]+/).filter(Boolean).map(Number);
    if (parts.length >= 3 && parts.slice(0, 3).every(Number.isFinite)) {
      return [parts[0] / 255, parts[1] / 255, parts[2] / 255, parts[3] ?? 1];
    }
  }
  return fallback;
}

/** WCAG 2 relative luminance of an opaque [r, g, b(, a)] in 0..1. */
export function luminance([r, g, b]) {
  const linear = (c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/** WCAG 2 contrast ratio of two opaque colours [r, g, b] (1 to 21). */
export function contrastRatio(a, b) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** [r, g, b, a] painted over the opaque `under`: the opaque colour the eye sees. */
export function composite([r, g, b, a], under) {
  return [r * a + under[0] * (1 - a), g * a + under[1] * (1 - a), b * a + under[2] * (1 - a), 1];
}

/** `from` moved `amount` (0..1) of the way to `to`, channel by channel. */
export function mix(from, to, amount) {
  return from.map((v, i) => v + (to[i] - v) * amount);
}

/** [r, g, b, a] in 0..1 as a CSS rgb() string. */
export function toCss([r, g, b]) {
  const to255 = (v) => Math.round(Math.min(1, Math.max(0, v)) * 255);
  return `rgb(${to255(r)}, ${to255(g)}, ${to255(b)})`;
}

/** Perceived lightness of [r, g, b, a] in 0..1: tells a dark theme from a light one. */
export function lightness([r, g, b]) {
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
