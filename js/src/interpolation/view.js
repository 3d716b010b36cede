// The Interpolation view: paths between latent points, decoded live. The anchors in order,
// the decoded path as a strip of frames with a smoothness trace under it (where the path
// leaves the data), a scrubber that decodes any fractional position, play / pause, a
// traversal along latent axes, and class arithmetic. The kernel computes; this view draws
// what it sends and asks for more, latest-wins so that dragging never queues.
// Framework-free (../shared/mount.js): the traits come in `props` and `update`, the kernel
// is reached through `props.host`.

import { element } from "../shared/dom.js";
import { StaleRequestError } from "../shared/commands.js";
import { TraitView } from "../shared/view.js";
import { busyMarker } from "../shared/busy.js";
import { readTheme, watchTheme } from "../shared/theme.js";
import { InterpolationToolbar } from "./toolbar.js";
import { AnchorList } from "./anchors.js";
import { Strip } from "./strip.js";
import { Scrubber, clampPosition } from "./scrubber.js";
import { TraverseSection } from "./traverse.js";
import { ClassArithmetic } from "./arithmetic.js";
import { PlayLoop, advance } from "./play.js";
import { latentAt } from "./path-at.js";
import { startPageDecoder } from "../shared/page-decoder.js";

const RECENT_POSITIONS = 64; // positions sent to the kernel whose late echoes are ignored
const RETRAVERSE_DELAY_MS = 150;

/** The traits each method shows (../shared/view.js runs it once when any of them changes). */
const SHOWS = {
  onAnchors: ["anchor_names"],
  onMethod: ["method"],
  onSteps: ["steps"],
  onFrames: ["frames"],
  onSmoothness: ["smoothness", "smoothness_threshold"],
  onCurrent: ["current"],
  syncPlaying: ["playing"],
  onPicking: ["picking", "linked"],
  showStatus: ["status"],
  onAxes: ["axis_names", "axis_ranges", "axis_variances", "axis_shares", "axis_order"],
  onOrigin: ["traverse_origin"],
  onClasses: ["class_names"],
};

const ignore = () => {}; // a failure already shown in the view

/** The view's gestures, in one line. */
export const HELP =
  "Click a frame to jump to it · drag the scrubber or press play · hover the trace for each step";

export class InterpolationView extends TraitView {
  /**
   * @param {HTMLElement} el
   * @param {Record<string, any> & { host: import("../shared/mount.js").Host }} props the
   *   decoded traits (see index.js) and the host
   */
  constructor(el, props) {
    super(el, props, "lw-interpolation", SHOWS);
    this.destroyed = false; // a late answer after the view is removed is not drawn
    this.count = 0; // frames on the path
    this.position = 0; // the scrubber's position, ahead of the kernel's echo of `current`
    this.recentPositions = []; // positions sent to the kernel, whose echoes are ignored
    this.commandError = false; // the status line shows a failed command, not the trait
    this.retraverseTimer = null;
    this.traversedStep = null;
    this.pageDecoder = null; // the decoder in the page (../shared/page-decoder.js), once checked
    this.buildRequests();
    this.buildParts();
    this.loop = new PlayLoop((elapsed) => this.tick(elapsed));
    // JupyterLab switches themes by changing CSS variables on <body>.
    this.stopWatchingTheme = watchTheme(() => this.applyTheme());
    Object.defineProperty(this.root, "lwView", { value: this.hooks() });

    this.showAll("applyTheme", "onMethod", "onSteps", "onPicking", "onAnchors", "onClasses",
      "showStatus", "onFrames", "onAxes");
    queueMicrotask(() => this.startPageDecoding()); // commands go once the view is built
  }

  /** The scrubber decodes in the page when the decoder can run here; the note says where. */
  async startPageDecoding() {
    const { path, decoder } = await startPageDecoder(this.host);
    if (this.destroyed) {
      decoder?.release();
      return;
    }
    this.pageDecoder = decoder;
    this.showPath(path);
  }

  /** The kernel's note that the decoder changed: scrub there until the new copy is checked. */
  message(content) {
    if (content?.kind !== "page_decoder_changed") return;
    this.pageDecoder?.release();
    this.pageDecoder = null;
    this.showPath({ path: "kernel", reason: "the decoder changed in the kernel since this page "
      + "was sent it: the scrubber decodes there until its new copy is checked here" });
    this.startPageDecoding();
  }

  /** Where the scrubber decodes, in the note and in the kernel's `decoding`. */
  showPath(path) {
    this.pathNote.hidden = false;
    this.pathNote.dataset.path = path.path;
    this.pathNote.textContent = path.path === "page" ? "decoding: in this page" : "decoding: in the kernel";
    this.pathNote.title = path.reason;
    this.host.save({ decoding: path });
  }

  /** The frame at the scrubber's position, from the page when it can; a failure there moves
   * the scrubber to the kernel for good (said in the note), and this scrub goes there too. */
  async scrubSomewhere(inPage) {
    if (inPage) {
      try {
        return await this.pageScrubs.request(this.position);
      } catch (err) {
        if (err instanceof StaleRequestError) throw err;
        this.pageDecoder?.release();
        this.pageDecoder = null;
        this.showPath({ path: "kernel", reason: `decoding in the page failed (${err?.message ?? err}): decoding stays in the kernel` });
      }
    }
    return this.scrubs.request({ t: this.position });
  }

  /** Whether a scrub decodes in the page: a checked decoder and the path of the strip shown. */
  scrubsInPage() {
    return this.pageDecoder !== null && (this.props.path?.shape?.[0] ?? -1) === this.count;
  }

  /** The kernel's requests, latest wins: the frame at a position, the traversal's frames. */
  buildRequests() {
    this.scrubs = this.commandQueue("_scrub_command", { timeoutMs: 30000, label: "the frame at this position" });
    this.pageScrubs = this.queue(async (t) => ({ frame: await this.pageDecoder.frame(latentAt(this.props.path, t)) }));
    this.traversals = this.commandQueue("_traverse_command", { timeoutMs: 30000, label: "the traversal's frames" });
  }

  /** Toolbar, anchors, strip, scrubber, traversal and class arithmetic. */
  buildParts() {
    const { root, host } = this;
    this.toolbar = new InterpolationToolbar(root, {
      onMethod: (method) => host.save({ method }),
      onSteps: (steps) => host.save({ steps }),
      onPicking: (on) => host.save({ picking: on }),
    });
    this.help = element("p", "lw-help", root);
    this.help.textContent = HELP;
    this.help.title = HELP;
    this.anchors = new AnchorList(root, (action, index) => this.anchorAction(action, index));
    this.strip = new Strip(root, (step) => this.scrubTo(step, performance.now(), true).catch(ignore));
    this.scrubber = new Scrubber(root, {
      onInput: (t, startedAt) => this.scrubTo(t, startedAt, true).catch(ignore),
      onPlay: () => host.save({ playing: !this.props.playing }),
    });
    // A frame asked for and not yet drawn shows after ~150 ms: a spinner, the old frame dimmed.
    const spinner = element("span", "lw-busy-spinner", this.toolbar.status.element);
    spinner.setAttribute("aria-label", "decoding");
    this.busy = busyMarker([spinner, this.scrubber.element]);
    this.pathNote = element("div", "lw-decoding-path", this.scrubber.element);
    this.pathNote.hidden = true;
    this.traverse = new TraverseSection(root, (values, startedAt) => this.traverseTo(values, startedAt));
    this.arithmetic = new ClassArithmetic(root, (request) => this.classAction(request));
  }

  /** A small handle for browser tests, benchmarks and notebooks that script the view. */
  hooks() {
    return {
      /** Scrub to `t` as the slider does; resolves to the ms from the call to the frame drawn. */
      scrub: (t) => this.scrubTo(t, performance.now(), true),
      /** Move the traversal sliders to `values`; resolves to the ms to the frame drawn. */
      traverse: (values) => {
        this.traverse.setValues(values);
        return this.traverseTo(this.traverse.values.slice(), performance.now());
      },
      /** The floor of a scrub: the echo command carries a frame there and back, drawn. */
      echo: async (shape = [8, 8, 4]) => {
        const started = performance.now();
        const bytes = new Uint8Array(shape.reduce((a, b) => a * b, 1));
        const request = { frame: { dtype: "uint8", shape, buffer_index: 0 } };
        const result = await this.host.command("_echo_command", request, {
          buffers: [new DataView(bytes.buffer)],
        });
        this.scrubber.draw(result.frame, started);
        return performance.now() - started;
      },
      /** [clientX, clientY] of the centre of strip frame `step`. */
      stripStepToClient: (step) => this.strip.stepToClient(step),
      /** The scrubber's position now (ahead of the kernel's `current`). */
      position: () => this.position,
      /** The scrubber's frame as drawn: { shape: [H, W, 4], data: number[] }. */
      frame: () => {
        const canvas = this.scrubber.frame;
        const { width, height } = canvas;
        const data = canvas.getContext("2d").getImageData(0, 0, width, height).data;
        return { shape: [height, width, 4], data: Array.from(data) };
      },
    };
  }

  // -- status: the trait's, or a failed command's in words --------------------------------

  showStatus() {
    this.commandError = false;
    const status = this.props.status ?? {};
    this.root.dataset.state = status.state ?? "ready";
    this.toolbar.status.show(status, "the interpolation failed");
  }

  commandFailed(err) {
    this.commandError = true;
    this.toolbar.status.error(err);
    this.root.dataset.state = "error";
  }

  commandOk() {
    if (this.commandError) this.showStatus();
  }

  // -- commands ---------------------------------------------------------------------------

  /**
   * Move the scrubber to `t`, tell the model when `saveIt`, and draw the decoded frame.
   * Resolves to the ms from `startedAt` to the frame drawn, or null when a newer position
   * replaced this one; rejects (after showing it) when the kernel fails.
   */
  async scrubTo(t, startedAt, saveIt) {
    const { scrubber } = this;
    this.showPosition(clampPosition(t, this.count));
    this.recentPositions.push(this.position);
    if (this.recentPositions.length > RECENT_POSITIONS) this.recentPositions.shift();
    // The kernel learns the position from the scrub command itself (it sets `current`):
    // saving it here too would put a second message ahead of every scrub.
    if (saveIt) this.host.set({ current: this.position });
    if (this.count === 0) {
      if (saveIt) this.host.save({});
      return null;
    }
    const inPage = this.scrubsInPage();
    if (inPage && saveIt) this.host.save({}); // no scrub command carries the position there
    try {
      const result = await this.busy.track(this.scrubSomewhere(inPage));
      if (this.destroyed) return null;
      scrubber.draw(result.frame, startedAt);
      delete scrubber.element.dataset.stale;
      this.commandOk();
      this.retraverseSoon();
      return startedAt === null ? null : performance.now() - startedAt;
    } catch (err) {
      if (err instanceof StaleRequestError) return null;
      this.commandFailed(err);
      scrubber.element.dataset.stale = "true"; // the frame shown is not the one asked for
      if (this.props.playing) this.host.save({ playing: false }); // no flood of failures
      throw err;
    }
  }

  /** @param {number} position */
  showPosition(position) {
    this.position = position;
    this.scrubber.showPosition(position);
    this.strip.setCurrent(position);
  }

  /**
   * The traversal starts from the scrubber's step: once the scrubber rests on a new step,
   * decode the traversal again (not on every scrub: it would queue behind them).
   */
  retraverseSoon() {
    clearTimeout(this.retraverseTimer);
    this.retraverseTimer = setTimeout(() => {
      const step = Math.round(this.position);
      if (this.destroyed || step === this.traversedStep || !this.traverse.rows.length) return;
      this.traversedStep = step;
      this.retraverse();
    }, RETRAVERSE_DELAY_MS);
  }

  /** Decode the traversal again at the sliders' values (its origin moved). */
  retraverse() {
    this.traverseTo(this.traverse.values.slice(), null).catch(ignore);
  }

  async traverseTo(values, startedAt) {
    try {
      const result = await this.traversals.request({ values });
      if (this.destroyed) return null;
      this.traverse.draw(result.frame, startedAt);
      this.commandOk();
      return startedAt === null ? null : performance.now() - startedAt;
    } catch (err) {
      if (err instanceof StaleRequestError) return null;
      this.commandFailed(err);
      throw err;
    }
  }

  /**
   * A command that changes the path (the kernel answers by setting traits); `pending(on)`
   * marks the part that asked while it runs.
   */
  async edit(pending, name, payload, options) {
    pending(true);
    try {
      const result = await this.busy.track(this.host.command(name, payload, options));
      this.commandOk();
      return result;
    } catch (err) {
      this.commandFailed(err);
      return null;
    } finally {
      pending(false);
    }
  }

  anchorAction(action, index) {
    return this.edit((on) => this.anchors.setPending(on), "_anchors_command", { action, index },
      { timeoutMs: 30000, label: "the change of anchors" });
  }

  /** Ask for class arithmetic; say beside the button what the kernel did to the anchors. */
  async classAction(request) {
    this.arithmetic.showNote("");
    const result = await this.edit((on) => this.arithmetic.setBusy(on), "_class_command", request,
      { timeoutMs: 60000, label: "the class arithmetic" });
    this.arithmetic.showNote(String(result?.note ?? ""), result?.anchors ?? null);
  }

  // -- playing ----------------------------------------------------------------------------

  tick(elapsed) {
    if (this.count < 2) return;
    const next = advance(this.position, elapsed, this.count);
    const newStep = Math.round(next) !== Math.round(this.position);
    // The kernel hears `current` once per step, not 60 times a second; the scrub hears all.
    this.scrubTo(next, performance.now(), newStep).catch(ignore);
  }

  syncPlaying() {
    const playing = Boolean(this.props.playing);
    this.scrubber.showPlaying(playing);
    if (playing && this.count >= 2) {
      this.loop.start();
    } else if (this.loop.running) {
      this.loop.stop();
      if (Number(this.props.current) !== this.position) this.host.save({ current: this.position });
    }
  }

  // -- traits → view ----------------------------------------------------------------------

  onFrames() {
    const frames = this.props.frames;
    const shape = frames?.shape ?? [];
    const count = shape.length === 4 && shape[3] === 4 ? shape[0] : 0;
    this.count = count;
    this.root.dataset.stripFrames = String(count);
    this.strip.setFrames(count ? frames : null);
    this.scrubber.setCount(count);
    this.onSmoothness();
    this.showPosition(clampPosition(this.props.current, count));
    const position = this.position;
    if (count && Number.isInteger(position)) {
      // The strip holds this very frame: draw it at once, no round trip.
      const [, h, w] = shape;
      const size = h * w * 4;
      this.scrubber.draw({ data: frames.data.subarray(position * size, (position + 1) * size), shape: [h, w, 4] }, null);
    } else if (count) {
      this.scrubTo(position, null, false).catch(ignore);
    }
    this.syncPlaying();
    // A new path moves the traversal origin even when its name ("step 3 of the path") stays.
    if (this.props.traverse_origin && this.traverse.rows.length) this.retraverse();
  }

  onSmoothness() {
    this.strip.setSmoothness(this.props.smoothness?.data ?? [], Number(this.props.smoothness_threshold));
  }

  onCurrent() {
    const value = clampPosition(this.props.current, this.count);
    // Our own positions come back from the kernel, late: never jump back to one of them.
    if (Math.abs(value - this.position) < 1e-9 || this.recentPositions.includes(value)) return;
    this.scrubTo(value, null, false).catch(ignore);
  }

  onAnchors() {
    const names = this.props.anchor_names ?? [];
    this.anchors.show(names);
    this.arithmetic.anchorsChanged(names); // its note is about the anchors it made
  }

  onMethod() {
    this.toolbar.showMethod(this.props.method);
  }

  onSteps() {
    this.toolbar.showSteps(this.props.steps);
  }

  onPicking() {
    this.toolbar.showPicking(this.props.picking, this.props.linked);
  }

  onOrigin() {
    const origin = String(this.props.traverse_origin ?? "");
    this.traverse.showOrigin(origin);
    if (origin && this.traverse.rows.length) this.retraverse();
  }

  onAxes() {
    const { axis_variances: variances, axis_shares: shares, axis_order: order } = this.props;
    this.traverse.setAxes(this.props.axis_names ?? [], this.props.axis_ranges ?? [], { variances, shares, order });
    this.onOrigin();
  }

  onClasses() {
    this.arithmetic.show(this.props.class_names ?? []);
  }

  applyTheme() {
    this.strip.setTheme(readTheme(this.root));
  }

  destroy() {
    this.destroyed = true;
    this.pageDecoder?.release();
    this.loop.stop();
    clearTimeout(this.retraverseTimer);
    super.destroy();
    this.stopWatchingTheme();
    const { anchors, strip, scrubber, traverse, arithmetic } = this;
    for (const part of [anchors, strip, scrubber, traverse, arithmetic]) part.destroy();
  }
}
