// Requests from a view to the kernel (anywidget commands), with a timeout, an error envelope
// and latest-wins scheduling: at most one request in flight and one waiting; a newer request
// replaces the waiting one, which is never sent. Dragging therefore never builds a queue.

import { unpackArrays } from "./arrays.js";

/** The kernel answered with an error: `message` is the Python error in words. */
export class CommandError extends Error {
  /** @param {{type: string, message: string, traceback?: string}} error */
  constructor(error) {
    super(`${error.type}: ${error.message}`);
    this.name = "CommandError";
    this.type = error.type;
    this.detail = error.traceback ?? "";
  }
}

/** A request was replaced by a newer one before it was sent; nothing to show. */
export class StaleRequestError extends Error {
  constructor() {
    super("replaced by a newer request");
    this.name = "StaleRequestError";
  }
}

/** The kernel did not answer in time: it is busy (a cell running, a long computation). */
export class RequestTimeoutError extends Error {
  /** @param {string} what what was asked, in words ("the decoded frame") @param {number} ms */
  constructor(what, ms) {
    super(
      `no answer from the kernel for ${what} within ${(ms / 1000).toFixed(0)} s: it is ` +
        "busy (a cell may be running); try again when it is idle.",
    );
    this.name = "RequestTimeoutError";
  }
}

/** What a command is for, in words, for messages (never the command's internal name). */
export function describeCommand(name) {
  const words = name.replace(/^_+/, "").replace(/_command$/, "").replace(/_/g, " ");
  return `the ${words} request`;
}

/**
 * Call one of our Python commands and unwrap its {ok, result | error} envelope.
 * @param {(name: string, msg: any, options: any) => Promise<[any, any[]]>} invoke
 * @param {string} name
 * @param {any} msg
 * @param {{ signal?: AbortSignal, buffers?: any[], timeoutMs?: number, label?: string }} [options]
 *   `label`: what is asked, in words, for the messages ("the decoded frame")
 */
export async function callCommand(invoke, name, msg, options = {}) {
  const timeoutMs = options.timeoutMs ?? 30000;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let reply;
  try {
    reply = await invoke(name, msg, { signal, buffers: options.buffers ?? [] });
  } catch (err) {
    if (timeout.aborted) throw new RequestTimeoutError(options.label ?? describeCommand(name),
      timeoutMs);
    if (options.signal?.aborted && options.signal.reason instanceof Error) {
      throw options.signal.reason; // cancelled: the reason says why (a newer request, no kernel)
    }
    throw err;
  }
  const [response, buffers] = reply;
  if (!response || typeof response !== "object" || !("ok" in response)) {
    throw new CommandError({ type: "ProtocolError", message: `unexpected reply to "${name}"` });
  }
  if (!response.ok) throw new CommandError(response.error);
  return unpackArrays(response.result, buffers ?? []);
}

/**
 * Latest-wins scheduling around an async `send(payload, signal)`.
 *
 * - Idle: the request is sent at once.
 * - Busy: it waits; a newer request replaces it, and the replaced one rejects with
 *   StaleRequestError without ever being sent.
 * - The answer of the request in flight is always delivered: it is the newest one computed.
 * - `cancel()` rejects the waiting request and aborts the one in flight (view destroyed).
 *
 * @template P, R
 * @param {(payload: P, signal: AbortSignal) => Promise<R>} send
 */
export function latestWins(send) {
  /** @type {{payload: P, resolve: (r: R) => void, reject: (e: any) => void} | null} */
  let waiting = null;
  /** @type {{ controller: AbortController, job: any } | null} */
  let inFlight = null;

  function start(job) {
    const controller = new AbortController();
    const mine = { controller, job };
    inFlight = mine;
    Promise.resolve()
      .then(() => {
        if (controller.signal.aborted) throw controller.signal.reason;
        return send(job.payload, controller.signal);
      })
      .then(job.resolve, job.reject)
      .finally(() => {
        if (inFlight === mine) inFlight = null;
        if (waiting && !inFlight) {
          const next = waiting;
          waiting = null;
          start(next);
        }
      });
  }

  /** @param {P} payload @returns {Promise<R>} */
  function request(payload) {
    return new Promise((resolve, reject) => {
      const job = { payload, resolve, reject };
      if (!inFlight) return start(job);
      if (waiting) waiting.reject(new StaleRequestError());
      waiting = job;
    });
  }

  /**
   * End the waiting request and the one in flight at once, with `reason` (default
   * StaleRequestError); the one in flight is aborted too.
   * @param {Error} [reason]
   */
  function cancel(reason = new StaleRequestError()) {
    if (waiting) waiting.reject(reason);
    waiting = null;
    if (inFlight) {
      inFlight.job.reject(reason); // at once, whether or not `send` heeds the signal
      inFlight.controller.abort(reason);
    }
    inFlight = null;
  }

  return { request, cancel, get busy() { return inFlight !== null; } };
}
