// The Explorer view: a WebGL map of the latent space. Click anywhere to decode that
// position in the kernel; lasso (shift-drag) or shift-click to select; hover for a preview.

import { element } from "../shared/dom.js";
import { decodeArray, decodeIndices, packIndices, splitPacked } from "../shared/arrays.js";
import { latestWins, StaleRequestError } from "../shared/commands.js";
import { lightness, parseColor } from "../shared/colors.js";
import { drawFrame } from "../shared/canvas.js";
import { cssVar, watchTheme } from "../shared/theme.js";
import { guardKernel } from "../shared/kernel-guard.js";
import { GONE_MESSAGE, KernelGoneError } from "../shared/kernel.js";
import { ScatterMap } from "./scatter.js";
import { Overlay, edgesWithin } from "./overlay.js";
import { Legend } from "./legend.js";
import { DecoderPanel } from "./panel.js";
import { Tooltip } from "./tooltip.js";
import { Toolbar } from "./toolbar.js";
import { visibleIndices, toggled, sameIndices } from "./selection.js";
import { serialDraws } from "./serial.js";
import "../shared/base.css";
import "./styles.css";

const CLICK_SLOP = 4; // pixels a press may move and still be a click
const SELECTION_PART_BYTES = 64 * 1024; // Jupyter's message limit is 10 MiB, may be lower

/** @param {{ model: any, el: HTMLElement, experimental: { invoke: any } }} ctx */
function render({ model, el, experimental }) {
  const root = element("div", "lw-explorer lw-widget", el);
  const toolbar = new Toolbar(root, {
    onProjection: (name) => {
      model.set("projection", name);
      model.save_changes();
    },
    onHover: (on) => {
      model.set("decode_on_hover", on);
      model.save_changes();
    },
    onStyle: (traits) => {
      for (const [name, value] of Object.entries(traits)) model.set(name, value);
      model.save_changes();
    },
  });
  const body = element("div", "lw-body", root);
  const mapBox = element("div", "lw-map", body);
  const panel = new DecoderPanel(body);
  const legend = new Legend(root, (code) => {
    model.set("hidden_classes", toggled(model.get("hidden_classes") ?? [], code));
    model.save_changes();
  });
  const tooltip = new Tooltip(mapBox);
  // Requests to the kernel go through the guard: when the kernel goes, the view says so,
  // the queues below end what they hold, and the selection says it is not synced.
  const queues = [];
  const kernel = guardKernel({
    model, el, root, invoke: experimental?.invoke, requests: queues,
    onChange: (state) => {
      if (state !== "gone") return;
      // Nothing the panel shows can change any more: it says why (a decode that a shutdown
      // interrupted first said "interrupted").
      panel.failed(new KernelGoneError());
      if (selection.length) toolbar.showSelection(selection.length, "failed", GONE_MESSAGE);
    },
  });

  const theme = () => {
    const background = parseColor(cssVar(el, "--jp-layout-color0", "#ffffff"));
    const ink = cssVar(el, "--jp-ui-font-color0", lightness(background) < 0.5 ? "#eeeeee" : "#111111");
    return { background, ink, accent: cssVar(el, "--jp-brand-color1", "#e15759") };
  };
  let colors = theme();
  let size = { width: Math.max(mapBox.clientWidth, 160), height: model.get("height") };

  let xy = new Float32Array(0);
  let labels = null;
  let selection = new Int32Array(0);
  let marker = null;

  const redrawOverlay = () => {
    const highlight = decodeIndices(model.get("highlight"));
    const edges = decodeArray(model.get("rips_edges"))?.data ?? null;
    const lengths = decodeArray(model.get("rips_lengths"))?.data ?? [];
    const edgeCount = edges ? edgesWithin(lengths, model.get("rips_eps") ?? 0) : 0;
    const path = decodeArray(model.get("path"))?.data ?? [];
    overlay.draw({
      toPixel: (x, y) => scatter.dataToPixel(x, y),
      marker,
      highlight,
      xy,
      color: colors.ink,
      accent: colors.accent,
      edges,
      edgeCount,
      cycle: decodeArray(model.get("cycle"))?.data ?? [],
      path,
      pathCurrent: model.get("path_current") ?? -1,
    });
    mapBox.dataset.ripsEdgesDrawn = String(edgeCount);
    mapBox.dataset.pathSteps = String(path.length / 2);
  };

  // A selection made here goes to the kernel as a command (packed: a bit mask when that is
  // smaller; in parts of SELECTION_PART_BYTES, far under any server's message limit), so
  // that its reply confirms it arrived; until then, or if it does not, the map keeps it and
  // the toolbar says it is not synced.
  let selectionsSent = 0;
  const sendSelection = async (packed, signal) => {
    const parts = splitPacked(packed, SELECTION_PART_BYTES);
    const id = `selection-${++selectionsSent}`;
    let reply = null;
    for (let k = 0; k < parts.length; k++) {
      const request = parts.length === 1 ? { selection: parts[k].value }
        : { selection: parts[k].value, part: k, parts: parts.length, id };
      reply = await kernel.command("_select_command", request, {
        signal, buffers: [parts[k].buffer], timeoutMs: 120000, label: "the selection",
      });
    }
    return reply;
  };
  const selects = latestWins((packed, signal) => sendSelection(packed, signal));
  const setSelection = async (ids) => {
    selection = Int32Array.from(ids).sort();
    const count = selection.length;
    toolbar.showSelection(count, "syncing");
    const packed = packIndices(selection, xy.length / 2);
    try {
      await selects.request(packed);
      if (selection.length === count) toolbar.showSelection(count, "synced");
    } catch (err) {
      if (err instanceof StaleRequestError) return; // a newer selection took its place
      toolbar.showSelection(count, "failed", err?.message ?? String(err));
    }
  };

  const scatter = new ScatterMap(mapBox, {
    width: size.width,
    height: size.height,
    background: colors.background,
    lasso: parseColor(colors.accent, [0, 0.667, 1, 1]),
    onSelect: (ids) => setSelection(ids),
    onDeselect: () => setSelection([]),
    onView: () => redrawOverlay(),
    onPointOver: (index) => hover(index),
    onPointOut: () => {
      hovers.cancel();
      tooltip.hide();
    },
  });
  const overlay = new Overlay(mapBox);
  overlay.resize(size.width, size.height);

  // -- commands (latest wins) -------------------------------------------------------------
  const decoder = latestWins((payload, signal) =>
    kernel.command("_decode_command", payload, {
      signal, timeoutMs: 60000, label: "the decoded frame",
    }),
  );
  const hovers = latestWins((payload, signal) =>
    kernel.command("_hover_command", payload, {
      signal, timeoutMs: 10000, label: "the point's details",
    }),
  );
  queues.push(selects, decoder, hovers);

  let pointer = { x: 0, y: 0 };
  async function hover(index) {
    try {
      const info = await hovers.request({ index });
      if (scatter.hoveredPoint() === info.index) tooltip.show(info, pointer.x, pointer.y);
    } catch (err) {
      if (!(err instanceof StaleRequestError)) panel.status.error(err);
    }
  }

  // `index`: the point under the pointer (its own latent is decoded), or -1 for the map's
  // inverse at (x, y); `click`: whether linked views should react.
  async function decodeAt(x, y, index = -1, click = false) {
    if (!model.get("has_decoder")) {
      panel.status.note(model.get("decoder_note") || "No decoder: give the LatentSpace decode=.");
      return;
    }
    const started = performance.now();
    root.dataset.state = "decoding";
    try {
      const payload = click ? { x, y, index, click: true } : { x, y, index };
      const result = await panel.busy.track(decoder.request(payload));
      panel.show(result, performance.now() - started);
      marker = [result.x, result.y];
      redrawOverlay();
      root.dataset.state = "ready";
    } catch (err) {
      if (err instanceof StaleRequestError) return; // a newer request took its place
      panel.failed(err); // the selection and the map stay as they were
      root.dataset.state = "error";
    }
  }

  // -- pointer: our click decodes; regl-scatterplot keeps drag, lasso and wheel -----------
  let pressed = null;
  const local = (event) => {
    const rect = scatter.canvas.getBoundingClientRect();
    return [event.clientX - rect.left, event.clientY - rect.top];
  };
  const onPointerDown = (event) => {
    pressed = { x: event.clientX, y: event.clientY };
  };
  const onClick = (event) => {
    event.stopPropagation(); // regl-scatterplot would replace the selection with the point
    const moved = pressed ? Math.hypot(event.clientX - pressed.x, event.clientY - pressed.y) : 0;
    if (moved > CLICK_SLOP) return; // the end of a pan or a lasso
    if (event.shiftKey) {
      const index = scatter.hoveredPoint();
      if (index >= 0) {
        const ids = toggled(Array.from(selection), index);
        scatter.select(ids);
        setSelection(ids);
      }
      return;
    }
    const [px, py] = local(event);
    const [x, y] = scatter.pixelToData(px, py);
    hoverDecoded = null;
    // A point's own latent only for a click on its drawn disc (scatter.clickedPoint), else
    // the map's inverse at (x, y), even within the larger hover radius.
    decodeAt(x, y, scatter.clickedPoint(px, py), true);
  };
  // Decode on hover: a point's own latent once while it stays hovered (a new request for
  // the same point would draw the same frame again); between points, each new position.
  let hoverDecoded = null;
  const onMove = (event) => {
    const [px, py] = local(event);
    pointer = { x: px, y: py };
    if (model.get("decode_on_hover") && !event.buttons) {
      const index = scatter.hoveredPoint(); // already tested for this move (pointer-gate.js)
      if (index >= 0 && index === hoverDecoded) return;
      hoverDecoded = index;
      const [x, y] = scatter.pixelToData(px, py);
      decodeAt(x, y, index);
    }
  };
  // The notebook treats a shift-press in an output as the start of a cell selection and then
  // swallows every mouse move: the lasso (shift-drag) would never see them. Keep the press here.
  const keepPress = (event) => event.stopPropagation();
  mapBox.addEventListener("mousedown", keepPress);
  mapBox.addEventListener("pointerdown", onPointerDown, true);
  mapBox.addEventListener("click", onClick, true);
  mapBox.addEventListener("pointermove", onMove);

  // -- model → view -----------------------------------------------------------------------
  const encoding = () => {
    const mode = model.get("color_mode");
    const values = mode === "value" ? decodeArray(model.get("color_values"))?.data : null;
    return {
      categories: labels,
      values: values ?? null,
      classCount: (model.get("class_names") ?? []).length,
    };
  };

  const showLegend = () => {
    if (model.get("color_mode") === "value") {
      legend.showColorBar("colour", model.get("color_range") ?? [0, 1]);
      return;
    }
    const names = model.get("class_names") ?? [];
    const counts = names.map(() => 0);
    if (labels) for (const code of labels) counts[code] += 1;
    legend.showClasses(names, model.get("hidden_classes") ?? [], counts);
  };

  const applyHidden = () => {
    scatter.setVisible(visibleIndices(labels, model.get("hidden_classes") ?? []));
    showLegend();
    mapBox.dataset.hiddenClasses = (model.get("hidden_classes") ?? []).join(",");
  };

  const applySelection = () => {
    const wanted = decodeIndices(model.get("selection"));
    if (sameIndices(wanted, selection)) return;
    selection = wanted;
    scatter.select(Array.from(selection));
    toolbar.showSelection(selection.length, "synced");
  };

  // Draws are serialised: regl-scatterplot ignores a draw while the previous one runs, so a
  // change that arrives meanwhile (color_mode, then color_values, in one cell) waits and is
  // drawn after it, once, with the state as it is by then: the last state wins on screen.
  const draws = serialDraws(async (animate) => {
    const points = decodeArray(model.get("points"));
    xy = points ? points.data : new Float32Array(0);
    labels = decodeArray(model.get("labels"))?.data ?? null;
    await scatter.setPoints(xy, { ...encoding(), animate });
    applyHidden();
    applySelection();
    redrawOverlay();
    mapBox.dataset.pointsDrawn = String(xy.length / 2);
    root.dataset.state = "ready";
  });
  const readPoints = (animate) => draws.request(animate);

  const onPoints = () => readPoints(true);
  const onLabels = () => readPoints(false);
  const onColor = () => readPoints(false); // the draw sets the colour encoding
  const onStyle = () => {
    const style = { pointSize: model.get("point_size"), opacity: model.get("opacity") };
    scatter.setStyle(style);
    toolbar.showStyle(style);
  };
  const onProjectionState = () =>
    toolbar.showProjection(model.get("projection"), model.get("projection_state"));
  const onHoverFlag = () => toolbar.showHover(model.get("decode_on_hover"));
  const onHeight = () => resize();
  const onDecoder = () => {
    const decodeLayer = model.get("decode_layer") || "";
    const away = decodeLayer && model.get("layer") !== decodeLayer;
    panel.offerLayer(away ? decodeLayer : null, () => {
      model.set("layer", decodeLayer);
      model.save_changes();
    });
    if (!model.get("has_decoder")) {
      panel.status.note(model.get("decoder_note") || "No decoder: the map works.");
    } else if (panel.framesDrawn === 0) {
      panel.status.note("Click anywhere on the map to decode that position.");
    }
  };

  const handlers = {
    "change:points": onPoints,
    "change:labels": onLabels,
    "change:class_names": onLabels,
    "change:color_mode": onColor,
    "change:color_values": onColor,
    "change:color_range": showLegend,
    "change:hidden_classes": applyHidden,
    "change:selection": applySelection,
    "change:highlight": redrawOverlay,
    "change:cycle": redrawOverlay,
    "change:rips_edges": redrawOverlay,
    "change:rips_lengths": redrawOverlay,
    "change:rips_eps": redrawOverlay,
    "change:path": redrawOverlay,
    "change:path_current": redrawOverlay,
    "change:point_size": onStyle,
    "change:opacity": onStyle,
    "change:projection": onProjectionState,
    "change:projection_state": onProjectionState,
    "change:decode_on_hover": onHoverFlag,
    "change:height": onHeight,
    "change:has_decoder": onDecoder,
    "change:decoder_note": onDecoder,
    "change:decode_layer": onDecoder,
    "change:layer": onDecoder,
  };
  for (const [event, handler] of Object.entries(handlers)) model.on(event, handler);

  async function resize() {
    size = { width: Math.max(mapBox.clientWidth, 160), height: model.get("height") };
    mapBox.style.height = `${size.height}px`;
    overlay.resize(size.width, size.height);
    await scatter.resize(size.width, size.height);
    redrawOverlay();
  }
  const resizer = new ResizeObserver(() => {
    if (Math.abs(mapBox.clientWidth - size.width) > 1) resize();
  });
  resizer.observe(mapBox);

  // JupyterLab switches themes by changing CSS variables on <body>.
  const stopWatchingTheme = watchTheme(() => {
    colors = theme();
    scatter.setStyle({ background: colors.background });
    redrawOverlay();
  });

  // A small handle for tests and notebooks that script the view.
  Object.defineProperty(root, "lwView", {
    value: {
      dataToClient(x, y) {
        const rect = scatter.canvas.getBoundingClientRect();
        const [px, py] = scatter.dataToPixel(x, y);
        return [rect.left + px, rect.top + py];
      },
      clientToData(cx, cy) {
        const rect = scatter.canvas.getBoundingClientRect();
        return scatter.pixelToData(cx - rect.left, cy - rect.top);
      },
      /** Decode a data position as a click does, without the click; resolves to the ms. */
      async decode(x, y, index = -1) {
        await decodeAt(x, y, index);
        return Number(panel.frame.dataset.clickToFrameMs);
      },
      /** The floor of a click: the echo command carries a frame there and back, drawn. */
      async echo(shape = [8, 8, 4]) {
        const started = performance.now();
        const bytes = new Uint8Array(shape.reduce((a, b) => a * b, 1));
        const request = { frame: { dtype: "uint8", shape, buffer_index: 0 } };
        const result = await kernel.command("_echo_command", request, {
          buffers: [new DataView(bytes.buffer)],
        });
        drawFrame(panel.frame, result.frame);
        return performance.now() - started;
      },
      /**
       * Select points as a lasso does (the map shows them, the kernel is sent them);
       * resolves when the kernel confirmed them, or failed to: the toolbar says which.
       * @param {ArrayLike<number> | {start: number, stop: number}} ids indices, or a range
       */
      async select(ids) {
        const list = Array.isArray(ids) || ArrayBuffer.isView(ids)
          ? Int32Array.from(/** @type {ArrayLike<number>} */ (ids))
          : Int32Array.from({ length: ids.stop - ids.start }, (_, i) => ids.start + i);
        scatter.select(Array.from(list));
        await setSelection(list);
        return selection.length;
      },
      /** Frames the WebGL map rendered, and changes of the hovered point, since the start. */
      pointerCounts() {
        return { draws: scatter.draws, hoverChanges: scatter.hover.changes };
      },
      /** Benchmarks only: off, moves reach regl-scatterplot as before the pointer gate. */
      setPointerGate(on) {
        scatter.setPointerGate(Boolean(on));
      },
      snapshot() {
        const image = scatter.snapshot();
        return { width: image.width, height: image.height, data: Array.from(image.data) };
      },
    },
  });

  mapBox.style.height = `${size.height}px`;
  onStyle();
  onProjectionState();
  onHoverFlag();
  onDecoder();
  readPoints(false);

  return () => {
    kernel.stop();
    selects.cancel();
    decoder.cancel();
    hovers.cancel();
    toolbar.destroy();
    resizer.disconnect();
    stopWatchingTheme();
    for (const [event, handler] of Object.entries(handlers)) model.off(event, handler);
    mapBox.removeEventListener("mousedown", keepPress);
    mapBox.removeEventListener("pointerdown", onPointerDown, true);
    mapBox.removeEventListener("click", onClick, true);
    mapBox.removeEventListener("pointermove", onMove);
    scatter.destroy();
  };
}

export default { render };
