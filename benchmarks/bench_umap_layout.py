"""UMAP's layout on every core (``layout="blocks"``) against umap-learn's own, seeds 0-2.

Each fit runs in a fresh interpreter on the warm shared numba cache (after one untimed fit of
each layout that fills it), the two layouts alternated, on ``benchmarks.common.latents``
(four blobs and a circle) in 32-D. *Layout* is the time spent optimising the map (umap-learn's
``optimize_layout_euclidean`` as the fit calls it), *fit* the whole ``UMAP.fit``. The blocked
layout gives the same map on any thread count; trustworthiness (k=5) must stay within 0.01
of umap-learn's for the same seed.

Run: ``.venv/bin/python -m benchmarks.bench_umap_layout [--sizes 20000 100000]``.
"""

from __future__ import annotations

import statistics
import sys
import textwrap

from benchmarks.bench_umap_first_fit import child
from benchmarks.common import machine_line, smoke_parser, write_section

CHILD = textwrap.dedent(
    """
    import json, sys, time
    from benchmarks.common import latents
    from latent_widgets.projection.metrics import trustworthiness
    from latent_widgets.projection.umap import UMAP, _import_umap
    layout, seed, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    z = latents(n, 32)
    _import_umap()
    import umap.umap_ as umap_
    optimise, spent = umap_.optimize_layout_euclidean, []
    def timed(*args, **kwargs):
        start = time.perf_counter()
        try:
            return optimise(*args, **kwargs)
        finally:
            spent.append(time.perf_counter() - start)
    umap_.optimize_layout_euclidean = timed
    start = time.perf_counter()
    fitted = UMAP(seed=seed, layout=layout).fit(z)
    fit = time.perf_counter() - start
    print(json.dumps({"fit": fit, "layout": sum(spent), "resolved": fitted.layout_,
                      "trust": trustworthiness(z, fitted.embedding_, 5)}))
    """
)
LAYOUTS = ("umap-learn", "blocks")


def measure(n: int, seeds: list[int]) -> dict[str, list[dict]]:
    """Every seed with each layout, alternated; one result per fit."""
    for layout in LAYOUTS:  # fill the shared cache
        child(CHILD, layout, "0", str(min(n, 2000)))
    results: dict[str, list[dict]] = {layout: [] for layout in LAYOUTS}
    for seed in seeds:
        for layout in LAYOUTS:
            results[layout].append({"seed": seed, **child(CHILD, layout, str(seed), str(n))})
    return results


def table(by_size: dict[int, dict[str, list[dict]]], argv: str) -> str:
    lines = ["## UMAP layout on every core", "", f"`.venv/bin/python -m benchmarks."
             f"bench_umap_layout {argv}`. " + __doc__.split("\n\n")[1].replace("\n", " "), "",
             "| latents | layout | layout, s (median) | fit, s (median) | trustworthiness by "
             "seed | layout time against umap-learn's |", "|---|---|---|---|---|---|"]
    for n, results in by_size.items():
        base = statistics.median(run["layout"] for run in results["umap-learn"])
        for layout, runs in results.items():
            spent = statistics.median(run["layout"] for run in runs)
            fit = statistics.median(run["fit"] for run in runs)
            trust = " / ".join(f"{run['trust']:.4f}" for run in runs)
            lines.append(f"| {n:,} × 32 | {layout} | {spent:.1f} | {fit:.1f} | {trust} | "
                         f"{spent / base:.2f}× |")
    return "\n".join([*lines, "", machine_line()])


def main(argv: list[str] | None = None) -> str:
    parser = smoke_parser("2,000 latents, seed 0")
    parser.add_argument("--sizes", type=int, nargs="+", default=[20_000, 100_000])
    parser.add_argument("--seeds", type=int, default=3)
    args = parser.parse_args(argv)
    sizes, seeds = ([2000], [0]) if args.smoke else (args.sizes, list(range(args.seeds)))
    by_size = {n: measure(n, seeds) for n in sizes}
    shown = " ".join(argv if argv is not None else sys.argv[1:])
    return write_section("umap-layout", table(by_size, shown), smoke=args.smoke)


if __name__ == "__main__":
    print(main())
