// The Persistence view: persistent homology of latents. A diagram and a barcode of the
// features (connected components, loops, voids), an ε slider with the Betti numbers at ε, a
// chart of Betti numbers by layer, and a check of whether the 2-D map shows loops that the
// latents do not have. The kernel computes; this view draws what it sends and asks for more.
// Framework-free (../shared/mount.js): the traits come in `props` and `update`, the kernel
// is reached through `props.host`.

import { element } from "../shared/dom.js";
import { StaleRequestError } from "../shared/commands.js";
import { TraitView } from "../shared/view.js";
import { busyMarker } from "../shared/busy.js";
import { formatScale } from "../shared/format.js";
import { readTheme, watchTheme } from "../shared/theme.js";
import { featuresOf, describeFeature } from "./features.js";
import { bettiAt, describeBetti } from "./betti.js";
import { noteDetails, noteParts } from "./note.js";
import { PersistenceToolbar } from "./toolbar.js";
import { VerdictSection } from "./verdict.js";
import { PersistencePlots } from "./plots.js";
import { LayerChart } from "./layer-chart.js";
import { MapCheckSection } from "./map-check.js";

const SLIDER_STEPS = 1000; // fine enough that the slider can stop between close deaths
const FALLBACK_WIDTH = 640; // before the view is attached (or in jsdom) it has no width

/** The traits each method shows (../shared/view.js runs it once when any of them changes). */
const SHOWS = {
  onFeatures: ["features", "has_cycle", "maxdim"],
  onBound: ["error_bound"],
  showSelected: ["selected_feature"],
  onEps: ["eps"],
  showSlider: ["eps_max"],
  onInfo: ["info"],
  showStatus: ["status"],
  onView: ["view"],
  onScopes: ["scopes", "scope"],
  onChart: ["layer_chart"],
  onMapCheck: ["map_check"],
  showEdges: ["map_edges"],
};

/** The one-line help of the view's gestures. */
export const HELP =
  "Click a dot or a bar: its cycle (on a linked map) · drag ε: the Betti numbers at that scale " +
  "(and the Rips edges on a linked map) · hover: birth, death and persistence · click a layer in the chart: compute on it";

export class PersistenceView extends TraitView {
  /**
   * @param {HTMLElement} el
   * @param {Record<string, any> & { host: import("../shared/mount.js").Host }} props the
   *   decoded traits (see index.js) and the host
   */
  constructor(el, props) {
    super(el, props, "lw-persistence", SHOWS);
    this.features = [];
    this.eps = Number(props.eps) || 0;
    this.buildRequests();
    this.buildParts();
    this.listen();
    Object.defineProperty(this.root, "lwView", { value: this.hooks() });

    this.plots.update({ eps: this.eps, theme: readTheme(this.root) });
    this.plots.width = this.width();
    this.showAll("onView", "onScopes", "onInfo", "onFeatures", "showStatus", "onChart", "onMapCheck",
      "showEdges");
  }

  /** The kernel's requests, latest wins: the homology, the check of the map, more landmarks. */
  buildRequests() {
    this.computer = this.commandQueue("_compute_command", { timeoutMs: 30000, label: "the homology" });
    this.checker = this.commandQueue("_map_check_command", { timeoutMs: 120000, label: "the check of the map" });
    this.refiner = this.commandQueue("_more_landmarks_command", { timeoutMs: 30000, label: "more landmarks" });
  }

  /** Toolbar, note, verdict, plots, ε slider, selected feature, layer chart, map check. */
  buildParts() {
    const { root, host } = this;
    this.toolbar = new PersistenceToolbar(root, {
      onScope: (key) => this.compute(key),
      onView: (view) => host.save({ view }),
      onMapCheck: () => this.checkMap(),
      onEdges: (on) => host.save({ map_edges: on }),
    });
    // Commands a person waits for (the check of the map takes seconds) show a spinner.
    const spinner = element("span", "lw-busy-spinner", this.toolbar.status.element);
    spinner.setAttribute("aria-label", "working");
    this.busy = busyMarker([spinner, root]);
    this.note = element("div", "lw-note", root);
    this.verdict = new VerdictSection(root, {
      onMore: () => this.refine(),
      onPCA: (k) => this.compute(this.props.scope ?? "all", k),
      onBack: () => this.compute(this.props.scope ?? "all"),
    });
    this.plots = new PersistencePlots(root, {
      onPick: (id) => {
        const current = this.props.selected_feature ?? -1;
        host.save({ selected_feature: id < 0 || id === current ? -1 : id });
      },
    });
    this.buildSlider();
    this.selectedLine = element("div", "lw-selected", root);
    this.emptyH1 = element("p", "lw-empty-h1", root);
    this.emptyH1.textContent = "No H1 features: these points have no loops at any scale.";
    this.emptyH1.hidden = true;
    this.chart = new LayerChart(root, (layer) => host.save({ layer }));
    this.mapCheck = new MapCheckSection(root);
  }

  buildSlider() {
    const epsRow = element("div", "lw-eps", this.root);
    const epsLabel = element("label", "lw-eps-label", epsRow);
    epsLabel.append("scale ε ");
    this.slider = /** @type {HTMLInputElement} */ (element("input", "lw-eps-slider", epsLabel));
    this.slider.type = "range";
    this.slider.min = "0";
    this.readout = element("span", "lw-betti", epsRow);
    this.readout.setAttribute("aria-live", "polite");
    this.readout.title = "Betti numbers at ε: how many pieces (β0), loops (β1), voids (β2) are alive";
    const help = element("p", "lw-help", this.root);
    help.textContent = HELP;
    help.title = HELP;
  }

  /** The slider, the size and the theme. */
  listen() {
    // Moving the slider redraws here at once; the kernel hears every step (cheap on its side).
    this.onSlide = () => {
      this.eps = Number(this.slider.value);
      this.plots.update({ eps: this.eps });
      this.showReadout();
      this.host.save({ eps: this.eps });
    };
    this.slider.addEventListener("input", this.onSlide);
    this.resizer =
      typeof ResizeObserver === "undefined"
        ? null
        : new ResizeObserver(() => {
            if (Math.abs(this.width() - this.plots.width) > 1) {
              this.plots.layout(this.width());
              this.onChart();
            }
          });
    this.resizer?.observe(this.root);
    // JupyterLab switches themes by changing CSS variables on <body>.
    this.stopWatchingTheme = watchTheme(() => this.plots.update({ theme: readTheme(this.root) }));
  }

  /** A small handle for browser tests and notebooks that script the view. */
  hooks() {
    return {
      /** [clientX, clientY] of the centre of feature `index` in "diagram" or "barcode". */
      featureToClient: (index, where = "diagram") => this.plots.featureToClient(index, where),
      /** Betti numbers β0..β_maxdim at the ε shown now. */
      betti: () => this.currentBetti(),
      /** The ε shown now (the slider's, before the kernel echoes it). */
      eps: () => this.eps,
      /** The hover text of feature `index`, as the tooltip shows it. */
      describe: (index) => (this.features[index] ? describeFeature(this.features[index]) : null),
      /** The error bound shown now (0 when exact). */
      bound: () => this.bound(),
    };
  }

  maxdim() {
    return Number(this.props.maxdim ?? 1);
  }

  bound() {
    return Number(this.props.error_bound) || 0;
  }

  width() {
    return this.root.clientWidth || this.el.clientWidth || FALLBACK_WIDTH;
  }

  currentBetti() {
    return bettiAt(this.features, this.eps, this.maxdim());
  }

  // -- commands ---------------------------------------------------------------------------

  /** A command a person waits for; a failure shows in words and marks the view. */
  async run(queue, payload) {
    try {
      return await this.busy.track(queue.request(payload));
    } catch (err) {
      if (err instanceof StaleRequestError) return undefined;
      this.toolbar.status.error(err);
      this.root.dataset.state = "error";
      throw err;
    }
  }

  async compute(key, pca) {
    try {
      await this.run(this.computer, pca === undefined ? { scope: key } : { scope: key, pca });
    } catch {
      this.onScopes(); // back to what is shown
    }
  }

  async refine() {
    await this.run(this.refiner, {}).catch(() => {});
  }

  async checkMap() {
    const { toolbar } = this;
    toolbar.mapCheck.disabled = true;
    toolbar.status.note("checking the map against the latents…");
    try {
      this.mapCheck.show(await this.busy.track(this.checker.request({})));
      this.showStatus();
    } catch (err) {
      if (!(err instanceof StaleRequestError)) toolbar.status.error(err);
    } finally {
      toolbar.mapCheck.disabled = false;
    }
  }

  // -- traits → view ----------------------------------------------------------------------

  showReadout() {
    const betti = this.currentBetti();
    this.readout.textContent = describeBetti(this.eps, betti);
    this.readout.dataset.betti = betti.join(",");
    this.readout.dataset.eps = String(this.eps);
  }

  showEmptyH1() {
    const state = this.props.status?.state;
    const noLoops = !this.features.some((f) => f.dim === 1);
    this.emptyH1.hidden = !(state === "ready" && this.maxdim() >= 1 && noLoops);
  }

  showSelected() {
    const id = this.props.selected_feature ?? -1;
    const feature = this.features[id];
    this.root.dataset.selectedFeature = String(feature ? id : -1);
    let text = feature ? `selected: ${describeFeature(feature)}` : "";
    if (feature?.hasCycle && this.props.info?.linked) text += " · its cycle is highlighted on the map";
    this.selectedLine.textContent = text;
    this.plots.update({ selected: feature ? id : -1 });
  }

  showStatus() {
    const status = this.props.status ?? {};
    this.root.dataset.state = status.state ?? "ready";
    this.toolbar.showStatus(status);
    this.showEmptyH1();
    this.verdict.show(this.props.info ?? {}, status.state ?? "ready");
  }

  showNote() {
    const { note } = this;
    const info = this.props.info ?? {};
    const bound = this.bound();
    const parts = noteParts(info, bound);
    note.textContent = parts.join(" · ");
    note.title = noteDetails(info);
    note.hidden = parts.length === 0;
    note.dataset.bound = String(bound);
    this.root.dataset.errorBound = String(bound);
    this.verdict.show(info, this.props.status?.state ?? "ready");
  }

  showSlider() {
    const max = Number(this.props.eps_max);
    const top = max > 0 && Number.isFinite(max) ? max : this.plots.domain?.[1] ?? 1;
    this.slider.max = String(top);
    this.slider.step = String(top / SLIDER_STEPS);
    this.slider.value = String(this.eps);
    this.slider.title =
      `Drag to set the scale ε (0 to ${formatScale(top)}): features alive at ε are strong, the Betti numbers follow`;
  }

  onFeatures() {
    this.features = featuresOf(this.props.features, this.props.has_cycle);
    this.root.dataset.features = String(this.features.length);
    this.plots.setData({ features: this.features, errorBound: this.bound(), maxdim: this.maxdim() });
    this.showSlider();
    this.showReadout();
    this.showSelected();
    this.showEmptyH1();
  }

  onEps() {
    const value = Number(this.props.eps);
    if (!Number.isFinite(value) || value === this.eps) return;
    this.eps = value;
    this.slider.value = String(value);
    this.plots.update({ eps: value });
    this.showReadout();
  }

  onInfo() {
    const linked = Boolean(this.props.info?.linked);
    this.toolbar.showLinked(linked);
    this.root.dataset.linked = String(linked);
    this.showNote();
    this.showSelected();
  }

  onBound() {
    this.showNote();
    this.onFeatures();
  }

  onScopes() {
    this.toolbar.showScopes(this.props.scopes, this.props.scope);
  }

  onView() {
    this.plots.setView(this.props.view);
    this.toolbar.showView(this.plots.view);
  }

  onChart() {
    this.chart.show(this.props.layer_chart ?? {}, this.width());
  }

  onMapCheck() {
    this.mapCheck.show(this.props.map_check);
  }

  showEdges() {
    this.toolbar.showEdges(this.props.map_edges);
  }

  destroy() {
    super.destroy();
    this.slider.removeEventListener("input", this.onSlide);
    this.resizer?.disconnect();
    this.stopWatchingTheme();
    this.plots.destroy();
  }
}
