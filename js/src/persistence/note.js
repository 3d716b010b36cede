// The note line under the toolbar: what was computed, on how many points, and how far the
// subsampling may move the diagram, in short phrases; the arithmetic behind them (the budget,
// the plan of stages) goes to its tooltip. Plain text; the view sets it as text.

import { formatScale } from "./features.js";

/**
 * @param {{ n_points?: number, n_landmarks?: number, scope_text?: string,
 *   stopped_early?: boolean }} info
 * @param {number} errorBound bottleneck bound of the subsampling; 0 when exact
 * @returns {string[]} the phrases, in order (empty ones left out)
 */
export function noteParts(info, errorBound) {
  const parts = [];
  if (info?.scope_text) parts.push(String(info.scope_text));
  const points = Number(info?.n_points);
  const landmarks = Number(info?.n_landmarks);
  if (Number.isFinite(points) && Number.isFinite(landmarks) && landmarks > 0 && landmarks < points) {
    parts.push(`computed on ${landmarks} landmarks of ${points} points`);
  }
  if (errorBound > 0) {
    parts.push(
      `bound ${formatScale(errorBound)}: features closer than 2·${formatScale(errorBound)} to ` +
        "the diagonal (shaded) may come from the subsampling",
    );
  }
  if (info?.stopped_early) parts.push("stopped early by the time limit, so this answer depends on the machine");
  return parts;
}

/**
 * The tooltip of the note: the kernel's note and its detail sentences, one per line.
 * @param {{ note?: string, details?: string[] }} info
 * @returns {string}
 */
export function noteDetails(info) {
  const lines = [];
  if (info?.note) lines.push(String(info.note));
  if (Array.isArray(info?.details)) lines.push(...info.details.map(String));
  return lines.join("\n");
}
