// The Explorer's layout by the width of its own output (not the window's): below
// NARROW_WIDTH the decoder panel goes under the map instead of beside it.

/** CSS pixels of the widget below which the panel goes under the map: beside it, the
 * 200 px panel would leave the map under ~350 px. */
export const NARROW_WIDTH = 560;

/** @param {number} width the widget's width in CSS pixels */
export function isNarrow(width) {
  return width > 0 && width < NARROW_WIDTH;
}

/**
 * Keep `root`'s `lw-narrow` class in step with its width; returns the function that stops.
 * @param {HTMLElement} root
 * @param {() => void} [onChange] called after the class changed
 */
export function watchWidth(root, onChange = () => {}) {
  const apply = () => {
    const narrow = isNarrow(root.clientWidth);
    if (narrow === root.classList.contains("lw-narrow")) return;
    root.classList.toggle("lw-narrow", narrow);
    onChange();
  };
  const observer = new ResizeObserver(apply);
  observer.observe(root);
  apply();
  return () => observer.disconnect();
}
