// The Interpolation view: paths between latent points, decoded live. The anchors in order,
// the decoded path as a strip of frames with a smoothness trace under it (where the path
// leaves the data), a scrubber that decodes any fractional position, play / pause, a
// traversal along latent axes, and class arithmetic. The kernel computes; this view draws
// what it sends and asks for more, latest-wins so that dragging never queues.

import { element } from "../shared/dom.js";
import { decodeArray } from "../shared/arrays.js";
import { latestWins, StaleRequestError } from "../shared/commands.js";
import { guardKernel } from "../shared/kernel-guard.js";
import { busyMarker } from "../shared/busy.js";
import { InterpolationToolbar } from "./toolbar.js";
import { AnchorList } from "./anchors.js";
import { Strip } from "./strip.js";
import { Scrubber, clampPosition } from "./scrubber.js";
import { TraverseSection } from "./traverse.js";
import { ClassArithmetic } from "./arithmetic.js";
import { PlayLoop, advance } from "./play.js";
import { readTheme, watchTheme } from "../shared/theme.js";
import "../shared/base.css";
import "./styles.css";

/** @param {{ model: any, el: HTMLElement, experimental?: { invoke: any } }} ctx */
function render({ model, el, experimental }) {
  const root = element("div", "lw-interpolation lw-widget", el);
  const save = (name, value) => {
    model.set(name, value);
    model.save_changes();
  };
  const queues = [];
  const kernel = guardKernel({ model, el, root, invoke: experimental?.invoke, requests: queues });
  const scrubs = latestWins((payload, signal) =>
    kernel.command("_scrub_command", payload, { signal, timeoutMs: 30000, label: "the frame at this position" }));
  const traversals = latestWins((payload, signal) =>
    kernel.command("_traverse_command", payload, { signal, timeoutMs: 30000, label: "the traversal's frames" }));
  queues.push(scrubs, traversals);

  const toolbar = new InterpolationToolbar(root, {
    onMethod: (method) => save("method", method),
    onSteps: (steps) => save("steps", steps),
    onPicking: (on) => save("picking", on),
  });
  const anchors = new AnchorList(root, (action, index) => anchorAction(action, index));
  const strip = new Strip(root, (step) => scrubTo(step, performance.now(), true).catch(() => {}));
  const scrubber = new Scrubber(root, {
    onInput: (t, startedAt) => scrubTo(t, startedAt, true).catch(() => {}),
    onPlay: () => save("playing", !model.get("playing")),
  });
  // A frame asked for and not yet drawn shows after ~150 ms: a spinner, the old frame dimmed.
  const spinner = element("span", "lw-busy-spinner", toolbar.status.element);
  spinner.setAttribute("aria-label", "decoding");
  const busy = busyMarker([spinner, scrubber.element]);
  const traverse = new TraverseSection(root, (values, startedAt) => traverseTo(values, startedAt));
  const arithmetic = new ClassArithmetic(root, (request) => classAction(request));

  let destroyed = false; // a late answer after the view is removed is not drawn
  let count = 0; // frames on the path
  let position = 0; // the scrubber's position, ahead of the kernel's echo of `current`
  const recentPositions = []; // positions sent to the kernel, whose echoes are ignored

  // -- status: the trait's, or a failed command's in words --------------------------------
  let commandError = false;
  const showStatus = () => {
    commandError = false;
    const status = model.get("status") ?? {};
    root.dataset.state = status.state ?? "ready";
    toolbar.showStatus(status);
  };
  const commandFailed = (err) => {
    commandError = true;
    toolbar.status.error(err);
    root.dataset.state = "error";
  };
  const commandOk = () => {
    if (commandError) showStatus();
  };

  // -- commands ---------------------------------------------------------------------------
  /**
   * Move the scrubber to `t`, tell the model when `saveIt`, and draw the decoded frame.
   * Resolves to the ms from `startedAt` to the frame drawn, or null when a newer position
   * replaced this one; rejects (after showing it) when the kernel fails.
   */
  async function scrubTo(t, startedAt, saveIt) {
    position = clampPosition(t, count);
    recentPositions.push(position);
    if (recentPositions.length > 64) recentPositions.shift();
    scrubber.showPosition(position);
    strip.setCurrent(position);
    // The kernel learns the position from the scrub command itself (it sets `current`):
    // saving it here too would put a second message ahead of every scrub.
    if (saveIt) model.set("current", position);
    if (count === 0) {
      if (saveIt) model.save_changes();
      return null;
    }
    try {
      const result = await busy.track(scrubs.request({ t: position }));
      if (destroyed) return null;
      scrubber.draw(result.frame, startedAt);
      delete scrubber.element.dataset.stale;
      commandOk();
      retraverseSoon();
      return startedAt === null ? null : performance.now() - startedAt;
    } catch (err) {
      if (err instanceof StaleRequestError) return null;
      commandFailed(err);
      scrubber.element.dataset.stale = "true"; // the frame shown is not the one asked for
      if (model.get("playing")) save("playing", false); // no flood of failures
      throw err;
    }
  }

  // The traversal starts from the scrubber's step: once the scrubber rests on a new step,
  // decode the traversal again (not on every scrub: it would queue behind them).
  let retraverseTimer = null;
  let traversedStep = null;
  function retraverseSoon() {
    clearTimeout(retraverseTimer);
    retraverseTimer = setTimeout(() => {
      const step = Math.round(position);
      if (destroyed || step === traversedStep || !traverse.rows.length) return;
      traversedStep = step;
      traverseTo(traverse.values.slice(), null).catch(() => {});
    }, 150);
  }

  async function traverseTo(values, startedAt) {
    try {
      const result = await traversals.request({ values });
      if (destroyed) return null;
      traverse.draw(result.frame, startedAt);
      commandOk();
      return startedAt === null ? null : performance.now() - startedAt;
    } catch (err) {
      if (err instanceof StaleRequestError) return null;
      commandFailed(err);
      throw err;
    }
  }

  async function anchorAction(action, index) {
    anchors.setPending(true);
    try {
      await busy.track(kernel.command("_anchors_command", { action, index }, { timeoutMs: 30000, label: "the change of anchors" }));
      commandOk();
    } catch (err) {
      commandFailed(err);
    } finally {
      anchors.setPending(false);
    }
  }

  async function classAction(request) {
    arithmetic.setBusy(true);
    try {
      await busy.track(kernel.command("_class_command", request, { timeoutMs: 60000, label: "the class arithmetic" }));
      commandOk();
    } catch (err) {
      commandFailed(err);
    } finally {
      arithmetic.setBusy(false);
    }
  }

  // -- playing ----------------------------------------------------------------------------
  const loop = new PlayLoop((elapsed) => {
    if (count < 2) return;
    const next = advance(position, elapsed, count);
    const newStep = Math.round(next) !== Math.round(position);
    // The kernel hears `current` once per step, not 60 times a second; the scrub hears all.
    scrubTo(next, performance.now(), newStep).catch(() => {});
  });
  const syncPlaying = () => {
    const playing = Boolean(model.get("playing"));
    scrubber.showPlaying(playing);
    if (playing && count >= 2) {
      loop.start();
    } else if (loop.running) {
      loop.stop();
      if (Number(model.get("current")) !== position) save("current", position);
    }
  };

  // -- model → view -----------------------------------------------------------------------
  const onFrames = () => {
    const frames = decodeArray(model.get("frames"));
    const shape = frames?.shape ?? [];
    count = shape.length === 4 && shape[3] === 4 ? shape[0] : 0;
    root.dataset.stripFrames = String(count);
    strip.setFrames(count ? frames : null);
    scrubber.setCount(count);
    onSmoothness();
    position = clampPosition(model.get("current"), count);
    scrubber.showPosition(position);
    strip.setCurrent(position);
    if (count && Number.isInteger(position)) {
      // The strip holds this very frame: draw it at once, no round trip.
      const [, h, w] = shape;
      const size = h * w * 4;
      scrubber.draw({ data: frames.data.subarray(position * size, (position + 1) * size), shape: [h, w, 4] }, null);
    } else if (count) {
      scrubTo(position, null, false).catch(() => {});
    }
    syncPlaying();
    // A new path moves the traversal origin even when its name ("step 3 of the path") stays.
    if (model.get("traverse_origin") && traverse.rows.length) traverseTo(traverse.values.slice(), null).catch(() => {});
  };
  const onSmoothness = () =>
    strip.setSmoothness(decodeArray(model.get("smoothness"))?.data ?? [], Number(model.get("smoothness_threshold")));
  const onCurrent = () => {
    const value = clampPosition(model.get("current"), count);
    // Our own positions come back from the kernel, late: never jump back to one of them.
    if (Math.abs(value - position) < 1e-9 || recentPositions.includes(value)) return;
    scrubTo(value, null, false).catch(() => {});
  };
  const onAnchors = () => anchors.show(model.get("anchor_names") ?? []);
  const onMethod = () => toolbar.showMethod(model.get("method"));
  const onSteps = () => toolbar.showSteps(model.get("steps"));
  const onPicking = () => toolbar.showPicking(model.get("picking"), model.get("linked"));
  const onOrigin = () => {
    const origin = String(model.get("traverse_origin") ?? "");
    traverse.showOrigin(origin);
    if (origin && traverse.rows.length) traverseTo(traverse.values.slice(), null).catch(() => {});
  };
  const onAxes = () => {
    traverse.setAxes(model.get("axis_names") ?? [], model.get("axis_ranges") ?? []);
    onOrigin();
  };
  const onClasses = () => arithmetic.show(model.get("class_names") ?? []);

  const handlers = {
    "change:anchor_names": onAnchors,
    "change:method": onMethod,
    "change:steps": onSteps,
    "change:frames": onFrames,
    "change:smoothness": onSmoothness,
    "change:smoothness_threshold": onSmoothness,
    "change:current": onCurrent,
    "change:playing": syncPlaying,
    "change:picking": onPicking,
    "change:linked": onPicking,
    "change:status": showStatus,
    "change:axis_names": onAxes,
    "change:axis_ranges": onAxes,
    "change:traverse_origin": onOrigin,
    "change:class_names": onClasses,
  };
  for (const [event, handler] of Object.entries(handlers)) model.on(event, handler);

  // JupyterLab switches themes by changing CSS variables on <body>.
  const applyTheme = () => strip.setTheme(readTheme(root));
  const stopWatchingTheme = watchTheme(applyTheme);

  // A small handle for browser tests, benchmarks and notebooks that script the view.
  Object.defineProperty(root, "lwView", {
    value: {
      /** Scrub to `t` as the slider does; resolves to the ms from the call to the frame drawn. */
      scrub: (t) => scrubTo(t, performance.now(), true),
      /** Move the traversal sliders to `values`; resolves to the ms to the frame drawn. */
      traverse(values) {
        traverse.setValues(values);
        return traverseTo(traverse.values.slice(), performance.now());
      },
      /** The floor of a scrub: the echo command carries a frame there and back, drawn. */
      async echo(shape = [8, 8, 4]) {
        const started = performance.now();
        const bytes = new Uint8Array(shape.reduce((a, b) => a * b, 1));
        const request = { frame: { dtype: "uint8", shape, buffer_index: 0 } };
        const result = await kernel.command("_echo_command", request, {
          buffers: [new DataView(bytes.buffer)],
        });
        scrubber.draw(result.frame, started);
        return performance.now() - started;
      },
      /** [clientX, clientY] of the centre of strip frame `step`. */
      stripStepToClient: (step) => strip.stepToClient(step),
      /** The scrubber's position now (ahead of the kernel's `current`). */
      position: () => position,
    },
  });

  applyTheme();
  onMethod();
  onSteps();
  onPicking();
  onAnchors();
  onClasses();
  showStatus();
  onFrames();
  onAxes();

  return () => {
    kernel.stop();
    destroyed = true;
    loop.stop();
    scrubs.cancel();
    clearTimeout(retraverseTimer);
    traversals.cancel();
    stopWatchingTheme();
    for (const [event, handler] of Object.entries(handlers)) model.off(event, handler);
    for (const part of [anchors, strip, scrubber, traverse, arithmetic]) part.destroy();
  };
}

export default { render };
