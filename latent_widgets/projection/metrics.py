"""How well a 2-D map keeps the latents' neighbourhoods (trustworthiness, on a sample)."""

from __future__ import annotations

from typing import Any

import numpy as np

from latent_widgets._validation import as_points


def trustworthiness(
    z: Any, y: Any, n_neighbors: int = 5, sample: int | None = 2000, seed: int = 0
) -> float:
    """How well a projection keeps neighbourhoods: the trustworthiness of Venna and Kaski.

    1.0 when every point's ``n_neighbors`` nearest neighbours in the map ``y`` are also among
    its nearest in the latents ``z``; lower when the map brings together points that are far
    apart: ``T = 1 - 2 / (n k (2n - 3k - 1)) Σ_i Σ_{j ∈ map's k nearest of i} max(0, r(i, j) - k)``
    with ``r(i, j)`` the rank of ``j`` among ``i``'s neighbours in the latents. The same number
    as ``sklearn.manifold.trustworthiness`` (the tests compare them), without importing
    scikit-learn (a second or more in a new kernel, before the first map). It is O(n²) in
    time and memory, so it runs on a random sample of at most ``sample`` points (the same
    rows of ``z`` and ``y``), drawn with ``numpy.random.default_rng(seed)``: the same seed
    gives the same score.

    Parameters
    ----------
    z : array-like or torch.Tensor
        ``(n, d)`` latents.
    y : array-like or torch.Tensor
        ``(n, m)`` their projection, row for row.
    n_neighbors : int
        The neighbourhood size; needs ``n_neighbors < sample_size / 2``.
    sample : int or None
        The most points to score; ``None`` scores them all.
    seed : int
        Seeds the choice of the sample.

    Returns
    -------
    float
        The trustworthiness, in [0, 1].
    """
    z = as_points(z, "z")
    y = as_points(y, "y")
    if z.shape[0] != y.shape[0]:
        raise ValueError(
            f"z has {z.shape[0]} rows but y has {y.shape[0]}; pass the projection of z, row for row"
        )
    n = z.shape[0]
    if sample is not None and n > sample:
        rows = np.sort(np.random.default_rng(seed).choice(n, size=sample, replace=False))
        z, y = z[rows], y[rows]
    n, k = z.shape[0], n_neighbors
    if not k < n / 2:
        raise ValueError(
            f"trustworthiness with n_neighbors={k} needs more than "
            f"{2 * k} points; it has {n}. Pass n_neighbors<"
            f"{max(n / 2, 1):g} or more points"
        )
    ranks = _neighbour_ranks(z)
    in_map = _nearest(_distances_without_self(y), k)
    excess = np.take_along_axis(ranks, in_map, axis=1) - k
    penalty = float(excess[excess > 0].sum())
    return 1.0 - penalty * 2.0 / (n * k * (2.0 * n - 3.0 * k - 1.0))


def _distances_without_self(points: np.ndarray) -> np.ndarray:
    """Euclidean distances between the rows, in float64, each row's own set to inf."""
    from scipy.spatial.distance import cdist

    distances = cdist(points.astype(np.float64), points.astype(np.float64))
    np.fill_diagonal(distances, np.inf)
    return distances


def _nearest(distances: np.ndarray, k: int) -> np.ndarray:
    """The ``k`` columns of smallest distance in each row (their order does not matter)."""
    return np.argpartition(distances, k - 1, axis=1)[:, :k]


def _neighbour_ranks(points: np.ndarray) -> np.ndarray:
    """``ranks[i, j]``: 1 for ``i``'s nearest other point, ..., ``n - 1`` for the farthest."""
    order = np.argsort(_distances_without_self(points), axis=1)
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, np.arange(1, len(points) + 1)[None, :], axis=1)
    return ranks
