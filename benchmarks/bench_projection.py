"""Projections: UMAP and PCA fit times, and umap-learn's inverse against the kNN inverse.

Run from the repository root::

    .venv/bin/python -m benchmarks.bench_projection

Writes the "projection" section of benchmarks/README.md. Takes ~15 min on 2 cores, nearly
all of it in umap-learn's ``inverse_transform`` (seconds a call); ``--umap-calls`` sets how
many single-point calls of it are timed per data set. ``--smoke``: 300 digits and 400 synthetic
latents fitted (50 held out each), umap-learn's inverse left to full runs (seconds a call); the
table to a temporary file.

Accuracy is in units of ``s``, the mean distance from a fitted latent to its nearest other
fitted latent (the typical spacing of the data):

- held out: ``|inverse(transform(z)) - z| / s`` for latents not used in the fit;
- at points: ``|inverse(embedding_i) - z_i| / s`` at the fitted 2-D positions;
- between: for a fitted point and its nearest neighbour on the map, the distance from the
  inverse of their 2-D midpoint to their latent midpoint, ``/ s``; and the 2-D round trip
  ``|transform(inverse(y_mid)) - y_mid|`` over the mean nearest-neighbour distance on the map.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from scipy.spatial import cKDTree

from benchmarks.common import machine_line, percentiles, smoke_parser, timed, write_section
from latent_widgets.projection.knn_inverse import KNNInverse
from latent_widgets.projection.metrics import trustworthiness
from latent_widgets.projection.pca import PCA
from latent_widgets.projection.umap import UMAP

CLICK_BUDGET_MS = 10.0


def digits(rng: np.random.Generator, fitted: int | None = None,
           held_out: int = 200) -> tuple[np.ndarray, np.ndarray]:
    """sklearn's digits (1797 x 64): 1597 fitted (or ``fitted``), 200 held out."""
    from sklearn.datasets import load_digits

    data = load_digits().data.astype(np.float32)
    order = rng.permutation(len(data))
    return data[order[held_out:][:fitted]], data[order[:held_out]]


def synthetic(rng: np.random.Generator, n: int = 10_000, d: int = 32, held_out: int = 500):
    """10 Gaussian clusters, each spread over its own random 3-D subspace of R^d, plus noise."""
    total = n + held_out
    centres = rng.normal(0.0, 4.0, size=(10, d))
    bases = [np.linalg.qr(rng.normal(size=(d, 3)))[0] for _ in range(10)]
    label = rng.integers(0, 10, size=total)
    coords = rng.normal(size=(total, 3)) * np.array([2.0, 1.0, 0.5])
    data = centres[label] + np.einsum("nk,ndk->nd", coords, np.stack(bases)[label])
    data += rng.normal(0.0, 0.2, size=(total, d))
    data = data.astype(np.float32)
    return data[:n], data[n:]


def per_call_ms(inverse: Callable, positions: np.ndarray) -> tuple[float, float]:
    """p50 and p95 in ms of single-point calls (batch of 1), one per row of positions."""
    times = [timed(lambda y=y: inverse(y[None, :])).seconds * 1e3 for y in positions]
    return percentiles(times)


def accuracy(inverse: Callable, model: UMAP, z_fit, z_test, scale, scale_2d, rng) -> dict:
    """The accuracy figures of one inverse (see the module docstring)."""
    held = np.linalg.norm(inverse(model.transform(z_test)) - z_test, axis=1) / scale
    rows = rng.choice(len(z_fit), size=min(200, len(z_fit)), replace=False)
    y = model.embedding_
    at = np.linalg.norm(inverse(y[rows]) - z_fit[rows], axis=1) / scale
    partner = cKDTree(y).query(y[rows], k=2)[1][:, 1]
    y_mid = (y[rows] + y[partner]) / 2
    z_mid_hat = inverse(y_mid)
    between = np.linalg.norm(z_mid_hat - (z_fit[rows] + z_fit[partner]) / 2, axis=1) / scale
    round_trip = np.linalg.norm(model.transform(z_mid_hat) - y_mid, axis=1) / scale_2d
    return {
        "held": (np.mean(held), np.median(held)),
        "at": np.mean(at),
        "between": np.mean(between),
        "round_trip": np.mean(round_trip),
    }


UMAP_LEARN = "umap-learn `inverse_transform`"
DEFAULT = "**kNN, k=8, 1/distance (default)**"


def fits(z_fit: np.ndarray, z_test: np.ndarray) -> dict:
    """PCA (fit time, exactness of its inverse) and UMAP (fit, held-out transform), and the
    scales the accuracy is measured in."""
    pca_fit = min(timed(lambda: PCA().fit(z_fit)).seconds for _ in range(5))
    pca = PCA().fit(z_fit)
    in_plane = pca.inverse_transform(pca.transform(z_fit))
    model = UMAP(seed=0)
    umap_fit = timed(lambda: model.fit(z_fit)).seconds
    y_test = model.transform(z_test)
    scale = float(cKDTree(z_fit).query(z_fit, k=2)[0][:, 1].mean())
    return {
        "pca_fit": pca_fit,
        "exact": np.abs(pca.inverse_transform(pca.transform(in_plane)) - in_plane).max(),
        "pca_inv": per_call_ms(pca.inverse_transform, pca.transform(z_test[:200])),
        "pca_trust": trustworthiness(z_fit, pca.transform(z_fit)),
        "model": model, "umap_fit": umap_fit, "y_test": y_test,
        "umap_trust": trustworthiness(z_fit, model.embedding_), "scale": scale,
        "scale_2d": float(cKDTree(model.embedding_).query(model.embedding_, k=2)[0][:, 1].mean()),
        "oracle": cKDTree(z_fit).query(z_test)[0] / scale,
    }


def inverse_rows(fit: dict, z_fit, z_test, umap_calls: int, rng) -> dict[str, tuple]:
    """(accuracy, first call ms, p50, p95, calls) of each inverse; umap-learn's only when
    ``umap_calls`` (seconds a call: numba compiles it anew each time)."""
    model = fit["model"]
    inverses = {
        UMAP_LEARN: model.umap_.inverse_transform,
        DEFAULT: model.inverse_transform,  # what a click calls
        "kNN, k=4, 1/distance": KNNInverse(4).fit(model.embedding_, z_fit),
        "kNN, k=16, 1/distance": KNNInverse(16).fit(model.embedding_, z_fit),
        "kNN, k=8, Gaussian": KNNInverse(8, "gaussian").fit(model.embedding_, z_fit),
    }
    if not umap_calls:
        del inverses[UMAP_LEARN]
    y_test = fit["y_test"]
    clicks = y_test[rng.choice(len(y_test), size=max(umap_calls, 200), replace=True)]
    rows = {}
    for label, inverse in inverses.items():
        fn = getattr(inverse, "inverse_transform", inverse)
        calls = umap_calls if label == UMAP_LEARN else 200
        first = timed(lambda fn=fn: fn(clicks[:1])).seconds * 1e3  # includes any compilation
        p50, p95 = per_call_ms(fn, clicks[:calls])
        acc = accuracy(fn, model, z_fit, z_test, fit["scale"], fit["scale_2d"],
                       np.random.default_rng(1))
        rows[label] = (acc, first, p50, p95, calls)
    return rows


def bench_dataset(name: str, z_fit: np.ndarray, z_test: np.ndarray, umap_calls: int, rng):
    n, d = z_fit.shape
    fit = fits(z_fit, z_test)
    rows = inverse_rows(fit, z_fit, z_test, umap_calls, rng)
    transform_s = timed(lambda: fit["model"].transform(z_test)).seconds
    lines = [
        f"### {name}: {n} fitted latents x {d} dims, {len(z_test)} held out",
        "",
        f"PCA fit **{fit['pca_fit'] * 1e3:.1f} ms**; exact inverse: re-projecting points of "
        f"the fitted plane moves them by at most {fit['exact']:.1e} (float32); inverse "
        f"{fit['pca_inv'][0]:.3f} ms a point (p50). UMAP fit (seeded, one thread) "
        f"**{fit['umap_fit']:.1f} s**; transform of the {len(z_test)} held-out latents "
        f"{transform_s:.1f} s. Trustworthiness (k=5): UMAP {fit['umap_trust']:.3f}, PCA "
        f"{fit['pca_trust']:.3f}. Latent spacing s = {fit['scale']:.3g}.",
        "",
        "| inverse | held out, mean (median) / s | at points / s | between / s "
        "| 2-D round trip | first call ms | ms a point p50 | p95 | calls |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    if UMAP_LEARN not in rows:
        lines.append(f"| {UMAP_LEARN} | measured in full runs only | | | | | | | |")
    for label, (acc, first, p50, p95, calls) in rows.items():
        lines.append(
            f"| {label} | {acc['held'][0]:.2f} ({acc['held'][1]:.2f}) | {acc['at']:.2f} "
            f"| {acc['between']:.2f} | {acc['round_trip']:.2f} | {first:.1f} | {p50:.3f} "
            f"| {p95:.3f} | {calls} |"
        )
    oracle = fit["oracle"]
    lines += [
        f"| *nearest fitted latent (oracle, for scale)* | {oracle.mean():.2f} "
        f"({np.median(oracle):.2f}) | 0 | | | | | | |",
        "",
        comparison(rows),
        "",
    ]
    facts = {label: (acc, p50, p95) for label, (acc, _, p50, p95, _) in rows.items()}
    return lines, {"knn": facts[DEFAULT], "umap": facts.get(UMAP_LEARN)}


def comparison(rows: dict[str, tuple]) -> str:
    knn_acc, _, knn_p50, _, _ = rows[DEFAULT]
    if UMAP_LEARN not in rows:
        return (f"kNN (default): {knn_p50:.3f} ms at p50, held-out error "
                f"{knn_acc['held'][0]:.2f} s; umap-learn's inverse is measured in full runs only.")
    umap_acc, _, umap_p50, _, _ = rows[UMAP_LEARN]
    return (f"kNN (default) vs umap-learn: **{umap_p50 / knn_p50:,.0f}x** faster at p50 "
            f"({knn_p50:.3f} ms vs {umap_p50:,.0f} ms), held-out error "
            f"{knn_acc['held'][0]:.2f} s vs {umap_acc['held'][0]:.2f} s.")


def verdict(verdicts: list[tuple[str, dict]]) -> str:
    fast = all(f["knn"][2] < CLICK_BUDGET_MS for _, f in verdicts)
    if any(f["umap"] is None for _, f in verdicts):
        return (f"kNN inverse under the {CLICK_BUDGET_MS:.0f} ms click budget at p95 on both "
                f"data sets: {'yes' if fast else 'NO'}; umap-learn's inverse is measured in "
                "full runs only.")
    accurate = all(f["knn"][0]["held"][0] <= f["umap"][0]["held"][0] for _, f in verdicts)
    umap_slow = all(f["umap"][1] > CLICK_BUDGET_MS for _, f in verdicts)
    return (
        '**Default: `UMAP(inverse="auto")` is the kNN inverse (k=8, weights 1/distance).** '
        f"It stays under the {CLICK_BUDGET_MS:.0f} ms click budget at p95 on both data sets "
        f"({'yes' if fast else 'NO'}), is at least as accurate on held-out latents as "
        f"umap-learn's inverse ({'yes' if accurate else 'NO'}) and exact at the data points, "
        f"while umap-learn's inverse misses the budget on every data set "
        f"({'yes' if umap_slow else 'NO'}): it re-triangulates the whole map and re-compiles "
        "its numba optimiser on every call."
    )


def table(verdict_text: str, sections: list[str], warm: float) -> str:
    return "\n".join(
        [
            "## Projection (`latent_widgets.projection`)",
            "",
            "```",
            ".venv/bin/python -m benchmarks.bench_projection",
            "```",
            "",
            machine_line() + f" A first UMAP fit in a fresh process (numba compilation, "
            f"warm cache) took {warm:.1f} s; the fits below come after it. Timings from a "
            "shared machine; compare within a table.",
            "",
            "Accuracy in units of s, the mean latent nearest-neighbour distance (lower is "
            "better): *held out*, |inverse(transform(z)) - z| for latents not fitted; *at "
            "points*, at the fitted 2-D positions; *between*, the inverse of the 2-D midpoint "
            "of a point and its nearest neighbour on the map against their latent midpoint; "
            "*2-D round trip*, |transform(inverse(y_mid)) - y_mid| over the mean 2-D "
            "nearest-neighbour distance. Times: single-point calls (a click), batch of 1.",
            "",
            verdict_text,
            "",
            *sections,
        ]
    )


def main(argv: list[str] | None = None) -> str:
    parser = smoke_parser("small data sets, no umap-learn inverse")
    parser.add_argument(
        "--umap-calls",
        type=int,
        default=100,
        help="single-point calls of umap-learn's inverse timed per data set",
    )
    args = parser.parse_args(argv)
    rng = np.random.default_rng(0)
    warm = timed(lambda: UMAP(seed=0).fit(rng.normal(size=(300, 8)))).seconds  # numba
    small = {"fitted": 300, "held_out": 50} if args.smoke else {}
    umap_calls = 0 if args.smoke else args.umap_calls  # 0: umap-learn's inverse not timed
    data = {"digits": digits(rng, **small),
            "synthetic": synthetic(rng, n=400, held_out=50) if args.smoke else synthetic(rng)}
    sections, verdicts = [], []
    for name, (z_fit, z_test) in data.items():
        print(f"benchmarking {name} ...", flush=True)
        lines, facts = bench_dataset(name, z_fit, z_test, umap_calls, rng)
        sections += lines
        verdicts.append((name, facts))
        print("\n".join(lines), flush=True)
    verdict_text = verdict(verdicts)
    markdown = table(verdict_text, sections, warm)
    write_section("projection", markdown, smoke=args.smoke)
    print(verdict_text)
    return markdown


if __name__ == "__main__":
    main()
