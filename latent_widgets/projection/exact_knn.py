"""Exact nearest neighbours of latents by blocked matrix products, for UMAP's graph.

umap-learn finds the neighbours of 4,096 points or more with pynndescent: random-projection
trees, then NN-descent, approximate, on one thread when seeded, and with a part (``nn_descent``)
numba cannot cache, so every kernel compiles it again (~10 s). For up to some tens of
thousands of latents an exact search is faster: the squared distances of a block of
rows to all points are one matrix product (``|b|² - 2 a·b``, on every core through torch),
the ``k + 8`` smallest of each row are kept, and those candidates are ranked again by their
distances in float64 computed directly (no cancellation), ties broken by index. The answer
does not depend on the thread count, the block size or the run: the same latents give the
same neighbours.

`ExactNeighbourIndex` answers umap-learn's ``transform`` the same way (what it asks of its
search index is ``query``), so a map fitted on exact neighbours still places new latents.
"""

from __future__ import annotations

import numpy as np

__all__ = ["EXACT_KNN_MAX_WORK", "ExactNeighbourIndex", "exact_neighbours", "worth_exact"]

#: Candidates kept per row beyond ``k`` from the float32 products, before the exact ranking.
CANDIDATE_MARGIN = 8
#: At most this many float32 scores are held at once (256 MiB).
BLOCK_VALUES = 2**26
#: The exact search is chosen while ``n_queries * n_points * (d + 32)`` stays under this: the
#: matrix products cost ``d`` a pair, keeping the smallest about as much as 32 more columns.
#: Up to 30,000 × 32 latents (5.8e10, ~2 s on two cores) it saves most of pynndescent's time
#: in a new kernel (~10 s of it compiling ``nn_descent``, which numba cannot cache) and gives
#: maps as trustworthy (20,000 × 32, seeds 0-2: 0.9803 on average against 0.9799). At
#: 100,000 × 32 it took as long as pynndescent (24 s against 22 s) and its maps scored lower
#: in two seeds of three (0.959, 0.974, 0.965 against 0.975, 0.974, 0.974), for a reason not
#: yet found; there pynndescent is used.
EXACT_KNN_MAX_WORK = 6e10


def worth_exact(n_points: int, dim: int) -> bool:
    """Whether `exact_neighbours` of ``n_points`` latents of ``dim`` among themselves is
    expected to beat pynndescent (its cost grows as ``n²``, pynndescent's about as ``n``)."""
    return float(n_points) * n_points * (dim + 32) <= EXACT_KNN_MAX_WORK


def exact_neighbours(queries: np.ndarray, points: np.ndarray, k: int
                     ) -> tuple[np.ndarray, np.ndarray]:
    """The ``k`` nearest ``points`` of every row of ``queries``, nearest first.

    Parameters
    ----------
    queries : (m, d) float array
    points : (n, d) float array
    k : int
        Neighbours per query, ``1 <= k <= n``. A query that is one of the points finds itself
        at distance 0, first unless a duplicate of lower index comes before it.

    Returns
    -------
    indices : (m, k) int32
        Into ``points``; equal distances in order of index.
    distances : (m, k) float32
        Euclidean, computed in float64.
    """
    import torch

    n = len(points)
    if not 1 <= k <= n:
        raise ValueError(f"k must lie between 1 and the {n:,} points; got {k}")
    base = torch.from_numpy(np.ascontiguousarray(points, dtype=np.float32))
    base_t = base.T.contiguous()
    norms = (base.double() ** 2).sum(1).float()[None]  # |b|², each row's own |a|² is constant
    points64 = np.asarray(points, dtype=np.float64)
    queries32 = np.ascontiguousarray(queries, dtype=np.float32)
    kept = min(n, k + CANDIDATE_MARGIN)
    rows = max(1, min(len(queries32), BLOCK_VALUES // n))
    scores = torch.empty(rows, n)
    indices = np.empty((len(queries32), k), np.int32)
    distances = np.empty((len(queries32), k), np.float32)
    for start in range(0, len(queries32), rows):
        block = torch.from_numpy(queries32[start:start + rows])
        out = scores[: len(block)]
        torch.addmm(norms.expand(len(block), -1), block, base_t, alpha=-2.0, out=out)
        candidates = torch.topk(out, kept, dim=1, largest=False, sorted=False).indices.numpy()
        near, far = _ranked(queries32[start:start + rows].astype(np.float64), points64,
                            candidates, k)
        indices[start:start + len(block)], distances[start:start + len(block)] = near, far
    return indices, distances


def _ranked(queries: np.ndarray, points: np.ndarray, candidates: np.ndarray, k: int):
    """The ``k`` candidates of each query nearest by float64 distance (ties: lower index)."""
    gaps = points[candidates] - queries[:, None, :]
    lengths = np.sqrt(np.einsum("ijk,ijk->ij", gaps, gaps))
    order = np.lexsort((candidates, lengths), axis=-1)[:, :k]
    return (np.take_along_axis(candidates, order, 1).astype(np.int32),
            np.take_along_axis(lengths, order, 1).astype(np.float32))


class ExactNeighbourIndex:
    """A search index for umap-learn's ``transform``, answered by `exact_neighbours`.

    umap-learn asks its index for ``query(X, k, epsilon=...)`` and reads ``_angular_trees``;
    this one searches the fitted latents exactly (``epsilon`` is not needed).

    Parameters
    ----------
    points : (n, d) array
        The fitted latents.
    """

    _angular_trees = False

    def __init__(self, points: np.ndarray) -> None:
        self.points = np.asarray(points, dtype=np.float32)

    def query(self, queries: np.ndarray, k: int = 10, epsilon: float = 0.1
              ) -> tuple[np.ndarray, np.ndarray]:
        """The ``k`` nearest fitted latents of each query (`exact_neighbours`)."""
        return exact_neighbours(np.asarray(queries), self.points, k)
