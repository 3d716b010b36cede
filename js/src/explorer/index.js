// The Explorer view: a map of points; a click anywhere decodes that position in the kernel
// and draws the returned RGBA frame in the side panel.

import { decodeArray } from "../shared/arrays.js";
import { callCommand, latestWins, StaleRequestError } from "../shared/commands.js";
import { createStatusLine } from "../shared/status.js";
import { categoryColor } from "../shared/colors.js";
import { bounds, fitTransform, nearestPoint } from "./scales.js";
import { drawFrame, drawMarker, drawPoints, sizeCanvas } from "./draw.js";
import "./styles.css";

const PANEL_WIDTH = 200;

function element(tag, className, parent) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (parent) parent.append(node);
  return node;
}

function cssVar(el, name, fallback) {
  const value = getComputedStyle(el).getPropertyValue(name).trim();
  return value || fallback;
}

/** @param {{ model: any, el: HTMLElement, experimental: { invoke: any } }} ctx */
function render({ model, el, experimental }) {
  const root = element("div", "lw-explorer", el);
  const mapBox = element("div", "lw-map", root);
  const pointsCanvas = element("canvas", "lw-map-points", mapBox);
  const overlay = element("canvas", "lw-map-overlay", mapBox);
  const legend = element("div", "lw-legend", root);
  const panel = element("div", "lw-panel", root);
  element("div", "lw-panel-title", panel).textContent = "Decoded";
  const frameCanvas = element("canvas", "lw-frame", panel);
  const caption = element("div", "lw-caption", panel);
  const status = createStatusLine(panel);

  let xy = new Float32Array(0);
  let labels = null;
  let transform = fitTransform({ minX: -1, minY: -1, maxX: 1, maxY: 1 }, 1, 1);
  let size = { width: 1, height: 1 };
  let marker = null; // [x, y] in data units
  let framesDrawn = 0;

  const decoder = latestWins((payload, signal) =>
    callCommand(experimental.invoke, "_decode_command", payload, { signal, timeoutMs: 30000 }),
  );

  function describeDecoder() {
    if (!model.get("has_decoder")) {
      status.note("No decoder is set: pass decode= to Explorer to decode clicks.");
    } else if (framesDrawn === 0) {
      status.note("Click anywhere on the map to decode that position.");
    }
  }

  function renderLegend() {
    legend.replaceChildren();
    const names = model.get("class_names") ?? [];
    names.forEach((name, code) => {
      const item = element("span", "lw-legend-item", legend);
      const swatch = element("span", "lw-swatch", item);
      swatch.style.background = categoryColor(code);
      element("span", "lw-legend-label", item).textContent = String(name); // text, not HTML
    });
    legend.hidden = names.length === 0;
  }

  function drawOverlay() {
    const ctx = overlay.getContext("2d");
    ctx.clearRect(0, 0, size.width, size.height);
    if (marker) {
      const [px, py] = transform.toPixel(marker[0], marker[1]);
      drawMarker(ctx, px, py, cssVar(el, "--jp-ui-font-color0", "#111"));
    }
  }

  function redraw() {
    const width = Math.max(mapBox.clientWidth, 120);
    const height = model.get("height");
    size = { width, height };
    const ctx = sizeCanvas(pointsCanvas, width, height);
    sizeCanvas(overlay, width, height);
    transform = fitTransform(bounds(xy), width, height);
    drawPoints(ctx, xy, labels, transform.toPixel, {
      width,
      height,
      background: cssVar(el, "--jp-layout-color0", "#ffffff"),
    });
    pointsCanvas.dataset.pointsDrawn = String(xy.length / 2);
    drawOverlay();
  }

  function readData() {
    const points = decodeArray(model.get("points"));
    xy = points ? points.data : new Float32Array(0);
    const codes = decodeArray(model.get("labels"));
    labels = codes ? codes.data : null;
    renderLegend();
    redraw();
  }

  async function decodeAt(x, y) {
    const started = performance.now();
    root.dataset.state = "decoding";
    try {
      const result = await decoder.request({ x, y });
      drawFrame(frameCanvas, result.frame);
      framesDrawn += 1;
      marker = [result.x, result.y];
      drawOverlay();
      const elapsed = performance.now() - started;
      frameCanvas.dataset.framesDrawn = String(framesDrawn);
      frameCanvas.dataset.frameShape = result.frame.shape.join("x");
      frameCanvas.dataset.clickToFrameMs = elapsed.toFixed(2);
      caption.textContent = `at (${result.x.toFixed(3)}, ${result.y.toFixed(3)})`;
      status.clear();
      root.dataset.state = "ready";
    } catch (err) {
      if (err instanceof StaleRequestError) return; // a newer request took its place
      status.error(err);
      root.dataset.state = "error";
    }
  }

  function onClick(event) {
    const rect = overlay.getBoundingClientRect();
    const [x, y] = transform.toData(event.clientX - rect.left, event.clientY - rect.top);
    const hit = nearestPoint(xy, x, y, 6 / transform.scale);
    overlay.dataset.lastHit = String(hit);
    if (!model.get("has_decoder")) {
      describeDecoder();
      return;
    }
    decodeAt(x, y);
  }

  overlay.addEventListener("click", onClick);
  const resize = new ResizeObserver(() => redraw());
  resize.observe(mapBox);
  const onData = () => readData();
  model.on("change:points", onData);
  model.on("change:labels", onData);
  model.on("change:class_names", renderLegend);
  model.on("change:height", redraw);
  model.on("change:has_decoder", describeDecoder);

  panel.style.width = `${PANEL_WIDTH}px`;
  readData();
  describeDecoder();
  root.dataset.state = "ready";

  return () => {
    decoder.cancel();
    resize.disconnect();
    overlay.removeEventListener("click", onClick);
    model.off("change:points", onData);
    model.off("change:labels", onData);
    model.off("change:class_names", renderLegend);
    model.off("change:height", redraw);
    model.off("change:has_decoder", describeDecoder);
  };
}

export default { render };
