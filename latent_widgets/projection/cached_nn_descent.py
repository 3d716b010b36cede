"""pynndescent's NN-descent, compiled once into numba's disk cache instead of in every kernel.

A fit of more than 4,096 latents finds their neighbours with pynndescent's ``nn_descent``,
and numba compiled it anew in every kernel: ~21 s of the 27 s the first neighbour search of
100,000 × 32 latents took, for a search of 5 s. Two things kept it out of the cache:

1. ``nn_descent`` asks numba for its thread count inside jitted code, and numba's
   ``get_num_threads`` did so through a ctypes pointer (this process's address of the
   threading layer's function), which numba refuses to cache ("uses dynamic globals").
   `link_thread_count_by_name` makes it call the same C function through the symbol numba
   registers for it (``get_num_threads``, as numba's own parallel loops do), which the
   cache can link again in another process.
2. Its distance function is an argument, and a signature naming a jitted function names one
   process's object (`latent_widgets.projection.umap.takes_a_function`). Here the distance is
   fixed at compile time instead: `descend_squared_euclidean` calls ``nn_descent`` with
   pynndescent's ``squared_euclidean`` (what it searches with for the Euclidean metric).
   numba writes such a function, wherever it is a value (an argument passed on, a parallel
   loop's free variable), as the address of its Python object, which nothing in this code
   reads: calls to it are resolved when compiling, by name. While `descend_squared_euclidean`
   compiles, `dispatchers_as_values_without_address` writes a null pointer there instead.

`install_cached_nn_descent` makes ``pynndescent.pynndescent_.nn_descent`` (as ``NNDescent``
calls it) go through `descend_squared_euclidean` for that distance, a fresh graph and no
printing; every other call reaches pynndescent's own. The compiled code is pynndescent's own
function, with the same arguments: the neighbours are the same, bit for bit.
"""

from __future__ import annotations

import contextlib
import inspect
import threading
from collections.abc import Iterator
from typing import Any

import numba
import numpy as np
from numba.np.ufunc import parallel as numba_parallel
from pynndescent import distances as pynnd_distances
from pynndescent import pynndescent_

from latent_widgets.projection.thread_state import set_in_this_thread

__all__ = ["descend_squared_euclidean", "dispatchers_as_values_without_address",
           "install_cached_nn_descent", "link_thread_count_by_name"]

#: pynndescent's own ``nn_descent``, before `install_cached_nn_descent` wraps it.
ORIGINAL_NN_DESCENT = getattr(pynndescent_.nn_descent, "_latent_widgets_original",
                              pynndescent_.nn_descent)
SQUARED_EUCLIDEAN = pynnd_distances.squared_euclidean

#: ``nn_descent``'s parameters, in the order `descend_squared_euclidean` passes them
#: (pynndescent 0.7); another pynndescent's search is left as it is.
NN_DESCENT_PARAMETERS = ("data", "n_neighbors", "rng_state", "max_candidates", "dist",
                         "n_iters", "delta", "init_graph", "rp_tree_init", "leaf_array",
                         "low_memory", "verbose", "kernel")


def link_thread_count_by_name() -> bool:
    """Make jitted code that calls ``numba.get_num_threads()`` cacheable.

    numba's implementation of ``get_num_threads`` for jitted code calls
    ``numba.np.ufunc.parallel._get_num_threads``, a ctypes function: its address is this
    process's, so numba will not cache a function that uses it. Replaced here (once, after
    the threading layer is launched) by a jitted function calling the C function by the name
    numba registers it under; from Python it returns the same count. Idempotent.

    Returns
    -------
    bool
        Whether the replacement is in place (``False`` on a numba without these internals,
        where nothing is changed and such functions stay uncached).
    """
    current = getattr(numba_parallel, "_get_num_threads", None)
    if getattr(current, "_latent_widgets_by_name", False):
        return True
    if not all(hasattr(numba_parallel, name) for name in ("_iget_num_threads", "_launch_threads")):
        return False
    numba_parallel._launch_threads()  # registers the symbol, sets _get_num_threads
    numba_parallel._get_num_threads = thread_count_by_name
    return True


@numba.njit(cache=True)
def thread_count_by_name():  # pragma: no cover - jitted
    """This thread's numba thread count, from the threading layer's ``get_num_threads``."""
    return numba_parallel._iget_num_threads()


thread_count_by_name._latent_widgets_by_name = True  # type: ignore[attr-defined]


@numba.njit(cache=True)
def descend_squared_euclidean(data, n_neighbors, rng_state, max_candidates, n_iters, delta,
                              init_graph, rp_tree_init, leaf_array, kernel):  # pragma: no cover
    """pynndescent's ``nn_descent`` under its squared Euclidean distance, without printing.

    Parameters are ``nn_descent``'s, less ``dist``, ``low_memory`` (unused by it) and
    ``verbose``; returns its ``(indices, distances, flags)`` graph.
    """
    return ORIGINAL_NN_DESCENT(data, n_neighbors, rng_state, max_candidates, SQUARED_EUCLIDEAN,
                               n_iters, delta, init_graph, rp_tree_init, leaf_array, True,
                               False, kernel)


_WITHOUT_ADDRESS = threading.local()  # .on: this thread's compiles write no function address


def _install_dispatcher_constant() -> bool:
    """Put a function that honours `_WITHOUT_ADDRESS` in front of numba's lowering of a
    jitted function used as a value (``lower_constant`` for ``types.Dispatcher``). Once."""
    from llvmlite import ir
    from numba.core import types
    from numba.core.registry import cpu_target

    context = cpu_target.target_context
    context.refresh()
    chooser = context._get_constants
    for position, (signature, lower) in enumerate(chooser.versions):
        if tuple(signature) != (types.Dispatcher,):
            continue
        if getattr(lower, "_latent_widgets_without_address", False):
            return True

        def lower_dispatcher(context: Any, builder: Any, type_: Any, value: Any,
                             numba_own: Any = lower) -> Any:
            if getattr(_WITHOUT_ADDRESS, "on", False):
                return ir.Constant(ir.IntType(8).as_pointer(), None)
            return numba_own(context, builder, type_, value)

        lower_dispatcher._latent_widgets_without_address = True  # type: ignore[attr-defined]
        chooser.versions[position] = (signature, lower_dispatcher)
        chooser._cache.clear()
        return True
    return False


@contextlib.contextmanager
def dispatchers_as_values_without_address() -> Iterator[None]:
    """While inside, what this thread compiles writes a jitted function used as a value as a
    null pointer, not its object's address (which would keep the code out of the cache).

    Only for code that calls such functions and never hands them back to Python.
    """
    with set_in_this_thread(_WITHOUT_ADDRESS, "on", True):
        yield


def install_cached_nn_descent() -> bool:
    """Route pynndescent's Euclidean NN-descent through `descend_squared_euclidean`.

    ``pynndescent.pynndescent_.nn_descent`` becomes a function that calls
    `descend_squared_euclidean` for the squared Euclidean distance, a dense matrix, a leaf
    array and no printing, and pynndescent's own ``nn_descent`` otherwise. Needs
    ``nn_descent`` to take `NN_DESCENT_PARAMETERS`, `link_thread_count_by_name` and numba's
    lowering of jitted functions as values (`dispatchers_as_values_without_address`);
    without them nothing is changed. Idempotent.

    Returns
    -------
    bool
        Whether NN-descent now goes through the cached function.
    """
    if getattr(pynndescent_.nn_descent, "_latent_widgets_original", None) is not None:
        return True
    signature = inspect.signature(ORIGINAL_NN_DESCENT.py_func)
    if tuple(signature.parameters) != NN_DESCENT_PARAMETERS:
        return False
    if not (link_thread_count_by_name() and _install_dispatcher_constant()):
        return False

    def nn_descent(*args: Any, **kwargs: Any) -> Any:
        call = signature.bind(*args, **kwargs)
        call.apply_defaults()
        given = call.arguments
        if not cacheable_call(given):
            return ORIGINAL_NN_DESCENT(*args, **kwargs)
        with dispatchers_as_values_without_address():
            return descend_squared_euclidean(
                given["data"], given["n_neighbors"], given["rng_state"],
                given["max_candidates"], given["n_iters"], given["delta"], given["init_graph"],
                given["rp_tree_init"], given["leaf_array"], given["kernel"])

    nn_descent._latent_widgets_original = ORIGINAL_NN_DESCENT  # type: ignore[attr-defined]
    pynndescent_.nn_descent = nn_descent
    return True


def cacheable_call(given: dict[str, Any]) -> bool:
    """Whether an ``nn_descent`` call (its bound arguments) is one the cached function makes."""
    return (given["dist"] is SQUARED_EUCLIDEAN and not given["verbose"]
            and isinstance(given["data"], np.ndarray) and given["data"].ndim == 2
            and isinstance(given["leaf_array"], np.ndarray)
            and isinstance(given["init_graph"], tuple))
