"""How well a 2-D map keeps the latents' neighbourhoods (trustworthiness, on a sample)."""

from __future__ import annotations

from typing import Any

import numpy as np

from latent_widgets._validation import as_points


def trustworthiness(
    z: Any, y: Any, n_neighbors: int = 5, sample: int | None = 2000, seed: int = 0
) -> float:
    """How well a projection keeps neighbourhoods: scikit-learn's trustworthiness on a sample.

    1.0 when every point's ``n_neighbors`` nearest neighbours in the map ``y`` are also among
    its nearest in the latents ``z``; lower when the map brings together points that are far
    apart. ``sklearn.manifold.trustworthiness`` is O(n²) in time and memory, so it runs on
    a random sample of at most ``sample`` points (the same rows of ``z`` and ``y``), drawn
    with ``numpy.random.default_rng(seed)``: the same seed gives the same score.

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
    from sklearn.manifold import trustworthiness as sklearn_trustworthiness

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
    if not n_neighbors < z.shape[0] / 2:
        raise ValueError(
            f"trustworthiness with n_neighbors={n_neighbors} needs more than "
            f"{2 * n_neighbors} points; it has {z.shape[0]}. Pass n_neighbors<"
            f"{max(z.shape[0] / 2, 1):g} or more points"
        )
    return float(sklearn_trustworthiness(z, y, n_neighbors=n_neighbors))
