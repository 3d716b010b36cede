"""Principal component analysis with an exact inverse.

Linear, with an exact inverse (the orthogonal projection onto the fitted plane); exact axes
even for wide latents, in about the time of scikit-learn's randomized PCA
(`latent_widgets.projection.pca_solver`; ``benchmarks/README.md``, section "pca"). Accepts
numpy arrays or torch tensors and returns float32 numpy arrays.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from latent_widgets._validation import as_points, not_fitted
from latent_widgets.projection.pca_solver import checked_points, top_axes

TRANSFORM_CHUNK_VALUES = 2**22  # values converted to float64 at a time by PCA.transform


class PCA:
    """Principal component analysis with an exact inverse.

    The axes are the exact top eigenvectors of the covariance of the latents, found by one
    of three solvers (`latent_widgets.projection.pca_solver`), picked by a cost estimate:

    - ``"covariance"`` when ``d <= n`` and ``min(n, d) <= 1000`` (or the cost model says
      so): the ``d x d`` covariance in float64, its top eigenvectors (``scipy.linalg.eigh``).
    - ``"gram"`` when ``n < d`` and likewise: the ``n x n`` Gram matrix of the centred
      latents in float64; the axes are ``Xcᵀ u / σ`` for its top eigenvectors ``u``.
    - ``"subspace"`` when both sides are large (2,000 x 16,384, say): a seeded block
      Krylov iteration with products against the latents as given (float32 stays float32,
      centred implicitly), then in float64, until every axis ``v_i`` satisfies
      ``‖C v_i - λ_i v_i‖ / gap_i <= 1e-6``: a bound (Davis–Kahan) on the sine of its
      angle to the exact axis. When that cannot be reached within about the exact
      route's cost (two top variances tied to float precision, a flat spectrum) it falls
      back to the exact route, and ``solver_note_`` says so.

    No solver makes a float64 copy of float32 latents. The sign of each component is fixed so
    that its entry of largest magnitude is positive, so the result does not depend on the
    LAPACK build. Where two top variances tie, only the plane they span is determined.

    Parameters
    ----------
    n_components : int
        The dimension of the projection, 2 for a map.
    seed : int
        Seeds the start of the ``"subspace"`` solver: the same seed and data give the same
        axes. The other solvers do not use it.

    Attributes
    ----------
    mean_ : numpy.ndarray
        ``(d,)`` float32, the mean latent.
    components_ : numpy.ndarray
        ``(n_components, d)`` float32, orthonormal rows: the principal axes.
    explained_variance_ratio_ : numpy.ndarray
        ``(n_components,)`` float32, the share of the total variance along each axis.
    explained_variance_ : numpy.ndarray
        ``(n_components,)`` float32, the variance along each axis (``n - 1`` in the
        denominator, as scikit-learn's).
    solver_ : str
        The solver that produced the axes: ``"covariance"``, ``"gram"`` or ``"subspace"``
        (after a fallback, the exact one that ran).
    solver_note_ : str
        One line on how the axes were found: the matrix that was decomposed, or the
        products the iteration took and its largest estimated angle error, or why it fell
        back to an exact solver.
    """

    def __init__(self, n_components: int = 2, seed: int = 0) -> None:
        if int(n_components) != n_components or n_components < 1:
            raise ValueError(f"n_components must be a positive integer; got {n_components!r}")
        self.n_components = int(n_components)
        self.seed = seed

    def fit(self, z: Any) -> PCA:
        """Find the principal axes of the latents ``z``.

        Parameters
        ----------
        z : array-like or torch.Tensor
            ``(n, d)`` latents, with ``n_components <= min(n, d)``.

        Returns
        -------
        PCA
            ``self``, fitted.

        Raises
        ------
        ValueError
            When ``z`` is not 2-D, holds NaN or inf, or has too few points or dimensions.
        """
        z, mean = checked_points(z)
        n, d = z.shape
        if self.n_components > min(n, d):
            raise ValueError(
                f"PCA(n_components={self.n_components}) needs at least {self.n_components} "
                f"points and {self.n_components} dimensions; z has shape {(n, d)}. Pass "
                f"n_components<={min(n, d)} or more points"
            )
        axes = top_axes(z, mean, self.n_components, self.seed)
        components = axes.components
        largest = np.argmax(np.abs(components), axis=1)
        components *= np.sign(components[np.arange(self.n_components), largest])[:, None]
        total = axes.total
        ratio = axes.variances / total if total > 0 else np.zeros(self.n_components)
        self._mean, self._components = mean, components
        self.mean_ = mean.astype(np.float32)
        self.components_ = components.astype(np.float32)
        self.explained_variance_ratio_ = ratio.astype(np.float32)
        self.explained_variance_ = (axes.variances / max(n - 1, 1)).astype(np.float32)
        self.n_features_in_ = d
        self.solver_, self.solver_note_ = axes.solver, axes.note
        return self

    def transform(self, z: Any) -> np.ndarray:
        """Project latents onto the principal axes.

        Parameters
        ----------
        z : array-like or torch.Tensor
            ``(n_points, d)`` latents, ``d`` as fitted.

        Returns
        -------
        numpy.ndarray
            ``(n_points, n_components)`` float32 coordinates.
        """
        if not hasattr(self, "_components"):
            raise not_fitted(self)
        z, _ = checked_points(z)  # float32 stays float32: no n x d float64 copy
        if z.ndim != 2 or z.shape[1] != self.n_features_in_:
            z = as_points(z, "z", self.n_features_in_,
                          " (the latent dimension PCA was fitted on)")  # raises, in words
        out = np.empty((len(z), self.n_components), np.float64)
        step = max(1, TRANSFORM_CHUNK_VALUES // max(z.shape[1], 1))
        for start in range(0, len(z), step):  # float64 by chunks: exact, and small
            chunk = np.asarray(z[start : start + step], dtype=np.float64) - self._mean
            out[start : start + step] = chunk @ self._components.T
        return out.astype(np.float32)

    def fit_transform(self, z: Any) -> np.ndarray:
        """Fit to ``z`` and return its coordinates; see `fit` and `transform`.

        Parameters
        ----------
        z : array-like or torch.Tensor
            ``(n, d)`` latents.

        Returns
        -------
        numpy.ndarray
            ``(n, n_components)`` float32 coordinates.
        """
        return self.fit(z).transform(z)

    def inverse_transform(self, y: Any) -> np.ndarray:
        """Map coordinates back to latents: ``mean_ + y @ components_``.

        ``inverse_transform(transform(z))`` is ``z`` itself for ``z`` in the fitted affine
        subspace and its orthogonal projection onto that subspace otherwise.

        Parameters
        ----------
        y : array-like or torch.Tensor
            ``(n_points, n_components)`` coordinates.

        Returns
        -------
        numpy.ndarray
            ``(n_points, d)`` float32 latents.
        """
        if not hasattr(self, "_components"):
            raise not_fitted(self)
        y = as_points(y, "y", self.n_components, f" (PCA has {self.n_components} components)")
        return (self._mean + y @ self._components).astype(np.float32)
