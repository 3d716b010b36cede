import { describe, expect, it, vi } from "vitest";
import { advance, PlayLoop, PLAY_RATE } from "../src/interpolation/play.js";
import { clampPosition } from "../src/interpolation/scrubber.js";
import { clampSteps } from "../src/interpolation/toolbar.js";

describe("play position", () => {
  it("moves about four steps per second", () => {
    expect(PLAY_RATE).toBe(4);
    expect(advance(0, 250, 10)).toBeCloseTo(1);
    expect(advance(2.5, 500, 10)).toBeCloseTo(4.5);
    expect(advance(3, 0, 10)).toBe(3);
  });

  it("wraps past the last frame back to the start", () => {
    expect(advance(8.5, 250, 10)).toBeCloseTo(0.5); // 9.5 on a 0..9 path
    expect(advance(9, 500, 10)).toBeCloseTo(2);
    expect(advance(8, 250, 10)).toBeCloseTo(9); // exactly the last frame is shown
    expect(advance(0, 10_000, 3)).toBeGreaterThanOrEqual(0);
    expect(advance(0, 10_000, 3)).toBeLessThanOrEqual(2);
  });

  it("stays at 0 on a path too short to play, and repairs a bad position", () => {
    expect(advance(3, 250, 1)).toBe(0);
    expect(advance(3, 250, 0)).toBe(0);
    expect(advance(NaN, 250, 10)).toBeCloseTo(1);
    expect(advance(-4, 250, 10)).toBeCloseTo(1);
  });
});

describe("play loop", () => {
  it("ticks with the elapsed time on each animation frame until stopped", () => {
    let now = 1000;
    const queue = [];
    const caf = vi.fn();
    const ticks = [];
    const loop = new PlayLoop((ms) => ticks.push(ms), {
      now: () => now,
      raf: (fn) => queue.push(fn),
      caf,
    });
    loop.start();
    loop.start(); // a second start does not double the loop
    expect(queue).toHaveLength(1);
    now = 1016;
    queue.shift()();
    now = 1050;
    queue.shift()();
    expect(ticks).toEqual([16, 34]);
    expect(loop.running).toBe(true);
    loop.stop();
    expect(loop.running).toBe(false);
    expect(caf).toHaveBeenCalledTimes(1);
    queue.shift()?.(); // a frame already scheduled does nothing once stopped
    expect(ticks).toHaveLength(2);
  });

  it("can be stopped from inside a tick", () => {
    const queue = [];
    const loop = new PlayLoop(() => loop.stop(), { now: () => 0, raf: (fn) => queue.push(fn), caf: () => {} });
    loop.start();
    queue.shift()();
    expect(loop.running).toBe(false);
  });
});

describe("scrubber and steps values", () => {
  it("clamps the scrubber position into the path", () => {
    expect(clampPosition(2.5, 5)).toBe(2.5);
    expect(clampPosition(7, 5)).toBe(4);
    expect(clampPosition(-1, 5)).toBe(0);
    expect(clampPosition("x", 5)).toBe(0);
    expect(clampPosition(3, 0)).toBe(0);
  });

  it("keeps steps a whole number in 2..64", () => {
    expect(clampSteps("8")).toBe(8);
    expect(clampSteps(100)).toBe(64);
    expect(clampSteps(1)).toBe(2);
    expect(clampSteps(7.6)).toBe(8);
    expect(clampSteps("abc")).toBeNull();
  });
});
