// The life cycle every view shares: anywidget's `render` mounts a framework-free view class
// over the widget's model. The view knows nothing of anywidget: it gets its traits' values,
// already decoded, in `props`, and a small `host` for what it needs from the kernel.
//
//   new View(el, { ...traits, host })   build the DOM inside `el`, draw the traits
//   view.update(partial)                some traits changed: their new decoded values
//   view.destroy()                      stop timers, observers and requests; remove listeners
//
// A view exposes `root` (its element, where the kernel banner goes), `requests` (its
// latest-wins queues, ended at once when the kernel goes) and, if it cares, `kernelChanged`
// ("gone" | "alive"). The traits a view reads are declared once, with their codec (the
// decoders of arrays.js, or `plain`), in the view's index.js.

import { guardKernel } from "./kernel-guard.js";
import { keepKeysInside } from "./keys.js";

/** A trait that travels as JSON: its value as it is. @param {any} value */
export const plain = (value) => value;

/**
 * @typedef {{
 *   save: (changes: Record<string, any>) => void,
 *   set: (changes: Record<string, any>) => void,
 *   command: (name: string, payload: any, options?: any) => Promise<any>,
 *   send: (content: Record<string, any>) => void,
 * }} Host
 *   `save`: set traits and send them to the kernel (one message); `set`: set them here only
 *   (they go with the next save); `command`: an anywidget command through the kernel guard
 *   (resolves to its result, rejects with the error in words); `send`: a message to the
 *   widget's kernel side that expects no answer
 *
 * @typedef {{
 *   root: HTMLElement,
 *   requests?: { cancel: (reason?: Error) => void }[],
 *   kernelChanged?: (state: string) => void,
 *   update: (partial: Record<string, any>) => void,
 *   destroy: () => void,
 * }} View
 *
 * @typedef {new (el: HTMLElement, props: Record<string, any> & { host: Host }) => View} ViewClass
 * @typedef {Record<string, (raw: any) => any>} TraitCodecs
 */

/**
 * Mount `View` for one anywidget render: read and decode the traits, construct the view,
 * guard its commands, forward trait changes as `update`s.
 *
 * A change event carries every trait that changed since the last one, not only its own:
 * the kernel sets several traits in one message (points and labels of a new layer), and
 * the view should see them together, as it did when it read the model at each event.
 *
 * @param {ViewClass} View
 * @param {TraitCodecs} traits
 * @param {{ model: any, el: HTMLElement, experimental?: { invoke?: any } }} ctx
 * @returns {() => void} the cleanup anywidget calls when the view is removed
 */
export function mount(View, traits, { model, el, experimental }) {
  const names = Object.keys(traits);
  const raw = Object.fromEntries(names.map((name) => [name, model.get(name)]));
  const props = Object.fromEntries(names.map((name) => [name, traits[name](raw[name])]));
  let guard = null;
  const setAll = (changes) => {
    for (const [name, value] of Object.entries(changes)) model.set(name, value);
  };
  /** @type {Host} */
  const host = {
    save(changes) {
      setAll(changes);
      model.save_changes();
    },
    set: setAll,
    command(name, payload, options) {
      if (!guard) return Promise.reject(new Error("a view sends commands once it is built"));
      return guard.command(name, payload, options);
    },
    send(content) {
      model.send(content);
    },
  };
  const view = new View(el, { ...props, host });
  const releaseKeys = keepKeysInside(el);
  guard = guardKernel({
    model, el, root: view.root, invoke: experimental?.invoke, requests: view.requests ?? [],
    onChange: (state) => view.kernelChanged?.(state),
  });

  const changed = (name) => {
    const partial = {};
    for (const other of names) {
      const value = model.get(other);
      if (other !== name && value === raw[other]) continue;
      raw[other] = value;
      partial[other] = traits[other](value);
    }
    view.update(partial);
  };
  const listeners = names.map((name) => [`change:${name}`, () => changed(name)]);
  listeners.push(["msg:custom", (content) => view.message?.(content)]); // the kernel's notes
  for (const [event, listener] of listeners) model.on(event, listener);

  return () => {
    for (const [event, listener] of listeners) model.off(event, listener);
    guard.stop();
    releaseKeys();
    view.destroy();
  };
}

/**
 * The anywidget module of a view: `export default widget(View, traits)` in its index.js.
 * @param {ViewClass} View @param {TraitCodecs} traits
 */
export function widget(View, traits) {
  return { render: (ctx) => mount(View, traits, ctx) };
}
