// Numbers as the views write them: every formatting rule in one place, each with its use.

/**
 * A scale value for people (ε, births and deaths, bounds): two decimals in the usual range,
 * three significant digits outside it, so a tiny ε or a large distance does not read as
 * "0.00" or a long string; ∞ for a feature that never dies.
 * @param {number} value
 */
export function formatScale(value) {
  if (value === Infinity) return "∞";
  if (!Number.isFinite(value)) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude !== 0 && (magnitude < 0.01 || magnitude >= 1000)) {
    return Number(value.toPrecision(3)).toString();
  }
  return value.toFixed(2);
}

/**
 * The ends of a colour bar: four significant digits, exponents for very large or small.
 * @param {number} value
 */
export function formatTick(value) {
  if (!Number.isFinite(value)) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude !== 0 && (magnitude >= 1e5 || magnitude < 1e-3)) return value.toExponential(2);
  return Number(value.toPrecision(4)).toString();
}

/**
 * A slider value, short and stable while it moves (the width does not jump).
 * @param {number | string} value
 */
export function formatValue(value) {
  const v = Number(value);
  if (v === 0) return "0";
  return Math.abs(v) >= 100 || Math.abs(v) < 0.01 ? v.toExponential(1) : v.toFixed(2);
}

/**
 * Milliseconds as the views write them into data-* attributes (tests and benchmarks read them).
 * @param {number} ms
 */
export function formatMs(ms) {
  return ms.toFixed(2);
}
