// The kernel's state, visible in a view: when the kernel behind it restarts, dies or is shut
// down, a banner says so in words, the view's parts are dimmed and take no input (CSS:
// [data-kernel="gone"]), and every request pending ends at once with that message.
//
// JupyterLab marks a view whose comm is closed with the class "jupyter-widgets-disconnected"
// (before our listener of "comm_live_update" runs) when the kernel restarts, so the view
// knows at once, without a request; a kernel shut down or dead closes no comm, so the
// status of the widget manager's kernel connection is watched too (and its websocket: a
// request sent as it drops is never answered, and ends at once); the probe is for the
// cases where neither says anything.

import { element } from "./dom.js";
import { GONE_MESSAGE, KernelGoneError, watchKernel } from "./kernel.js";
import { callCommand } from "./commands.js";

const DISCONNECTED = ".jupyter-widgets-disconnected";

/**
 * @param {{
 *   model: { on: Function, off: Function },
 *   el: HTMLElement,
 *   root: HTMLElement,
 *   invoke?: (name: string, msg: any, options: any) => Promise<any>,
 *   requests?: { cancel: (reason?: Error) => void }[],
 *   onChange?: (state: string) => void,
 * }} options `el`: the element the widget manager gave the view; `root`: the view's root,
 *   where the banner goes; `requests`: the latest-wins queues to end when the kernel goes
 * @returns {{ invoke: Function, command: Function, state: string, stop: () => void }}
 *   `invoke`: the given one, refusing at once (KernelGoneError) while the kernel is gone
 *   and reporting failures; `command(name, msg, options)`: `callCommand` through it
 */
export function guardKernel({ model, el, root, invoke, requests = [], onChange = () => {} }) {
  const banner = element("div", "lw-kernel-banner");
  banner.setAttribute("role", "alert");
  banner.hidden = true;
  root.prepend(banner);
  const isLive = () => !el.closest?.(DISCONNECTED);
  // Every request in flight, so that all of them end at once when the kernel goes.
  const inFlight = new Set();

  const show = (state) => {
    const gone = state === "gone";
    banner.hidden = !gone;
    banner.textContent = gone ? GONE_MESSAGE : "";
    if (gone) root.dataset.kernel = "gone";
    else delete root.dataset.kernel;
    if (gone) {
      for (const queue of requests) queue.cancel(new KernelGoneError());
      for (const request of inFlight) request.abort(new KernelGoneError());
    }
    onChange(state);
  };
  const probe = () => {
    if (!invoke) return Promise.resolve();
    return invoke("_echo_command", {}, {
      signal: AbortSignal.timeout(5000), buffers: [],
    });
  };
  const watch = watchKernel(model, probe, show, isLive);
  if (!isLive()) queueMicrotask(() => watch.check());
  // A dropped websocket (a message over the server's limit closes it, 1009) loses the
  // requests in flight: their answers never come, so they end now, in words; the page
  // reconnects by itself and the next request goes through.
  const dropped = () => {
    for (const request of inFlight) request.abort(new ConnectionLostError());
  };
  const stopStatus = watchKernelStatus(model, () => watch.report(new KernelGoneError()), dropped);

  const guarded = guardedInvoke(invoke, watch, inFlight);
  return {
    invoke: guarded,
    command: (name, msg, options) => callCommand(guarded, name, msg, options),
    get state() {
      return watch.state;
    },
    stop: () => {
      watch.stop();
      stopStatus();
    },
  };
}

/**
 * `invoke`, refusing at once while the kernel is gone, reporting each failure to `watch`,
 * and ending when its entry in `inFlight` (an AbortController) is aborted.
 * @param {((name: string, msg: any, options: any) => Promise<any>) | undefined} invoke
 * @param {{ state: string, report: (err: any) => void }} watch
 * @param {Set<AbortController>} inFlight
 */
function guardedInvoke(invoke, watch, inFlight) {
  return async (name, msg, options = {}) => {
    if (watch.state === "gone") throw new KernelGoneError();
    if (!invoke) throw new Error("this front end cannot send commands to the kernel (anywidget ≥ 0.9 is needed)");
    const mine = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, mine.signal]) : mine.signal;
    const ended = new Promise((_, reject) => {
      mine.signal.addEventListener("abort", () => reject(mine.signal.reason), { once: true });
    });
    inFlight.add(mine);
    try {
      return await Promise.race([invoke(name, msg, { ...options, signal }), ended]);
    } catch (err) {
      watch.report(err);
      if (watch.state === "gone") throw new KernelGoneError();
      throw err;
    } finally {
      inFlight.delete(mine);
    }
  };
}

const GONE_STATUSES = new Set(["dead", "restarting", "autorestarting"]);

/**
 * Call `onGone` when the kernel connection of the view's widget manager (JupyterLab's,
 * through anywidget's `model.widget_manager`) reports a dead or restarting kernel or is
 * disposed: a kernel shut down does not close the widgets' comms, so nothing else tells.
 * Front ends without that connection (tests, other managers) are left to the other signs.
 * @returns {() => void} stops watching
 */
function watchKernelStatus(model, onGone, onDropped) {
  const connection = model.widget_manager?.kernel ?? null;
  const signal = connection?.statusChanged;
  if (!signal?.connect) return () => {};
  const onStatus = (_, status) => {
    if (GONE_STATUSES.has(String(status))) onGone();
  };
  const onConnection = (_, status) => {
    if (status === "connecting" || status === "disconnected") onDropped();
  };
  const onDisposed = () => onGone();
  signal.connect(onStatus);
  connection.connectionStatusChanged?.connect?.(onConnection);
  connection.disposed?.connect?.(onDisposed);
  if (GONE_STATUSES.has(String(connection.status)) || connection.isDisposed) {
    queueMicrotask(onGone);
  }
  return () => {
    signal.disconnect(onStatus);
    connection.connectionStatusChanged?.disconnect?.(onConnection);
    connection.disposed?.disconnect?.(onDisposed);
  };
}

/** The connection to the kernel dropped while a request was on its way: not answered. */
export class ConnectionLostError extends Error {
  constructor() {
    super("the connection to the kernel dropped before the answer came (the page " +
      "reconnects by itself): try again");
    this.name = "ConnectionLostError";
  }
}
