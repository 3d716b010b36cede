// What every view class shares under the life cycle of ./mount.js: its root element, its
// props (the decoded traits) kept current by `update`, which runs the method that shows
// each changed trait once, and its latest-wins requests to the kernel, ended by `destroy`.

import { element } from "./dom.js";
import { latestWins } from "./commands.js";

export class TraitView {
  /**
   * @param {HTMLElement} el where the view goes
   * @param {Record<string, any> & { host: import("./mount.js").Host }} props the decoded
   *   traits and the host
   * @param {string} className the root's class ("lw-explorer")
   * @param {Record<string, string[]>} shows the name of each method that shows traits →
   *   those traits
   */
  constructor(el, { host, ...props }, className, shows) {
    this.el = el;
    this.host = host;
    this.props = props;
    /** @type {Record<string, string>} trait → the method that shows it */
    this.handlers = {};
    for (const [method, traits] of Object.entries(shows)) {
      for (const trait of traits) this.handlers[trait] = method;
    }
    this.root = element("div", `${className} lw-widget`, el);
    /** @type {{ request: Function, cancel: (reason?: Error) => void }[]} */
    this.requests = [];
  }

  /**
   * Some traits changed: keep their values and run each method that shows them, once.
   * @param {Record<string, any>} partial the changed traits, decoded
   */
  update(partial) {
    Object.assign(this.props, partial);
    const methods = new Set(Object.keys(partial).map((name) => this.handlers[name]).filter(Boolean));
    for (const method of methods) this[method]();
  }

  /**
   * Run these methods, in this order: the first draw of every trait.
   * @param {...string} methods
   */
  showAll(...methods) {
    for (const method of methods) this[method]();
  }

  /**
   * A latest-wins queue of requests (../shared/commands.js), ended when the view is
   * destroyed or the kernel goes; `send(payload, signal)` sends one.
   * @template P, R
   * @param {(payload: P, signal: AbortSignal) => Promise<R>} send
   */
  queue(send) {
    const queue = latestWins(send);
    this.requests.push(queue);
    return queue;
  }

  /**
   * A latest-wins queue of the kernel command `name`, with its options (timeoutMs, label).
   * @param {string} name @param {Record<string, any>} options
   */
  commandQueue(name, options) {
    return this.queue((payload, signal) => this.host.command(name, payload, { signal, ...options }));
  }

  destroy() {
    for (const queue of this.requests) queue.cancel();
  }
}
