// Index-set logic of the map: visible points under hidden classes, toggling, comparing.

/**
 * Indices of the points whose class is not hidden; null when nothing is hidden.
 * @param {ArrayLike<number> | null} labels
 * @param {number[]} hidden
 * @returns {number[] | null}
 */
export function visibleIndices(labels, hidden) {
  if (!labels || hidden.length === 0) return null;
  const off = new Set(hidden);
  const keep = [];
  for (let i = 0; i < labels.length; i++) if (!off.has(labels[i])) keep.push(i);
  return keep;
}

/** `values` with `value` added when absent, removed when present, sorted. */
export function toggled(values, value) {
  const set = new Set(values);
  if (set.has(value)) set.delete(value);
  else set.add(value);
  return Array.from(set).sort((a, b) => a - b);
}

/** Whether two index lists hold the same indices (both sorted). */
export function sameIndices(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
