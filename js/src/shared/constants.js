// Constants the views and the Python side share, read from latent_widgets/constants.json
// (Python reads the same file in latent_widgets/_constants.py): written once, bundled in.

import CONSTANTS from "../../../latent_widgets/constants.json";

export const CATEGORY_PALETTE = Object.freeze([...CONSTANTS.category_palette]);
/** Codes into the category palette of the H0, H1, H2 colours. */
export const DIMENSION_PALETTE_CODES = Object.freeze([...CONSTANTS.dimension_palette_codes]);
/** [key, label] of each projection. */
export const PROJECTIONS = CONSTANTS.projections;
/** [key, label] of each persistence view. */
export const VIEWS = CONSTANTS.persistence_views;
/** [key, label, tooltip] of each interpolation method. */
export const METHODS = CONSTANTS.interpolation_methods;
export const MIN_STEPS = CONSTANTS.min_steps;
export const MAX_STEPS = CONSTANTS.max_steps;
/** Selections travel in parts of at most this many bytes (Jupyter's limit may be low). */
export const SELECTION_PART_BYTES = CONSTANTS.selection_part_bytes;
