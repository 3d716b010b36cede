"""Click → frame drawn with the decoder in the page, against the kernel path and its floor.

For the shapes demo's convolutional VAE (4-D latents, 28×28 frames) and the digits
autoencoder (8-D latents, 8×8 frames), one notebook each with two Explorers of the same
space on the PCA map: one decoding in the page (the decoder exported to ONNX, run by
onnxruntime-web's single-threaded WebAssembly backend), one with ``decode_in_page=False``
(the kernel). Times are measured in the page with ``performance.now()``, from the click
handler to the frame drawn (the panel's ``data-click-to-frame-ms``):

- page click: a click on the first map (pointer at rest, then the button);
- page call: the same decode started in the page without a click (``lwView.decode``);
- kernel click: a click on the second map, decoded in the kernel;
- echo floor: the second widget's echo command carrying an 8×8 RGBA frame there and back;
- scrubbing: two Interpolations of the same space along a 50-step path, one scrubbed in the
  page, one in the kernel; 200 positions from the first step to the last, each decoded and
  drawn before the next (``lwView.scrub``): frames per second.

Goals (issue 17): page p50 ≤ 3 ms, and echo p50 ≥ 5 × page p50.
Run: ``.venv/bin/python -m benchmarks.bench_page_decode [--clicks 60]`` (``--smoke``: 2
events a row after 1 warm-up, the digits autoencoder trained 20 epochs, the table to a
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

SPACES = {"shapes VAE": "shapes_space()", "digits autoencoder": "digits_space()"}
STEPS, ANCHOR, POSITIONS = 50, 1000, 200
ROWS = {
    "page": "click → frame, decoder in the page",
    "page_call": "the same decode started in the page, no click",
    "kernel": "click → frame, decoder in the kernel",
    "echo": "echo floor (8×8 RGBA frame through the kernel)",
}


def view(k: int) -> str:
    return f"document.querySelectorAll('.lw-explorer')[{k}].lwView"


def cells(space: str) -> list[str]:
    return [
        "import latent_widgets as lw\n"
        "from latent_widgets.demo import digits_space, shapes_space\n"
        f"space = {space}\n"
        "in_page = lw.Explorer(space, projection='pca', height=300)\n"
        "in_page",
        "in_kernel = lw.Explorer(space, projection='pca', height=300, decode_in_page=False)\n"
        "in_kernel",
        f"scrub_page = lw.Interpolation(space, anchors=[0, {ANCHOR}], steps={STEPS})\n"
        "scrub_page",
        f"scrub_kernel = lw.Interpolation(space, anchors=[0, {ANCHOR}], steps={STEPS}, "
        "decode_in_page=False)\nscrub_kernel",
    ]


SCRUB = """async ([k, n, last]) => {
  const view = document.querySelectorAll('.lw-interpolation')[k].lwView;
  const started = performance.now();
  for (let i = 0; i < n; i++) await view.scrub(last * i / (n - 1));
  return performance.now() - started;
}"""


def scrub_fps(page, k: int, positions: int) -> float:
    """Frames per second scrubbing the ``k``-th Interpolation from its first step to its last."""
    page.evaluate(SCRUB, [k, 5, STEPS - 1])  # warm-up
    return positions / (page.evaluate(SCRUB, [k, positions, STEPS - 1]) / 1000.0)


def clicks(page, k: int, count: int, warmup: int, rng: np.random.Generator) -> list[float]:
    """Clicks at random places of the ``k``-th map; the click → frame ms of each."""
    canvas = page.locator(".lw-map-canvas").nth(k)
    canvas.scroll_into_view_if_needed()
    frame = page.locator("canvas.lw-frame").nth(k)
    box = canvas.bounding_box()
    times = []
    for n in range(count + warmup):
        x = box["x"] + box["width"] * rng.uniform(0.15, 0.85)
        y = box["y"] + box["height"] * rng.uniform(0.15, 0.85)
        page.mouse.move(float(x), float(y))
        page.wait_for_timeout(150)  # as a hand clicks: the pointer arrives, then the button
        before = int(frame.get_attribute("data-frames-drawn") or 0)
        page.mouse.down()
        page.mouse.up()
        page.wait_for_function(
            "([k, n]) => Number(document.querySelectorAll('canvas.lw-frame')[k]"
            ".dataset.framesDrawn || 0) > n", arg=[k, before])
        if n >= warmup:
            times.append(float(frame.get_attribute("data-click-to-frame-ms")))
    return times


def measure_one(space: str, count: int, warmup: int) -> dict[str, list[float]]:
    with notebook_page(cells(space), viewport=(1280, 1600)) as notebook:
        page = notebook.page
        notebook.run_all()
        page.wait_for_function(
            "() => document.querySelectorAll("
            "'.lw-explorer .lw-map[data-points-drawn]').length === 2")
        page.wait_for_selector(".lw-decoding-path[data-path='page']", timeout=120_000)
        page.wait_for_timeout(1000)
        rng = np.random.default_rng(0)
        results = {"page": clicks(page, 0, count, warmup, rng),
                   "kernel": clicks(page, 1, count, warmup, rng)}
        results["page_call"] = []
        for n in range(count + warmup):
            x, y = rng.normal(0, 1, size=2)
            ms = page.evaluate(f"([x, y]) => {view(0)}.decode(x, y)", [float(x), float(y)])
            if n >= warmup:
                results["page_call"].append(float(ms))
        results["echo"] = echo_times(page, view(1), count, warmup)
        page.wait_for_selector(".lw-interpolation .lw-decoding-path[data-path='page']")
        positions = 10 if count < 10 else POSITIONS
        results["fps"] = {"page": scrub_fps(page, 0, positions),
                          "kernel": scrub_fps(page, 1, positions), "positions": positions}
    return results


def table(by_space: dict[str, dict[str, list[float]]]) -> str:
    lines = [
        "## Decoding in the page: click → frame",
        "",
        "`.venv/bin/python -m benchmarks.bench_page_decode` — " + __doc__.split("\n\n")[1]
        .replace("\n", " "),
        "",
        "| model | path | p50 (ms) | p95 (ms) | events |",
        "|---|---|---|---|---|",
    ]
    verdicts = []
    for name, results in by_space.items():
        lines += [f"| {name} |{row[1:]}" for row in latency_rows(results, ROWS)]
        p50, echo, kernel = (percentile(results[k], 50) for k in ("page", "echo", "kernel"))
        fps = results["fps"]
        verdicts.append(
            f"{name}: page p50 **{p50:.2f} ms** (goal ≤ 3), echo / page = **{echo / p50:.1f}×** "
            f"(goal ≥ 5), kernel / page = {kernel / p50:.1f}×; scrubbing a {STEPS}-step path "
            f"({fps['positions']} positions): **{fps['page']:.0f} frames/s** in the page, "
            f"{fps['kernel']:.0f} frames/s through the kernel.")
    print("\n".join([*lines[6:], *verdicts]))
    return "\n".join([*lines, "", *verdicts, "", machine_line()])


def main(argv: list[str] | None = None) -> str:
    parser = smoke_parser("2 events a row after 1 warm-up")
    parser.add_argument("--clicks", type=int, default=60)
    args = parser.parse_args(argv)
    count, warmup = (2, 1) if args.smoke else (args.clicks, 5)
    spaces = dict(SPACES)
    if args.smoke:
        spaces["digits autoencoder"] = "digits_space(epochs=20)"
    by_space = {name: measure_one(space, count, warmup) for name, space in spaces.items()}
    return write_section("page-decode", table(by_space), smoke=args.smoke)


if __name__ == "__main__":
    main()
