// Drawing the barcode on a 2-D canvas: one bar from birth to death per feature. Bars alive at
// ε are strong, the rest light; bars shorter than 2·bound are faded further, since the
// subsampling alone could have made them. A block's shortest bars may be folded into one
// labelled row (barcode-layout.js); the x axis is the scale ε, as on the slider.

import { aliveAt } from "./betti.js";
import { clearTo } from "../shared/canvas.js";
import { formatScale, persistenceOf } from "./features.js";
import { niceTicks } from "./diagram-scales.js";
import { foldText } from "./barcode-layout.js";
import { markColor } from "./theme.js";

/**
 * @param {CanvasRenderingContext2D | null} ctx
 * @param {{ features: import("./features.js").Feature[], layout: any, eps: number,
 *   errorBound: number, selected: number, theme: any }} scene
 */
export function drawBarcode(ctx, scene) {
  if (!ctx) return;
  const { layout, theme } = scene;
  clearTo(ctx, layout.width, layout.height, theme.background);
  ctx.font = theme.font;
  drawBars(ctx, scene);
  drawFolds(ctx, scene);
  drawSelectedBar(ctx, scene);
  drawScaleAxis(ctx, scene);
  drawEpsLine(ctx, scene);
}

/** A bar's thickness for rows `step` pixels apart. */
const thicknessOf = (step) => Math.max(0.6, Math.min(6, step * 0.7));

/** Per dimension its label and one bar per feature (an arrow head when it never dies). */
function drawBars(ctx, { features, layout, eps, errorBound, theme }) {
  for (const block of layout.blocks) {
    const thickness = thicknessOf(block.step);
    ctx.fillStyle = theme.ink;
    ctx.textAlign = "left";
    ctx.textBaseline = "middle";
    ctx.fillText(`H${block.dim}`, 4, (block.top + Math.min(block.bottom, block.top + 12)) / 2);
    for (const id of block.ids) {
      const feature = features[id];
      const [x0, x1] = layout.extent(feature);
      const cy = layout.rows.get(id).y;
      const short = persistenceOf(feature) < 2 * errorBound;
      ctx.fillStyle = markColor(feature.dim, { alive: aliveAt(feature, eps), short }, theme);
      ctx.fillRect(x0, cy - thickness / 2, Math.max(1, x1 - x0), thickness);
      if (!Number.isFinite(feature.death)) {
        // An arrow: this bar goes on past the right edge.
        const head = Math.max(3, thickness);
        ctx.beginPath();
        ctx.moveTo(x1 + head + 2, cy);
        ctx.lineTo(x1, cy - head);
        ctx.lineTo(x1, cy + head);
        ctx.closePath();
        ctx.fill();
      }
    }
  }
}

/** Per folded block, one muted row that says how many bars it stands for. */
function drawFolds(ctx, { features, layout, errorBound, selected, theme }) {
  const room = Math.floor((layout.right - layout.left) / 6); // characters of the 11 px font
  for (const block of layout.blocks) {
    if (!block.fold) continue;
    const holdsSelected = block.fold.ids.includes(selected);
    let text = foldText(block.fold, features, errorBound, room - (holdsSelected ? 11 : 0));
    if (holdsSelected) text += " (selected)";
    ctx.fillStyle = holdsSelected ? theme.strong : theme.muted;
    ctx.textAlign = "left";
    ctx.textBaseline = "middle";
    ctx.fillText(text, layout.left, block.fold.y);
  }
}

/** The selected feature's bar, outlined. */
function drawSelectedBar(ctx, { features, layout, selected, theme }) {
  const chosen = features[selected];
  if (chosen && layout.rows.has(selected)) {
    const [x0, x1] = layout.extent(chosen);
    const { y: cy, step } = layout.rows.get(selected);
    const thickness = thicknessOf(step);
    ctx.strokeStyle = theme.strong;
    ctx.lineWidth = 1.5;
    ctx.strokeRect(x0 - 2, cy - thickness / 2 - 2, Math.max(1, x1 - x0) + 4, thickness + 4);
    ctx.lineWidth = 1;
  }
}

/** The scale axis, with its ticks and its title. */
function drawScaleAxis(ctx, { layout, theme }) {
  const { x } = layout;
  const [lo, hi] = [x.toData(layout.left), x.toData(layout.right - 10)];
  ctx.strokeStyle = theme.muted;
  ctx.fillStyle = theme.ink;
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  ctx.beginPath();
  ctx.moveTo(layout.left, layout.axisY);
  ctx.lineTo(layout.right, layout.axisY);
  for (const tick of niceTicks(lo, hi, 6)) {
    const px = x.toPixel(tick);
    ctx.moveTo(px, layout.axisY);
    ctx.lineTo(px, layout.axisY + 4);
    ctx.fillText(formatScale(tick), px, layout.axisY + 6);
  }
  ctx.stroke();
  ctx.fillStyle = theme.muted;
  ctx.textAlign = "right";
  ctx.fillText("scale ε (bars: birth → death)", layout.right, layout.axisY + 19);
}

/** The ε line, clamped to the scale's ends. */
function drawEpsLine(ctx, { layout, eps, theme }) {
  const { x } = layout;
  const ex = Math.min(Math.max(x.toPixel(eps), layout.left), layout.right);
  ctx.strokeStyle = theme.accent;
  ctx.setLineDash([4, 3]);
  ctx.beginPath();
  ctx.moveTo(ex, 0);
  ctx.lineTo(ex, layout.axisY);
  ctx.stroke();
  ctx.setLineDash([]);
}
