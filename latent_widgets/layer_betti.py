"""Betti numbers layer by layer (and class by class), as in Naitzat, Zhitnikov and Lim,
"Topology of deep neural networks" (JMLR 2020): how a network simplifies the shape of its
data on the way through.

Each layer has its own units and its own density, so no single scale ε fits every layer.
Like Naitzat et al., we let the data set the scale: the Betti numbers are those of the flag
(clique) complex of the symmetrised k-nearest-neighbour graph of the points, i.e. of the
Rips complex of the graph metric at scale 1. A piece of the data is a component of the
graph; a loop is a cycle of the graph that no triangles of neighbours fill. With k = 20 a
Gaussian blob (2-D or 8-D, 300 points) has β = (1, 0) and a noisy circle (1, 1); with k = 10
the blob shows tens of spurious loops.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np
from scipy import sparse
from sklearn.neighbors import NearestNeighbors

from latent_widgets.anytime import MaxMinLandmarks
from latent_widgets.topology import quiet_ripser

__all__ = ["betti_by_layer", "knn_betti"]


def knn_betti(points: np.ndarray, k: int = 20, maxdim: int = 1) -> list[int]:
    """Betti numbers of the flag complex of the k-nearest-neighbour graph of ``points``.

    Parameters
    ----------
    points : (n, d) array
        The points (n >= 2).
    k : int
        Neighbours per point (fewer when there are fewer points).
    maxdim : int
        Highest dimension counted.

    Returns
    -------
    list of int
        β_0 .. β_maxdim.
    """
    z = np.unique(np.asarray(points, dtype=np.float64), axis=0)  # copies would use up k
    n = len(z)
    if n < 2:
        return [1] + [0] * maxdim
    k = int(min(k, n - 1))
    _, neighbours = NearestNeighbors(n_neighbors=k + 1).fit(z).kneighbors(z)
    rows = np.repeat(np.arange(n), k)
    graph = sparse.coo_matrix((np.ones(n * k), (rows, neighbours[:, 1:].ravel())), shape=(n, n))
    graph = graph.tocsr().maximum(graph.T.tocsr()).tocoo()
    # every edge enters at 1: the complex at 1 is the flag complex of the graph, and its
    # features are the bars that never die
    diagrams = quiet_ripser(graph, distance_matrix=True, maxdim=maxdim)["dgms"]
    return [int(np.count_nonzero(np.isinf(d[:, 1]))) for d in diagrams]


def betti_by_layer(
    by_layer: Mapping[str, np.ndarray],
    *,
    labels: np.ndarray | None = None,
    class_names: Sequence[str] = (),
    k: int = 20,
    maxdim: int = 1,
    max_points: int = 2000,
    progress: Callable[[float], None] | None = None,
) -> dict:
    """Betti numbers of every layer's k-nearest-neighbour complex, for all points and each
    class.

    Parameters
    ----------
    by_layer : mapping of str to (n, d) array
        Latents per layer, in the network's order.
    labels : (n,) int array, optional
        Class code of each point; per-class numbers are computed when given.
    class_names : sequence of str
        Names of the classes (index = code).
    k : int
        Neighbours per point in the graph (see the module docstring).
    maxdim : int
        Highest dimension counted.
    max_points : int
        Larger sets are reduced to this many greedy max-min landmarks first.
    progress : callable, optional
        Called with the fraction done after each set.

    Returns
    -------
    dict
        ``layers`` (names), ``dims``, ``all`` (per layer, the Betti numbers of all points),
        ``classes`` (names), ``codes`` (their class codes), ``per_class`` (per class, per
        layer) and ``scale_text`` (how they were counted, in words).
    """
    if int(k) < 1:
        raise ValueError(f"k must be a positive number of neighbours, got {k!r}")
    names = [str(name) for name in by_layer]
    codes = [] if labels is None else [c for c in range(len(class_names))
                                       if np.count_nonzero(labels == c) >= 3]
    sets = [("all", None)] + [(c, labels == c) for c in codes]
    chart = {"layers": names, "dims": list(range(maxdim + 1)), "all": [],
             "classes": [str(class_names[c]) for c in codes], "codes": codes,
             "per_class": [[] for _ in codes]}
    done, total = 0, len(names) * len(sets)
    for name in names:
        z = np.asarray(by_layer[name])
        for slot, (_, members) in enumerate(sets):
            part = z if members is None else z[members]
            if len(part) > max_points:
                part = part[MaxMinLandmarks(part).grow(max_points)]
            numbers = knn_betti(part, k, maxdim)
            (chart["all"] if slot == 0 else chart["per_class"][slot - 1]).append(numbers)
            done += 1
            if progress:
                progress(done / total)
    chart["scale_text"] = (
        f"Betti numbers of the flag complex of each set's {k}-nearest-neighbour graph "
        f"(Naitzat et al. 2020); sets over {max_points:,} points reduced to landmarks"
    )
    return chart
