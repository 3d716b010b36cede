// The Explorer view: a WebGL map of the latent space. Click anywhere to decode that
// position in the kernel; lasso (shift-drag) or shift-click to select; hover for a preview;
// the gestures are in gestures.js.
// Framework-free (../shared/mount.js): the traits come in `props` and `update`, the kernel
// is reached through `props.host`.

import { element } from "../shared/dom.js";
import { packIndices, splitPacked } from "../shared/arrays.js";
import { StaleRequestError } from "../shared/commands.js";
import { TraitView } from "../shared/view.js";
import { parseColor } from "../shared/colors.js";
import { SELECTION_PART_BYTES } from "../shared/constants.js";
import { readTheme, watchTheme } from "../shared/theme.js";
import { GONE_MESSAGE, KernelGoneError } from "../shared/kernel.js";
import { ScatterMap } from "./scatter.js";
import { Overlay, edgesWithin } from "./overlay.js";
import { Legend } from "./legend.js";
import { DecoderPanel } from "./panel.js";
import { Tooltip } from "./tooltip.js";
import { Toolbar } from "./toolbar.js";
import { visibleIndices, toggled, sameIndices } from "./selection.js";
import { serialDraws } from "./serial.js";
import { explorerHooks } from "./hooks.js";
import { clickOnMap, doubleClickOnMap } from "./map-clicks.js";
import { followDecoded, mapName } from "./decoded.js";
import { watchWidth } from "./layout.js";
import { PageDecoding } from "./page-decoding.js";

/** What the panel says when the browser takes the map's WebGL context back. */
const CONTEXT_LOST = "the browser took the map's WebGL context back (too many maps open, or a GPU reset), so the map can no longer be drawn: run the cell again";

const MIN_WIDTH = 160; // before the view is attached (or in jsdom) it has no width

/** The traits each method shows (../shared/view.js runs it once when any of them changes). */
const SHOWS = {
  onPoints: ["points"],
  redraw: ["labels", "class_names", "color_mode", "color_values"], // the draw sets the colour encoding
  showLegend: ["color_range"],
  applyHidden: ["hidden_classes"],
  applySelection: ["selection"],
  redrawOverlay: ["highlight", "cycle", "rips_edges", "rips_lengths", "rips_eps", "path", "path_current"],
  onStyle: ["point_size", "opacity"],
  onProjectionState: ["projection", "projection_state"],
  onHoverFlag: ["decode_on_hover"],
  resize: ["height"],
  onDecoder: ["has_decoder", "decoder_note", "decode_layer", "layer", "layers"],
};

/** The theme as the map draws it: the background parsed for WebGL. @param {HTMLElement} el */
function mapTheme(el) {
  const theme = readTheme(el);
  return { background: parseColor(theme.background), ink: theme.strong, accent: theme.accent };
}

export class ExplorerView extends TraitView {
  /**
   * @param {HTMLElement} el
   * @param {Record<string, any> & { host: import("../shared/mount.js").Host }} props the
   *   decoded traits (see index.js) and the host
   */
  constructor(el, props) {
    super(el, props, "lw-explorer", SHOWS);
    this.xy = new Float32Array(0);
    this.labels = null;
    this.selection = new Int32Array(0);
    this.marker = null; // the last decoded position, [x, y]
    this.decoded = null; // what was decoded last, and on which map (decoded.js)
    this.newMap = false; // new points arrived: the marker follows them at the next draw
    this.selectionsSent = 0;
    this.pointer = { x: 0, y: 0 };
    this.pressed = null; // where the pointer went down, to tell a click from a drag
    this.hoverDecoded = null; // the point decoded on hover, decoded once while it stays
    this.colors = mapTheme(el);
    this.buildParts();
    this.buildRequests();
    this.pageDecoding = new PageDecoding(this.host, (path) => this.pathChanged(path));
    this.listen();
    this.draws = serialDraws((animate) => this.draw(animate));
    Object.defineProperty(this.root, "lwView", { value: explorerHooks(this) });

    this.mapBox.style.height = `${this.size.height}px`;
    this.showAll("onStyle", "onProjectionState", "onHoverFlag", "onDecoder", "redraw");
    // commands go once the view is built (mount.js): the decoder for the page is asked then
    if (props.decode_layer) queueMicrotask(() => this.pageDecoding.start());
  }

  /** The kernel's note that the decoder changed: the page asks for the new one. */
  message(content) {
    if (content?.kind === "page_decoder_changed") this.pageDecoding.restart();
  }

  /** Where clicks decode changed: the panel says it, the kernel's `decoding` trait too. */
  pathChanged(path) {
    this.panel.showPath(path);
    this.host.save({ decoding: path });
    if (path.path === "page") this.pageDecoding.setMap(this.props.projection_state?.shown, this.props.layer ?? "", this.xy);
  }

  /** The toolbar, the map with its overlay and tooltip, the decoder panel and the legend. */
  buildParts() {
    const { root, host } = this;
    this.toolbar = new Toolbar(root, {
      onProjection: (name) => host.save({ projection: name }),
      onHover: (on) => host.save({ decode_on_hover: on }),
      onStyle: (traits) => host.save(traits),
      onLayer: (name) => host.save({ layer: name }),
      onReset: () => this.resetView(),
    });
    const body = element("div", "lw-body", root);
    this.mapBox = element("div", "lw-map", body);
    this.size = { width: Math.max(this.mapBox.clientWidth, MIN_WIDTH), height: this.props.height };
    this.panel = new DecoderPanel(body);
    this.legend = new Legend(root, (code) => {
      host.save({ hidden_classes: toggled(this.props.hidden_classes ?? [], code) });
    });
    this.tooltip = new Tooltip(this.mapBox);
    this.scatter = new ScatterMap(this.mapBox, {
      width: this.size.width,
      height: this.size.height,
      background: this.colors.background,
      lasso: parseColor(this.colors.accent, [0, 0.667, 1, 1]),
      onSelect: (ids) => this.setSelection(ids),
      onDeselect: () => this.setSelection([]),
      onView: () => this.redrawOverlay(),
      onPointOver: (index) => this.hover(index),
      onPointOut: () => {
        this.hovers.cancel();
        this.tooltip.hide();
      },
    });
    this.overlay = new Overlay(this.mapBox);
    this.overlay.resize(this.size.width, this.size.height);
  }

  /** The kernel's requests, latest wins: a selection, a decoded frame, a point's details. */
  buildRequests() {
    this.selects = this.queue((packed, signal) => this.sendSelection(packed, signal));
    this.decoder = this.commandQueue("_decode_command", { timeoutMs: 60000, label: "the decoded frame" });
    this.hovers = this.commandQueue("_hover_command", { timeoutMs: 10000, label: "the point's details" });
    this.pageDecodes = this.queue((payload) => this.pageDecoding.decodeOrKernel(payload, {
      xy: this.xy, labels: this.labels, names: this.props.class_names ?? [],
      neighbours: this.props.n_neighbours ?? 6,
    }, () => this.decoder.request(payload)));
  }

  /** The pointer (our click decodes; regl-scatterplot keeps drag, lasso and wheel), size, theme. */
  listen() {
    const { mapBox } = this;
    // The notebook treats a shift-press in an output as the start of a cell selection and then
    // swallows every mouse move: the lasso (shift-drag) would never see them. Keep the press here.
    this.keepPress = (event) => event.stopPropagation();
    this.onPointerDown = (event) => {
      this.pressed = { x: event.clientX, y: event.clientY };
    };
    this.onClick = (event) => clickOnMap(this, event);
    this.onDoubleClick = (event) => doubleClickOnMap(this, event);
    this.onMove = (event) => this.move(event);
    mapBox.addEventListener("mousedown", this.keepPress);
    mapBox.addEventListener("pointerdown", this.onPointerDown, true);
    mapBox.addEventListener("click", this.onClick, true);
    mapBox.addEventListener("dblclick", this.onDoubleClick, true);
    // The browser may take the map's WebGL context back (too many maps, a GPU reset): say so.
    this.onContextLost = () => this.panel.status.error(new Error(CONTEXT_LOST));
    this.scatter.canvas.addEventListener("webglcontextlost", this.onContextLost);
    mapBox.addEventListener("pointermove", this.onMove);
    this.resizer = new ResizeObserver(() => {
      if (Math.abs(mapBox.clientWidth - this.size.width) > 1) this.resize();
    });
    this.resizer.observe(mapBox);
    this.stopWatchingWidth = watchWidth(this.root); // the panel under the map when narrow
    // JupyterLab switches themes by changing CSS variables on <body>.
    this.stopWatchingTheme = watchTheme(() => {
      this.colors = mapTheme(this.el);
      this.scatter.setStyle({ background: this.colors.background });
      this.redrawOverlay();
    });
  }

  /** The kernel went: nothing the panel shows can change any more, and it says why. */
  kernelChanged(state) {
    if (state !== "gone") return;
    // (a decode that a shutdown interrupted first said "interrupted")
    this.panel.failed(new KernelGoneError());
    if (this.selection.length) this.toolbar.showSelection(this.selection.length, "failed", GONE_MESSAGE);
  }

  // -- the selection --------------------------------------------------------------------

  /**
   * A selection made here goes to the kernel as a command (packed: a bit mask when that is
   * smaller; in parts of SELECTION_PART_BYTES, far under any server's message limit), so
   * that its reply confirms it arrived; until then, or if it does not, the map keeps it and
   * the toolbar says it is not synced.
   */
  async sendSelection(packed, signal) {
    const parts = splitPacked(packed, SELECTION_PART_BYTES);
    const id = `selection-${++this.selectionsSent}`;
    let reply = null;
    for (let k = 0; k < parts.length; k++) {
      const request = parts.length === 1 ? { selection: parts[k].value }
        : { selection: parts[k].value, part: k, parts: parts.length, id };
      reply = await this.host.command("_select_command", request, {
        signal, buffers: [parts[k].buffer], timeoutMs: 120000, label: "the selection",
      });
    }
    return reply;
  }

  /** @param {ArrayLike<number>} ids */
  async setSelection(ids) {
    this.selection = Int32Array.from(ids).sort();
    const count = this.selection.length;
    this.toolbar.showSelection(count, "syncing");
    const packed = packIndices(this.selection, this.xy.length / 2);
    try {
      await this.selects.request(packed);
      if (this.selection.length === count) this.toolbar.showSelection(count, "synced");
    } catch (err) {
      if (err instanceof StaleRequestError) return; // a newer selection took its place
      this.toolbar.showSelection(count, "failed", err?.message ?? String(err));
    }
  }

  applySelection() {
    const wanted = this.props.selection ?? new Int32Array(0);
    if (sameIndices(wanted, this.selection)) return;
    this.selection = wanted;
    this.scatter.select(Array.from(this.selection));
    this.toolbar.showSelection(this.selection.length, "synced");
  }

  // -- decoding and hovering --------------------------------------------------------------

  async hover(index) {
    try {
      const info = await this.hovers.request({ index });
      if (this.scatter.hoveredPoint() === info.index) this.tooltip.show(info, this.pointer.x, this.pointer.y);
    } catch (err) {
      if (!(err instanceof StaleRequestError)) this.panel.status.error(err);
    }
  }

  /**
   * Decode (x, y). `index`: the point under the pointer (its own latent is decoded), or -1
   * for the map's inverse at (x, y); `click`: whether linked views should react.
   */
  async decodeAt(x, y, index = -1, click = false) {
    const { panel, root } = this;
    if (!this.props.has_decoder) {
      panel.status.note(this.props.decoder_note || "No decoder: give the LatentSpace decode=.");
      return;
    }
    const started = performance.now();
    const map = this.mapName(); // the map (x, y) is on: it may change before the answer
    root.dataset.state = "decoding";
    try {
      const result = await panel.busy.track(this.decodeSomewhere(x, y, index, click));
      panel.show(result, performance.now() - started);
      this.decoded = { index: result.index ?? -1, x: result.x, y: result.y, map };
      this.marker = [result.x, result.y];
      if (map !== this.mapName()) this.followMap(); // another map came meanwhile
      this.redrawOverlay();
      root.dataset.state = "ready";
    } catch (err) {
      if (err instanceof StaleRequestError) return; // a newer request took its place
      panel.failed(err); // the selection and the map stay as they were
      root.dataset.state = "error";
    }
  }

  /** Decode in the page when it can (page-decoding.js), else in the kernel; latest wins. */
  async decodeSomewhere(x, y, index, click) {
    const payload = click ? { x, y, index, click: true } : { x, y, index };
    if (this.pageDecoding.path.path === "page") {
      try { // in the page's queue first, so that a later click always wins
        return await this.pageDecodes.request(payload);
      } catch (err) {
        if (err instanceof StaleRequestError) throw err;
        this.pageDecoding.failed(err); // from now on the kernel decodes, and the panel says why
      }
    }
    return this.decoder.request(payload);
  }

  /** Zoom and pan back to the whole map; resolves once it is drawn. */
  async resetView() {
    await this.scatter.resetView();
    this.redrawOverlay();
  }

  /** The map on screen, in words (decoded.js). */
  mapName() {
    const layers = this.props.layers ?? [];
    return mapName(this.props.projection_state?.shown, layers.length > 1 ? this.props.layer : "");
  }

  /** New points (another projection or layer): the marker follows the decoded point, or goes. */
  followMap() {
    const { marker, note, stale } = followDecoded(this.decoded, this.xy, this.mapName());
    this.marker = marker;
    if (this.decoded) this.decoded = marker ? { ...this.decoded, x: marker[0], y: marker[1], map: this.mapName() } : null;
    this.panel.mapChanged(note, stale);
  }

  /**
   * Decode on hover: a point's own latent once while it stays hovered (a new request for
   * the same point would draw the same frame again); between points, each new position.
   * @param {PointerEvent} event
   */
  move(event) {
    const [px, py] = this.scatter.local(event);
    this.pointer = { x: px, y: py };
    if (this.props.decode_on_hover && !event.buttons) {
      const index = this.scatter.hoveredPoint(); // already tested for this move (pointer-gate.js)
      if (index >= 0 && index === this.hoverDecoded) return;
      this.hoverDecoded = index;
      const [x, y] = this.scatter.pixelToData(px, py);
      this.decodeAt(x, y, index);
    }
  }

  // -- traits → the map -------------------------------------------------------------------

  redrawOverlay() {
    const { props } = this;
    const edges = props.rips_edges?.data ?? null;
    const lengths = props.rips_lengths?.data ?? [];
    const edgeCount = edges ? edgesWithin(lengths, props.rips_eps ?? 0) : 0;
    const path = props.path?.data ?? [];
    this.overlay.draw({
      toPixel: (x, y) => this.scatter.dataToPixel(x, y),
      marker: this.marker,
      highlight: props.highlight ?? new Int32Array(0),
      xy: this.xy,
      color: this.colors.ink,
      accent: this.colors.accent,
      edges,
      edgeCount,
      cycle: props.cycle?.data ?? [],
      path,
      pathCurrent: props.path_current ?? -1,
    });
    this.mapBox.dataset.ripsEdgesDrawn = String(edgeCount);
    this.mapBox.dataset.pathSteps = String(path.length / 2);
    this.mapBox.dataset.cyclePoints = String(props.cycle?.data?.length ?? 0);
    this.mapBox.dataset.marker = this.marker ? this.marker.join(",") : "";
  }

  encoding() {
    const { props } = this;
    const values = props.color_mode === "value" ? props.color_values?.data : null;
    return {
      categories: this.labels,
      values: values ?? null,
      classCount: (props.class_names ?? []).length,
    };
  }

  showLegend() {
    const { props } = this;
    if (props.color_mode === "value") {
      this.legend.showColorBar("colour", props.color_range ?? [0, 1]);
      return;
    }
    const names = props.class_names ?? [];
    const counts = names.map(() => 0);
    if (this.labels) for (const code of this.labels) counts[code] += 1;
    this.legend.showClasses(names, props.hidden_classes ?? [], counts);
  }

  applyHidden() {
    const hidden = this.props.hidden_classes ?? [];
    this.scatter.setVisible(visibleIndices(this.labels, hidden));
    this.showLegend();
    this.mapBox.dataset.hiddenClasses = hidden.join(",");
  }

  /**
   * Draws are serialised: regl-scatterplot ignores a draw while the previous one runs, so a
   * change that arrives meanwhile (color_mode, then color_values, in one cell) waits and is
   * drawn after it, once, with the state as it is by then: the last state wins on screen.
   */
  async draw(animate) {
    this.xy = this.props.points ? this.props.points.data : new Float32Array(0);
    this.labels = this.props.labels?.data ?? null;
    await this.scatter.setPoints(this.xy, { ...this.encoding(), animate });
    this.pageDecoding.setMap(this.props.projection_state?.shown, this.props.layer ?? "", this.xy);
    if (this.newMap) this.followMap();
    this.newMap = false;
    this.applyHidden();
    this.applySelection();
    this.redrawOverlay();
    this.mapBox.dataset.pointsDrawn = String(this.xy.length / 2);
    this.root.dataset.state = "ready";
  }

  readPoints(animate) {
    return this.draws.request(animate);
  }

  onPoints() {
    this.newMap = true;
    this.readPoints(true);
  }

  redraw() {
    this.readPoints(false);
  }

  onStyle() {
    const style = { pointSize: this.props.point_size, opacity: this.props.opacity };
    this.scatter.setStyle(style);
    this.toolbar.showStyle(style);
  }

  onProjectionState() {
    this.toolbar.showProjection(this.props.projection, this.props.projection_state);
  }

  onHoverFlag() {
    this.toolbar.showHover(this.props.decode_on_hover);
  }

  onDecoder() {
    const { props, panel } = this;
    const decodeLayer = props.decode_layer || "";
    const away = decodeLayer && props.layer !== decodeLayer;
    panel.offerLayer(away ? decodeLayer : null, () => this.host.save({ layer: decodeLayer }));
    this.toolbar.showLayers(props.layers ?? [], props.layer ?? "", decodeLayer);
    if (!props.has_decoder) {
      panel.status.note(props.decoder_note || "No decoder: the map works.");
    } else if (panel.framesDrawn === 0) {
      panel.status.note("Click anywhere on the map to decode that position.");
    }
  }

  async resize() {
    this.size = { width: Math.max(this.mapBox.clientWidth, MIN_WIDTH), height: this.props.height };
    this.mapBox.style.height = `${this.size.height}px`;
    this.overlay.resize(this.size.width, this.size.height);
    await this.scatter.resize(this.size.width, this.size.height);
    this.redrawOverlay();
  }

  destroy() {
    super.destroy();
    this.pageDecoding.release();
    this.toolbar.destroy();
    this.resizer.disconnect();
    this.stopWatchingWidth();
    this.stopWatchingTheme();
    const { mapBox } = this;
    mapBox.removeEventListener("mousedown", this.keepPress);
    mapBox.removeEventListener("pointerdown", this.onPointerDown, true);
    mapBox.removeEventListener("click", this.onClick, true);
    mapBox.removeEventListener("dblclick", this.onDoubleClick, true);
    this.scatter.canvas.removeEventListener("webglcontextlost", this.onContextLost);
    mapBox.removeEventListener("pointermove", this.onMove);
    this.scatter.destroy();
  }
}
