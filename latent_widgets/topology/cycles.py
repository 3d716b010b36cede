"""Representative cycles of H1 features, built from the cocycles ripser.py returns.

ripser.py computes persistent *co*homology. For an H1 bar ``(b, d)`` born with the edge
``s = (i, j)`` it returns a cocycle ``V``: ``s`` plus edges that enter the filtration after
``s`` (ripser reduces columns in reverse filtration order), and ``V`` is a cocycle of the
Rips complex at every scale in ``[b, d)``.

The cycle: in the Rips 1-skeleton at scale ``b`` take every edge that is not in ``V``'s
support (all edges shorter than ``b`` qualify) and find the shortest path from ``j`` back to
``i`` (Dijkstra, edge weight = length). The path exists because ``s`` creates a cycle, so
its ends are already joined by edges that come before it, none of which are in ``V``. Path
plus ``s`` is a cycle ``c`` with ``V(c) = V(s) = 1``. As ``V`` vanishes on boundaries before
``d`` and on every cycle made of earlier edges, ``c`` is born at ``b`` (not homologous to
any earlier cycle) and is not a boundary before ``d``: it carries this feature. Being a
shortest path it is a tight loop; it could in principle also wind around an older loop,
and then outlive ``d``.

Only when ``V`` holds no edge of length exactly ``b`` (a bar whose birth ripser rounded
differently from the distances) or when no path exists (which the argument above rules out)
is the entry None; neither was seen in testing, ties in length included.

Cost: one sort of the m(m-1)/2 edges, then per bar a sparse graph of the edges shorter than
its birth and one Dijkstra run, about 0.3 to 1 ms per bar at m = 300 to 700 on a 2-core
machine; ``longest`` builds them for the longest bars only (pass ``cycles=False`` to
:func:`latent_widgets.topology.persistence.persistence` to skip).
"""

from __future__ import annotations

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import dijkstra

__all__ = ["h1_cycles"]


def _sorted_edges(d32: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Edges of the complete graph on ``d32``'s points, shortest first: (lengths, rows, cols)."""
    rows, cols = np.triu_indices(d32.shape[0], 1)
    lengths = d32[rows, cols]
    order = np.argsort(lengths, kind="stable")
    return lengths[order], rows[order].astype(np.int32), cols[order].astype(np.int32)


def _path(graph: sparse.csr_matrix, start: int, end: int) -> np.ndarray | None:
    """Vertices of the shortest path from ``start`` to ``end`` in ``graph``, or None."""
    _, pred = dijkstra(graph, directed=False, indices=start, return_predecessors=True)
    if pred[end] < 0:
        return None
    path = [end]
    while path[-1] != start:
        path.append(int(pred[path[-1]]))
    return np.asarray(path[::-1], dtype=np.int64)


def _one_cycle(
    d32: np.ndarray,
    edges: tuple[np.ndarray, np.ndarray, np.ndarray],
    birth: np.float32,
    support: np.ndarray,
) -> np.ndarray | None:
    """Cycle (local indices) of the bar born at ``birth`` whose cocycle is on ``support``."""
    lengths, rows, cols = edges
    m = d32.shape[0]
    support = np.sort(support, axis=1)
    on_birth = support[d32[support[:, 0], support[:, 1]] == birth]
    if len(on_birth) == 0:
        return None
    shorter = np.searchsorted(lengths, birth, side="left")
    upto = np.searchsorted(lengths, birth, side="right")
    # Edges of length exactly `birth` join the graph unless the cocycle holds them.
    tie_keys = rows[shorter:upto].astype(np.int64) * m + cols[shorter:upto]
    keep = ~np.isin(tie_keys, on_birth[:, 0] * m + on_birth[:, 1])
    r = np.concatenate([rows[:shorter], rows[shorter:upto][keep]])
    c = np.concatenate([cols[:shorter], cols[shorter:upto][keep]])
    w = np.maximum(np.concatenate([lengths[:shorter], lengths[shorter:upto][keep]]), 1e-30)
    graph = sparse.csr_matrix((w.astype(np.float64), (r, c)), shape=(m, m))
    for i, j in on_birth:
        path = _path(graph, int(j), int(i))
        if path is not None:
            return path
    return None


def h1_cycles(
    distances: np.ndarray,
    diagram: np.ndarray,
    cocycles: list[np.ndarray],
    points: np.ndarray,
    longest: int | None = None,
) -> list[np.ndarray | None]:
    """One representative cycle per H1 bar (per long bar, with ``longest``).

    Parameters
    ----------
    distances : (m, m) array
        The distance matrix ripser.py reduced (its ``dperm2all``, restricted to the landmarks).
    diagram : (k, 2) array
        ripser.py's H1 diagram.
    cocycles : list of (r, 3) int arrays
        ripser.py's H1 cocycles, aligned with ``diagram``; rows ``(a, b, value)`` name points
        by their index in the point cloud given to ripser.
    points : (m,) int array
        Index, in that point cloud, of each row of ``distances``.
    longest : int, optional
        Build cycles for this many of the longest bars only (ties by order in
        ``diagram``); the others get None. Noise in many dimensions has about 4 bars per
        point, nearly all of them short: their cycles would cost most of a stage.

    Returns
    -------
    list of (L,) int64 arrays or None
        For each bar, the indices (in the point cloud given to ripser) of a closed loop of
        points, in order around it (the last point joins the first). None where no cycle can
        be built (see the module docstring).
    """
    if len(diagram) == 0:
        return []
    # ripser filters by float32 distances; compare births on the same footing.
    d32 = np.asarray(distances, dtype=np.float32)
    edges = _sorted_edges(d32)
    local = np.full(int(points.max()) + 1, -1, dtype=np.int64)
    local[points] = np.arange(len(points))
    wanted = np.ones(len(diagram), dtype=bool)
    if longest is not None and longest < len(diagram):
        lives = np.asarray(diagram[:, 1] - diagram[:, 0], dtype=np.float64)
        wanted[:] = False
        wanted[np.argsort(-lives, kind="stable")[: max(int(longest), 0)]] = True
    result: list[np.ndarray | None] = []
    for (birth, _), cocycle, build in zip(diagram, cocycles, wanted, strict=True):
        if not build:
            result.append(None)
            continue
        support = local[np.asarray(cocycle)[:, :2]]
        cycle = _one_cycle(d32, edges, np.float32(birth), support)
        result.append(None if cycle is None else points[cycle])
    return result
