// A segmented button group: one pressed button of a few (projection, plots shown,
// interpolation method). Each button names its choice in a data-* attribute, which the
// views' CSS and the browser tests use.

import { element } from "./dom.js";

/**
 * @typedef {{
 *   element: HTMLElement,
 *   buttons: Map<string, HTMLButtonElement>,
 *   show: (current: string | undefined | null) => void,
 * }} SegmentedGroup
 */

/**
 * @param {HTMLElement} parent
 * @param {{
 *   items: ReadonlyArray<readonly [string, string, string?]>,
 *   attribute: string,
 *   label: string,
 *   onPick: (key: string) => void,
 *   className?: string,
 * }} options `items`: [key, text, title?] per button; `attribute`: the dataset name that
 *   holds the key (`"view"` gives data-view); `label`: the group's aria-label
 * @returns {SegmentedGroup} `show(key)` presses that button (aria-pressed) and no other
 */
export function segmentedGroup(parent, { items, attribute, label, onPick, className = "" }) {
  const group = element("div", className ? `lw-segmented ${className}` : "lw-segmented", parent);
  group.setAttribute("role", "group");
  group.setAttribute("aria-label", label);
  /** @type {Map<string, HTMLButtonElement>} */
  const buttons = new Map();
  for (const [key, text, title] of items) {
    const button = /** @type {HTMLButtonElement} */ (element("button", "lw-button", group));
    button.type = "button";
    button.dataset[attribute] = key;
    button.textContent = text;
    if (title) button.title = title;
    button.addEventListener("click", () => onPick(key));
    buttons.set(key, button);
  }
  return {
    element: group,
    buttons,
    show(current) {
      for (const [key, button] of buttons) button.setAttribute("aria-pressed", String(key === current));
    },
  };
}
