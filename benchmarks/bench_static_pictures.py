"""What a widget's static picture adds to its display, against a matplotlib figure of it.

Every display of a widget now carries a picture of the view (``image/png``, drawn with
numpy and written by Pillow: `latent_widgets.figures.snapshot`) for the front ends that
cannot run it (``nbconvert --to html`` without widget state). Per view of the shapes demo
(3,000 points, the shipped VAE) and an Explorer of 100,000 × 16 latents: the time of the
widget's MIME bundle without the picture (anywidget's own) and with it, and, for
comparison, the view's matplotlib ``figure()`` saved as PNG at 72 dpi, the other way to a
picture. Medians of the runs, in one process (matplotlib imported before timing).

Run: ``.venv/bin/python -m benchmarks.bench_static_pictures [--runs 7]`` (``--smoke``: 300
points, 2 runs, the table to a temporary file).
"""

from __future__ import annotations

import io
import statistics
import time

import anywidget

from benchmarks.common import latents, machine_line, smoke_parser, write_section


def median_ms(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000.0)
    return statistics.median(times)


def figure_png(view) -> bytes:
    figure = view.figure()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=72)
    import matplotlib.pyplot as plt

    plt.close(figure)
    return buffer.getvalue()


def views(n: int) -> dict:
    import latent_widgets as lw
    from latent_widgets.demo import shapes_space

    space = shapes_space(n)
    return {
        f"Explorer, shapes ({n:,})": lw.Explorer(space, projection="pca"),
        f"Persistence, shapes ({n:,})": lw.Persistence(space).wait(),
        "Interpolation, shapes (2 anchors, 8 steps)": lw.Interpolation(space, anchors=[0, n // 2]),
        f"Explorer, {10 * n if n < 1000 else 100_000:,} × 16 latents": lw.Explorer(
            latents(10 * n if n < 1000 else 100_000, 16), projection="pca"),
    }


def measure(n: int, runs: int) -> list[tuple[str, float, float, float]]:
    import matplotlib

    matplotlib.use("Agg")
    rows = []
    for name, view in views(n).items():
        bare = median_ms(lambda v=view: anywidget.AnyWidget._repr_mimebundle_(v), runs)
        with_picture = median_ms(lambda v=view: v._repr_mimebundle_(), runs)
        figure = median_ms(lambda v=view: figure_png(v), runs)
        rows.append((name, bare, with_picture, figure))
    return rows


def table(rows, argv: str) -> str:
    lines = [
        "## Static pictures of the views",
        "",
        f"`.venv/bin/python -m benchmarks.bench_static_pictures {argv}`. "
        + __doc__.split("\n\n")[1].replace("\n", " "),
        "",
        "| view | bundle without picture, ms | with picture, ms | picture adds, ms | "
        "matplotlib figure → PNG, ms | figure / picture |",
        "|---|---|---|---|---|---|",
    ]
    for name, bare, with_picture, figure in rows:
        added = with_picture - bare
        lines.append(f"| {name} | {bare:.1f} | {with_picture:.1f} | **{added:.1f}** | "
                     f"{figure:.1f} | {figure / max(added, 1e-3):.0f}× |")
    print("\n".join(lines[4:]))
    return "\n".join([*lines, "", machine_line()])


def main(argv: list[str] | None = None) -> str:
    parser = smoke_parser("300 points, 2 runs")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    n, runs = (300, 2) if args.smoke else (3000, args.runs)
    rows = measure(n, runs)
    return write_section("static-pictures", table(rows, "--smoke" if args.smoke else ""),
                         smoke=args.smoke)


if __name__ == "__main__":
    main()
