"""The subspace route of the PCA solver: a thick-restarted block Krylov (Lanczos) iteration.

For latents large on both sides (see `latent_widgets.projection.pca_solver`): products with
``C = Xcᵀ Xc`` against the caller's float32 matrix, centred implicitly (``Xc v = X v -
1 (μ·v)``), until the float32 estimate settles; then the same iteration goes on with float64
products (row chunks cast one at a time) until every requested axis ``v_i`` passes
``‖C v_i - λ_i v_i‖ / gap_i <= TOL``, the Davis–Kahan bound on the sine of its angle to the
exact eigenvector. It gives up, saying why, when the products it would still need cost more
than the exact route.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np

from latent_widgets.projection.blas_threads import blas_threads, one_blas_thread

__all__ = ["TOL", "subspace_axes"]

#: The bound on the sine of the angle between each axis of the subspace route and the exact
#: principal axis (the Davis–Kahan estimate ``residual / eigengap``).
TOL = 1e-6
#: Values in one chunk of a float64 product of the subspace route (4 MiB: stays in cache
#: between the chunk's two products).
CACHE_VALUES = 1 << 19
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
#: What a check of one step of the iteration decides, besides a failure in words.
GO_ON, DONE, TO_FLOAT64 = "", "done", "to float64"


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

        workers = max(1, min(blas_threads(), n // step))
        edges = np.linspace(0, n, workers + 1).astype(int)
        shares = [range(edges[i], edges[i + 1]) for i in range(workers)]
        with one_blas_thread():
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



def subspace_axes(x: np.ndarray, mean: np.ndarray, k: int, seed: int, tol: float = TOL):
    """The top ``k`` principal axes of ``x`` about ``mean`` by the iteration (`_Krylov`).

    Returns
    -------
    tuple
        ``((components (k, d), variances (k,), total sum of squares) or None, note)``: None,
        with why in the note, when it gave up.
    """
    return _Krylov(x, mean, k, seed, tol).solve()


class _Krylov:
    """Thick-restarted block Krylov (Lanczos) iteration, its state between steps.

    The basis ``q`` grows by a block of ``b = k + OVERSAMPLE`` residual directions a step,
    ``cq = C q`` along with it; Rayleigh–Ritz on ``h = qᵀ C q`` in float64 gives the Ritz
    pairs and their residuals. Past ``max_basis`` columns it restarts from the top ``b``
    Ritz vectors. Fast products run until the bounds reach ``tol`` or the residuals stop
    falling (float32's floor); then it restarts from the Ritz vectors with precise products,
    which go on until every bound is at most ``tol``. It gives up when the products spent
    and those the rate of convergence says are still needed would cost more than the exact
    route (`_budget`), or when there is nothing left to add to the basis.
    """

    def __init__(self, x: np.ndarray, mean: np.ndarray, k: int, seed: int, tol: float) -> None:
        n, d = x.shape
        m = min(n, d)
        self.k, self.tol, self.d = k, tol, d
        self.block = min(k + OVERSAMPLE, m)
        self.max_basis = max(3 * self.block, min(20 * self.block, m, max(1, BASIS_VALUES // d)))
        self.budget = _budget(n, d, self.block)
        self.op = _Operator(x, mean)
        self.precise = x.dtype == np.float64  # nothing faster than float64 products then
        self.apply = self.op.precise if self.precise else self.op.fast
        # the basis is q[:, :size], its image cq[:, :size]; room for more is made as it grows
        self.q, self.cq, self.h = np.empty((d, 0)), np.empty((d, 0)), np.empty((0, 0))
        start = np.random.default_rng(seed).standard_normal((d, self.block))
        self.new, self.size = _orthonormalise(start, None), 0
        self.last_bound = self.last_residual = np.inf

    def solve(self) -> tuple[tuple | None, str]:
        """Iterate until converged or given up; see `subspace_axes`."""
        while True:
            c_new = self.apply(self.new)
            with one_blas_thread():  # the small dense algebra; the passes above use all
                self._rayleigh_ritz(c_new)
                verdict = self._precise_verdict() if self.precise else self._fast_verdict()
                if verdict == DONE:
                    break
                if verdict == TO_FLOAT64:
                    self._to_float64()
                    continue
                if verdict != GO_ON:
                    return None, verdict
                self.last_bound, self.last_residual = self.worst, self.relative
                failure = self._next_block()
                if failure:
                    return None, failure
        note = (
            f"block Krylov subspace iteration, {self.op.fast_products} float32 and "
            f"{self.op.precise_products} float64 products; largest estimated angle error "
            f"{self.worst:.1e} <= {self.tol:.0e}"
        )
        # op.total is set by the first precise product: the loop ends in precise mode
        axes = (self.ritz[:, : self.k].T.copy(), self.theta[: self.k].copy(), self.op.total)
        return axes, note

    def _rayleigh_ritz(self, c_new: np.ndarray) -> None:
        """Add ``new`` and its image to the basis; the Ritz pairs, residuals and bounds."""
        d, size, new = self.d, self.size, self.new
        grown = size + new.shape[1]
        if grown > self.q.shape[1]:
            room = min(self.max_basis, max(grown, 2 * self.q.shape[1], 12 * self.block))
            self.q, self.cq, self.h = (
                _with_room(self.q, (d, room), d, size),
                _with_room(self.cq, (d, room), d, size),
                _with_room(self.h, (room, room), size, size),
            )
        q, h = self.q, self.h
        q[:, size:grown], self.cq[:, size:grown] = new, c_new
        h[:grown, size:grown] = q[:, :grown].T @ c_new
        h[size:grown, :size] = h[:size, size:grown].T
        self.size = size = grown
        theta, w = np.linalg.eigh((h[:size, :size] + h[:size, :size].T) / 2)
        theta, w = theta[::-1], w[:, ::-1][:, : self.block]
        self.theta, self.ritz, self.c_ritz = theta, q[:, :size] @ w, self.cq[:, :size] @ w
        self.residual_vectors = self.c_ritz - self.ritz * theta[: self.block]
        residual = np.linalg.norm(self.residual_vectors, axis=0)
        bound, self.gaps = _estimates(theta, residual, self.k)
        self.worst = float(bound.max())
        largest = max(float(theta[0]), np.finfo(float).tiny)
        self.relative = float(residual[: self.k + 1].max()) / largest
        self.spent = self.op.fast_products + PRECISE_COST * self.op.precise_products

    def _precise_verdict(self) -> str:
        """DONE when every bound is within ``tol``; a failure when the budget says so."""
        if self.worst <= self.tol:
            return DONE
        if np.isfinite(self.worst):
            last = self.last_bound
            steps = _steps(self.worst, last, self.tol) if np.isfinite(last) else 1.0
        else:  # no gap yet: the next Ritz value has not settled (or ties)
            steps = 1.0 if self.spent < self.budget / 2 and self.relative > 1e-12 else np.inf
        if self.spent + PRECISE_COST * steps <= self.budget:
            return GO_ON
        op = self.op
        products = f"{op.fast_products} float32 and {op.precise_products} float64 products"
        smallest = float(np.min(self.gaps)) / max(float(self.theta[0]), np.finfo(float).tiny)
        return (
            f"the subspace iteration did not converge in {products} (largest "
            f"estimated angle error {self.worst:.1e} > {self.tol:.0e}; smallest eigengap "
            f"{smallest:.1e} of the largest variance)"
        )

    def _fast_verdict(self) -> str:
        """TO_FLOAT64 once float32 has done what it can; a failure when too slow."""
        stalled = self.relative < 1e-4 and self.relative > 0.8 * self.last_residual
        if self.worst <= self.tol or stalled or self.spent + 2 * PRECISE_COST >= self.budget:
            return TO_FLOAT64
        # the float32 phase ends near a relative residual of 1e-7: if the rate so far
        # (convergence only speeds up) says that is past the budget, give up now
        steps = _steps(self.relative, self.last_residual, 1e-7)
        if self.op.fast_products > 3 and np.isfinite(steps) and self.spent + steps > self.budget:
            return (
                f"the subspace iteration converged too slowly (estimated angle error "
                f"{self.worst:.1e} after {self.op.fast_products} float32 products)"
            )
        return GO_ON

    def _to_float64(self) -> None:
        """Go on with precise products, from the Ritz vectors."""
        self.precise, self.apply = True, self.op.precise
        self.new, self.size, self.last_bound = self.ritz, 0, np.inf

    def _next_block(self) -> str:
        """The next directions to add (after a thick restart when the basis is full); a
        failure when there are none in float64."""
        block = self.block
        if self.size + block > self.max_basis:  # thick restart from the Ritz vectors
            self.q[:, :block], self.cq[:, :block] = self.ritz, self.c_ritz
            self.h[:block, :block] = np.diag(self.theta[:block])
            self.size = block
        self.new = _orthonormalise(self.residual_vectors, self.q[:, : self.size])
        if not self.new.shape[1]:  # the basis spans an invariant subspace: nothing to add
            if self.precise:
                return "the subspace iteration found no new directions"
            self._to_float64()
        return ""


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
