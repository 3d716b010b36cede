// Whether the kernel behind a view is there, and what a failed request means for it.
//
// JupyterLab's widget manager closes every widget's comm when its kernel restarts, dies or is
// shut down, and fires "comm_live_update" on the model; a request sent then fails at once
// ("Cannot send", "Comm is closed"). A kernel that is only busy (a cell running) answers
// late, not never. So a view tells "gone" from "busy" by how a request fails, and watches
// "comm_live_update" to find out at once, with a short request of its own.

export const GONE_MESSAGE = "The kernel is not running: run the cell again to reconnect.";

/** The kernel behind this view is gone (restarted, dead or shut down). */
export class KernelGoneError extends Error {
  constructor() {
    super(GONE_MESSAGE);
    this.name = "KernelGoneError";
  }
}

const GONE_PATTERNS = [/cannot send/i, /comm (is )?closed/i, /kernel (is )?(dead|disposed)/i,
  /comm unavailable/i, /no kernel/i];

/** Whether an error of a request says the kernel is gone (not merely slow). */
export function isGone(err) {
  if (err instanceof KernelGoneError) return true;
  const text = `${err?.name ?? ""} ${err?.message ?? String(err)}`;
  return GONE_PATTERNS.some((pattern) => pattern.test(text));
}

/**
 * Watch the kernel of a view: `onChange("gone" | "alive")` when JupyterLab reports a change
 * of the comm (`isLive()` says at once when it is closed; otherwise a probe, a short request,
 * tells which), or when `report(err)` is given the error of a request that failed because
 * the kernel is gone.
 * @param {{ on: Function, off: Function }} model
 * @param {() => Promise<any>} probe resolves when the kernel answers
 * @param {(state: string) => void} onChange
 * @param {() => boolean} [isLive] whether the widget's comm is open now
 */
export function watchKernel(model, probe, onChange, isLive = () => true) {
  let state = "alive";
  const set = (next) => {
    if (next === state) return;
    state = next;
    onChange(next);
  };
  const check = async () => {
    if (!isLive()) {
      set("gone");
      return;
    }
    try {
      await probe();
      set("alive");
    } catch (err) {
      if (isGone(err)) set("gone"); // a busy kernel stays "alive": it answers late
    }
  };
  model.on("comm_live_update", check);
  return {
    get state() {
      return state;
    },
    /** @param {any} err the error of a failed request: "gone" when it says so */
    report(err) {
      if (isGone(err)) set("gone");
    },
    check,
    stop() {
      model.off("comm_live_update", check);
    },
  };
}
