// The Persistence view: persistent homology of latents. A diagram and a barcode of the
// features (connected components, loops, voids), an ε slider with the Betti numbers at ε, a
// chart of Betti numbers by layer, and a check of whether the 2-D map shows loops that the
// latents do not have. The kernel computes; this view draws what it sends and asks for more.

import { element } from "../shared/dom.js";
import { latestWins, StaleRequestError } from "../shared/commands.js";
import { readFeatures, describeFeature, formatScale } from "./features.js";
import { bettiAt, describeBetti } from "./betti.js";
import { noteDetails, noteParts } from "./note.js";
import { PersistenceToolbar } from "./toolbar.js";
import { VerdictSection } from "./verdict.js";
import { guardKernel } from "../shared/kernel-guard.js";
import { busyMarker } from "../shared/busy.js";
import { PersistencePlots } from "./plots.js";
import { LayerChart } from "./layer-chart.js";
import { MapCheckSection } from "./map-check.js";
import { readTheme, watchTheme } from "../shared/theme.js";
import "../shared/base.css";
import "./styles.css";

const SLIDER_STEPS = 1000; // fine enough that the slider can stop between close deaths
const FALLBACK_WIDTH = 640; // before the view is attached (or in jsdom) it has no width

/** @param {{ model: any, el: HTMLElement, experimental?: { invoke: any } }} ctx */
function render({ model, el, experimental }) {
  const root = element("div", "lw-persistence lw-widget", el);
  const save = (name, value) => {
    model.set(name, value);
    model.save_changes();
  };
  const queues = [];
  const kernel = guardKernel({ model, el, root, invoke: experimental?.invoke, requests: queues });
  const computer = latestWins((payload, signal) =>
    kernel.command("_compute_command", payload, { signal, timeoutMs: 30000, label: "the homology" }));
  const checker = latestWins((payload, signal) =>
    kernel.command("_map_check_command", payload, { signal, timeoutMs: 120000, label: "the check of the map" }));
  const refiner = latestWins((payload, signal) =>
    kernel.command("_more_landmarks_command", payload, { signal, timeoutMs: 30000, label: "more landmarks" }));
  queues.push(computer, checker, refiner);

  const toolbar = new PersistenceToolbar(root, {
    onScope: (key) => compute(key),
    onView: (view) => save("view", view),
    onMapCheck: () => checkMap(),
  });
  // Commands a person waits for (the check of the map takes seconds) show a spinner.
  const spinner = element("span", "lw-busy-spinner", toolbar.status.element);
  spinner.setAttribute("aria-label", "working");
  const busy = busyMarker([spinner, root]);
  const note = element("div", "lw-note", root);
  const verdict = new VerdictSection(root, {
    onMore: () => refine(),
    onPCA: (k) => compute(model.get("scope") ?? "all", k),
    onBack: () => compute(model.get("scope") ?? "all"),
  });
  const plots = new PersistencePlots(root, {
    onPick: (id) => {
      const current = model.get("selected_feature") ?? -1;
      save("selected_feature", id < 0 || id === current ? -1 : id);
    },
  });
  const epsRow = element("div", "lw-eps", root);
  const epsLabel = element("label", "lw-eps-label", epsRow);
  epsLabel.append("scale ε ");
  const slider = /** @type {HTMLInputElement} */ (element("input", "lw-eps-slider", epsLabel));
  slider.type = "range";
  slider.min = "0";
  const readout = element("span", "lw-betti", epsRow);
  readout.setAttribute("aria-live", "polite");
  const selectedLine = element("div", "lw-selected", root);
  const emptyH1 = element("p", "lw-empty-h1", root);
  emptyH1.textContent = "No H1 features: these points have no loops at any scale.";
  emptyH1.hidden = true;
  const chart = new LayerChart(root, (layer) => save("layer", layer));
  const mapCheck = new MapCheckSection(root);

  let features = [];
  let eps = Number(model.get("eps")) || 0;
  const maxdim = () => Number(model.get("maxdim") ?? 1);
  const width = () => root.clientWidth || el.clientWidth || FALLBACK_WIDTH;
  const currentBetti = () => bettiAt(features, eps, maxdim());

  // -- commands ---------------------------------------------------------------------------
  async function compute(key, pca) {
    try {
      await busy.track(computer.request(pca === undefined ? { scope: key } : { scope: key, pca }));
    } catch (err) {
      if (err instanceof StaleRequestError) return;
      toolbar.status.error(err);
      root.dataset.state = "error";
      toolbar.showScopes(model.get("scopes"), model.get("scope")); // back to what is shown
    }
  }

  async function refine() {
    try {
      await busy.track(refiner.request({}));
    } catch (err) {
      if (err instanceof StaleRequestError) return;
      toolbar.status.error(err);
      root.dataset.state = "error";
    }
  }

  async function checkMap() {
    toolbar.mapCheck.disabled = true;
    toolbar.status.note("checking the map against the latents…");
    try {
      mapCheck.show(await busy.track(checker.request({})));
      showStatus();
    } catch (err) {
      if (!(err instanceof StaleRequestError)) toolbar.status.error(err);
    } finally {
      toolbar.mapCheck.disabled = false;
    }
  }

  // -- model → view -----------------------------------------------------------------------
  const showReadout = () => {
    const betti = currentBetti();
    readout.textContent = describeBetti(eps, betti);
    readout.dataset.betti = betti.join(",");
    readout.dataset.eps = String(eps);
  };

  const showEmptyH1 = () => {
    const state = model.get("status")?.state;
    emptyH1.hidden = !(state === "ready" && maxdim() >= 1 && !features.some((f) => f.dim === 1));
  };

  const showSelected = () => {
    const id = model.get("selected_feature") ?? -1;
    const feature = features[id];
    root.dataset.selectedFeature = String(feature ? id : -1);
    let text = feature ? `selected: ${describeFeature(feature)}` : "";
    if (feature?.hasCycle && model.get("info")?.linked) text += " · its cycle is highlighted on the map";
    selectedLine.textContent = text;
    plots.update({ selected: feature ? id : -1 });
  };

  const showStatus = () => {
    const status = model.get("status") ?? {};
    root.dataset.state = status.state ?? "ready";
    toolbar.showStatus(status);
    showEmptyH1();
    verdict.show(model.get("info") ?? {}, status.state ?? "ready");
  };

  const showNote = () => {
    const info = model.get("info") ?? {};
    const bound = Number(model.get("error_bound")) || 0;
    const parts = noteParts(info, bound);
    note.textContent = parts.join(" · ");
    note.title = noteDetails(info);
    note.hidden = parts.length === 0;
    note.dataset.bound = String(bound);
    root.dataset.errorBound = String(bound);
    verdict.show(info, model.get("status")?.state ?? "ready");
  };

  const showSlider = () => {
    const max = Number(model.get("eps_max"));
    const top = max > 0 && Number.isFinite(max) ? max : plots.domain?.[1] ?? 1;
    slider.max = String(top);
    slider.step = String(top / SLIDER_STEPS);
    slider.value = String(eps);
    slider.title = `ε from 0 to ${formatScale(top)}`;
  };

  const onFeatures = () => {
    features = readFeatures(model.get("features"), model.get("has_cycle"));
    root.dataset.features = String(features.length);
    plots.setData({
      features,
      errorBound: Number(model.get("error_bound")) || 0,
      maxdim: maxdim(),
    });
    showSlider();
    showReadout();
    showSelected();
    showEmptyH1();
  };
  const onEps = () => {
    const value = Number(model.get("eps"));
    if (!Number.isFinite(value) || value === eps) return;
    eps = value;
    slider.value = String(eps);
    plots.update({ eps });
    showReadout();
  };
  const onInfo = () => {
    const info = model.get("info") ?? {};
    toolbar.showLinked(Boolean(info.linked));
    root.dataset.linked = String(Boolean(info.linked));
    showNote();
    showSelected();
  };
  const onBound = () => {
    showNote();
    onFeatures();
  };
  const onScopes = () => toolbar.showScopes(model.get("scopes"), model.get("scope"));
  const onView = () => {
    plots.setView(model.get("view"));
    toolbar.showView(plots.view);
  };
  const onChart = () => chart.show(model.get("layer_chart") ?? {}, width());

  // Moving the slider redraws here at once; the kernel hears every step (cheap on its side).
  const onSlide = () => {
    eps = Number(slider.value);
    plots.update({ eps });
    showReadout();
    save("eps", eps);
  };
  slider.addEventListener("input", onSlide);

  const handlers = {
    "change:features": onFeatures,
    "change:has_cycle": onFeatures,
    "change:maxdim": onFeatures,
    "change:error_bound": onBound,
    "change:selected_feature": showSelected,
    "change:eps": onEps,
    "change:eps_max": showSlider,
    "change:info": onInfo,
    "change:status": showStatus,
    "change:view": onView,
    "change:scopes": onScopes,
    "change:scope": onScopes,
    "change:layer_chart": onChart,
    "change:map_check": () => mapCheck.show(model.get("map_check")),
  };
  for (const [event, handler] of Object.entries(handlers)) model.on(event, handler);

  // -- size and theme ---------------------------------------------------------------------
  const resizer =
    typeof ResizeObserver === "undefined"
      ? null
      : new ResizeObserver(() => {
          if (Math.abs(width() - plots.width) > 1) {
            plots.layout(width());
            onChart();
          }
        });
  resizer?.observe(root);
  // JupyterLab switches themes by changing CSS variables on <body>.
  const stopWatchingTheme = watchTheme(() => plots.update({ theme: readTheme(root) }));

  // A small handle for browser tests and notebooks that script the view.
  Object.defineProperty(root, "lwView", {
    value: {
      /** [clientX, clientY] of the centre of feature `index` in "diagram" or "barcode". */
      featureToClient: (index, where = "diagram") => plots.featureToClient(index, where),
      /** Betti numbers β0..β_maxdim at the ε shown now. */
      betti: () => currentBetti(),
      /** The ε shown now (the slider's, before the kernel echoes it). */
      eps: () => eps,
      /** The hover text of feature `index`, as the tooltip shows it. */
      describe: (index) => (features[index] ? describeFeature(features[index]) : null),
      /** The error bound shown now (0 when exact). */
      bound: () => Number(model.get("error_bound")) || 0,
    },
  });

  plots.update({ eps, theme: readTheme(root) });
  plots.width = width();
  onView();
  onScopes();
  onInfo();
  onFeatures();
  showStatus();
  onChart();
  mapCheck.show(model.get("map_check"));

  return () => {
    kernel.stop();
    computer.cancel();
    checker.cancel();
    refiner.cancel();
    slider.removeEventListener("input", onSlide);
    for (const [event, handler] of Object.entries(handlers)) model.off(event, handler);
    resizer?.disconnect();
    stopWatchingTheme();
    plots.destroy();
  };
}

export default { render };
