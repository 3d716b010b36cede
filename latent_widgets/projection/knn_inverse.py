"""A fast inverse for any 2-D projection: the barycentre of the k nearest fitted points.

For a position ``y`` in the projected space, `KNNInverse` finds the ``k`` fitted positions
nearest to it and returns the weighted mean of their latents, with weights proportional to
``1 / distance`` (or a Gaussian kernel). At a fitted position it returns that point's latent
exactly. One query costs a KD-tree search plus a ``k``-row average: ~0.05 ms, so it serves a
click in a widget, where umap-learn's own inverse takes seconds (see ``benchmarks/README.md``,
section "projection").
"""

from __future__ import annotations

from typing import Any

import numpy as np

from latent_widgets._validation import as_points, not_fitted


class KNNInverse:
    """Map positions in a projected space back to latents by k-nearest-neighbour averaging.

    For a position ``y`` the result is ``sum_i w_i z_i / sum_i w_i`` over the ``k`` fitted
    positions ``y_i`` nearest to ``y``, with ``w_i = 1 / |y - y_i|`` (``weights="distance"``)
    or ``w_i = exp(-|y - y_i|^2 / (2 h^2))`` with ``h`` the distance from ``y`` to its
    ``k``-th neighbour (``weights="gaussian"``). A position that coincides with fitted
    positions returns the mean of their latents, so the inverse is exact at a data point.

    Parameters
    ----------
    k : int
        How many fitted points to average; clipped to the number of fitted points.
    weights : {"distance", "gaussian"}
        The weighting of the neighbours.

    Attributes
    ----------
    y_ : numpy.ndarray
        ``(n, m)`` float64, the fitted positions.
    z_ : numpy.ndarray
        ``(n, d)`` float64, the fitted latents.
    k_ : int
        The number of neighbours actually used, ``min(k, n)``.

    Examples
    --------
    >>> import numpy as np
    >>> inverse = KNNInverse(k=2).fit([[0.0, 0.0], [1.0, 0.0]], [[0.0], [1.0]])
    >>> inverse.inverse_transform([[0.25, 0.0]])
    array([[0.25]], dtype=float32)
    """

    WEIGHTS = ("distance", "gaussian")

    def __init__(self, k: int = 8, weights: str = "distance") -> None:
        if int(k) != k or k < 1:
            raise ValueError(f"k must be a positive integer; got {k!r}")
        if weights not in self.WEIGHTS:
            raise ValueError(f"weights must be one of {', '.join(self.WEIGHTS)}; got {weights!r}")
        self.k = int(k)
        self.weights = weights

    def fit(self, y: Any, z: Any) -> KNNInverse:
        """Remember the fitted positions ``y`` and their latents ``z``.

        Parameters
        ----------
        y : array-like or torch.Tensor
            ``(n, m)`` positions in the projected space, usually ``m = 2``.
        z : array-like or torch.Tensor
            ``(n, d)`` the latents of the same points, row for row.

        Returns
        -------
        KNNInverse
            ``self``, fitted.

        Raises
        ------
        ValueError
            When ``y`` and ``z`` have different numbers of rows, hold NaN, or are empty.
        """
        from scipy.spatial import cKDTree

        y = as_points(y, "y")
        z = as_points(z, "z")
        if y.shape[0] != z.shape[0]:
            raise ValueError(
                f"y has {y.shape[0]} rows but z has {z.shape[0]}; pass one position per latent"
            )
        if y.shape[0] == 0:
            raise ValueError("KNNInverse needs at least one fitted point; y and z are empty")
        self.y_, self.z_ = y, z
        self.k_ = min(self.k, y.shape[0])
        self._tree = cKDTree(y)
        extent = float(np.ptp(y, axis=0).max()) if y.shape[0] > 1 else 1.0
        self._tolerance = 1e-9 * max(extent, 1e-300)
        return self

    @property
    def tolerance_(self) -> float:
        """How close to a fitted position a query counts as on it (its latent exactly)."""
        return self._tolerance

    def inverse_transform(self, y: Any) -> np.ndarray:
        """Return the latents for positions ``y``.

        Parameters
        ----------
        y : array-like or torch.Tensor
            ``(n_points, m)`` positions in the projected space.

        Returns
        -------
        numpy.ndarray
            ``(n_points, d)`` float32 latents.

        Raises
        ------
        RuntimeError
            When called before `fit`.
        ValueError
            When ``y`` has the wrong shape or holds NaN.
        """
        if not hasattr(self, "_tree"):
            raise not_fitted(self, "fit(y, z) with the fitted positions and their latents")
        y = as_points(y, "y", self.y_.shape[1], " (the dimension of the fitted positions)")
        if y.shape[0] == 0:
            return np.empty((0, self.z_.shape[1]), dtype=np.float32)
        distances, indices = self._tree.query(y, k=self.k_)
        if self.k_ == 1:
            distances, indices = distances[:, None], indices[:, None]
        at_point = distances <= self._tolerance
        if self.weights == "distance":
            with np.errstate(divide="ignore"):
                w = 1.0 / distances
        else:
            bandwidth = np.maximum(distances[:, -1:], self._tolerance)
            w = np.exp(-0.5 * (distances / bandwidth) ** 2)
        exact = at_point.any(axis=1)
        w[exact] = at_point[exact]  # on a fitted point: that point (or those coinciding) only
        w /= w.sum(axis=1, keepdims=True)
        latents = np.einsum("nk,nkd->nd", w, self.z_[indices])
        return latents.astype(np.float32)
