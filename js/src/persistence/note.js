// The note line under the toolbar: what was computed, on how many points, and how far the
// subsampling may move the diagram. Plain sentences; the view sets them as text.

import { formatScale } from "./features.js";

/**
 * @param {{ n_points?: number, n_landmarks?: number, note?: string, scope_text?: string }} info
 * @param {number} errorBound bottleneck bound of the subsampling; 0 when exact
 * @returns {string[]} the sentences, in order (empty ones left out)
 */
export function noteParts(info, errorBound) {
  const parts = [];
  if (info?.scope_text) parts.push(String(info.scope_text));
  const points = Number(info?.n_points);
  const landmarks = Number(info?.n_landmarks);
  if (Number.isFinite(points) && Number.isFinite(landmarks) && landmarks > 0 && landmarks < points) {
    parts.push(`computed on ${landmarks} landmarks of ${points} points`);
  }
  if (info?.note) parts.push(String(info.note));
  if (errorBound > 0) {
    parts.push(
      `features closer than 2·${formatScale(errorBound)} to the diagonal (shaded) ` +
        "may come from the subsampling",
    );
  }
  return parts;
}
