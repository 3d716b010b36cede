// Colours for categories: a palette that stays readable on light and dark backgrounds.

export const CATEGORY_PALETTE = [
  "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
  "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
];

/** Colour of category `code`; the palette repeats past its end. */
export function categoryColor(code) {
  const n = CATEGORY_PALETTE.length;
  return CATEGORY_PALETTE[((code % n) + n) % n];
}
