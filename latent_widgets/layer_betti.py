"""Betti numbers layer by layer (and class by class), as in Naitzat, Zhitnikov and Lim,
"Topology of deep neural networks" (JMLR 2020): how a network simplifies the shape of its
data on the way through.

Each layer has its own units, so the scale is relative: at layer L, ε_L = scale × D_L where
D_L is the largest finite death over all dimensions of all of L's points (past D_L the
complex has no finite features left: β0 = 1, β1 = 0). Classes of a layer are counted at
their layer's ε_L, so that their numbers are comparable with the whole layer's.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np

from latent_widgets.topology import betti, persistence

__all__ = ["betti_by_layer"]


def _largest_finite(diagrams: list[np.ndarray]) -> float:
    deaths = [d[np.isfinite(d[:, 1]), 1] for d in diagrams]
    finite = np.concatenate(deaths) if deaths else np.zeros(0)
    return float(finite.max()) if finite.size else 0.0


def betti_by_layer(
    by_layer: Mapping[str, np.ndarray],
    *,
    labels: np.ndarray | None = None,
    class_names: Sequence[str] = (),
    scale: float = 0.3,
    maxdim: int = 1,
    n_landmarks: int = 150,
    progress: Callable[[float], None] | None = None,
) -> dict:
    """Betti numbers of every layer at a relative scale, for all points and each class.

    Parameters
    ----------
    by_layer : mapping of str to (n, d) array
        Latents per layer, in the network's order.
    labels : (n,) int array, optional
        Class code of each point; per-class numbers are computed when given.
    class_names : sequence of str
        Names of the classes (index = code).
    scale : float
        ε_L = scale × D_L (see the module docstring); between 0 and 1.
    maxdim : int
        Highest dimension counted.
    n_landmarks : int
        Each set is reduced to at most this many greedy landmarks (the chart shows a trend).
    progress : callable, optional
        Called with the fraction done after each set.

    Returns
    -------
    dict
        ``layers`` (names), ``dims``, ``eps`` (ε_L per layer), ``all`` (per layer, the Betti
        numbers of all points), ``classes`` (names), ``codes`` (their class codes),
        ``per_class`` (per class, per layer) and ``scale_text`` (the scale in words).
    """
    if not 0.0 < scale <= 1.0:
        raise ValueError(f"scale must be in (0, 1], got {scale!r}")
    names = [str(name) for name in by_layer]
    codes = [] if labels is None else [c for c in range(len(class_names))
                                       if np.count_nonzero(labels == c) >= 3]
    total = len(names) * (1 + len(codes))
    done = 0
    chart = {"layers": names, "dims": list(range(maxdim + 1)), "eps": [], "all": [],
             "classes": [str(class_names[c]) for c in codes], "codes": codes,
             "per_class": [[] for _ in codes]}
    for name in names:
        z = np.asarray(by_layer[name])
        whole = persistence(z, maxdim, min(n_landmarks, len(z)), cycles=False)
        eps = scale * _largest_finite(whole.diagrams)
        chart["eps"].append(eps)
        chart["all"].append(betti(whole.diagrams, eps).tolist())
        done += 1
        if progress:
            progress(done / total)
        for slot, code in enumerate(codes):
            members = z[labels == code]
            part = persistence(members, maxdim, min(n_landmarks, len(members)), cycles=False)
            chart["per_class"][slot].append(betti(part.diagrams, eps).tolist())
            done += 1
            if progress:
                progress(done / total)
    chart["scale_text"] = (
        f"Betti numbers at ε = {scale:g} × the scale where each layer's last finite feature "
        f"dies; at most {n_landmarks} landmarks per set"
    )
    return chart
