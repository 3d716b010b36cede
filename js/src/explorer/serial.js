// One draw at a time: a request while a draw runs is remembered (the newest wins) and run
// after it; requests that arrive meanwhile are merged into that one.

/**
 * @template A
 * @param {(arg: A) => Promise<void>} draw
 * @param {(a: A, b: A) => A} [merge] how a waiting argument and a newer one combine
 *   (by default the newer one wins, except that `true` stays: an animation asked for)
 */
export function serialDraws(draw, merge = (a, b) => Boolean(a) || Boolean(b)) {
  let running = null;
  let waiting = null; // { arg } when a draw waits
  const pump = async (arg) => {
    try {
      await draw(arg);
    } catch (err) {
      console.warn("latent_widgets: a draw failed", err); // the next one may succeed
    }
    if (waiting) {
      const next = waiting.arg;
      waiting = null;
      return pump(next);
    }
  };
  return {
    /** @param {A} arg @returns {Promise<void>} resolves once the state asked for is drawn */
    request(arg) {
      if (running) {
        waiting = waiting ? { arg: merge(waiting.arg, arg) } : { arg };
        return running;
      }
      running = pump(arg).finally(() => {
        running = null;
      });
      return running;
    },
    get busy() {
      return running !== null;
    },
  };
}
