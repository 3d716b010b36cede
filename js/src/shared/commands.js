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

/** The kernel did not answer in time (busy, or a long computation). */
export class RequestTimeoutError extends Error {
  /** @param {string} name @param {number} ms */
  constructor(name, ms) {
    super(
      `no answer from the kernel to "${name}" within ${(ms / 1000).toFixed(0)} s: ` +
        "is the kernel busy or restarted? Run the cell again if it was restarted.",
    );
    this.name = "RequestTimeoutError";
  }
}

/**
 * Call one of our Python commands and unwrap its {ok, result | error} envelope.
 * @param {(name: string, msg: any, options: any) => Promise<[any, any[]]>} invoke
 * @param {string} name
 * @param {any} msg
 * @param {{ signal?: AbortSignal, buffers?: any[], timeoutMs?: number }} [options]
 */
export async function callCommand(invoke, name, msg, options = {}) {
  const timeoutMs = options.timeoutMs ?? 30000;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let reply;
  try {
    reply = await invoke(name, msg, { signal, buffers: options.buffers ?? [] });
  } catch (err) {
    if (timeout.aborted) throw new RequestTimeoutError(name, timeoutMs);
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
  /** @type {AbortController | null} */
  let inFlight = null;

  function start(job) {
    const controller = new AbortController();
    inFlight = controller;
    Promise.resolve()
      .then(() => send(job.payload, controller.signal))
      .then(job.resolve, job.reject)
      .finally(() => {
        if (inFlight === controller) inFlight = null;
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

  function cancel() {
    if (waiting) waiting.reject(new StaleRequestError());
    waiting = null;
    if (inFlight) inFlight.abort(new StaleRequestError());
    inFlight = null;
  }

  return { request, cancel, get busy() { return inFlight !== null; } };
}
