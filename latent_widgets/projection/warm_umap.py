"""Compile umap-learn's numba code into the disk cache before the first map is asked for.

A new user's first UMAP map waits about a minute while numba compiles umap-learn and
pynndescent (64 s of the 96 s to the first map in ``benchmarks/README.md``, section
"first-minute"); every later kernel reads the compiled code from `numba_cache_dir`. ``make
demo`` (and ``make test``, for its own cache) runs this module before JupyterLab starts, so
that the first kernel is already a later one; with ``--if-cold`` it returns at once when the
cache folder says it was warmed for these versions of umap-learn, pynndescent and numba:

    python -m latent_widgets.projection.warm_umap [--if-cold]

It fits small maps, seeded, one on each path `latent_widgets.projection.umap.UMAP` takes
(the distance matrix below 4,096 points, exact neighbours above, NN-descent where exact
neighbours would be slower, the blocked layout from 10,000 points), and places a few points
on each (``transform``, which linked path views use). The maps are thrown away.
"""

from __future__ import annotations

import argparse
import time
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import numpy as np

from latent_widgets.projection.umap import SMALL_DATA_POINTS, UMAP, numba_cache_dir

__all__ = ["marker", "warm"]


#: Which of `UMAP`'s paths a warmed cache holds; raised when `warm` fits a new one.
PATHS_WARMED = 3  # 2: the blocked layout; 3: NN-descent


def marker() -> Path:
    """The file in `numba_cache_dir` that says the cache was warmed, by this `warm`, for the
    versions of umap-learn, pynndescent and numba installed (removed with the folder)."""
    versions = []
    for package in ("umap-learn", "pynndescent", "numba"):
        try:
            versions.append(version(package))
        except PackageNotFoundError:  # pragma: no cover - all three come with umap-learn
            versions.append("none")
    return Path(numba_cache_dir()) / f".warmed-umap-{'-'.join(versions)}-p{PATHS_WARMED}"


def warm(n_epochs: int = 10) -> dict[str, float]:
    """Fit (and transform) once on each path of `UMAP`; the seconds each took.

    Parameters
    ----------
    n_epochs : int
        Epochs of each fit (the compiled code is the same for any number).

    Returns
    -------
    dict
        ``{"small": seconds, "large": seconds, "blocks": seconds, "nn-descent": seconds}``.
    """
    rng = np.random.default_rng(0)
    taken = {}
    # the last: pynndescent's search for new points takes its distance as an argument, which
    # no cache can keep, so warming it would only spend time
    cases = (("small", 300, {}, True), ("large", SMALL_DATA_POINTS + 100, {}, True),
             ("blocks", 300, {"layout": "blocks"}, True),
             ("nn-descent", 300, {"force_approximation_algorithm": True}, False))
    for name, n, options, place in cases:
        z = rng.normal(size=(n, 8)).astype(np.float32)
        start = time.perf_counter()
        fitted = UMAP(seed=0, n_epochs=n_epochs, **options).fit(z)
        if place:
            fitted.transform(z[:5])
        taken[name] = time.perf_counter() - start
    return taken


def main(argv: list[str] | None = None) -> None:
    """Warm the cache and say where it is and how long it took."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--if-cold", action="store_true",
                        help="do nothing when the cache was warmed for these versions")
    args = parser.parse_args(argv)
    done = marker()
    if args.if_cold and done.exists():
        return
    print(f"Compiling UMAP's numba code into {numba_cache_dir()} (once; about a minute)…",
          flush=True)
    taken = warm()
    done.touch()
    print("done: " + ", ".join(f"{name} map {seconds:.1f} s" for name, seconds in taken.items()))


if __name__ == "__main__":
    main()
