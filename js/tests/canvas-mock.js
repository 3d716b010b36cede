// jsdom has no canvas: a 2-D context that accepts every call (and keeps what is set on it)
// lets the drawing code run in view tests. Call mockCanvas() in beforeEach; vitest's
// vi.restoreAllMocks() in afterEach takes it away.
import { vi } from "vitest";

export function mockCanvas() {
  const ctx = new Proxy({}, {
    get: (target, key) => (key in target ? target[key] : () => {}),
    set: (target, key, value) => ((target[key] = value), true),
  });
  vi.spyOn(HTMLCanvasElement.prototype, "getContext").mockReturnValue(ctx);
  return ctx;
}
