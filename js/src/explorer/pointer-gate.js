// Pointer moves over the map, held back from regl-scatterplot while no button is pressed.
//
// regl-scatterplot listens to `mousemove` on window and, on every move over the canvas,
// hit-tests the points and redraws all of them whenever the pointer is over any point, even
// the one it already marks (regl-scatterplot 1.16, src/index.js: `hover` sets
// `needsRedraw = true` for any point). In software WebGL a move then cost a redraw: ~0.2 s
// at 100,000 points, ~1.3 s at 1,000,000 (benchmarks/README.md, pointer moves). The gate
// stops those moves on the map's box (capture phase, before they reach window) and hands
// them to our own hover test (hover.js: a ring on the page, no redraw); moves with a button
// pressed (pan, lasso) go through untouched.

/**
 * dom-2d-camera (regl-scatterplot's camera) pans by the pointer's travel between two of its
 * ticks and learns where the pointer is only from `mousemove` on window, which the gate holds
 * back. Before the first move of a drag reaches it, show it the pointer where the press was
 * and let it tick once with panning and rotation off, so that this becomes its previous
 * position and the drag does not jump by the distance travelled unseen.
 * @param {any} camera regl-scatterplot's camera (`plot.get("camera")`)
 * @param {number} clientX where the press was
 * @param {number} clientY
 * @param {boolean} rotate whether the camera may rotate (regl-scatterplot's action key map)
 */
export function syncCamera(camera, clientX, clientY, rotate) {
  const move = new MouseEvent("mousemove", { clientX, clientY, buttons: 1, bubbles: true });
  window.dispatchEvent(move);
  camera.config({ isPan: false, isRotate: false });
  const changed = camera.tick();
  camera.config({ isPan: true, isRotate: rotate }); // regl-scatterplot never turns panning off
  // A zoom or a programmatic change it just applied: flag it again for regl-scatterplot's
  // own tick, which updates the scales and redraws.
  if (changed) camera.translate([0, 0]);
}

export class PointerGate {
  /**
   * @param {HTMLElement} container the map's box (the canvas is inside it)
   * @param {{ hover: (event: MouseEvent) => void, leave: () => void,
   *   dragStart: (press: { x: number, y: number, buttons: number, shiftKey: boolean } | null)
   *     => void,
   *   dragEnd: () => void }} hooks
   */
  constructor(container, hooks) {
    this.container = container;
    this.hooks = hooks;
    this.enabled = true;
    this.press = null;
    this.dragging = false;
    this.listeners = [
      ["pointerdown", (event) => this.onDown(event), true],
      ["pointermove", (event) => this.onPointerMove(event), true],
      ["mousemove", (event) => this.onMouseMove(event), true],
      ["pointerleave", () => this.enabled && this.hooks.leave(), false],
    ];
    for (const [type, listener, capture] of this.listeners) {
      container.addEventListener(type, listener, capture);
    }
  }

  onDown(event) {
    const { clientX: x, clientY: y, buttons, shiftKey } = event;
    this.press = { x, y, buttons, shiftKey };
  }

  // Our hover test runs on pointermove, which comes before the Explorer's own pointermove
  // listener (decode on hover reads the hovered point) and before the mousemove that
  // regl-scatterplot would see. Only there: a mousemove's coordinates are whole pixels, its
  // pointermove's are not, and in a dense map the two can pick different points.
  onPointerMove(event) {
    if (!this.enabled || event.buttons) return;
    this.endDrag();
    this.hooks.hover(event);
  }

  onMouseMove(event) {
    if (!this.enabled) return;
    if (event.buttons) {
      if (!this.dragging) {
        this.dragging = true;
        this.hooks.dragStart(this.press);
      }
      return; // pan and lasso need every move
    }
    this.endDrag();
    event.stopPropagation();
  }

  endDrag() {
    if (!this.dragging) return;
    this.dragging = false;
    this.press = null;
    this.hooks.dragEnd();
  }

  destroy() {
    for (const [type, listener, capture] of this.listeners) {
      this.container.removeEventListener(type, listener, capture);
    }
  }
}
