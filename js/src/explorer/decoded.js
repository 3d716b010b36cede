// The decoded marker across maps: what a new map (another projection or layer) does with
// the last decoded position. A data point has a place on every map (its own row of points);
// a position decoded through one map's inverse has none on another.

/**
 * @typedef {{ index: number, x: number, y: number, map: string }} Decoded the last decode:
 *   the data point decoded (-1: the map's inverse at (x, y)) and the map it was on, in words
 */

/**
 * The marker on the new map and what to tell the user.
 * @param {Decoded | null} decoded
 * @param {ArrayLike<number>} xy the new map's interleaved positions
 * @param {string} map the new map, in words (e.g. "the PCA map of layer 'mean'")
 * @returns {{ marker: number[] | null, note: string, stale: boolean }} `stale`: the panel's
 *   frame no longer has a place on the map
 */
export function followDecoded(decoded, xy, map) {
  if (!decoded || decoded.map === map) {
    return { marker: decoded ? [decoded.x, decoded.y] : null, note: "", stale: false };
  }
  const { index } = decoded;
  if (index >= 0 && 2 * index + 1 < xy.length) {
    return {
      marker: [xy[2 * index], xy[2 * index + 1]],
      note: `The marker follows #${index} to its place on ${map}.`,
      stale: false,
    };
  }
  const at = `(${decoded.x.toFixed(3)}, ${decoded.y.toFixed(3)})`;
  return {
    marker: null,
    note: `The frame shown was decoded at ${at} on ${decoded.map}; that position has no `
      + `place on ${map}, so its marker is cleared: click to decode here.`,
    stale: true,
  };
}

/**
 * The map on screen, in words.
 * @param {string} projection the projection shown ("umap", "pca")
 * @param {string} layer the layer mapped ("" when the space has one)
 */
export function mapName(projection, layer) {
  const name = `the ${String(projection || "").toUpperCase()} map`;
  return layer ? `${name} of layer '${layer}'` : name;
}
