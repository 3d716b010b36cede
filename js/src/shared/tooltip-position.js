// Where a tooltip goes so that it stays inside its container: beside the pointer (below and
// to the right), flipped to the left of the pointer near the right edge and above it near
// the bottom, and clamped to the container when it is larger than the room on either side.
// Pure; the views set the result as the tooltip's left and top.

/**
 * Top-left corner of a `size` tooltip for a pointer at `pointer`, both in the container's
 * coordinates (its top-left corner is 0, 0).
 * @param {{ x: number, y: number }} pointer
 * @param {{ width: number, height: number }} size the tooltip's size
 * @param {{ width: number, height: number }} bounds the container's size
 * @param {number} [gap] pixels between the pointer and the tooltip
 * @returns {{ left: number, top: number }}
 */
export function tooltipPosition(pointer, size, bounds, gap = 12) {
  const place = (at, extent, room) => {
    if (at + gap + extent <= room) return at + gap; // after the pointer
    if (at - gap - extent >= 0) return at - gap - extent; // before it
    return Math.max(0, Math.min(room - extent, at + gap)); // neither fits: inside, clamped
  };
  return {
    left: place(pointer.x, size.width, bounds.width),
    top: place(pointer.y, size.height, bounds.height),
  };
}

/**
 * Place `tooltip` (absolutely positioned in `container`) beside the client point
 * (clientX, clientY), inside `container`. Shown first, so that it can be measured.
 * @param {HTMLElement} tooltip
 * @param {HTMLElement} container its offset parent
 */
export function placeTooltip(tooltip, container, clientX, clientY, gap = 12) {
  tooltip.hidden = false;
  const box = container.getBoundingClientRect();
  const size = tooltip.getBoundingClientRect();
  const bounds = { width: container.clientWidth || box.width, height: container.clientHeight || box.height };
  const { left, top } = tooltipPosition(
    { x: clientX - box.left, y: clientY - box.top }, { width: size.width, height: size.height },
    bounds, gap,
  );
  tooltip.style.left = `${left}px`;
  tooltip.style.top = `${top}px`;
}
