// A 2-D canvas over the WebGL map for what regl-scatterplot does not draw: the decoded
// position, points highlighted by another view, the Rips edges at a linked scale and a
// feature's cycle. Redrawn on every pan and zoom.

import { sizeCanvas } from "../shared/canvas.js";

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

/** A path through the map (an interpolation's steps): a line, a dot per step, the current
 * step larger. */
function drawPath(ctx, scene) {
  const steps = scene.path.length / 2;
  const pixels = [];
  for (let i = 0; i < steps; i += 1) pixels.push(scene.toPixel(scene.path[2 * i], scene.path[2 * i + 1]));
  ctx.strokeStyle = scene.accent;
  ctx.fillStyle = scene.accent;
  ctx.lineWidth = 2;
  ctx.beginPath();
  pixels.forEach(([px, py], i) => (i === 0 ? ctx.moveTo(px, py) : ctx.lineTo(px, py)));
  ctx.stroke();
  for (const [px, py] of pixels) {
    ctx.beginPath();
    ctx.arc(px, py, 2.5, 0, 2 * Math.PI);
    ctx.fill();
  }
  const current = Math.round(scene.pathCurrent ?? -1);
  if (current >= 0 && current < steps) {
    const [px, py] = pixels[current];
    ctx.beginPath();
    ctx.arc(px, py, 6, 0, 2 * Math.PI);
    ctx.fill();
  }
}

/**
 * Opacity of the Rips edges when `count` of them are drawn: it falls with the count (as
 * 1/√count), so that the map's points stay visible under a dense complex.
 * @param {number} count
 */
export function ripsEdgeAlpha(count) {
  return Math.min(0.35, Math.max(0.04, 4 / Math.sqrt(Math.max(1, count))));
}

/** The Rips complex at the linked scale: thin, translucent, under everything else. */
function drawRipsEdges(ctx, scene) {
  const edgeCount = scene.edgeCount ?? 0;
  if (!(edgeCount > 0) || !scene.edges) return;
  ctx.strokeStyle = scene.color;
  ctx.globalAlpha = ripsEdgeAlpha(edgeCount);
  ctx.lineWidth = edgeCount > 500 ? 0.5 : 0.75;
  ctx.beginPath();
  for (let e = 0; e < edgeCount; e += 1) {
    const a = scene.edges[2 * e];
    const b = scene.edges[2 * e + 1];
    const [ax, ay] = scene.toPixel(scene.xy[2 * a], scene.xy[2 * a + 1]);
    const [bx, by] = scene.toPixel(scene.xy[2 * b], scene.xy[2 * b + 1]);
    ctx.moveTo(ax, ay);
    ctx.lineTo(bx, by);
  }
  ctx.stroke();
  ctx.globalAlpha = 1;
}

export class Overlay {
  /** @param {HTMLElement} container */
  constructor(container) {
    this.canvas = document.createElement("canvas");
    this.canvas.className = "lw-map-overlay";
    container.append(this.canvas);
    this.size = { width: 1, height: 1 };
    this.ctx = sizeCanvas(this.canvas, 1, 1);
    this.blank = true;
  }

  resize(width, height) {
    this.size = { width, height };
    this.ctx = sizeCanvas(this.canvas, width, height);
    this.blank = true; // a resized canvas is cleared
  }

  /**
   * @param {{ toPixel: (x: number, y: number) => [number, number], marker: number[] | null,
   *   highlight: ArrayLike<number>, xy: ArrayLike<number>, color: string, accent: string,
   *   edges?: ArrayLike<number>, edgeCount?: number, cycle?: ArrayLike<number>,
   *   path?: ArrayLike<number>, pathCurrent?: number }} scene
   */
  draw(scene) {
    const { ctx } = this;
    const empty = !scene.marker && !scene.highlight.length && !(scene.edgeCount > 0)
      && !(scene.cycle?.length > 1) && !(scene.path?.length >= 4);
    // Panning redraws on every frame: an overlay with nothing on it stays untouched, so the
    // browser has no layer to repaint.
    if (empty && this.blank) return;
    this.blank = empty;
    ctx.clearRect(0, 0, this.size.width, this.size.height);
    drawRipsEdges(ctx, scene);
    if (scene.cycle && scene.cycle.length > 1) {
      // A representative cycle of a persistence feature: a closed path through its points.
      ctx.strokeStyle = scene.accent;
      ctx.lineWidth = 2.5;
      ctx.beginPath();
      scene.cycle.forEach((i, k) => {
        const [px, py] = scene.toPixel(scene.xy[2 * i], scene.xy[2 * i + 1]);
        if (k === 0) ctx.moveTo(px, py);
        else ctx.lineTo(px, py);
      });
      ctx.closePath();
      ctx.stroke();
    }
    if (scene.path && scene.path.length >= 4) drawPath(ctx, scene);
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

/**
 * How many of the edges, sorted by length, are no longer than `eps` (binary search).
 * @param {ArrayLike<number>} lengths ascending
 * @param {number} eps
 */
export function edgesWithin(lengths, eps) {
  if (!(eps > 0)) return 0;
  let low = 0;
  let high = lengths.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (lengths[mid] <= eps) low = mid + 1;
    else high = mid;
  }
  return low;
}
