// The `features` and `has_cycle` traits as plain objects, and how a feature reads in words.
// Everything else in the view works on this list, so the binary layout is decoded once.

import { decodeArray } from "../shared/arrays.js";
import { formatScale } from "../shared/format.js";

/**
 * @typedef {{ id: number, dim: number, birth: number, death: number, hasCycle: boolean }} Feature
 */

/**
 * Decode the traits into features; the row index is the feature id the model speaks of.
 * A missing or empty trait is no features (the first render comes before any computation).
 * @param {any} featuresTrait {dtype:"float32", shape:[k,3]} or null
 * @param {any} [cycleTrait] {dtype:"uint8", shape:[k]} or null
 * @returns {Feature[]}
 */
export function readFeatures(featuresTrait, cycleTrait) {
  return featuresOf(decodeArray(featuresTrait), decodeArray(cycleTrait));
}

/**
 * The features of the decoded traits (NDArrays, as the view's props hold them).
 * @param {import("../shared/arrays.js").NDArray | null} array [k, 3] rows of dim, birth, death
 * @param {import("../shared/arrays.js").NDArray | null} [hasCycle] [k]: 1 where a cycle is known
 * @returns {Feature[]}
 */
export function featuresOf(array, hasCycle) {
  if (!array || array.shape.length !== 2 || array.shape[0] === 0) return [];
  const [rows, columns] = array.shape;
  if (columns < 3) throw new RangeError(`features need 3 columns (dim, birth, death), got ${columns}`);
  const cycles = hasCycle?.data ?? null;
  const out = [];
  for (let id = 0; id < rows; id += 1) {
    const at = id * columns;
    out.push({
      id,
      dim: Math.round(array.data[at]),
      birth: array.data[at + 1],
      death: array.data[at + 2],
      hasCycle: Boolean(cycles && cycles[id]),
    });
  }
  return out;
}

/** death − birth; Infinity for a feature that never dies. */
export function persistenceOf(feature) {
  return feature.death - feature.birth;
}

export { formatScale };

/** The hover text: "H1 · born 0.52 · dies 1.83 · persistence 1.31" ("dies never" if ∞). */
export function describeFeature(feature) {
  const dies = Number.isFinite(feature.death) ? `dies ${formatScale(feature.death)}` : "dies never";
  return `H${feature.dim} · born ${formatScale(feature.birth)} · ${dies} · persistence ${formatScale(
    persistenceOf(feature),
  )}`;
}
