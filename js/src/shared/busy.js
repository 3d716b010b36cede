// A request a person waits for shows that it runs: after BUSY_DELAY_MS (quick answers never
// flash), its targets get data-busy="true" until every tracked request has settled; the CSS
// draws a spinner and dims what is about to be replaced (base.css, the views' styles).

export const BUSY_DELAY_MS = 150;

/**
 * @param {HTMLElement[]} targets elements marked while busy
 * @param {number} [delay] ms before a running request shows
 * @returns {{ track: <T>(promise: Promise<T>) => Promise<T>, readonly busy: boolean }}
 */
export function busyMarker(targets, delay = BUSY_DELAY_MS) {
  let pending = 0;
  let timer = null;
  const mark = (on) => {
    for (const target of targets) {
      if (on) target.dataset.busy = "true";
      else delete target.dataset.busy;
    }
  };
  const settle = () => {
    pending -= 1;
    if (pending > 0) return;
    clearTimeout(timer);
    timer = null;
    mark(false);
  };
  return {
    track(promise) {
      pending += 1;
      if (pending === 1) timer = setTimeout(() => mark(true), delay);
      promise.then(settle, settle);
      return promise;
    },
    get busy() {
      return pending > 0;
    },
  };
}
