"""`to_html` files of the shapes demo: their size, the time to write them, and the time from
opening one at ``file://`` (no network, no kernel, a fresh headless Chromium page) to the map
drawn, to the decoder ready in the page, and from a click to its frame.

Two files: the Explorer's (UMAP and PCA maps, the decoder, the data's latents and
thumbnails) and the app's (``lw.explore``: the three views, with an interpolation of two
anchors). Medians over the page loads.

Run: ``.venv/bin/python -m benchmarks.bench_to_html [--loads 5]`` (``--smoke``: 300 points,
PCA only, one load, the table to a temporary file).
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.common import machine_line, smoke_parser, write_section
from benchmarks.lab_page import browser as chromium

OPEN = """async () => {
  const t0 = performance.timeOrigin;
  const wait = (test) => new Promise((resolve) => {
    const poll = () => (test() ? resolve(performance.now()) : setTimeout(poll, 5));
    poll();
  });
  const drawn = await wait(() => document.querySelector('.lw-map[data-points-drawn]'));
  const ready = await wait(() => document.querySelector(".lw-decoding-path[data-path='page']"));
  return { drawn, ready };
}"""


def files(n: int, umap: bool, folder: Path) -> dict[str, tuple[Path, float]]:
    import latent_widgets as lw
    from latent_widgets.demo import shapes_space

    space = shapes_space(n)
    explorer = lw.Explorer(space, projection="umap" if umap else "pca")
    explorer.wait_for_projection(600)
    app = lw.explore(space, projection="pca")
    app.persistence.wait()
    app.interpolation.anchors = [0, n // 2]
    out = {}
    for name, widget in (("Explorer", explorer), ("app (lw.explore)", app)):
        start = time.perf_counter()
        path = widget.to_html(folder / f"{name.split()[0]}.html")
        out[name] = (path, time.perf_counter() - start)
    return out


def load_times(browser, path: Path, loads: int) -> dict[str, float]:
    rows = []
    for _ in range(loads):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(
            ("file:", "blob:", "data:")) else r.abort())
        page = context.new_page()
        page.goto(path.as_uri())
        times = page.evaluate(OPEN)
        box = page.locator(".lw-map-canvas").bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.wait_for_timeout(150)
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.wait_for_selector("canvas.lw-frame[data-frames-drawn='1']")
        times["click"] = float(page.get_attribute("canvas.lw-frame", "data-click-to-frame-ms"))
        rows.append(times)
        context.close()
    return {key: statistics.median(row[key] for row in rows) for key in rows[0]}


def measure(n: int, umap: bool, loads: int) -> list[tuple]:
    with tempfile.TemporaryDirectory() as folder, chromium() as browser:
        return [(name, path.stat().st_size / 2**20, seconds, load_times(browser, path, loads))
                for name, (path, seconds) in files(n, umap, Path(folder)).items()]


def table(rows, argv: str, loads: int) -> str:
    lines = [
        "## to_html: one offline file",
        "",
        f"`.venv/bin/python -m benchmarks.bench_to_html {argv}` — "
        + __doc__.split("\n\n")[0].replace("\n", " ") + " " + __doc__.split("\n\n")[1]
        .replace("\n", " "),
        "",
        "| file | size, MB | written in, s | map drawn, ms | decoder ready, ms | "
        "click → frame, ms | loads |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, size, seconds, times in rows:
        lines.append(f"| {name} | **{size:.1f}** | {seconds:.2f} | {times['drawn']:.0f} | "
                     f"{times['ready']:.0f} | {times['click']:.1f} | {loads} |")
    print("\n".join(lines[4:]))
    return "\n".join([*lines, "", "Budget for the shapes demo's file: 20 MB.", "",
                      machine_line()])


def main(argv: list[str] | None = None) -> str:
    parser = smoke_parser("300 points, PCA only, one load")
    parser.add_argument("--loads", type=int, default=5)
    args = parser.parse_args(argv)
    n, umap, loads = (300, False, 1) if args.smoke else (3000, True, args.loads)
    rows = measure(n, umap, loads)
    return write_section("to-html", table(rows, "--smoke" if args.smoke else "", loads),
                         smoke=args.smoke)


if __name__ == "__main__":
    main()
