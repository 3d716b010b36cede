// The links of an app's file (lw.link in the kernel), where no kernel is needed: the scale
// ε draws the Rips edges on the map (when the persistence view asks for edges on the map),
// and a selected feature draws its cycle there (the cycles were written into the file).

import { arrayTrait } from "./model.js";

/** A point list as an int32 trait. */
function indices(values) {
  const data = Int32Array.from(values ?? []);
  return arrayTrait({ data, shape: [data.length], dtype: "int32" });
}

/**
 * What the persistence view's saves do to the map.
 * @param {{ cycles?: Array<{ data: Int32Array } | null> }} persistence its file data
 * @param {() => import("./model.js").StaticModel | null} explorer the map's model
 * @returns {(changed: Set<string>, model: any) => void}
 */
export function persistenceLinks(persistence, explorer) {
  return (changed, model) => {
    const map = explorer();
    if (!map) return;
    if (changed.has("selected_feature")) {
      const row = Number(model.get("selected_feature"));
      const loop = row >= 0 ? persistence.cycles?.[row]?.data ?? [] : [];
      map.set("cycle", indices(loop));
      map.set("highlight", indices([...new Set(loop)].sort((a, b) => a - b)));
    }
    if (changed.has("eps") || changed.has("map_edges")) {
      map.set("rips_eps", model.get("map_edges") ? Number(model.get("eps")) : 0);
    }
  };
}
