// Clicks on the map: what a click and a double-click do to the Explorer (gestures.js decides
// which; regl-scatterplot keeps drag, lasso and wheel).

import { clickAction, doubleClickAction } from "./gestures.js";
import { toggled } from "./selection.js";

/** Pixels a press may move and still be a click. */
export const CLICK_SLOP = 4;

/**
 * A click decodes where it lands, or toggles or clears the selection.
 * @param {import("./view.js").ExplorerView} view
 * @param {MouseEvent} event
 */
export function clickOnMap(view, event) {
  const { scatter, pressed } = view;
  event.stopPropagation(); // regl-scatterplot would replace the selection with the point
  if (event.detail > 1) return; // the second click of a double-click: dblclick resets
  const moved = pressed ? Math.hypot(event.clientX - pressed.x, event.clientY - pressed.y) : 0;
  if (moved > CLICK_SLOP) return; // the end of a pan or a lasso
  const [px, py] = scatter.local(event);
  const hovered = scatter.hoveredPoint();
  const action = clickAction({
    shift: event.shiftKey, hovered, empty: scatter.pointNear(px, py) < 0,
    selected: view.selection.length,
  });
  if (action === "toggle" || action === "clear") {
    const ids = action === "clear" ? [] : toggled(Array.from(view.selection), hovered);
    scatter.select(ids);
    view.setSelection(ids);
  }
  if (action !== "decode") return;
  const [x, y] = scatter.pixelToData(px, py);
  view.hoverDecoded = null;
  // A point's own latent only for a click on its drawn disc (scatter.clickedPoint), else
  // the map's inverse at (x, y), even within the larger hover radius.
  view.decodeAt(x, y, scatter.clickedPoint(px, py), true);
}

/**
 * A double-click on empty space resets the view (its clicks did what clicks do).
 * @param {import("./view.js").ExplorerView} view
 * @param {MouseEvent} event
 */
export function doubleClickOnMap(view, event) {
  event.stopPropagation();
  const [px, py] = view.scatter.local(event);
  if (doubleClickAction(view.scatter.pointNear(px, py) < 0) === "reset") view.resetView();
}
