"""BLAS on one thread where many small calls would wait on each other (threadpoolctl).

On several threads every BLAS or LAPACK call waits until all its threads are scheduled: when
other work shares the cores, each of the many small calls of an eigh or a QR then costs a
scheduler tick. The PCA solver runs its small dense algebra, and each share of its large
products, inside `one_blas_thread`.
"""

from __future__ import annotations

import contextlib
import functools
import threading
from collections.abc import Iterator
from typing import Any

__all__ = ["blas_threads", "one_blas_thread"]


@functools.cache
def _threadpools() -> Any:
    try:
        from threadpoolctl import ThreadpoolController  # comes with scikit-learn
    except ImportError:  # pragma: no cover
        return None
    return ThreadpoolController()


def blas_threads() -> int:
    """How many threads BLAS runs on (as set by the user or its default)."""
    pools = _threadpools()
    counts = (
        []
        if pools is None
        else [lib.num_threads for lib in pools.select(user_api="blas").lib_controllers]
    )
    return max(counts, default=1)


_LIMIT_LOCK = threading.Lock()
_limit: list[Any] = []  # the limiter in force while any thread is inside one_blas_thread
_limit_depth = 0


@contextlib.contextmanager
def one_blas_thread() -> Iterator[None]:
    """A context in which BLAS and LAPACK run on one thread (threadpoolctl, as scikit-learn's
    KMeans does), for the small dense algebra and for each share of the large products of
    `latent_widgets.projection.pca_krylov`.
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
