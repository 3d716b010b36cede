// Betti numbers at a scale ε, by the rule of the Python side (latent_widgets.topology.persistence.betti):
// a feature is alive at ε when birth ≤ ε < death. Kept identical so the readout and the
// kernel never disagree about the same ε.

import { formatScale } from "./features.js";

/** Whether `feature` is alive at scale `eps`. */
export function aliveAt(feature, eps) {
  return feature.birth <= eps && eps < feature.death;
}

/**
 * Betti numbers β0..β_maxdim at `eps`; dimensions above maxdim are not counted (the model
 * did not compute them), dimensions without features count 0.
 * @param {{ dim: number, birth: number, death: number }[]} features
 * @param {number} eps
 * @param {number} maxdim
 * @returns {number[]}
 */
export function bettiAt(features, eps, maxdim) {
  const counts = new Array(Math.max(0, maxdim) + 1).fill(0);
  for (const feature of features) {
    if (feature.dim >= 0 && feature.dim < counts.length && aliveAt(feature, eps)) {
      counts[feature.dim] += 1;
    }
  }
  return counts;
}

/** The readout: "ε = 0.83 · β0 = 3 · β1 = 1". */
export function describeBetti(eps, betti) {
  return [`ε = ${formatScale(eps)}`, ...betti.map((count, dim) => `β${dim} = ${count}`)].join(" · ");
}
