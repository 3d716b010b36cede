"""The first UMAP map in a fresh kernel, before and after issue 16, and the demo under load.

Each figure comes from a fresh interpreter (what a new kernel pays), cases alternated, medians.
*Before*: umap-learn as it comes (``umap.UMAP(random_state=0, n_jobs=1)``), whose fit compiles
most of its numba functions anew in every process and, for fewer than 4,096 points, computes
all pairwise distances through scikit-learn's Python loop. *After*: `latent_widgets`' `UMAP`
(numba caches every function the fit compiles, pynndescent's NN-descent among them since
2026-12-04, ``latent_widgets.projection.cached_nn_descent``; below 4,096 points exact distances from
``cdist``, above them exact neighbours from blocked matrix products on both cores while
cheaper than NN-descent; a graph's components placed by classical MDS; from 10,000 points
the layout's epochs on both cores in blocks, ``layout="blocks"``). Both share one
warm numba cache folder, after one untimed fit of each that fills it. Trustworthiness (k=5) of
each map, which must agree within 0.01.

The demo row: ``digits_space()`` (training the autoencoder and extracting its latents) in a
fresh interpreter, alone and while a second process multiplies matrices on every core.

Run: ``.venv/bin/python -m benchmarks.bench_umap_first_fit [--runs 3] [--large]``;
``--large`` adds 100,000 × 32 latents (``benchmarks.common.latents``), once each (minutes).
``--smoke``: 300 digits, one run of each, no cache-filling fits, no demo row; the table to a
temporary file.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import textwrap

from benchmarks.common import machine_line, smoke_parser, write_section
from latent_widgets.projection.umap import numba_cache_dir

CHILD = textwrap.dedent(
    """
    import json, os, sys, time
    import numpy as np
    mode, data, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    if data == "digits":
        from sklearn.datasets import load_digits
        z = load_digits().data.astype(np.float32)[:n]
    else:
        from benchmarks.common import latents
        z = latents(n, 32)
    start = time.perf_counter()
    if mode == "before":
        import umap
        imported = time.perf_counter()
        y = umap.UMAP(random_state=0, n_jobs=1).fit_transform(z)
    else:
        from latent_widgets.projection.umap import UMAP, _import_umap
        _import_umap()
        imported = time.perf_counter()
        y = UMAP(seed=0).fit(z).embedding_
    done = time.perf_counter()
    from latent_widgets.projection.metrics import trustworthiness
    print(json.dumps({"import": imported - start, "fit": done - imported,
                      "trust": trustworthiness(z, y, 5)}))
    """
)
DEMO = textwrap.dedent(
    """
    import json, time
    import latent_widgets.demo.digits as digits
    start = time.perf_counter()
    digits.digits_space()
    print(json.dumps({"seconds": time.perf_counter() - start}))
    """
)
BUSY = "import torch\na = torch.randn(1500, 1500)\nwhile True:\n    a @ a\n"


def child(code: str, *args: str) -> dict:
    """Run ``code`` in a fresh interpreter on the shared numba cache; its last line, parsed."""
    env = {**os.environ, "NUMBA_CACHE_DIR": numba_cache_dir()}
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                         check=True, env=env).stdout
    return json.loads(out.strip().splitlines()[-1])


def fits(data: str, n: int, runs: int, fill: bool = True) -> dict[str, list[dict]]:
    for mode in ("before", "after") if fill else ():  # fill the shared cache first
        child(CHILD, mode, data, str(n))
    results: dict[str, list[dict]] = {"before": [], "after": []}
    for _ in range(runs):
        for mode in results:
            results[mode].append(child(CHILD, mode, data, str(n)))
    return results


def demo_under_load(runs: int) -> dict[str, float]:
    quiet, loaded = [], []
    for _ in range(runs):
        quiet.append(child(DEMO)["seconds"])
        busy = subprocess.Popen([sys.executable, "-c", BUSY])
        try:
            loaded.append(child(DEMO)["seconds"])
        finally:
            busy.kill()
            busy.wait()
    return {"quiet": statistics.median(quiet), "loaded": statistics.median(loaded)}


def rows(label: str, results: dict[str, list[dict]]) -> list[str]:
    out = []
    for mode, runs in results.items():
        med = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
        out.append(f"| {label} | {mode} | {med['import']:.2f} | **{med['fit']:.2f}** | "
                   f"{med['import'] + med['fit']:.2f} | {med['trust']:.4f} | {len(runs)} |")
    return out


def table(sections: dict[str, dict], demo: dict[str, float] | None, argv: str) -> str:
    lines = [
        "## UMAP first fit",
        "",
        f"`.venv/bin/python -m benchmarks.bench_umap_first_fit {argv}`. " + __doc__.split(
            "\n\n")[1].replace("\n", " "),
        "",
        "| data | code | import umap, s | first fit, s | both, s | trustworthiness | runs |",
        "|---|---|---|---|---|---|---|",
    ]
    for label, results in sections.items():
        lines += rows(label, results)
    if demo:
        lines += ["", f"`digits_space()` in a fresh interpreter: {demo['quiet']:.2f} s alone, "
                  f"{demo['loaded']:.2f} s with a second process multiplying 1500×1500 "
                  "matrices on every core (target: at most 2 s)."]
    return "\n".join([*lines, "", machine_line()])


def main(argv: list[str] | None = None) -> str:
    parser = smoke_parser("300 digits, one run of each, no demo row")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--large", action="store_true")
    args = parser.parse_args(argv)
    runs = 1 if args.smoke else args.runs
    sections = {"digits 300 × 64" if args.smoke else "digits 1,797 × 64":
                fits("digits", 300 if args.smoke else 1797, runs, fill=not args.smoke)}
    if args.large and not args.smoke:
        sections["100,000 × 32"] = fits("latents", 100_000, 1)
    demo = None if args.smoke else demo_under_load(runs)
    shown = " ".join(argv if argv is not None else sys.argv[1:])
    return write_section("umap-first-fit", table(sections, demo, shown), smoke=args.smoke)


if __name__ == "__main__":
    print(main())
