"""The exact top principal axes of ``(n, d)`` latents, fast at any width: the solver of `PCA`.

Three routes, all exact to a stated tolerance, chosen by `choose_route`:

- ``"covariance"`` (``d <= n``, small ``d``): the ``d x d`` covariance in float64, its top
  eigenvectors by ``scipy.linalg.eigh(subset_by_index=...)``.
- ``"gram"`` (``n < d``, small ``n``): the ``n x n`` Gram matrix of the centred points in
  float64, its top eigenvectors ``u``; the axes are ``Xcᵀ u / σ``.
- ``"subspace"`` (both sides large): a thick-restarted block Krylov iteration from a seeded
  random start (`latent_widgets.projection.pca_krylov`). Products run against the caller's
  float32 matrix, centred implicitly (``Xc v = X v - 1 (μ·v)``), until the float32 estimate
  settles; then the same iteration goes on with products in float64 (row chunks cast one at
  a time) until every requested axis ``v_i`` passes ``‖C v_i - λ_i v_i‖ / gap_i <= TOL``: by
  the Davis–Kahan theorem a bound on the sine of its angle to the exact eigenvector of
  ``C = Xcᵀ Xc``, where ``gap_i`` is the distance from ``λ_i`` to the nearest other Ritz
  value (less that one's residual). Without convergence within a budget of products (a near
  tie among the top variances, say) it falls back to the exact route and says so.

No route makes an ``(n, d)`` float64 copy: every float64 pass casts and centres a chunk of
about `CHUNK_VALUES` values at a time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.linalg

from latent_widgets._validation import as_points, to_numpy
from latent_widgets.projection.blas_threads import one_blas_thread
from latent_widgets.projection.pca_krylov import (
    EIGH_WEIGHT,
    OVERSAMPLE,
    SUBSPACE_WEIGHT,
    subspace_axes,
)

#: Values in one chunk of a float64 pass (32 MiB): few, large chunks, as each BLAS call on
#: several threads can wait a scheduler tick for all of them when other work shares the cores.
CHUNK_VALUES = 1 << 22
#: Up to this smaller side the exact routes always run (the eigh of 1000 x 1000 takes ~0.1 s).
EXACT_MAX_SIDE = 1000


@dataclass
class Axes:
    """What a route returns: ``components`` ``(k, d)`` float64 orthonormal rows, ``variances``
    ``(k,)`` their sums of squares (eigenvalues of ``Xcᵀ Xc``), ``total`` the sum of squares
    of all the centred data, the route and a line on how it went."""

    components: np.ndarray
    variances: np.ndarray
    total: float
    solver: str
    note: str


def checked_points(z: Any) -> tuple[np.ndarray, np.ndarray]:
    """`as_points` for a fit, which keeps float32 input in float32; and the mean, in float64.

    A float32 numpy array or torch tensor is checked where it is (no float64 copy); any
    other input goes through `as_points`, which also raises the errors, with its messages.
    """
    if isinstance(z, np.ndarray) or hasattr(z, "detach"):
        raw = to_numpy(z)
        if raw.dtype == np.float32 and raw.ndim == 2:
            total = raw.sum(axis=0, dtype=np.float64)  # NaN or inf anywhere shows here
            if np.isfinite(total).all():
                return raw, total / max(raw.shape[0], 1)
            as_points(raw, "z")  # raises, naming the rows
    points = as_points(z, "z")
    return points, points.mean(axis=0)


def choose_route(n: int, d: int, k: int) -> str:
    """``"covariance"``, ``"gram"`` or ``"subspace"``, by a cost estimate.

    The exact routes cost about ``n d m`` multiply-adds for the matrix (``m = min(n, d)``)
    and ``EIGH_WEIGHT m³`` for its eigh; the subspace route about ``SUBSPACE_WEIGHT n d b``.
    """
    m = min(n, d)
    exact = "covariance" if d <= n else "gram"
    if m <= EXACT_MAX_SIDE:
        return exact
    block = min(k + OVERSAMPLE, m)
    if SUBSPACE_WEIGHT * n * d * block < n * d * m + EIGH_WEIGHT * m**3:
        return "subspace"
    return exact


def top_axes(x: np.ndarray, mean: np.ndarray, k: int, seed: int = 0) -> Axes:
    """The top ``k`` principal axes of ``x`` (``(n, d)``, float32 or float64) about ``mean``."""
    n, d = x.shape
    route = choose_route(n, d, k)
    if route == "subspace":
        found, note = subspace_axes(x, mean, k, seed)
        if found is not None:
            return Axes(*found, "subspace", note)
        route = "covariance" if d <= n else "gram"
        axes = _covariance(x, mean, k) if route == "covariance" else _gram(x, mean, k)
        axes.note = f"{note}; fell back to the exact {route} route"
        return axes
    return _covariance(x, mean, k) if route == "covariance" else _gram(x, mean, k)


# ----------------------------------------------------------------------------- exact routes


def _chunks(length: int, width: int):
    step = max(1, CHUNK_VALUES // max(width, 1))
    for start in range(0, length, step):
        yield slice(start, min(start + step, length))


def _top_eigh(matrix: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """The ``k`` largest eigenvalues (descending, clipped at 0) and their eigenvectors."""
    m = matrix.shape[0]
    with one_blas_thread():  # faster on one thread, and much faster when cores are shared
        values, vectors = scipy.linalg.eigh(matrix, subset_by_index=[m - k, m - 1])
    return np.maximum(values[::-1], 0.0), vectors[:, ::-1]


def _covariance(x: np.ndarray, mean: np.ndarray, k: int) -> Axes:
    n, d = x.shape
    cov = np.zeros((d, d))
    buffer = np.empty((min(n, max(1, CHUNK_VALUES // d)), d))
    for rows in _chunks(n, d):
        chunk = np.subtract(x[rows], mean, out=buffer[: rows.stop - rows.start])
        cov += chunk.T @ chunk
    values, vectors = _top_eigh(cov, k)
    note = f"exact: eigh of the {d} x {d} covariance in float64"
    return Axes(vectors.T.copy(), values, float(np.trace(cov)), "covariance", note)


def _gram(x: np.ndarray, mean: np.ndarray, k: int) -> Axes:
    n, d = x.shape
    gram = np.zeros((n, n))
    buffer = np.empty((n, min(d, max(1, CHUNK_VALUES // n))))
    for cols in _chunks(d, n):
        chunk = np.subtract(x[:, cols], mean[cols], out=buffer[:, : cols.stop - cols.start])
        gram += chunk @ chunk.T
    values, u = _top_eigh(gram, k)
    sigma = np.sqrt(values)
    # axes with σ² at the Gram matrix's rounding level are not determined by u: they are
    # completed to an orthonormal set instead (any such completion is exact)
    good = sigma > sigma[0] * np.sqrt(n * np.finfo(np.float64).eps)
    scaled = u[:, good] / sigma[good]
    components = np.empty((k, d))
    kept = components[: good.sum()]
    for cols in _chunks(d, n):
        chunk = np.subtract(x[:, cols], mean[cols], out=buffer[:, : cols.stop - cols.start])
        kept[:, cols] = scaled.T @ chunk
    components = _orthonormal_rows(kept, k, d)
    note = f"exact: eigh of the {n} x {n} Gram matrix in float64"
    return Axes(components, values, float(np.trace(gram)), "gram", note)


def _orthonormal_rows(rows: np.ndarray, k: int, d: int) -> np.ndarray:
    """``rows`` made orthonormal (QR, directions kept), completed to ``k`` rows."""
    with one_blas_thread():
        q, r = np.linalg.qr(rows.T)
    q = q * np.where(np.diag(r) < 0, -1.0, 1.0)
    if q.shape[1] < k:  # completion: the standard basis vectors least in the span, projected
        missing = k - q.shape[1]
        order = np.argsort((q**2).sum(axis=1), kind="stable")[:missing]
        extra = np.zeros((d, missing))
        extra[order, np.arange(missing)] = 1.0
        for _ in range(2):
            extra -= q @ (q.T @ extra)
            extra = np.linalg.qr(extra)[0]
        q = np.hstack([q, extra])
    return q.T.copy()
