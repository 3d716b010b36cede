"""Traversal axes: the directions the Interpolation view's sliders move along, in order.

Small latents are traversed along their own dimensions, large ones along their principal
axes; either way the axes come largest variance first, and each carries the numbers the view
shows next to it: the variance of the latents along it and its share of their total
variance. Plain numpy (and the package's PCA for wide latents); no widget here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["TraversalAxes", "axis_variances", "traversal_axes"]

BY_DIMENSION = "by variance of the latents along each dimension, largest first"
BY_PRINCIPAL_AXIS = "by variance, largest first: the latents' principal axes"


@dataclass
class TraversalAxes:
    """Directions for traversal sliders, largest variance first.

    Attributes
    ----------
    vectors : (m, d) array
        Unit directions.
    names : list of str
        "z3" for latent dimensions, "PC1" for principal axes.
    ranges : list of (lo, hi)
        Slider ranges: ±3 standard deviations of the data along each direction.
    variances : list of float
        Variance of the latents along each direction (population variance, ``ddof=0``).
    shares : list of float
        Each variance as a share of the latents' total variance (the sum over all ``d``
        dimensions), in [0, 1].
    order : str
        In words, what the axes are and how they are ordered.
    """

    vectors: np.ndarray
    names: list[str]
    ranges: list[tuple[float, float]]
    variances: list[float]
    shares: list[float]
    order: str


def axis_variances(latents: np.ndarray, vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Variance of ``latents`` along each unit row of ``vectors``, and its share of the total.

    Parameters
    ----------
    latents : (n, d) array
    vectors : (m, d) array of unit directions

    Returns
    -------
    variances : (m,) float64 array
        ``var(latents @ v)`` for each direction ``v`` (``ddof=0``).
    shares : (m,) float64 array
        ``variances / sum(var(latents, axis=0))``; zeros when the latents do not vary.
    """
    z = np.asarray(latents, dtype=np.float64)
    if z.ndim != 2 or len(z) == 0:
        raise ValueError(f"latents must be a non-empty (n, d) array, got shape {z.shape}")
    centred = z - z.mean(axis=0)
    along = centred @ np.asarray(vectors, dtype=np.float64).T
    variances = (along**2).mean(axis=0)
    total = float((centred**2).mean(axis=0).sum())
    shares = variances / total if total > 0 else np.zeros_like(variances)
    return variances, shares


def traversal_axes(latents: np.ndarray, max_axes: int = 8, small: int = 16) -> TraversalAxes:
    """Latent dimensions when there are at most ``small`` of them, else principal axes.

    At most ``max_axes`` directions: the dimensions (or axes) along which the data varies
    most, largest variance first (ties keep the dimensions' order).
    """
    z = np.asarray(latents, dtype=np.float64)
    if z.ndim != 2 or len(z) == 0:
        raise ValueError(f"latents must be a non-empty (n, d) array, got shape {z.shape}")
    d = z.shape[1]
    if d <= small:
        spread = z.var(axis=0)
        dims = np.argsort(-spread, kind="stable")[:max_axes]
        vectors = np.eye(d)[dims]
        names, order = [f"z{i}" for i in dims], BY_DIMENSION
    else:  # the top principal axes, exact at any width (no d x d matrix of a wide layer)
        from latent_widgets.projection.pca import PCA

        count = min(max_axes, *z.shape)
        vectors = PCA(n_components=count).fit(latents).components_.astype(np.float64)
        names, order = [f"PC{i + 1}" for i in range(count)], BY_PRINCIPAL_AXIS
    variances, shares = axis_variances(z, vectors)
    sigma = np.sqrt(variances)
    return TraversalAxes(
        vectors=vectors,
        names=names,
        ranges=[(-3.0 * float(s), 3.0 * float(s)) for s in sigma],
        variances=[float(v) for v in variances],
        shares=[float(s) for s in shares],
        order=order,
    )
