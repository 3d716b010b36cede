import { describe, expect, it } from "vitest";
import { serialDraws } from "../src/explorer/serial.js";

describe("serialDraws", () => {
  it("never overlaps draws, and draws the newest state once after the running one", async () => {
    const log = [];
    let active = 0;
    let state = "label";
    const draws = serialDraws(async (animate) => {
      active += 1;
      expect(active).toBe(1); // never two at once
      const seen = state;
      await new Promise((r) => setTimeout(r, 20));
      log.push([seen, animate]);
      active -= 1;
    });
    const first = draws.request(true);
    state = "value, no values yet";
    draws.request(false);
    state = "value, values 0..1";
    const last = draws.request(false);
    await first;
    await last;
    await new Promise((r) => setTimeout(r, 50));
    expect(log).toEqual([["label", true], ["value, values 0..1", false]]);
    expect(draws.busy).toBe(false);
  });

  it("goes on after a failed draw", async () => {
    let calls = 0;
    const draws = serialDraws(async () => {
      calls += 1;
      if (calls === 1) throw new Error("boom");
    });
    await draws.request(false);
    await draws.request(false);
    expect(calls).toBe(2);
  });
});
