"""Scrubbing an interpolation: input event → decoded frame drawn, measured inside the page.

Real JupyterLab, headless Chromium, the digits autoencoder; an Interpolation through three
digits with 16 steps per segment, decoded in the kernel (``decode_in_page=False``; the
scrubber in the page is measured by ``bench_page_decode``). Three rows, each timed with
``performance.now()`` in the page from the event to the frame on the canvas:

- scrub: a click on the scrubber's track (an ``input`` event) → latent between steps →
  decoder → RGBA frame → canvas;
- the same decode started in the page (``lwView.scrub(t)``), no input event;
- echo: the widget's echo command carrying an 8×8 RGBA frame there and back, drawn (the
  floor of any round trip through the kernel).

Goal: scrub p50 ≤ 1.5 × echo p50.
Run: ``.venv/bin/python -m benchmarks.bench_interpolation_scrub [--events 120]``
(``--smoke``: 2 events a row after 1 warm-up, an autoencoder trained 20 epochs, the table to a
temporary file).
"""

from __future__ import annotations

import numpy as np

from benchmarks.common import (
    echo_times,
    latency_rows,
    machine_line,
    percentile,
    smoke_parser,
    write_section,
)
from benchmarks.lab_page import notebook_page

NOTEBOOK = [
    "import latent_widgets as lw\n"
    "from latent_widgets.demo import digits_space\n"
    "space = digits_space()\n"
    "interpolation = lw.Interpolation(space, anchors=[0, 10, 20], steps=16, "
    "decode_in_page=False)\n"
    "interpolation",
]
VIEW = "document.querySelector('.lw-interpolation').lwView"


ROWS = {
    "scrub": "scrubber input → decoded frame drawn",
    "scrub_call": "the same decode started in the page, no input event",
    "echo": "echo floor (same widget, 8×8 RGBA frame)",
}


def scrubber_clicks(page, events: int, warmup: int, rng: np.random.Generator) -> list[float]:
    """Clicks on the scrubber's track → the decoded frame drawn (ms)."""
    times = []
    box = page.locator("input.lw-scrubber").bounding_box()
    y = box["y"] + box["height"] / 2
    canvas = "canvas.lw-scrub-frame"
    for k in range(events + warmup):
        drawn = int(page.get_attribute(canvas, "data-frames-drawn") or 0)
        before = page.get_attribute(canvas, "data-input-to-frame-ms")
        x = box["x"] + 8 + (box["width"] - 16) * rng.uniform(0.02, 0.98)
        page.mouse.click(float(x), float(y))
        page.wait_for_function(
            "([n, s]) => { const c = document.querySelector(s);"
            " return Number(c.dataset.framesDrawn) > n; }", arg=[drawn, canvas])
        ms = page.get_attribute(canvas, "data-input-to-frame-ms")
        if k >= warmup and ms != before:
            times.append(float(ms))
    return times


def measure(events: int, warmup: int = 5, epochs: int = 400) -> dict[str, list[float]]:
    cells = [NOTEBOOK[0].replace("digits_space()", f"digits_space(epochs={epochs})"),
             *NOTEBOOK[1:]]
    with notebook_page(cells) as notebook:
        page = notebook.page
        notebook.run_all()
        page.wait_for_selector(".lw-interpolation[data-strip-frames='31']")
        page.locator("input.lw-scrubber").scroll_into_view_if_needed()
        page.wait_for_timeout(1000)
        rng = np.random.default_rng(0)
        results = {"scrub": scrubber_clicks(page, events, warmup, rng), "scrub_call": []}
        for _ in range(events):
            t = float(rng.uniform(0, 30))
            value = page.evaluate(f"(t) => {VIEW}.scrub(t)", t)
            if value is not None:
                results["scrub_call"].append(float(value))
        results["echo"] = echo_times(page, VIEW, events, warmup)
    return results


def table(results: dict[str, list[float]]) -> str:
    rows = latency_rows(results, ROWS)
    print("\n".join(rows))
    s50, e50 = percentile(results["scrub"], 50), percentile(results["echo"], 50)
    return "\n".join([
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
    ])


def main(argv: list[str] | None = None) -> str:
    parser = smoke_parser("2 events a row after 1 warm-up")
    parser.add_argument("--events", type=int, default=120)
    args = parser.parse_args(argv)
    results = measure(2, warmup=1, epochs=20) if args.smoke else measure(args.events)
    return write_section("interpolation-scrub", table(results), smoke=args.smoke)


if __name__ == "__main__":
    main()
