"""Betti numbers that count real features only: certified, or significant, never noise.

A persistence diagram of sampled points holds a few features of the shape the points came
from and many short-lived ones of the sampling. `count_features` counts the first kind
only, from the Vietoris–Rips diagram of ``m`` greedy max-min landmarks (every point within
the cover radius r of one), by two published criteria; a feature counts when either holds:

- **certified** (bottleneck stability): its bar is longer than twice the error bound 2r, so
  it matches a feature of the full set's diagram (Chazal, de Silva, Oudot 2014; see
  `latent_widgets.topology.persistence.PersistenceResult`);
- **significant** (Bobrowski & Skraba, "A universal null-distribution for topological data
  analysis", Sci. Rep. 2023): with π = death / birth, ℓ = log log π − γ − mean(log log π)
  over the diagram (γ: Euler's constant) follows the left Gumbel law for noise, so a
  feature's p-value is exp(−e^ℓ); it counts below α / (number of bars), Bonferroni's
  correction. Scale-free: each layer, class or density is judged on its own diagram. The
  Rips constant A = 1 was checked here against the law's spread on noise samples.

β0 counts clusters, not stray points or the gaps of sparse sampling: a merge of the
single-linkage tree of the points (a seeded sample of 2,000 of them at most) separates two
clusters when the lighter side holds at least ``min_share`` of the points (and 10) and the
gap that joins it is at least three times the largest gap inside it (or the median gap of
the set, for a heap of equal points). Within one piece of a sample, gaps are alike (below
twice the inner ones in the tests); between the pieces of the test shapes, 3.4 times or
more.

Known answers (tests, in 2 to 64 ambient dimensions under random rotations and noise):
Gaussian blobs (1, 0), a circle (1, 1), two circles (2, 2), three annuli (3, 3), a torus
(1, 2, 1). The landmark count (`default_landmarks`) is the stated scale rule; `betti_sweep`
repeats the count at a quarter and a half of it to show how much the answer depends on it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.cluster.hierarchy import linkage

from latent_widgets._validation import check_maxdim
from latent_widgets.topology.landmarks import (
    MaxMinLandmarks,
    landmark_diagrams,
    landmark_distances,
)
from latent_widgets.topology.persistence import _as_points

__all__ = ["FeatureCount", "betti_sweep", "count_features", "default_landmarks",
           "significance"]

EULER_GAMMA = 0.5772156649015329
MIN_TESTED_BARS = 10  # fewer bars than this cannot estimate the noise's mean
CLUSTER_GAP_RATIO = 3.0  # a cluster's gap to the rest, against the largest gap inside it
MIN_CLUSTER_POINTS = 10
CLUSTER_SAMPLE = 2000
H2_LANDMARKS = 400
DUPLICATE_SHARE = 1e-3  # points closer than this share of the set's extent are one point


def default_landmarks(n: int, maxdim: int = 1) -> int:
    """The landmark count of a set of ``n`` points: half of them, at most 500, so that the
    cover radius, hence the bound, is that of the sample, and a set costs seconds at most
    (ripser's time grows as the cube: 800 landmarks on a circle took 8 times as long). H2
    is counted on the first `H2_LANDMARKS` of them: it costs far more."""
    return int(max(min(n, 8), min(n // 2, 500)))


def significance(diagram: np.ndarray) -> np.ndarray:
    """Bobrowski–Skraba p-values of the bars of one diagram (NaN where not testable).

    Bars born at 0 (H0) or never dying have no ratio π = death / birth and get NaN; so do
    all bars when fewer than `MIN_TESTED_BARS` are testable.
    """
    bars = np.asarray(diagram, dtype=np.float64).reshape(-1, 2)
    p = np.full(len(bars), np.nan)
    testable = np.isfinite(bars[:, 1]) & (bars[:, 0] > 0) & (bars[:, 1] > bars[:, 0])
    if np.count_nonzero(testable) < MIN_TESTED_BARS:
        return p
    loglog = np.log(np.log(bars[testable, 1] / bars[testable, 0]))
    ell = loglog - EULER_GAMMA - loglog.mean()
    p[testable] = np.exp(-np.exp(ell))
    return p


def _significant(diagram: np.ndarray, alpha: float) -> np.ndarray:
    p = significance(diagram)
    tested = np.count_nonzero(np.isfinite(p))
    return np.isfinite(p) & (p < alpha / max(tested, 1))


@dataclass(frozen=True)
class FeatureCount:
    """Real features of one point set, per homology dimension.

    Attributes
    ----------
    betti : list of int
        β_0 .. β_maxdim: the features that are certified or significant.
    certified, significant : list of int
        How many features each criterion alone vouches for (β0: the clusters, by the
        single-linkage rule, in both).
    landmarks : int
        Landmarks the H0 and H1 diagrams were computed on (H2: the first
        `H2_LANDMARKS` of them).
    error_bound : float
        2r, the bottleneck bound of the landmark diagrams to the full set's (of H0, H1).
    n_points : int
    diagrams : list of numpy.ndarray
        The landmark diagrams the counts come from.
    """

    betti: list[int]
    certified: list[int]
    significant: list[int]
    landmarks: int
    error_bound: float
    n_points: int
    diagrams: list[np.ndarray]


def cluster_count(points: np.ndarray, min_share: float, seed: int = 0) -> int:
    """Clusters of a point set by the single-linkage rule of the module docstring.

    Single linkage of all the points, or of a seeded random sample of `CLUSTER_SAMPLE` when
    there are more (a sample of the same law: the rule compares gaps with gaps).
    """
    n = len(points)
    if n > CLUSTER_SAMPLE:
        rows = np.sort(np.random.default_rng(seed).choice(n, CLUSTER_SAMPLE, replace=False))
        points, n = points[rows], CLUSTER_SAMPLE
    if n < 2:
        return 1
    tree = linkage(np.asarray(points, np.float64), method="single")
    mass = np.r_[np.ones(n), tree[:, 3]]
    height = np.r_[np.zeros(n), tree[:, 2]]
    least = max(MIN_CLUSTER_POINTS, min_share * n)
    # a heap of equal points has no inner gap: measure it against the typical one instead
    positive = tree[tree[:, 2] > 0, 2]
    typical = float(np.median(positive)) if positive.size else 0.0
    clusters = 1
    for a, b, gap, _ in tree:
        light = int(a) if mass[int(a)] <= mass[int(b)] else int(b)
        inner = max(height[light], typical)
        if mass[light] >= least and gap > 0 and gap >= CLUSTER_GAP_RATIO * inner:
            clusters += 1
    return clusters


def _diagrams(sampler: MaxMinLandmarks, m: int, maxdim: int) -> tuple[list[np.ndarray], float]:
    """Rips diagrams of the first ``m`` landmarks up to ``maxdim``, and their bound 2r."""
    marks = sampler.grow(m)
    found = landmark_diagrams(landmark_distances(sampler.points, marks), marks, maxdim)
    return found.diagrams, 2.0 * sampler.cover_radius(m)


def _counts(points: np.ndarray, sampler: MaxMinLandmarks, m: int, maxdim: int, alpha: float,
            clusters: int) -> FeatureCount:
    """The counts on the first ``m`` landmarks; β0 is ``clusters`` (all the points', the
    same at every landmark count)."""
    diagrams, bound = _diagrams(sampler, m, min(maxdim, 1))
    bounds = [bound] * len(diagrams)
    if maxdim == 2:
        m2 = min(m, H2_LANDMARKS)
        high, bound2 = _diagrams(sampler, m2, 2)
        diagrams.append(high[2])
        bounds.append(bound2)
    betti, certified, significant = [clusters], [clusters], [clusters]
    for diagram, edge in zip(diagrams[1:], bounds[1:], strict=True):
        lives = diagram[:, 1] - diagram[:, 0]
        sure = lives > 2.0 * edge
        chance = _significant(diagram, alpha)
        betti.append(int(np.count_nonzero(sure | chance)))
        certified.append(int(np.count_nonzero(sure)))
        significant.append(int(np.count_nonzero(chance)))
    return FeatureCount(betti, certified, significant, m, bound, len(points), diagrams)


def _checked(points, maxdim, alpha, min_share) -> np.ndarray:
    points = _as_points(points)
    check_maxdim(maxdim)
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must lie between 0 and 1, got {alpha!r}")
    if not 0 <= min_share < 1:
        raise ValueError(f"min_share must lie in [0, 1), got {min_share!r}")
    return points


def _sampler(points: np.ndarray, seed: int) -> MaxMinLandmarks:
    first = 0 if seed == 0 else int(np.random.default_rng(seed).integers(len(points)))
    return MaxMinLandmarks(points, first)


def _landmark_count(sampler: MaxMinLandmarks, n: int, maxdim: int, asked: int | None) -> int:
    """``asked`` (checked), or `default_landmarks`, but never every distinct point: with
    repeated points, m landmarks can cover them all (cover radius 0, no bound left), so the
    default is then half the distinct points."""
    if asked is not None:
        if not 2 <= int(asked) <= n:
            raise ValueError(f"landmarks must lie between 2 and the {n:,} points, got {asked}")
        return int(asked)
    m = default_landmarks(n, maxdim)
    # float32 distances leave repeated points ~1e-4 of the set's size apart, not 0
    tiny = DUPLICATE_SHARE * sampler.cover_radius(1)
    if m < 4 or sampler.cover_radius(m) > tiny:
        return m
    low, high = 1, m  # cover radii only shrink: find the first landmark count that covers
    while low < high:
        mid = (low + high) // 2
        low, high = (mid + 1, high) if sampler.cover_radius(mid) > tiny else (low, mid)
    return max(2, low // 2)


def count_features(points: np.ndarray, maxdim: int = 1, *, landmarks: int | None = None,
                   alpha: float = 0.05, min_share: float = 0.02, seed: int = 0
                   ) -> FeatureCount:
    """Betti numbers of ``points`` that count real features only (module docstring).

    Parameters
    ----------
    points : (n, d) array-like
        At least 2 finite points.
    maxdim : {0, 1, 2}
        Highest homology dimension.
    landmarks : int, optional
        Landmarks to compute on; `default_landmarks` by default.
    alpha : float
        Family-wise level of the significance test, per dimension.
    min_share : float
        Least share of the points a cluster holds to count in β0.
    seed : int
        Picks the first landmark (0: point 0); the same seed gives the same answer.

    Returns
    -------
    FeatureCount
    """
    points = _checked(points, maxdim, alpha, min_share)
    sampler = _sampler(points, seed)
    m = _landmark_count(sampler, len(points), maxdim, landmarks)
    return _counts(points, sampler, m, maxdim, alpha, cluster_count(sampler.points, min_share))


def betti_sweep(points: np.ndarray, maxdim: int = 1, *, landmarks: int | None = None,
                fractions: Sequence[float] = (0.25, 0.5, 1.0), alpha: float = 0.05,
                min_share: float = 0.02, seed: int = 0) -> list[FeatureCount]:
    """`count_features` at several landmark counts: how much the answer depends on the
    scale (the landmarks' cover radius). One greedy order serves every count.

    Parameters
    ----------
    fractions : sequence of float
        Shares of ``landmarks`` (default: `default_landmarks`) to count at; counts below 8
        landmarks are left out.

    Returns
    -------
    list of FeatureCount
        One per landmark count, fewest landmarks first.
    """
    points = _checked(points, maxdim, alpha, min_share)
    sampler = _sampler(points, seed)
    full = _landmark_count(sampler, len(points), maxdim, landmarks)
    sizes = sorted({min(full, max(2, int(round(full * f)))) for f in fractions} | {full})
    sizes = [m for m in sizes if m >= min(8, full)]
    clusters = cluster_count(sampler.points, min_share)  # of all the points: once
    return [_counts(points, sampler, m, maxdim, alpha, clusters) for m in sizes]
