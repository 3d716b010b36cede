import { describe, expect, it } from "vitest";
import { scaleLinear } from "d3-scale";
import { FrozenPan, SLOW_FRAME_MS } from "../src/explorer/frozen-pan.js";

// A map 400 px wide showing data [0, 100] (4 px a unit), panned by moving the domain.
function setup() {
  const canvas = { style: { transform: "" } };
  const scales = {
    xScale: scaleLinear().domain([0, 100]).range([0, 400]),
    yScale: scaleLinear().domain([100, 0]).range([0, 400]),
  };
  const redraws = [];
  const pan = new FrozenPan(canvas, () => scales, () => redraws.push(true));
  // a frame as regl-scatterplot's listener and ours run it: the camera moves, the frame is
  // drawn (when allowed), the scales follow the camera, then ours ticks
  const frame = (now, camera = null) => {
    if (pan.allowsDrawing(now)) pan.drawn();
    if (camera) camera(scales);
    pan.tick(now);
  };
  const panBy = (units) => (s) => {
    const [a, b] = s.xScale.domain();
    s.xScale.domain([a - units, b - units]);
  };
  return { canvas, scales, redraws, pan, frame, panBy };
}

describe("FrozenPan", () => {
  it("draws every frame of a pan whose frames are quick", () => {
    const { pan, frame, panBy, canvas } = setup();
    pan.begin();
    for (let t = 0; t < 20; t++) frame(t * 16, panBy(1));
    expect(pan.slow).toBe(false);
    expect(pan.skipped).toBe(0);
    expect(canvas.style.transform).toBe("");
  });

  it("after a slow frame, moves the last frame with the camera instead of drawing", () => {
    const { pan, frame, panBy, canvas, redraws } = setup();
    pan.begin();
    frame(0, panBy(1));
    // the frame drawn at 0 held the page this long: this one is not drawn, the last moves
    frame(SLOW_FRAME_MS + 400, panBy(1));
    expect(pan.slow).toBe(true);
    expect(pan.skipped).toBe(1);
    expect(canvas.style.transform).toBe("translate(4px, 0px)"); // 1 unit since, 4 px
    frame(SLOW_FRAME_MS + 416, panBy(5));
    expect(canvas.style.transform).toBe("translate(24px, 0px)");
    frame(SLOW_FRAME_MS + 432, panBy(-2));
    expect(canvas.style.transform).toBe("translate(16px, 0px)");
    expect(pan.skipped).toBe(3);
    pan.end(); // drawn again at the drag's end; the translation goes with that frame
    expect(redraws).toHaveLength(1);
    expect(canvas.style.transform).toBe("translate(16px, 0px)");
    frame(SLOW_FRAME_MS + 900);
    expect(canvas.style.transform).toBe("");
    expect(pan.skipped).toBe(3);
  });

  it("a map known to be slow freezes from the pan's start, and thaws on a zoom", () => {
    const { pan, frame, panBy, canvas, scales, redraws } = setup();
    pan.begin();
    frame(0, panBy(1));
    frame(1000);
    pan.end();
    frame(1016);
    pan.begin();
    frame(2000, panBy(2));
    expect(pan.skipped).toBe(2); // the first drag's last frame, and this one
    expect(canvas.style.transform).toBe("translate(8px, 0px)");
    frame(2016, (s) => s.xScale.domain([0, 50])); // zoomed in: drawn again
    expect(redraws.length).toBe(2);
    frame(2032);
    expect(canvas.style.transform).toBe("");
    frame(2048, panBy(1)); // frozen again, at the new zoom (8 px a unit)
    expect(canvas.style.transform).toBe("translate(8px, 0px)");
    expect(scales.xScale(1) - scales.xScale(0)).toBe(8);
  });

  it("new points are timed afresh; a slow gap outside a pan changes nothing", () => {
    const { pan, frame } = setup();
    frame(0);
    frame(5000);
    expect(pan.slow).toBe(false); // not panning
    pan.begin();
    frame(5016);
    frame(6000);
    expect(pan.slow).toBe(true);
    pan.end();
    pan.reset();
    expect(pan.slow).toBe(false);
    expect(pan.frozen).toBe(null);
  });
});
