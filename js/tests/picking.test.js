import { describe, expect, it } from "vitest";
import KDBush from "kdbush";
import { scaleLinear } from "d3-scale";
import {
  CLICK_SLOP_PX,
  clickRadius,
  drawnRadius,
  hoverChange,
  hoverRadius,
  nearestPoint,
  pixelCircle,
  pointScale,
} from "../src/explorer/picking.js";
import { normalisation, toColumns } from "../src/explorer/scales.js";

/** Points in data coordinates → what ScatterMap keeps: columns, index, scales (CSS px). */
function map(xy, width = 400, height = 400) {
  const frame = normalisation(xy);
  const { x, y } = toColumns(xy, frame, null, null);
  const index = new KDBush(x.length);
  for (let i = 0; i < x.length; i++) index.add(x[i], y[i]);
  index.finish();
  // regl-scatterplot's scales at the initial view of a square canvas
  const xScale = scaleLinear().domain([frame.cx - frame.half, frame.cx + frame.half]).range([0, width]);
  const yScale = scaleLinear().domain([frame.cy - frame.half, frame.cy + frame.half]).range([height, 0]);
  const pick = (px, py, radius, visible = null) => {
    const c = pixelCircle(px, py, radius, xScale, yScale, frame);
    return nearestPoint(index, x, y, c.x, c.y, c.r, visible);
  };
  const toPixel = (i) => [xScale(xy[2 * i]), yScale(xy[2 * i + 1])];
  return { pick, toPixel };
}

describe("point sizes (regl-scatterplot's rules)", () => {
  it("draws points at their size at the initial view, larger as asinh when zoomed in", () => {
    expect(pointScale(1, 4)).toBe(1);
    expect(pointScale(10, 4)).toBeCloseTo(Math.asinh(10) / Math.asinh(1));
    expect(pointScale(0.5, 4)).toBe(0.5);
    expect(pointScale(0.01, 4)).toBe(0.25); // never under one pixel
  });

  it("hovers within the whole diameter plus 4 device pixels; clicks within the disc + slop", () => {
    expect(hoverRadius(4, 1)).toBe(8);
    expect(hoverRadius(4, 1, 2)).toBe(6); // 4 device px are 2 CSS px at a ratio of 2
    expect(drawnRadius(4, 1)).toBe(2);
    expect(clickRadius(4, 1)).toBe(2 + CLICK_SLOP_PX);
    expect(clickRadius(4, 2)).toBe(4 + CLICK_SLOP_PX);
  });
});

describe("picking the point under the pointer", () => {
  // three points: two 30 px apart on the canvas, one far away
  const xy = Float32Array.from([0, 0, 1, 0, 10, 10]);
  const { pick, toPixel } = map(xy);
  const [ax, ay] = toPixel(0);
  const [bx] = toPixel(1);

  it("finds the nearest point closer than the radius, else -1", () => {
    expect(bx - ax).toBeCloseTo(400 / (2 * normalisation(xy).half), 5);
    expect(pick(ax, ay, 8)).toBe(0);
    expect(pick(ax + 7.9, ay, 8)).toBe(0);
    expect(pick(ax + 8.1, ay, 8)).toBe(-1);
    expect(pick(ax, ay - 5, 8)).toBe(0); // the y axis points down on the canvas
    expect(pick(bx - 3, ay + 2, 8)).toBe(1);
    const [cx, cy] = toPixel(2);
    expect(pick(cx + 1, cy - 1, 8)).toBe(2);
  });

  it("never picks a hidden point", () => {
    const visible = Uint8Array.from([0, 1, 1]);
    expect(pick(ax, ay, 8, visible)).toBe(-1);
    expect(pick(bx, ay, 8, visible)).toBe(1);
  });

  it("a click decodes a point only on its drawn disc (radius 2 px + 1 px slop at size 4)", () => {
    const radius = clickRadius(4, 1);
    expect(pick(ax, ay, radius)).toBe(0); // exactly on it
    expect(pick(ax + 2.9, ay, radius)).toBe(0);
    expect(pick(ax + 2, ay + 2, radius)).toBe(0); // 2.83 px away
    expect(pick(ax + 3.1, ay, radius)).toBe(-1); // hovered (within 8 px) but not on the disc
    expect(pick(ax + 3.1, ay, hoverRadius(4, 1))).toBe(0);
    expect(pick(ax + 12, ay, radius)).toBe(-1); // between points
  });

  it("finds what a search of every point finds (growing boxes lose nothing)", () => {
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const n = 3000;
    const xs = Float64Array.from({ length: n }, () => random() ** 3 * 2 - 1); // dense + sparse
    const ys = Float64Array.from({ length: n }, () => random() * 2 - 1);
    const index = new KDBush(n);
    for (let i = 0; i < n; i++) index.add(xs[i], ys[i]);
    index.finish();
    const visible = Uint8Array.from({ length: n }, (_, i) => (i % 5 ? 1 : 0));
    for (let k = 0; k < 400; k++) {
      const qx = random() * 2 - 1, qy = random() * 2 - 1, r = 0.002 + random() * 0.1;
      let want = -1, wantDistance = r;
      for (let i = 0; i < n; i++) {
        const d = Math.hypot(xs[i] - qx, ys[i] - qy);
        if (visible[i] && d < wantDistance) [want, wantDistance] = [i, d];
      }
      expect(nearestPoint(index, xs, ys, qx, qy, r, visible)).toBe(want);
    }
  });

  it("has no answer without an index or a radius", () => {
    expect(nearestPoint(null, [0], [0], 0, 0, 1)).toBe(-1);
    expect(pick(ax, ay, 0)).toBe(-1);
  });
});

describe("hover changes", () => {
  it("changes only when the point under the pointer does", () => {
    expect(hoverChange(-1, -1)).toBe("none");
    expect(hoverChange(3, 3)).toBe("none");
    expect(hoverChange(-1, 3)).toBe("over");
    expect(hoverChange(2, 3)).toBe("over");
    expect(hoverChange(3, -1)).toBe("out");
  });
});
