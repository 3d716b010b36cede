// A 2-D canvas over the WebGL map for what regl-scatterplot does not draw: the decoded
// position and points highlighted by another view. Redrawn on every pan and zoom.

import { sizeCanvas } from "./draw.js";

/** Draw a cross-hair ring at (px, py). */
export function drawMarker(ctx, px, py, color) {
  ctx.strokeStyle = color;
  ctx.lineWidth = 2;
  ctx.beginPath();
  ctx.arc(px, py, 7, 0, 2 * Math.PI);
  for (const [dx, dy] of [[1, 0], [-1, 0], [0, 1], [0, -1]]) {
    ctx.moveTo(px + dx * 4, py + dy * 4);
    ctx.lineTo(px + dx * 11, py + dy * 11);
  }
  ctx.stroke();
}

export class Overlay {
  /** @param {HTMLElement} container */
  constructor(container) {
    this.canvas = document.createElement("canvas");
    this.canvas.className = "lw-map-overlay";
    container.append(this.canvas);
    this.size = { width: 1, height: 1 };
    this.ctx = sizeCanvas(this.canvas, 1, 1);
  }

  resize(width, height) {
    this.size = { width, height };
    this.ctx = sizeCanvas(this.canvas, width, height);
  }

  /**
   * @param {{ toPixel: (x: number, y: number) => [number, number], marker: number[] | null,
   *   highlight: ArrayLike<number>, xy: ArrayLike<number>, color: string, accent: string }} scene
   */
  draw(scene) {
    const { ctx } = this;
    ctx.clearRect(0, 0, this.size.width, this.size.height);
    if (scene.highlight.length) {
      ctx.strokeStyle = scene.accent;
      ctx.lineWidth = 2;
      ctx.beginPath();
      for (const i of scene.highlight) {
        const [px, py] = scene.toPixel(scene.xy[2 * i], scene.xy[2 * i + 1]);
        ctx.moveTo(px + 6, py);
        ctx.arc(px, py, 6, 0, 2 * Math.PI);
      }
      ctx.stroke();
    }
    if (scene.marker) {
      const [px, py] = scene.toPixel(scene.marker[0], scene.marker[1]);
      drawMarker(ctx, px, py, scene.color);
    }
  }
}
