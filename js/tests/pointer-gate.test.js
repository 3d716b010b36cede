// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import { PointerGate, syncCamera } from "../src/explorer/pointer-gate.js";
import { HoverTracker } from "../src/explorer/hover.js";

/** A map box with a canvas inside, attached to the document; a window mousemove spy. */
function setup() {
  const box = document.createElement("div");
  const canvas = document.createElement("canvas");
  box.append(canvas);
  document.body.append(box);
  const seen = [];
  const onWindow = (event) => seen.push([event.clientX, event.clientY, event.buttons]);
  window.addEventListener("mousemove", onWindow);
  const hooks = { hover: vi.fn(), leave: vi.fn(), dragStart: vi.fn(), dragEnd: vi.fn() };
  const gate = new PointerGate(box, hooks);
  const cleanup = () => {
    gate.destroy();
    window.removeEventListener("mousemove", onWindow);
    box.remove();
  };
  return { box, canvas, seen, hooks, gate, cleanup };
}

const move = (target, x, y, buttons = 0) => {
  const init = { bubbles: true, clientX: x, clientY: y, buttons };
  target.dispatchEvent(new MouseEvent("pointermove", init)); // jsdom has no PointerEvent
  target.dispatchEvent(new MouseEvent("mousemove", init));
};

describe("the pointer gate", () => {
  let env;
  afterEach(() => env.cleanup());

  it("keeps moves without a button from window and hands them to the hover test", () => {
    env = setup();
    move(env.canvas, 10, 20);
    move(env.canvas, 11, 20);
    expect(env.seen).toEqual([]);
    expect(env.hooks.hover).toHaveBeenCalledTimes(2); // on pointermove only
    expect(env.hooks.hover.mock.calls[0][0].clientX).toBe(10);
  });

  it("lets every move through while a button is pressed, and says when a drag starts and ends", () => {
    env = setup();
    const press = { bubbles: true, clientX: 5, clientY: 6, buttons: 1, shiftKey: true };
    env.canvas.dispatchEvent(new MouseEvent("pointerdown", press));
    move(env.canvas, 8, 6, 1);
    move(env.canvas, 12, 6, 1);
    expect(env.seen).toEqual([[8, 6, 1], [12, 6, 1]]);
    expect(env.hooks.dragStart).toHaveBeenCalledTimes(1);
    expect(env.hooks.dragStart).toHaveBeenCalledWith({ x: 5, y: 6, buttons: 1, shiftKey: true });
    expect(env.hooks.hover).not.toHaveBeenCalled();
    move(env.canvas, 13, 6, 0);
    expect(env.hooks.dragEnd).toHaveBeenCalledTimes(1);
    expect(env.hooks.hover).toHaveBeenCalledTimes(1); // the first move after the release
    expect(env.seen).toHaveLength(2); // is held back again
  });

  it("lets everything through when off (the benchmarks' 'before')", () => {
    env = setup();
    env.gate.enabled = false;
    move(env.canvas, 1, 2);
    expect(env.seen).toEqual([[1, 2, 0]]);
    expect(env.hooks.hover).not.toHaveBeenCalled();
  });
});

describe("syncCamera", () => {
  it("shows the camera the press, ticks with panning off, and keeps a change it applied", () => {
    const calls = [];
    const onWindow = (event) => calls.push(["move", event.clientX, event.clientY]);
    window.addEventListener("mousemove", onWindow);
    const camera = {
      config: (settings) => calls.push(["config", settings]),
      tick: () => (calls.push(["tick"]), true),
      translate: (by) => calls.push(["translate", by]),
    };
    syncCamera(camera, 30, 40, true);
    window.removeEventListener("mousemove", onWindow);
    expect(calls).toEqual([
      ["move", 30, 40],
      ["config", { isPan: false, isRotate: false }],
      ["tick"],
      ["config", { isPan: true, isRotate: true }],
      ["translate", [0, 0]],
    ]);
  });
});

describe("the hover tracker", () => {
  const track = (pick) => {
    const container = document.createElement("div");
    const hooks = {
      pick, toPixel: (i) => [i * 10, 5], diameter: () => 4, onOver: vi.fn(), onOut: vi.fn(),
    };
    return { tracker: new HoverTracker(container, hooks), hooks, container };
  };

  it("announces and rings a point once, however often the pointer moves over it", () => {
    const { tracker, hooks, container } = track((px) => (px < 50 ? 2 : -1));
    for (let px = 0; px < 40; px += 3) tracker.moveTo(px, 0);
    expect(hooks.onOver).toHaveBeenCalledTimes(1);
    expect(hooks.onOver).toHaveBeenCalledWith(2);
    expect(tracker.changes).toBe(1);
    const ring = container.querySelector(".lw-hover-ring");
    expect(ring.hidden).toBe(false);
    expect(ring.style.width).toBe("10px");
    expect(ring.style.transform).toBe("translate(15px, 0px)");
    tracker.moveTo(60, 0);
    expect(hooks.onOut).toHaveBeenCalledTimes(1);
    expect(ring.hidden).toBe(true);
    expect(tracker.index).toBe(-1);
  });

  it("tests a position once and not at all during a drag", () => {
    const pick = vi.fn(() => 1);
    const { tracker } = track(pick);
    tracker.moveTo(3, 4);
    tracker.moveTo(3, 4);
    expect(pick).toHaveBeenCalledTimes(1);
    tracker.suspend();
    tracker.moveTo(9, 9);
    tracker.refresh();
    expect(pick).toHaveBeenCalledTimes(1);
    expect(tracker.index).toBe(-1);
    tracker.resume();
    tracker.moveTo(9, 9);
    expect(tracker.index).toBe(1);
  });

  it("looks again where the pointer rests when the map changes under it", () => {
    let under = 1;
    const { tracker, hooks } = track(() => under);
    tracker.moveTo(3, 4);
    under = 4;
    tracker.refresh();
    expect(hooks.onOver).toHaveBeenLastCalledWith(4);
    tracker.clear();
    tracker.refresh(); // away: nothing to look at
    expect(hooks.onOut).toHaveBeenCalledTimes(1);
  });
});
