// Drawing the persistence diagram on a 2-D canvas: x = birth, y = death. Features far from
// the diagonal lived long; the shaded band next to it holds what subsampling may have made up.

import { aliveAt } from "./betti.js";
import { clearTo } from "../shared/canvas.js";
import { formatScale } from "./features.js";
import { niceTicks } from "./diagram-scales.js";
import { markColor, withAlpha } from "./theme.js";

const RADIUS = 3.5;

/** Axis ticks and labels of the diagram. */
function drawAxes(ctx, layout, theme) {
  const { plot, domain, x, y } = layout;
  ctx.strokeStyle = theme.muted;
  ctx.lineWidth = 1;
  ctx.strokeRect(plot.left, plot.top, plot.right - plot.left, plot.bottom - plot.top);
  ctx.fillStyle = theme.ink;
  ctx.font = theme.font;
  ctx.beginPath();
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  for (const tick of niceTicks(domain[0], domain[1], 5)) {
    const px = x.toPixel(tick);
    ctx.moveTo(px, plot.bottom);
    ctx.lineTo(px, plot.bottom + 4);
    ctx.fillText(formatScale(tick), px, plot.bottom + 6);
  }
  ctx.textAlign = "right";
  ctx.textBaseline = "middle";
  for (const tick of niceTicks(domain[0], domain[1], 5)) {
    const py = y.toPixel(tick);
    ctx.moveTo(plot.left - 4, py);
    ctx.lineTo(plot.left, py);
    ctx.fillText(formatScale(tick), plot.left - 6, py);
  }
  ctx.stroke();
  ctx.fillStyle = theme.muted;
  ctx.textAlign = "right";
  ctx.textBaseline = "bottom";
  ctx.fillText("birth", plot.right, layout.height - 1);
  ctx.textAlign = "left";
  ctx.textBaseline = "top";
  ctx.fillText("death", 2, 1);
}

/**
 * @param {CanvasRenderingContext2D | null} ctx
 * @param {{ features: import("./features.js").Feature[], layout: any, eps: number,
 *   errorBound: number, selected: number, theme: any }} scene
 */
export function drawDiagram(ctx, scene) {
  if (!ctx) return;
  const { layout, theme } = scene;
  clearTo(ctx, layout.width, layout.height, theme.background);
  drawRegions(ctx, scene);
  drawAxes(ctx, layout, theme);
  drawGuides(ctx, scene);
  drawPoints(ctx, scene);
}

/** Inside the plot: the region alive at ε and the band of the error bound. */
function drawRegions(ctx, { layout, eps, errorBound, theme }) {
  const { plot, x, y, domain, infinityY } = layout;
  ctx.save();
  ctx.beginPath();
  ctx.rect(plot.left, infinityY - 6, plot.right - plot.left, plot.bottom - infinityY + 6);
  ctx.clip();
  // Alive at ε: born at or before ε (left of x = ε), dying after it (above y = ε), ∞ included.
  const ex = x.toPixel(eps);
  const ey = y.toPixel(eps);
  ctx.fillStyle = withAlpha(theme.accent, 0.1);
  ctx.fillRect(plot.left, infinityY - 6, ex - plot.left, ey - (infinityY - 6));
  // The band between the diagonal and death = birth + 2·bound.
  if (errorBound > 0) {
    const [lo, hi] = domain;
    const band = 2 * errorBound;
    ctx.fillStyle = withAlpha(theme.muted, 0.22);
    ctx.beginPath();
    ctx.moveTo(x.toPixel(lo), y.toPixel(lo));
    ctx.lineTo(x.toPixel(hi), y.toPixel(hi));
    ctx.lineTo(x.toPixel(hi), y.toPixel(hi + band));
    ctx.lineTo(x.toPixel(lo), y.toPixel(lo + band));
    ctx.closePath();
    ctx.fill();
  }
  ctx.restore();
}

/** The diagonal, the ∞ line and the lines x = ε and y = ε. */
function drawGuides(ctx, { layout, eps, theme }) {
  const { plot, x, y, domain, infinityY } = layout;
  const ex = x.toPixel(eps);
  const ey = y.toPixel(eps);
  ctx.strokeStyle = theme.muted;
  ctx.beginPath();
  ctx.moveTo(x.toPixel(domain[0]), y.toPixel(domain[0]));
  ctx.lineTo(x.toPixel(domain[1]), y.toPixel(domain[1]));
  ctx.stroke();

  // The ∞ line: features that never die sit on it.
  ctx.setLineDash([4, 3]);
  ctx.beginPath();
  ctx.moveTo(plot.left, infinityY);
  ctx.lineTo(plot.right, infinityY);
  ctx.stroke();
  ctx.fillStyle = theme.ink;
  ctx.textAlign = "right";
  ctx.textBaseline = "middle";
  ctx.fillText("∞", plot.left - 6, infinityY);

  // ε as the lines x = ε and y = ε, clamped to the plot when ε is past the domain.
  const clampX = Math.min(Math.max(ex, plot.left), plot.right);
  const clampY = Math.min(Math.max(ey, plot.top), plot.bottom);
  ctx.strokeStyle = theme.accent;
  ctx.beginPath();
  ctx.moveTo(clampX, infinityY - 6);
  ctx.lineTo(clampX, plot.bottom);
  ctx.moveTo(plot.left, clampY);
  ctx.lineTo(plot.right, clampY);
  ctx.stroke();
  ctx.setLineDash([]);
}

/** One dot per feature, the selected one ringed. */
function drawPoints(ctx, { features, layout, eps, selected, theme }) {
  // Dead-at-ε features are lighter so the living ones (the β of the readout) stand out.
  for (const feature of features) {
    const [px, py] = layout.featureToPixel(feature);
    ctx.fillStyle = markColor(feature.dim, { alive: aliveAt(feature, eps) }, theme);
    ctx.beginPath();
    ctx.arc(px, py, RADIUS, 0, 2 * Math.PI);
    ctx.fill();
  }
  const chosen = features[selected];
  if (chosen) {
    const [px, py] = layout.featureToPixel(chosen);
    ctx.strokeStyle = theme.strong;
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.arc(px, py, RADIUS + 4, 0, 2 * Math.PI);
    ctx.stroke();
    ctx.lineWidth = 1;
  }
}
