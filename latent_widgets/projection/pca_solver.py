"""The exact top principal axes of ``(n, d)`` latents, fast at any width: the solver of `PCA`.

Three routes, all exact to a stated tolerance, chosen by `choose_route`:

- ``"covariance"`` (``d <= n``, small ``d``): the ``d x d`` covariance in float64, its top
  eigenvectors by ``scipy.linalg.eigh(subset_by_index=...)``.
- ``"gram"`` (``n < d``, small ``n``): the ``n x n`` Gram matrix of the centred points in
  float64, its top eigenvectors ``u``; the axes are ``Xcᵀ u / σ``.
- ``"subspace"`` (both sides large): a thick-restarted block Krylov iteration from a seeded
  random start. Products run against the caller's float32 matrix, centred implicitly
  (``Xc v = X v - 1 (μ·v)``), until the float32 estimate settles; then the same iteration
  goes on with products in float64 (row chunks cast one at a time) until every requested
  axis ``v_i`` passes ``‖C v_i - λ_i v_i‖ / gap_i <= TOL``: by the Davis–Kahan theorem a
  bound on the sine of its angle to the exact eigenvector of ``C = Xcᵀ Xc``, where
  ``gap_i`` is the distance from ``λ_i`` to the nearest other Ritz value (less that one's
  residual). Without convergence within a budget of products (a near tie among the top
  variances, say) it falls back to the exact route and says so.

No route makes an ``(n, d)`` float64 copy: every float64 pass casts and centres a chunk of
about `CHUNK_VALUES` values at a time.
"""

from __future__ import annotations

import contextlib
import functools
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.linalg

from latent_widgets._validation import as_points, to_numpy

#: The bound on the sine of the angle between each axis of the subspace route and the exact
#: principal axis (the Davis–Kahan estimate ``residual / eigengap``).
TOL = 1e-6
#: Values in one chunk of a float64 pass (32 MiB): few, large chunks, as each BLAS call on
#: several threads can wait a scheduler tick for all of them when other work shares the cores.
CHUNK_VALUES = 1 << 22
#: Values in one chunk of a float64 product of the subspace route (4 MiB: stays in cache
#: between the chunk's two products).
CACHE_VALUES = 1 << 19
#: Up to this smaller side the exact routes always run (the eigh of 1000 x 1000 takes ~0.1 s).
EXACT_MAX_SIDE = 1000
#: Extra vectors in the subspace route's block beyond ``n_components``.
OVERSAMPLE = 10
#: Columns of the subspace route's basis, at most this many values (64 MiB in float64; its
#: image as much again); past it the iteration restarts from its Ritz vectors.
BASIS_VALUES = 1 << 23
#: The cost model, in multiply-adds of float64 GEMM. The exact routes: ``n d m`` to form the
#: matrix (``m = min(n, d)``), ``EIGH_WEIGHT m³`` for its eigh. One float32 product of the
#: subspace route (``C`` applied to a block of ``b``): ``PRODUCT_WEIGHT n d b`` (two passes
#: over ``x``, bound by memory at small ``b``); a float64 one costs ``PRECISE_COST`` of
#: those. A typical run takes ~10 float32 and 2 float64 products: ``SUBSPACE_WEIGHT n d b``.
#: Measured on 2,000 x 16,384 (2 cores): gram route 1.4 s, float32 product 37 ms (b = 12).
EIGH_WEIGHT = 5.0
PRODUCT_WEIGHT = 7.0
PRECISE_COST = 3
SUBSPACE_WEIGHT = 100.0
#: The subspace route gives up when its products would cost more than the exact route (and
#: at least this many float32 products' worth), and falls back to it.
MIN_BUDGET = 24


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
        axes, note = _subspace(x, mean, k, seed)
        if axes is not None:
            return axes
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
    with _one_blas_thread():  # faster on one thread, and much faster when cores are shared
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
    with _one_blas_thread():
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


# ----------------------------------------------------------------------------- subspace route


class _Operator:
    """``C v = Xcᵀ Xc v`` for a block ``v`` of column vectors, fast (float32) or precise."""

    def __init__(self, x: np.ndarray, mean: np.ndarray) -> None:
        self.x, self.mean = x, mean
        self.mean_fast = mean.astype(x.dtype)
        self.fast_products = self.precise_products = 0
        self.total: float | None = None  # the sum of squares, from the first precise pass

    def fast(self, v: np.ndarray) -> np.ndarray:
        """Products in the matrix's own dtype, centred implicitly (``Xc v = X v - 1 (μ·v)``)."""
        self.fast_products += 1
        vf = v.astype(self.x.dtype)
        shift = self.mean_fast @ vf

        def chunk_product(chunk: np.ndarray, out: np.ndarray, sums: np.ndarray) -> float:
            y = chunk @ vf
            y -= shift
            sums += y.sum(axis=0, dtype=np.float64)
            out += chunk.T @ y
            return 0.0

        out, sums, _ = self._by_shares(chunk_product, self.x.dtype, v.shape[1], copy=False)
        out = out.astype(np.float64)
        out -= np.outer(self.mean, sums)  # Xcᵀ y = Xᵀ y - μ (1ᵀ y)
        return out

    def precise(self, v: np.ndarray) -> np.ndarray:
        """Products in float64, a cast and centred chunk of rows at a time."""
        self.precise_products += 1
        first = self.total is None

        def chunk_product(chunk: np.ndarray, out: np.ndarray, sums: np.ndarray) -> float:
            out += chunk.T @ (chunk @ v)
            return float(np.einsum("ij,ij->", chunk, chunk)) if first else 0.0

        out, _, total = self._by_shares(chunk_product, np.float64, v.shape[1], copy=True)
        if first:
            self.total = total
        return out

    def _by_shares(self, chunk_product: Any, dtype: Any, width: int, copy: bool) -> tuple:
        """Run ``chunk_product(chunk, out, sums)`` over cache-sized chunks of rows.

        The rows are split into one contiguous share per BLAS thread, each worked through by
        a thread of its own on single-threaded BLAS, and the shares summed in order
        (deterministic). No call waits on the others, as each call of multi-threaded BLAS
        does, many times a pass, which costs a scheduler tick a call when other work shares
        the cores. ``copy``: cast and centre each chunk into a float64 buffer first.
        """
        x, (n, d) = self.x, self.x.shape
        step = max(8, CACHE_VALUES // d)

        def share(rows: range) -> tuple[np.ndarray, np.ndarray, float]:
            out, sums, total = np.zeros((d, width), dtype=dtype), np.zeros(width), 0.0
            buffer = np.empty((min(step, len(rows)), d)) if copy else None
            for start in range(rows.start, rows.stop, step):
                stop = min(start + step, rows.stop)
                chunk = x[start:stop]
                if copy:
                    chunk = np.subtract(chunk, self.mean, out=buffer[: stop - start])
                total += chunk_product(chunk, out, sums)
            return out, sums, total

        workers = max(1, min(_blas_threads(), n // step))
        edges = np.linspace(0, n, workers + 1).astype(int)
        shares = [range(edges[i], edges[i + 1]) for i in range(workers)]
        with _one_blas_thread():
            if workers == 1:
                results = [share(shares[0])]
            else:
                with ThreadPoolExecutor(workers) as pool:
                    results = list(pool.map(share, shares))
        out, sums, total = results[0]
        for more, more_sums, more_total in results[1:]:
            out += more
            sums += more_sums
            total += more_total
        return out, sums, total


@functools.cache
def _threadpools() -> Any:
    try:
        from threadpoolctl import ThreadpoolController  # comes with scikit-learn
    except ImportError:  # pragma: no cover
        return None
    return ThreadpoolController()


def _blas_threads() -> int:
    """How many threads BLAS runs on (as set by the user or its default)."""
    pools = _threadpools()
    counts = (
        []
        if pools is None
        else [lib.num_threads for lib in pools.select(user_api="blas").lib_controllers]
    )
    return max(counts, default=1)


_LIMIT_LOCK = threading.Lock()
_limit: list[Any] = []  # the limiter in force while any thread is inside _one_blas_thread
_limit_depth = 0


@contextlib.contextmanager
def _one_blas_thread() -> Iterator[None]:
    """A context in which BLAS and LAPACK run on one thread (threadpoolctl, as scikit-learn's
    KMeans does), for the small dense algebra and for the shares of `_Operator._by_shares`.
    On several threads each of their many small calls waits until every thread is
    scheduled: when other work shares the cores, the eigh of 120 x 120 then takes 50-200 ms
    instead of 1 ms. Nested and concurrent uses share one limit, lifted by the last out."""
    global _limit_depth
    pools = _threadpools()
    if pools is None:  # pragma: no cover
        yield
        return
    with _LIMIT_LOCK:
        if _limit_depth == 0:
            _limit.append(pools.limit(limits=1, user_api="blas"))
        _limit_depth += 1
    try:
        yield
    finally:
        with _LIMIT_LOCK:
            _limit_depth -= 1
            if _limit_depth == 0:
                _limit.pop().restore_original_limits()


def _orthonormalise(block: np.ndarray, basis: np.ndarray | None) -> np.ndarray:
    """An orthonormal basis of ``block`` with ``basis`` projected out, orthogonal to ``basis``.

    Two rounds of projection and Gram-matrix orthonormalisation (``block W Λ^-1/2`` from
    the eigh of ``blockᵀ block``: two large products, no LAPACK QR of a tall matrix, whose
    many small calls stall when other work shares the cores). Directions that are already
    (to 1e-6 relative) in the span are dropped, so the result may have fewer columns.
    """
    norms = np.linalg.norm(block, axis=0)
    block = block[:, norms > 0] / norms[norms > 0]
    for round_ in range(2):
        if basis is not None and basis.shape[1]:
            block = block - basis @ (basis.T @ block)
        values, vectors = np.linalg.eigh(block.T @ block)
        keep = values > (1e-12 if round_ == 0 else 1e-24) * max(block.shape[1], 1)
        block = block @ (vectors[:, keep] / np.sqrt(values[keep]))
    return block


def _estimates(theta: np.ndarray, residual: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Davis–Kahan bounds ``residual_i / gap_i`` for the top ``k`` Ritz pairs, and the gaps.

    ``gap_i`` is the distance from ``theta_i`` to the nearest other of the top ``k + 1``
    Ritz values, less that value's residual (an eigenvalue lies within it)."""
    near = min(k + 1, len(theta))
    gaps = np.full(k, np.inf)
    for i in range(k):
        for j in range(near):
            if j != i:
                gaps[i] = min(gaps[i], abs(theta[i] - theta[j]) - residual[j])
    bound = np.full(k, np.inf)
    positive = gaps > 0
    bound[positive] = residual[:k][positive] / gaps[positive]
    return bound, gaps


def _subspace(x: np.ndarray, mean: np.ndarray, k: int, seed: int, tol: float = TOL):
    """Thick-restarted block Krylov (Lanczos) iteration; returns ``(Axes or None, note)``.

    The basis ``q`` grows by a block of ``b = k + OVERSAMPLE`` residual directions a step,
    ``cq = C q`` along with it; Rayleigh–Ritz on ``h = qᵀ C q`` in float64 gives the Ritz
    pairs and their residuals. Past ``max_basis`` columns it restarts from the top ``b``
    Ritz vectors. Fast products run until the bounds reach ``tol`` or the residuals stop
    falling (float32's floor); then it restarts from the Ritz vectors with precise products,
    which go on until every bound is at most ``tol``. It gives up when the products spent
    and those the rate of convergence says are still needed would cost more than the exact
    route (`_budget`), or when there is nothing left to add to the basis.
    """
    # Long on purpose: every step reads and updates the same state (the basis and its image,
    # the bounds of the last step, the phase, the products spent against the budget); split
    # into functions, that state would travel through a dozen arguments and return values.
    n, d = x.shape
    m = min(n, d)
    block = min(k + OVERSAMPLE, m)
    max_basis = max(3 * block, min(20 * block, m, max(1, BASIS_VALUES // d)))
    budget = _budget(n, d, block)
    op = _Operator(x, mean)
    precise = x.dtype == np.float64  # nothing faster than float64 products then
    apply = op.precise if precise else op.fast
    # the basis is q[:, :size], its image cq[:, :size]; room for more is made as it grows
    q, cq, h = np.empty((d, 0)), np.empty((d, 0)), np.empty((0, 0))
    start = np.random.default_rng(seed).standard_normal((d, block))
    new, size = _orthonormalise(start, None), 0
    last_bound = last_residual = np.inf
    while True:
        c_new = apply(new)
        with _one_blas_thread():  # the small dense algebra; the passes above use all
            grown = size + new.shape[1]
            if grown > q.shape[1]:
                room = min(max_basis, max(grown, 2 * q.shape[1], 12 * block))
                q, cq, h = (
                    _with_room(q, (d, room), d, size),
                    _with_room(cq, (d, room), d, size),
                    _with_room(h, (room, room), size, size),
                )
            q[:, size:grown], cq[:, size:grown] = new, c_new
            h[:grown, size:grown] = q[:, :grown].T @ c_new
            h[size:grown, :size] = h[:size, size:grown].T
            size = grown
            theta, w = np.linalg.eigh((h[:size, :size] + h[:size, :size].T) / 2)
            theta, w = theta[::-1], w[:, ::-1][:, :block]
            ritz, c_ritz = q[:, :size] @ w, cq[:, :size] @ w
            residual_vectors = c_ritz - ritz * theta[:block]
            residual = np.linalg.norm(residual_vectors, axis=0)
            bound, gaps = _estimates(theta, residual, k)
            worst = float(bound.max())
            relative = float(residual[: k + 1].max()) / max(float(theta[0]), np.finfo(float).tiny)
            spent = op.fast_products + PRECISE_COST * op.precise_products
            if precise:
                if worst <= tol:
                    break
                if np.isfinite(worst):
                    steps = _steps(worst, last_bound, tol) if np.isfinite(last_bound) else 1.0
                else:  # no gap yet: the next Ritz value has not settled (or ties)
                    steps = 1.0 if spent < budget / 2 and relative > 1e-12 else np.inf
                if spent + PRECISE_COST * steps > budget:
                    products = (
                        f"{op.fast_products} float32 and {op.precise_products} float64 products"
                    )
                    smallest = float(np.min(gaps)) / max(float(theta[0]), np.finfo(float).tiny)
                    return None, (
                        f"the subspace iteration did not converge in {products} (largest "
                        f"estimated angle error {worst:.1e} > {tol:.0e}; smallest eigengap "
                        f"{smallest:.1e} of the largest variance)"
                    )
            else:
                stalled = relative < 1e-4 and relative > 0.8 * last_residual  # float32's floor
                if worst <= tol or stalled or spent + 2 * PRECISE_COST >= budget:
                    # float32 has done what it can: go on in float64 from the Ritz vectors
                    precise, apply = True, op.precise
                    new, size, last_bound = ritz, 0, np.inf
                    continue
                # the float32 phase ends near a relative residual of 1e-7: if the rate so far
                # (convergence only speeds up) says that is past the budget, give up now
                steps = _steps(relative, last_residual, 1e-7)
                if op.fast_products > 3 and np.isfinite(steps) and spent + steps > budget:
                    return None, (
                        f"the subspace iteration converged too slowly (estimated angle error "
                        f"{worst:.1e} after {op.fast_products} float32 products)"
                    )
            last_bound, last_residual = worst, relative
            if size + block > max_basis:  # thick restart from the Ritz vectors
                q[:, :block], cq[:, :block] = ritz, c_ritz
                h[:block, :block] = np.diag(theta[:block])
                size = block
            new = _orthonormalise(residual_vectors, q[:, :size])
            if not new.shape[1]:  # the basis spans an invariant subspace: nothing to add
                if precise:
                    return None, "the subspace iteration found no new directions"
                precise, apply = True, op.precise
                new, size, last_bound = ritz, 0, np.inf
    total = op.total  # set by the first precise product: the loop ends in precise mode
    note = (
        f"block Krylov subspace iteration, {op.fast_products} float32 and "
        f"{op.precise_products} float64 products; largest estimated angle error "
        f"{worst:.1e} <= {tol:.0e}"
    )
    return Axes(ritz[:, :k].T.copy(), theta[:k].copy(), total, "subspace", note), note


def _with_room(array: np.ndarray, shape: tuple[int, int], rows: int, used: int) -> np.ndarray:
    """A new array of ``shape`` holding ``array[:rows, :used]``."""
    out = np.empty(shape)
    out[:rows, :used] = array[:rows, :used]
    return out


def _budget(n: int, d: int, block: int) -> float:
    """Products (float64 ones count `PRECISE_COST`) worth spending: about the exact route's cost."""
    m = min(n, d)
    exact = n * d * m + EIGH_WEIGHT * m**3
    return max(MIN_BUDGET, exact / (PRODUCT_WEIGHT * n * d * block))


def _steps(now: float, before: float, tol: float) -> float:
    """Steps from ``now`` down to ``tol`` at the rate ``now / before`` (inf if not falling)."""
    rate = now / before if before > 0 else np.inf
    if not 0 < rate < 1:
        return np.inf
    return max(0.0, np.log(tol / now) / np.log(rate))
