"""Persistent homology of latent representations, on top of ripser.py (no widgets here).

:func:`persistence` (ripser.py with a memory/time guard, landmarks and their error bound,
H1 cycles), :func:`h0_mst` (exact H0 of large sets in O(n k) memory), :func:`betti` and
:func:`persistence_by_layer`. Scales follow ripser.py: an edge enters the Rips filtration at
the *distance* between its points, not at half of it.
"""

from __future__ import annotations

import functools
import time
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from ripser import ripser
from scipy import sparse
from scipy.sparse.csgraph import connected_components, minimum_spanning_tree
from scipy.spatial import cKDTree
from sklearn import config_context
from sklearn.neighbors import NearestNeighbors

from latent_widgets._validation import as_points, check_maxdim
from latent_widgets.topology.budget import DEFAULT_MEMORY_BUDGET_BYTES, plan
from latent_widgets.topology.cycles import h1_cycles

__all__ = ["PersistenceResult", "betti", "h0_mst", "persistence", "persistence_by_layer"]


@dataclass
class PersistenceResult:
    """Persistence diagrams of one point cloud.

    Attributes
    ----------
    diagrams : list of (k, 2) float64 arrays
        ``diagrams[q]`` holds the (birth, death) pairs of H_q; deaths never reached are
        ``np.inf``. Values are ripser.py's, i.e. distances rounded to float32.
    landmarks : (m,) int64 array
        Indices into ``z`` of the points the diagrams were computed on (all of them when no
        landmarks were used), in ripser.py's greedy max-min order.
    cover_radius : float
        Every point of ``z`` lies within this distance of a landmark (0.0 without landmarks).
    error_bound : float
        ``2 * cover_radius``, a bound on the bottleneck distance to the full set's diagrams:
        sending each point to its nearest landmark is a correspondence of distortion <= 2 r
        (r = cover_radius), and Rips filtrations indexed by edge length (ripser.py's
        convention) of spaces so joined are 2r-interleaved (Chazal, de Silva, Oudot 2014:
        bottleneck <= 2 d_GH <= 2 r). Bars longer than ``2 * error_bound`` are real.
    n_points : int
        Number of points in ``z``.
    maxdim : int
        Highest homology dimension computed.
    note : str
        Why and how landmarks were picked, when the guard picked them; otherwise "".
    cycles : list of (L,) int64 arrays or None, or None
        For H1 (``maxdim >= 1`` and ``cycles=True``): one entry per row of ``diagrams[1]``,
        the indices into ``z`` of a loop of points, in order around it (the last joins the
        first), that represents that feature at its birth. An entry is None only where
        :mod:`latent_widgets.topology.cycles` cannot build one (it says when). None as a whole when
        cycles were not asked for or ``maxdim == 0``.
    notes : list of str
        Details in whole sentences (the budget arithmetic, the plan of an anytime
        computation, a stop by its time ceiling); empty when there are none.
    """

    diagrams: list[np.ndarray]
    landmarks: np.ndarray
    cover_radius: float
    error_bound: float
    n_points: int
    maxdim: int
    note: str
    cycles: list[np.ndarray | None] | None
    notes: list[str] = field(default_factory=list)

    @classmethod
    def on_landmarks(cls, diagrams: list[np.ndarray], landmarks: np.ndarray, cover_radius: float,
                     n_points: int, *, cycles: list | None = None, note: str = "",
                     notes: Sequence[str] = ()) -> PersistenceResult:
        """The result of diagrams H0..len(diagrams)-1 computed on ``landmarks``, whose cover
        radius r gives the error bound 2 r (0 when every point is a landmark)."""
        return cls(diagrams=list(diagrams), landmarks=np.asarray(landmarks, np.int64),
                   cover_radius=float(cover_radius), error_bound=2.0 * float(cover_radius),
                   n_points=n_points, maxdim=len(diagrams) - 1, note=note, cycles=cycles,
                   notes=list(notes))


def quiet_ripser(data: Any, **kwargs: Any) -> dict:
    """``ripser.ripser(data, **kwargs)`` without its hints about square or wide inputs (we
    pass distance matrices and wide point clouds on purpose)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="The input (matrix is square|point cloud)")
        return ripser(data, **kwargs)


def _as_points(z: Any, name: str = "z") -> np.ndarray:
    """``z`` as an (n, d) float32/float64 array with n >= 2 and only finite values."""
    return as_points(z, name, keep_float32=True, min_points=2)


def persistence(
    z: Any,
    maxdim: int = 1,
    n_landmarks: int | None = None,
    *,
    memory_budget_bytes: float = DEFAULT_MEMORY_BUDGET_BYTES,
    time_budget_s: float | None = None,
    seed: int = 0,
    cycles: bool = True,
) -> PersistenceResult:
    """Vietoris-Rips persistence diagrams of a point cloud, with ripser.py.

    Parameters
    ----------
    z : (n, d) array-like
        The points (float32/float64 numpy arrays are used as they are; torch tensors and
        other numbers are converted). NaN or infinite values are refused.
    maxdim : {0, 1, 2}
        Highest homology dimension computed.
    n_landmarks : int, optional
        Compute on this many landmarks (ripser.py's ``n_perm``: greedy max-min sampling)
        instead of all points. When None, all points are used if their estimated cost fits
        the budgets, else the largest number of landmarks that fits is picked and ``note``
        says so.
    memory_budget_bytes : float
        Peak memory allowed (estimated before running; see
        :mod:`latent_widgets.topology.budget`). Always enforced: a request that does not
        fit is refused in words, never left to end in MemoryError.
    time_budget_s : float, optional
        Estimated seconds allowed. When None, automatic choices keep to
        ``DEFAULT_TIME_BUDGET_S`` (10 s, estimated for the worst case) and an explicit
        ``n_landmarks`` is not checked for time.
    seed : int
        Picks the first landmark: 0 starts from point 0, as ripser.py does; another value
        starts from the point ``numpy.random.default_rng(seed)`` draws. Unused without
        landmarks.
    cycles : bool
        Build a representative cycle for every H1 bar (see :mod:`latent_widgets.topology.cycles`).

    Returns
    -------
    PersistenceResult
        ValueError is raised, in words that name the fix, for a bad shape, NaN/inf values
        (with their rows), fewer than 2 points, a bad ``n_landmarks`` or a request that
        cannot fit the budgets (with the estimate).
    """
    points = _as_points(z)
    check_maxdim(maxdim)
    n, dim = points.shape
    want_cycles = bool(cycles) and maxdim >= 1
    m, why = plan(n, dim, maxdim, n_landmarks, memory_budget_bytes, time_budget_s, want_cycles)
    order = None
    if m < n and seed != 0:
        first = int(np.random.default_rng(seed).integers(n))
        order = np.r_[first, 0:first, first + 1 : n]
        points = points[order]
    res = quiet_ripser(points, maxdim=maxdim, do_cocycles=want_cycles,
                       n_perm=m if m < n else None)
    used = np.asarray(res["idx_perm"], dtype=np.int64)
    cycle_list = None
    if want_cycles:
        dist = res["dperm2all"][:, used] if m < n else res["dperm2all"]
        cycle_list = h1_cycles(dist, res["dgms"][1], res["cocycles"][1], used)
        if order is not None:
            cycle_list = [None if c is None else order[c] for c in cycle_list]
    cover = float(res["r_cover"]) if m < n else 0.0
    note = ""
    if why:
        note = f"{why}; the diagrams are within {2 * cover:.3g} of the full set's (bottleneck)."
    return PersistenceResult.on_landmarks(
        [np.asarray(d, dtype=np.float64).reshape(-1, 2) for d in res["dgms"]],
        used if order is None else order[used], cover, n, cycles=cycle_list, note=note,
    )


def _knn(points: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """The k nearest *other* points of every point, nearest first: (distances, indices).

    A k-d tree or sklearn's blocked brute force, whichever is faster on a sample: trees win
    on data of low intrinsic dimension, brute force on isotropic high-dimensional data.
    """
    n = len(points)
    sample = points[np.random.default_rng(0).choice(n, size=min(n, 256), replace=False)]
    tree = cKDTree(points)
    brute = NearestNeighbors(n_neighbors=k + 1, algorithm="brute").fit(points)
    clock = time.perf_counter()
    tree.query(sample, k + 1)
    tree_s = time.perf_counter() - clock
    brute.kneighbors(sample)
    if tree_s <= time.perf_counter() - clock - tree_s:
        dist, idx = tree.query(points, k + 1, workers=-1)
    else:  # sklearn's distances are rounded by the dot-product trick: recompute them
        with config_context(working_memory=64):
            idx = brute.kneighbors(points, return_distance=False)
        dist = np.concatenate(
            [
                np.sqrt(((points[s : s + 4096, None, :] - points[idx[s : s + 4096]]) ** 2).sum(2))
                for s in range(0, n, 4096)
            ]
        )
        idx = np.take_along_axis(idx, np.argsort(dist, axis=1, kind="stable"), axis=1)
        dist = np.sort(dist, axis=1)
    # Drop each point itself; with duplicate points it need not come first.
    is_self = idx == np.arange(n)[:, None]
    is_self[~is_self.any(axis=1), -1] = True
    keep = np.argsort(is_self, axis=1, kind="stable")[:, :k]
    return np.take_along_axis(dist, keep, axis=1), np.take_along_axis(idx, keep, axis=1)


def _sq_dist(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Squared distances between rows of a and b by BLAS, and a bound on their rounding error
    (``1e-10 (|a|^2 + |b|^2)`` exceeds it below 100,000 coordinates)."""
    sa, sb = np.einsum("ij,ij->i", a, a), np.einsum("ij,ij->i", b, b)
    return sa[:, None] + sb[None, :] - 2.0 * (a @ b.T), 1e-10 * (sa[:, None] + sb[None, :])


def _cells(points: np.ndarray, count: int = 256):
    """Cells around ``count`` greedy max-min pivots: (pivots, radii, members by cell, starts)."""
    rng = np.random.default_rng(0)
    sample = points[rng.choice(len(points), size=min(len(points), 20 * count), replace=False)]
    chosen, reach = [0], ((sample - sample[0]) ** 2).sum(axis=1)
    for _ in range(min(count, len(sample)) - 1):
        chosen.append(int(reach.argmax()))
        reach = np.minimum(reach, ((sample - sample[chosen[-1]]) ** 2).sum(axis=1))
    pivots = sample[chosen]
    cell = np.concatenate(
        [
            _sq_dist(block, pivots)[0].argmin(axis=1)
            for block in np.array_split(points, -(-len(points) * len(pivots) // 2**22))
        ]
    )
    radius = np.zeros(len(pivots))
    np.maximum.at(radius, cell, np.sqrt(((points - pivots[cell]) ** 2).sum(axis=1)))
    members = np.argsort(cell, kind="stable")
    starts = np.searchsorted(cell[members], np.arange(len(pivots) + 1))
    return pivots, radius, members, starts


def _resolve(points, cells, labels, needy, cand_d, cand_j, best_d) -> None:
    """Exact nearest other-component point of each ``needy`` point, where it may beat best_d.

    Pivot filtering: a point p is at least ``|p - pivot| - radius`` from every point of a
    cell and at most ``|p - pivot| + radius`` from some point of it. Points are taken in
    order of their lower bound, by batches, and only cells whose lower bound can still beat
    the component's best distance so far are searched.
    """
    pivots, radius, members, starts = cells
    full = np.diff(starts) > 0
    lab = labels[members]
    low, high = np.full(len(pivots), -2), np.full(len(pivots), -2)
    low[full] = np.minimum.reduceat(lab, starts[:-1][full])
    high[full] = np.maximum.reduceat(lab, starts[:-1][full])
    only = np.where(low == high, low, -1)  # the one component in a cell, -1 mixed, -2 empty

    def bounds(block):
        ok = (only[None, :] != labels[block][:, None]) & full[None, :]
        sq, err = _sq_dist(points[block], pivots)
        lower = np.sqrt(np.maximum(sq - err, 0.0)) - radius
        return np.where(ok, lower, np.inf), np.where(ok, np.sqrt(sq + err) + radius, np.inf)

    step = max(1, 2**21 // len(pivots))
    floor = np.empty(len(needy))
    for s in range(0, len(needy), step):
        lower, upper = bounds(needy[s : s + step])
        floor[s : s + step] = lower.min(axis=1)
        np.minimum.at(best_d, labels[needy[s : s + step]], upper.min(axis=1))
    order = np.argsort(floor, kind="stable")
    needy, floor = needy[order], floor[order]
    s, size = 0, 64  # small batches first: the best distances tighten before the bulk
    while s < len(needy):
        block = needy[s : s + size]
        block = block[floor[s : s + size] <= best_d[labels[block]]]
        s, size = s + size, min(2 * size, step)
        if len(block) == 0:
            continue
        lower, _ = bounds(block)
        rows, cols = np.nonzero(lower <= best_d[labels[block]][:, None])
        for c in np.unique(cols):
            inside = members[starts[c] : starts[c + 1]]
            near_all = block[rows[cols == c]]
            for near in np.array_split(near_all, -(-len(near_all) * len(inside) // 2**22)):
                _search_cell(points, labels, near, inside, only[c] == -1, cand_d, cand_j)
        np.minimum.at(best_d, labels[block], cand_d[block])


def _search_cell(points, labels, near, inside, mixed, cand_d, cand_j) -> None:
    """Improve the candidates of points ``near`` with the other-component points ``inside``."""
    other = points[inside]
    sq = np.einsum("ij,ij->i", other, other)[None, :] - 2.0 * (points[near] @ other.T)
    if mixed:  # the cell holds points of near's own component too
        sq[labels[near][:, None] == labels[inside][None, :]] = np.inf
    at = sq.argmin(axis=1)
    d = np.sqrt(((points[near] - other[at]) ** 2).sum(axis=1))
    better = np.isfinite(sq[np.arange(len(near)), at]) & (d < cand_d[near])
    cand_d[near[better]], cand_j[near[better]] = d[better], inside[at[better]]


def _first_outside(labels: np.ndarray, own: np.ndarray, idx: np.ndarray, dist: np.ndarray):
    """Per row: whether some neighbour lies in another component, and the nearest such one."""
    outside = labels[idx] != own[:, None]
    first = outside.argmax(axis=1)
    rows = np.arange(len(idx))
    return outside[rows, first], dist[rows, first], idx[rows, first]


def _boruvka_round(points, cells, labels, n_comp, nbr_d, nbr_i) -> tuple[np.ndarray, np.ndarray]:
    """For every component, the two ends of a minimum-length edge leaving it."""
    has, cand_d, cand_j = _first_outside(labels, labels, nbr_i, nbr_d)
    cand_d = np.where(has, cand_d, np.inf)
    best_d = np.full(n_comp, np.inf)
    np.minimum.at(best_d, labels, cand_d)
    # Without an outside neighbour among its k nearest, a point's nearest outside point is
    # at least as far as its k-th neighbour; only where that is nearer than best_d may the
    # point hold the component's shortest edge, and it is then looked up exactly.
    needy = np.flatnonzero(~has & (nbr_d[:, -1] < best_d[labels]))
    if len(needy):
        _resolve(points, cells(), labels, needy, cand_d, cand_j, best_d)
    order = np.lexsort((cand_d, labels))
    firsts = order[np.r_[0, np.flatnonzero(np.diff(labels[order])) + 1]]
    if not np.isfinite(cand_d[firsts]).all():  # cannot happen: every component has a way out
        raise RuntimeError("h0_mst found a component with no outgoing edge; please report")
    return firsts, cand_j[firsts]


def h0_mst(z: Any, *, k: int = 16) -> np.ndarray:
    """Exact H0 diagram of a large point cloud from its Euclidean minimum spanning tree.

    H0 of the Rips filtration dies at the lengths of a minimum spanning tree's edges (and
    one bar never dies). The tree is built by Borůvka rounds: every component gets its
    shortest outgoing edge, read off the k nearest neighbours of its points when they prove
    it (the nearest outside point of a point is the first outside one among its k nearest;
    a point with none lies farther than its k-th neighbour), and otherwise found exactly by
    pivot filtering (cells around 256 greedy max-min pivots; a cell is searched only where
    its lower bound, distance to the pivot minus the cell's radius, can beat the component's
    best upper bound). Every edge taken is thus a shortest edge across a cut, so the result
    is **exact** (to float64 rounding) whatever ``k`` is; ``k`` only trades memory for
    speed. Memory is O(n k) (plus fixed blocks of 32 MB); no n x n matrix is formed.

    Unlike ripser.py, which leaves out bars of zero length, every point keeps its bar: a
    duplicated point gives a (0, 0) row.

    Parameters
    ----------
    z : (n, d) array-like
        The points; NaN or infinite values are refused.
    k : int
        Neighbours per point in the k-NN lists (default 16).

    Returns
    -------
    (n, 2) float64 array
        (birth, death) rows like ripser.py's ``dgms[0]``: births 0, deaths ascending, the
        last row ``(0, inf)``.
    """
    points = _as_points(z).astype(np.float64)
    points -= points.mean(axis=0)
    n = len(points)
    k = max(1, min(int(k), n - 1))
    nbr_d, nbr_i = _knn(points, k)
    cells = functools.cache(lambda: _cells(points))  # built only if a round needs it
    labels, n_comp = np.arange(n), n
    heads, tails = np.empty(0, np.int64), np.empty(0, np.int64)
    while n_comp > 1:
        a, b = _boruvka_round(points, cells, labels, n_comp, nbr_d, nbr_i)
        heads, tails = np.r_[heads, a], np.r_[tails, b]
        links = sparse.coo_matrix((np.ones(len(heads)), (heads, tails)), shape=(n, n))
        n_comp, labels = connected_components(links, directed=False)
    # Equal lengths can make two components pick edges that close a loop: keep a spanning
    # tree of the picked edges (by rank, so that zero lengths stay edges).
    keys = np.unique(np.minimum(heads, tails) * n + np.maximum(heads, tails))
    lo, hi = keys // n, keys % n
    length = np.sqrt(((points[lo] - points[hi]) ** 2).sum(axis=1))
    by_length = np.argsort(length, kind="stable")
    rank = np.empty(len(keys))
    rank[by_length] = np.arange(1, len(keys) + 1)
    kept = minimum_spanning_tree(sparse.csr_matrix((rank, (lo, hi)), shape=(n, n))).data
    deaths = np.sort(length[by_length[kept.astype(np.int64) - 1]])
    return np.column_stack([np.zeros(n), np.r_[deaths, np.inf]])


def betti(diagrams: list[np.ndarray], eps: float) -> np.ndarray:
    """Betti numbers at scale ``eps``: per dimension, the bars with birth <= eps < death.

    Parameters
    ----------
    diagrams : list of (k, 2) arrays
        Diagrams per dimension, e.g. ``PersistenceResult.diagrams``.
    eps : float
        The scale (an edge length, in ripser.py's convention).

    Returns
    -------
    (len(diagrams),) int64 array
    """
    counts = []
    for diagram in diagrams:
        bars = np.asarray(diagram, dtype=np.float64).reshape(-1, 2)
        counts.append(int(np.count_nonzero((bars[:, 0] <= eps) & (eps < bars[:, 1]))))
    return np.asarray(counts, dtype=np.int64)


def persistence_by_layer(source: Any, **kwargs: Any) -> dict[str, PersistenceResult]:
    """:func:`persistence` of every layer.

    Parameters
    ----------
    source : mapping or object with ``by_layer``
        Layer name -> (n, d) array, or an object (such as a LatentSpace) whose ``by_layer``
        attribute is such a mapping.
    **kwargs
        Passed on to :func:`persistence`.

    Returns
    -------
    dict
        Layer name -> PersistenceResult, in the source's order. Errors are those of
        :func:`persistence` with the layer's name in front (TypeError for another source).
    """
    layers = source if isinstance(source, Mapping) else getattr(source, "by_layer", None)
    if not isinstance(layers, Mapping):
        raise TypeError(
            "source must map layer names to (n, d) arrays, or have a by_layer attribute that "
            f"does; got {type(source).__name__}"
        )
    results = {}
    for name, z in layers.items():
        try:
            results[str(name)] = persistence(z, **kwargs)
        except ValueError as err:
            raise ValueError(f"layer {name!r}: {err}") from err
    return results
