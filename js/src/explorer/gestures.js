// What the pointer means on the map, as pure rules, and the one-line help that says so.

/**
 * The gestures, one hint each: the help line and the "?" tooltip show them.
 * A click on empty space while a selection is shown only clears it (the user's next click
 * decodes): a click meant to dismiss a lasso should not also replace the decoded frame.
 */
export const GESTURES = [
  "click: decode that place (on a point: the point itself)",
  "drag: pan",
  "scroll: zoom",
  "shift-drag: lasso select",
  "shift-click: add or remove a point",
  "click empty space or Escape: clear the selection",
  "double-click empty space or ⟲: reset the view",
];

/** The gestures as one line. */
export const HELP_LINE = GESTURES.join(" · ");

/**
 * What a click (not the end of a drag) does.
 * @param {{ shift: boolean, hovered: number, empty: boolean, selected: number }} click
 *   `hovered`: the point under the pointer (-1: none); `empty`: no point within the hover
 *   radius; `selected`: how many points are selected
 * @returns {"toggle" | "clear" | "decode" | "none"}
 */
export function clickAction({ shift, hovered, empty, selected }) {
  if (shift) return hovered >= 0 ? "toggle" : "none";
  if (empty && selected > 0) return "clear";
  return "decode";
}

/**
 * What a double-click does: on empty space it resets the view; on a point nothing more
 * (its two clicks decoded the point).
 * @param {boolean} empty
 * @returns {"reset" | "none"}
 */
export function doubleClickAction(empty) {
  return empty ? "reset" : "none";
}
