// What a kernel does with a file's saved traits, where the file holds the answer: in an
// app, the scale ε draws the Rips edges on the map (when the persistence view asks for
// edges on the map) and a selected feature draws its cycle there (the cycles were written
// into the file); an interpolation's method buttons show that method's path (each method's
// path and frames were written into the file). What needs a kernel is said in the status.

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

/** A trait value of a typed array in the file (`{data, shape, dtype}`). */
const trait = (array) => arrayTrait(array);

/**
 * An interpolation's saves: another method shows its path; other steps say they need a kernel.
 * @param {{ methods?: Record<string, any> }} interpolation its file data
 * @returns {(changed: Set<string>, model: any) => void}
 */
export function interpolationFile(interpolation) {
  return (changed, model) => {
    const methods = interpolation.methods ?? {};
    if (changed.has("method") && methods[model.get("method")]) {
      const chosen = methods[model.get("method")];
      for (const name of ["path", "frames", "smoothness"]) model.set(name, trait(chosen[name]));
      model.set("smoothness_threshold", chosen.smoothness_threshold);
      model.set("status", chosen.status);
    } else if (changed.has("steps") || changed.has("method")) {
      model.set("status", { state: "error", message: "this file has no kernel: a new path "
        + "(other steps or anchors) needs one (open the notebook to use it)", traceback: "" });
    }
  };
}
