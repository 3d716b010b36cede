"""Betti numbers layer by layer (and class by class), as in Naitzat, Zhitnikov and Lim,
"Topology of deep neural networks" (JMLR 2020): how a network simplifies the shape of its
data on the way through.

Each layer has its own units and its own density, so no single scale fits every layer.
Every set (a layer's latents, of all points or of one class) is counted on its own by
`latent_widgets.topology.feature_counts.count_features`: Rips persistence of its greedy landmarks,
where a feature counts only when it is certified (longer than twice the landmarks' error
bound) or significant (Bobrowski & Skraba's test), and β0 counts clusters of at least 2 %
of the points. The number of landmarks is the scale; each count is repeated at a quarter
and a half of it (`betti_sweep`), and the range of the answers is returned with it.

An earlier version counted the loops of the flag complex of each set's k-nearest-neighbour
graph: on contractible Gaussian blobs it found β1 = 6 in 2-D and 243 in 16-D. Such graphs
are full of loops that no triangle fills in high dimension; this count is not fooled by
them (see ``tests/unit/topology/test_layers.py`` for the known answers in 2 to 64 dimensions).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from latent_widgets.space.capture import INPUT  # LatentSpace(layer=["input", ...]): the data
from latent_widgets.topology.feature_counts import FeatureCount, betti_sweep

__all__ = ["betti_by_layer"]

MIN_CLASS_POINTS = 10
SWEEP = (0.25, 0.5, 1.0)


def _layers_of(source: Any) -> tuple[dict[str, np.ndarray], Any, Sequence[str]]:
    """Latents by layer (the input first), labels and class names of a space or a mapping."""
    if isinstance(source, Mapping):
        layers, labels, names = dict(source), None, ()
    elif isinstance(getattr(source, "by_layer", None), Mapping):
        layers = dict(source.by_layer)
        labels, names = getattr(source, "labels", None), getattr(source, "class_names", ())
    else:
        raise TypeError(
            f"betti_by_layer takes a LatentSpace or a dict of layer name -> (n, d) latents, "
            f"got {type(source).__name__}"
        )
    if not layers:
        raise ValueError("no layers to count: the source holds no latents")
    if INPUT in layers:  # the input is where the network starts: its first column
        layers = {INPUT: layers.pop(INPUT), **layers}
    return layers, labels, names


def _sets(labels: np.ndarray | None, class_names: Sequence[str]) -> list[int]:
    if labels is None:
        return []
    labels = np.asarray(labels)
    counts = np.bincount(labels[labels >= 0], minlength=len(class_names))
    return [code for code in range(len(class_names)) if counts[code] >= MIN_CLASS_POINTS]


def _ranged(counts: list[FeatureCount]) -> tuple[list[int], list[list[int]]]:
    """The count at the full landmark number, and per dimension the range of the sweep."""
    table = np.array([c.betti for c in counts])
    return counts[-1].betti, [[int(lo), int(hi)] for lo, hi in zip(table.min(0), table.max(0),
                                                                   strict=True)]


def betti_by_layer(
    source: Any,
    *,
    labels: np.ndarray | None = None,
    class_names: Sequence[str] | None = None,
    maxdim: int = 1,
    landmarks: int | None = None,
    alpha: float = 0.05,
    min_share: float = 0.02,
    seed: int = 0,
    progress: Callable[[float], None] | None = None,
) -> dict:
    """Betti numbers of every layer's latents, for all points and for each class.

    Parameters
    ----------
    source : LatentSpace or mapping of str to (n, d) array
        Latents per layer, in the network's order (a layer named ``"input"`` comes first).
        A LatentSpace gives its labels and class names too.
    labels : (n,) int array, optional
        Class code of each point (default: the space's); per-class numbers are computed for
        classes of at least 10 points.
    class_names : sequence of str, optional
        Names of the classes (index = code).
    maxdim : {0, 1, 2}
        Highest dimension counted.
    landmarks : int, optional
        Landmarks per set (default `latent_widgets.topology.feature_counts.default_landmarks`).
    alpha, min_share, seed
        As in `latent_widgets.topology.feature_counts.count_features`.
    progress : callable, optional
        Called with the fraction done after each set.

    Returns
    -------
    dict
        ``layers`` (names), ``dims``, ``all`` (per layer, β of all points), ``all_range``
        (per layer, per dimension, [lowest, highest] over the sweep), ``classes`` (names),
        ``codes`` (their class codes), ``per_class`` and ``per_class_range`` (per class, per
        layer), ``landmarks`` (per layer, those of all points) and ``scale_text`` (how they
        were counted, in words).
    """
    layers, own_labels, own_names = _layers_of(source)
    labels = own_labels if labels is None else labels
    names = list(own_names if class_names is None else class_names)
    if labels is not None and not names:
        names = [str(code) for code in range(int(np.max(labels)) + 1)]
    codes = _sets(labels, names)
    chart = {"layers": list(layers), "dims": list(range(maxdim + 1)), "all": [],
             "all_range": [], "classes": [str(names[c]) for c in codes], "codes": codes,
             "per_class": [[] for _ in codes], "per_class_range": [[] for _ in codes],
             "landmarks": []}
    done, total = 0, len(layers) * (1 + len(codes))
    for z in layers.values():
        z = np.asarray(z)
        for slot, code in enumerate([None, *codes]):
            part = z if code is None else z[np.asarray(labels) == code]
            counts = betti_sweep(part, maxdim, landmarks=landmarks, fractions=SWEEP,
                                 alpha=alpha, min_share=min_share, seed=seed)
            betti, spread = _ranged(counts)
            if code is None:
                chart["all"].append(betti)
                chart["all_range"].append(spread)
                chart["landmarks"].append(counts[-1].landmarks)
            else:
                chart["per_class"][slot - 1].append(betti)
                chart["per_class_range"][slot - 1].append(spread)
            done += 1
            if progress:
                progress(done / total)
    chart["scale_text"] = (
        "Real features only: certified (longer than twice the landmarks' error bound) or "
        "significant (Bobrowski–Skraba, 5 %); β0 counts clusters of 2 % of the points or "
        "more. Bands: the answers at ¼ and ½ of the landmarks."
    )
    return chart
