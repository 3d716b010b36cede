"""Scrubbing an interpolation: input event → decoded frame drawn, measured inside the page.

Real JupyterLab, headless Chromium, the digits autoencoder; an Interpolation through three
digits with 16 steps per segment. Three rows, each timed with ``performance.now()`` in the
page from the event to the frame on the canvas:

- scrub: a click on the scrubber's track (an ``input`` event) → latent between steps →
  decoder → RGBA frame → canvas;
- the same decode started in the page (``lwView.scrub(t)``), no input event;
- echo: the widget's echo command carrying an 8×8 RGBA frame there and back, drawn (the
  floor of any round trip through the kernel).

Goal: scrub p50 ≤ 1.5 × echo p50.
Run: ``.venv/bin/python -m benchmarks.bench_interpolation_scrub [--events 120]``
"""

from __future__ import annotations

import argparse

import numpy as np

from benchmarks.bench_explorer_click import percentiles
from benchmarks.lab_page import notebook_page
from benchmarks.report import machine_line, write_section

NOTEBOOK = [
    "import latent_widgets as lw\n"
    "from latent_widgets.demo import digits_space\n"
    "space = digits_space()\n"
    "interpolation = lw.Interpolation(space, anchors=[0, 10, 20], steps=16)\n"
    "interpolation",
]
VIEW = "document.querySelector('.lw-interpolation').lwView"


def measure(events: int) -> dict[str, list[float]]:
    with notebook_page(NOTEBOOK) as notebook:
        page = notebook.page
        notebook.run_all()
        page.wait_for_selector(".lw-interpolation[data-strip-frames='31']")
        page.locator("input.lw-scrubber").scroll_into_view_if_needed()
        page.wait_for_timeout(1000)
        results = {"scrub": [], "scrub_call": [], "echo": []}
        box = page.locator("input.lw-scrubber").bounding_box()
        y = box["y"] + box["height"] / 2
        rng = np.random.default_rng(0)
        canvas = "canvas.lw-scrub-frame"
        for k in range(events + 5):
            drawn = int(page.get_attribute(canvas, "data-frames-drawn") or 0)
            before = page.get_attribute(canvas, "data-input-to-frame-ms")
            x = box["x"] + 8 + (box["width"] - 16) * rng.uniform(0.02, 0.98)
            page.mouse.click(float(x), float(y))
            page.wait_for_function(
                "([n, s]) => { const c = document.querySelector(s);"
                " return Number(c.dataset.framesDrawn) > n; }", arg=[drawn, canvas])
            ms = page.get_attribute(canvas, "data-input-to-frame-ms")
            if k >= 5 and ms != before:
                results["scrub"].append(float(ms))
        for _ in range(events):
            t = float(rng.uniform(0, 30))
            value = page.evaluate(f"(t) => {VIEW}.scrub(t)", t)
            if value is not None:
                results["scrub_call"].append(float(value))
        for k in range(events + 5):
            ms = page.evaluate(f"() => {VIEW}.echo([8, 8, 4])")
            if k >= 5:
                results["echo"].append(float(ms))
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=120)
    results = measure(parser.parse_args().events)
    (s50, s95), (c50, c95), (e50, e95) = (
        percentiles(results[k]) for k in ("scrub", "scrub_call", "echo"))
    rows = [
        f"| scrubber input → decoded frame drawn | {s50:.1f} | {s95:.1f} "
        f"| {len(results['scrub'])} |",
        f"| the same decode started in the page, no input event | {c50:.1f} | {c95:.1f} "
        f"| {len(results['scrub_call'])} |",
        f"| echo floor (same widget, 8×8 RGBA frame) | {e50:.1f} | {e95:.1f} "
        f"| {len(results['echo'])} |",
    ]
    print("\n".join(rows))
    write_section("interpolation-scrub", "\n".join([
        "## Interpolation: scrubbing latency",
        "",
        "`.venv/bin/python -m benchmarks.bench_interpolation_scrub` — real JupyterLab "
        "(kernel websocket without Nagle, as `make demo` runs it), headless Chromium, digits "
        "autoencoder, a path through three digits, 16 steps per segment. Times in the page "
        "(`performance.now()`) from the event to the frame drawn.",
        "",
        "| path | p50 (ms) | p95 (ms) | events |",
        "|---|---|---|---|",
        *rows,
        "",
        f"Scrub p50 / echo p50 = **{s50 / e50:.2f}** (goal ≤ 1.5).",
        "",
        machine_line(),
    ]))


if __name__ == "__main__":
    main()
