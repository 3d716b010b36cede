// The model side of anywidget, enough for a view under test: set fires change events as
// anywidget's does, and the test can count saves and listeners.

export class FakeModel {
  constructor(values) {
    this.values = { ...values };
    this.listeners = new Map();
    this.saved = 0;
    this.sent = []; // messages the view sent to the kernel side (model.send)
  }
  send(content) {
    this.sent.push(content);
  }
  get(name) {
    return this.values[name];
  }
  set(name, value) {
    this.values[name] = value;
    for (const fn of this.listeners.get(`change:${name}`) ?? []) fn();
  }
  save_changes() {
    this.saved += 1;
  }
  on(event, fn) {
    if (!this.listeners.has(event)) this.listeners.set(event, new Set());
    this.listeners.get(event).add(fn);
  }
  off(event, fn) {
    this.listeners.get(event)?.delete(fn);
  }
  listenerCount() {
    return [...this.listeners.values()].reduce((n, set) => n + set.size, 0);
  }
}
