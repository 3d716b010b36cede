"""Paths through a latent space: linear, spherical, along the data; and traversal axes.

Plain numpy/scipy; the Interpolation widget decodes what these return.

- `linear_path`, `slerp_path`: between two latents, endpoints exact;
- `data_path`: the shortest path through the k-nearest-neighbour graph of the data's
  latents, so that every vertex is a data point (it stays on the data);
- `polyline_at`: a point at a fractional position along any path of steps;
- `traversal_axes` (from `latent_widgets.space.traversal`, named here too): the latent
  dimensions (small latents) or the principal axes (large ones), largest variance first,
  with ranges that cover the data and each axis's variance.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import connected_components, dijkstra
from sklearn.neighbors import NearestNeighbors

from latent_widgets._constants import INTERPOLATION_METHODS
from latent_widgets.space.traversal import TraversalAxes, traversal_axes

__all__ = [
    "DataGraph",
    "TraversalAxes",
    "class_vector",
    "linear_path",
    "path_through",
    "polyline_at",
    "slerp_path",
    "traversal_axes",
]

METHODS = INTERPOLATION_METHODS  # linear, slerp, data (the views list the same)


def _pair(a, b) -> tuple[np.ndarray, np.ndarray]:
    a = np.asarray(a, dtype=np.float64).ravel()
    b = np.asarray(b, dtype=np.float64).ravel()
    if a.shape != b.shape:
        raise ValueError(f"the two latents differ in size: {a.size} and {b.size}")
    if not (np.isfinite(a).all() and np.isfinite(b).all()):
        raise ValueError("a latent holds NaN or inf: anchors must be finite")
    return a, b


def _check_steps(steps: int) -> int:
    steps = int(steps)
    if steps < 2:
        raise ValueError(f"steps must be at least 2 (the two ends), got {steps}")
    return steps


def linear_path(a, b, steps: int) -> np.ndarray:
    """``steps`` latents evenly spaced on the segment from ``a`` to ``b`` (both included)."""
    a, b = _pair(a, b)
    t = np.linspace(0.0, 1.0, _check_steps(steps))[:, None]
    path = (1.0 - t) * a + t * b
    path[0], path[-1] = a, b  # exact ends, whatever the rounding
    return path


def slerp_path(a, b, steps: int) -> np.ndarray:
    """Spherical interpolation: the direction turns at a constant rate on the great circle
    from ``a`` to ``b`` while the norm goes linearly from ``|a|`` to ``|b|``.

    Every step's norm therefore lies between the endpoints' (the point of slerp for latents
    drawn from a Gaussian prior, whose mass sits on a shell: a straight line cuts inside it).
    Opposite directions have no single great circle: one through a fixed perpendicular is
    taken. A zero endpoint has no direction: the path is then linear.
    """
    a, b = _pair(a, b)
    t = np.linspace(0.0, 1.0, _check_steps(steps))[:, None]
    na, nb = np.linalg.norm(a), np.linalg.norm(b)
    if na == 0.0 or nb == 0.0:
        return linear_path(a, b, steps)
    ua, ub = a / na, b / nb
    cos = float(np.clip(ua @ ub, -1.0, 1.0))
    omega = np.arccos(cos)
    if omega < 1e-6:
        direction = (1.0 - t) * ua + t * ub
    elif np.pi - omega < 1e-6:  # opposite: turn through a fixed perpendicular
        helper = np.eye(len(ua))[int(np.argmin(np.abs(ua)))]
        perp = helper - (helper @ ua) * ua
        perp /= np.linalg.norm(perp)
        direction = np.cos(np.pi * t) * ua + np.sin(np.pi * t) * perp
    else:
        direction = (np.sin((1.0 - t) * omega) * ua + np.sin(t * omega) * ub) / np.sin(omega)
    direction /= np.linalg.norm(direction, axis=1, keepdims=True)
    path = ((1.0 - t) * na + t * nb) * direction
    path[0], path[-1] = a, b
    return path


class DataGraph:
    """The symmetrised k-nearest-neighbour graph of the data's latents, for `data_path`.

    Parameters
    ----------
    latents : (n, d) array
        The data's latents.
    k : int
        Neighbours per point.
    """

    def __init__(self, latents: np.ndarray, k: int = 10) -> None:
        self.latents = np.asarray(latents, dtype=np.float64)
        n = len(self.latents)
        if n < 2:
            raise ValueError("a data path needs at least 2 data points")
        self.k = int(min(max(1, k), n - 1))
        self._nn = NearestNeighbors(n_neighbors=self.k + 1).fit(self.latents)
        distances, neighbours = self._nn.kneighbors(self.latents)
        rows = np.repeat(np.arange(n), self.k)
        # a zero weight would be "no edge" in a sparse matrix: duplicates keep a tiny one
        weights = np.maximum(distances[:, 1:].ravel(), 1e-12)
        edges = (rows, neighbours[:, 1:].ravel())
        graph = sparse.coo_matrix((weights, edges), shape=(n, n)).tocsr()
        self.graph = graph.maximum(graph.T).tocsr()
        self.n_components, self.component = connected_components(self.graph, directed=False)

    def nearest(self, latent: np.ndarray) -> int:
        """Index of the data point nearest to ``latent``."""
        return int(self._nn.kneighbors(np.asarray(latent, np.float64)[None], 1)[1][0, 0])

    def are_neighbours(self, i: int, j: int) -> bool:
        """Whether ``i`` and ``j`` are joined by an edge of the graph."""
        return self.graph[i, j] != 0

    def shortest(self, start: int, end: int) -> np.ndarray:
        """Indices of the data points on the shortest graph path from ``start`` to ``end``.

        Raises
        ------
        ValueError
            When they lie in different components of the graph (say which, and what to do).
        """
        if self.component[start] != self.component[end]:
            raise ValueError(
                f"data points {start} and {end} lie in different pieces of the "
                f"{self.k}-nearest-neighbour graph ({self.n_components} pieces): no path along "
                "the data joins them; use method='linear' or 'slerp', or more neighbours"
            )
        _, previous = dijkstra(self.graph, directed=False, indices=start,
                               return_predecessors=True)
        walk = [end]
        while walk[-1] != start:
            walk.append(int(previous[walk[-1]]))
        return np.asarray(walk[::-1], dtype=np.int64)


def _resample(polyline: np.ndarray, steps: int) -> np.ndarray:
    """``steps`` points evenly spaced by arc length along a polyline (its ends included)."""
    if len(polyline) == 1:
        return np.repeat(polyline, steps, axis=0)
    lengths = np.linalg.norm(np.diff(polyline, axis=0), axis=1)
    arc = np.r_[0.0, np.cumsum(lengths)]
    if arc[-1] == 0.0:
        return np.repeat(polyline[:1], steps, axis=0)
    wanted = np.linspace(0.0, arc[-1], steps)
    out = np.column_stack([np.interp(wanted, arc, polyline[:, j])
                           for j in range(polyline.shape[1])])
    out[0], out[-1] = polyline[0], polyline[-1]
    return out


def path_through(
    anchors: np.ndarray,
    steps: int,
    method: str = "linear",
    graph: DataGraph | None = None,
) -> tuple[np.ndarray, list[np.ndarray]]:
    """A path through two or more anchors, segment by segment.

    Parameters
    ----------
    anchors : (k, d) array
        The latents to pass through, in order (k >= 2).
    steps : int
        Latents per segment, both ends included; consecutive segments share their joint, so
        the path has ``(k - 1) * (steps - 1) + 1`` latents.
    method : {"linear", "slerp", "data"}
        Straight segments, spherical ones, or shortest paths through ``graph`` (each anchor
        joins the path at its nearest data point), resampled evenly by arc length.
    graph : DataGraph
        Required for ``method="data"``.

    Returns
    -------
    path : (m, d) float64 array
    vertices : list of int arrays
        For ``"data"``: per segment, the data points the graph path visits (anchor's
        nearest first); empty arrays otherwise.
    """
    anchors = np.asarray(anchors, dtype=np.float64)
    if anchors.ndim != 2 or len(anchors) < 2:
        raise ValueError("a path needs at least 2 anchors: pick two points on the map, "
                         "or give two indices or latents")
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}; got {method!r}")
    steps = _check_steps(steps)
    pieces, vertices = [], []
    for a, b in zip(anchors[:-1], anchors[1:], strict=True):
        if method == "linear":
            piece, visited = linear_path(a, b, steps), np.zeros(0, np.int64)
        elif method == "slerp":
            piece, visited = slerp_path(a, b, steps), np.zeros(0, np.int64)
        else:
            if graph is None:
                raise ValueError("method='data' needs the data's graph (a DataGraph)")
            visited = graph.shortest(graph.nearest(a), graph.nearest(b))
            polyline = np.vstack([a, graph.latents[visited], b])
            piece = _resample(polyline, steps)
        pieces.append(piece if not pieces else piece[1:])
        vertices.append(visited)
    return np.vstack(pieces), vertices


def polyline_at(path: np.ndarray, t: float) -> np.ndarray:
    """The latent at fractional step ``t`` of a path (linear between consecutive steps)."""
    path = np.asarray(path, dtype=np.float64)
    t = float(np.clip(t, 0.0, len(path) - 1))
    low = int(np.floor(t))
    high = min(low + 1, len(path) - 1)
    frac = t - low
    return (1.0 - frac) * path[low] + frac * path[high]


def class_vector(latents: np.ndarray, labels: np.ndarray, from_code: int, to_code: int):
    """mean(latents of class ``to_code``) − mean(latents of class ``from_code``)."""
    latents = np.asarray(latents, dtype=np.float64)
    means = []
    for code in (from_code, to_code):
        members = latents[np.asarray(labels) == code]
        if len(members) == 0:
            raise ValueError(f"class {code} has no points")
        means.append(members.mean(axis=0))
    return means[1] - means[0]
