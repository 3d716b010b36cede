"""Pointer moves over the Explorer's map: a person's 2-s mouse sweep, replayed, in the page.

A seeded mixture of 10 gaussian blobs (as in ``bench_million_points``) is shown by
``lw.Explorer(xy, labels=labels, projection="pca")`` in a real JupyterLab and headless
Chromium (WebGL in software). A recorded sweep — 2 s of moves at 60 Hz along a loop over the
map's centre, no button pressed, decode on hover off — is replayed with real input events
(Playwright's mouse, which waits until the page has handled each move), at the person's pace:
a move is sent at its recorded time, or as soon as the page has handled the previous one.

Measured inside the page with ``performance.now()``: the replay (first move handled → the
frame after the last one), the gaps between moves handled, the gaps between animation
frames, the WebGL map's redraws (regl-scatterplot's ``draw`` events, via the view's
``lwView.pointerCounts()``) and the changes of the hovered point.

Before and after in the same run and page: the page-level switch
``lwView.setPointerGate(false)`` lets moves reach regl-scatterplot as before the fix (it then
hit-tests and marks points itself); ``true`` is the fix (the default). Modes alternate.

Run: ``.venv/bin/python -m benchmarks.bench_pointer_moves [--points 100000 1000000]
[--repeats 2]``; ``--smoke`` runs a 2,000-point map, a 0.5-s sweep once per mode, and writes its
table to a temporary file.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from benchmarks.common import machine_line, percentile, smoke_parser, write_section
from benchmarks.lab_page import notebook_page
from tests.browser.explorer_page import wait_for_stable_layout

HEIGHT = 480
CELL = """
import numpy as np, latent_widgets as lw
rng = np.random.default_rng(0)
centres = rng.normal(0.0, 6.0, size=(10, 2))
labels = rng.integers(0, 10, size={n}).astype(np.int32)
xy = (centres[labels] + rng.normal(0.0, 1.0, size=({n}, 2))).astype(np.float32)
explorer = lw.Explorer(xy, labels=labels, projection='pca', height={height})
explorer
"""
VIEW = "document.querySelector('.lw-explorer').lwView"

START = f"""async ({{ on, blank }}) => {{
  {VIEW}.setPointerGate(on);  // may clear a mark: one redraw, before the counts are read
  if (blank) {{  // the floor: a layer over the page takes the moves, nothing reacts
    const layer = document.createElement("div");
    layer.id = "lw-bench-blank";
    layer.style.cssText = "position:fixed;inset:0;z-index:100000;background:transparent";
    document.body.append(layer);
  }}
  const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  await frame();
  await frame();
  const w = window.__sweep = {{ moves: [], frames: [], on: true,
                               counts: {VIEW}.pointerCounts() }};
  w.onMove = () => w.moves.push(performance.now());
  window.addEventListener("mousemove", w.onMove, true);  // window, capture: before the gate
  const loop = (t) => {{ if (w.on) {{ w.frames.push(t); requestAnimationFrame(loop); }} }};
  requestAnimationFrame(loop);
}}"""

STOP = f"""async () => {{
  const w = window.__sweep;
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  const end = performance.now();
  document.getElementById("lw-bench-blank")?.remove();
  w.on = false;
  window.removeEventListener("mousemove", w.onMove, true);
  const counts = {VIEW}.pointerCounts();
  const gaps = (ts) => ts.slice(1).map((t, i) => t - ts[i]);
  const inSweep = w.frames.filter((t) => t >= w.moves[0] && t <= end);
  return {{ replay: end - w.moves[0], moveGaps: gaps(w.moves), frameGaps: gaps(inSweep),
           moves: w.moves.length, draws: counts.draws - w.counts.draws,
           changes: counts.hoverChanges - w.counts.hoverChanges }};
}}"""


def recorded_sweep(box: dict, seconds: float, rate: float = 60.0) -> list[tuple[float, ...]]:
    """(time s, client x, client y) of a hand's loop over the map's centre."""
    x0, y0 = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    times = np.arange(int(seconds * rate) + 1) / rate
    angle = 2 * np.pi * times / seconds
    return [(float(t), float(x0 + 120 * np.sin(a)), float(y0 + 60 * np.sin(2 * a)))
            for t, a in zip(times, angle, strict=True)]


MODES = {  # name: (gate on, moves over a blank layer instead of the map)
    "floor (a blank layer takes the moves)": (True, True),
    "before (gate off)": (False, False),
    "after (gate on)": (True, False),
}


def replay(page, moves: list[tuple[float, float, float]], mode: str) -> dict:
    """Rest at the start, then send each move at its recorded time or as soon as possible."""
    gate, blank = MODES[mode]
    page.mouse.move(moves[0][1] - 30, moves[0][2])
    page.wait_for_timeout(800)
    page.evaluate(START, {"on": gate, "blank": blank})
    start = time.perf_counter()
    for t, x, y in moves:
        delay = start + t - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        page.mouse.move(x, y)
    result = page.evaluate(STOP)
    page.mouse.move(moves[0][1], moves[0][2] - 400)  # away from the map
    page.wait_for_timeout(300)
    return result


def measure(n: int, repeats: int, seconds: float) -> dict[str, list[dict]]:
    runs: dict[str, list[dict]] = {name: [] for name in MODES}
    with notebook_page([CELL.format(n=n, height=HEIGHT)], viewport=(1280, 1000),
                       timeout_ms=600_000) as notebook:
        notebook.run_all(timeout=600_000)
        notebook.wait_for(".lw-explorer[data-state='ready'] .lw-map[data-points-drawn]",
                          timeout=600_000)
        wait_for_stable_layout(notebook)
        notebook.page.wait_for_timeout(1500)
        box = notebook.page.locator(".lw-map-canvas").bounding_box()
        moves = recorded_sweep(box, seconds)
        for round_ in range(repeats):
            for name in (list(MODES) if round_ % 2 == 0 else list(MODES)[::-1]):
                result = replay(notebook.page, moves, name)
                runs[name].append(result)
                print(f"{n:,} points, {name}: replay {result['replay']:.0f} ms, "
                      f"{result['moves']} moves, {result['draws']} redraws, "
                      f"{result['changes']} hover changes", flush=True)
        notebook.page.evaluate(f"() => {VIEW}.setPointerGate(true)")
    return runs


def rows(n: int, runs: dict[str, list[dict]]) -> list[str]:
    lines = []
    for name, results in runs.items():
        move_gaps = [g for r in results for g in r["moveGaps"]]
        frame_gaps = [g for r in results for g in r["frameGaps"]]
        replays = [r["replay"] for r in results]
        lines.append(
            f"| {n:,} | {name} | {np.median(replays):.0f} ({min(replays):.0f}–{max(replays):.0f}) "
            f"| {percentile(move_gaps, 50):.0f} / {percentile(move_gaps, 95):.0f} "
            f"| {percentile(frame_gaps, 50):.0f} / {percentile(frame_gaps, 95):.0f} "
            f"| {np.median([r['draws'] for r in results]):.0f} "
            f"| {np.median([r['changes'] for r in results]):.0f} "
            f"| {np.median([r['moves'] for r in results]):.0f} |"
        )
    return lines


def per_change(n: int, before: list[dict]) -> str:
    """What redrawing only when the hovered point changes would still have cost."""
    moves = np.median([r["moves"] for r in before])
    changed = np.median([r["changes"] for r in before])
    redraw = percentile([g for r in before for g in r["moveGaps"]], 50)
    return (f"at {n:,} points the hovered point changed on {changed:.0f} of {moves:.0f} moves "
            f"(~{changed * redraw / 1000:.0f} s of redraws at {redraw:.0f} ms each)")


def table(lines: list[str], changes: list[str], args: argparse.Namespace) -> str:
    sizes = " ".join(str(n) for n in args.points)
    return "\n".join([
        "## Pointer moves over the map: a 2-s mouse sweep, replayed",
        "",
        f"`.venv/bin/python -m benchmarks.bench_pointer_moves --points {sizes} "
        f"--repeats {args.repeats}` — real JupyterLab, headless Chromium (WebGL in software), "
        "the Explorer showing 10 labelled gaussian blobs (`projection='pca'`, point size 4, "
        f"a {HEIGHT}-px map), decode on hover off. A recorded {args.seconds:g}-s sweep (moves "
        "at 60 Hz along a loop over the map's centre, no button) is replayed with real input "
        "events at the person's pace; times in ms from `performance.now()` in the page. "
        "*Before*: the page-level switch `lwView.setPointerGate(false)`, which lets moves reach "
        "regl-scatterplot as before the fix; *after*: the default; *floor*: the same replay "
        "over a blank layer laid over the page (what the driver and page cost with nothing "
        "reacting). Same page, modes "
        f"alternated, {args.repeats} replays each; gaps pooled.",
        "",
        "| points | mode | replay of the sweep, median (range) | move gap p50 / p95 "
        "| frame gap p50 / p95 | map redraws | hover changes | moves |",
        "|---|---|---|---|---|---|---|---|",
        *lines,
        "",
        "Cause: regl-scatterplot 1.16 hit-tests on every `mousemove` on window and redraws all "
        "points whenever the pointer is over any point, even the one already marked "
        "(`hover()` sets `needsRedraw = true`); in software WebGL each redraw (its frame "
        "copied onto the canvas with `drawImage`) costs a large share of a second at these "
        "sizes. Redrawing only when the hovered point changes would not be enough: "
        f"{'; '.join(changes)} (regl-scatterplot's own hover events, before). "
        "The fix holds moves without a "
        "button back from regl-scatterplot on the map's box, hit-tests them against its "
        "spatial index (KDBush; same radius and coordinates) and marks the hovered point with "
        "a ring on the page instead of a WebGL redraw; pan, lasso, wheel zoom and clicks are "
        "unchanged. *Map redraws* in the floor rows: regl-scatterplot redraws once when the "
        "pointer leaves its canvas (for the blank layer).",
        "",
        machine_line(),
    ])


def main(argv: list[str] | None = None) -> str:
    parser = smoke_parser("a 2,000-point map, one short sweep per mode")
    parser.add_argument("--points", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=2.0)
    args = parser.parse_args(argv)
    if args.smoke:
        args.points, args.repeats, args.seconds = [2_000], 1, 0.5
    lines, changes = [], []
    for n in args.points:
        runs = measure(n, args.repeats, args.seconds)
        lines += rows(n, runs)
        changes.append(per_change(n, runs["before (gate off)"]))
    print("\n".join(lines))
    markdown = table(lines, changes, args)
    return write_section("pointer-moves", markdown, smoke=args.smoke)


if __name__ == "__main__":
    main()
