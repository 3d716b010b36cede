"""UMAP (umap-learn), seeded, with a fast inverse for clicks on the map.

umap-learn is imported lazily (its first import compiles with numba). The default inverse is a
`KNNInverse`, exact at the data points, more accurate on held-out latents and over 10,000
times faster than umap-learn's own inverse (0.05 ms against 1.3 s a click on the digits; see
``benchmarks/README.md``, section "projection").
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
import threading
import warnings
from pathlib import Path
from typing import Any

import numpy as np

from latent_widgets._validation import as_points, not_fitted
from latent_widgets.projection.exact_knn import ExactNeighbourIndex, exact_neighbours, worth_exact
from latent_widgets.projection.knn_inverse import KNNInverse
from latent_widgets.projection.umap_layout import install_seeded_layout, seeded_component_layout


def numba_cache_dir() -> str:
    """Choose (and create) the folder numba caches compiled code in, for umap-learn.

    ``NUMBA_CACHE_DIR`` when set; otherwise ``$XDG_CACHE_HOME/latent_widgets/numba``
    (``~/.cache/latent_widgets/numba``), falling back to a per-user folder in the temporary
    directory when the home folder cannot be written.

    Returns
    -------
    str
        The folder, or ``NUMBA_CACHE_DIR`` as given.
    """
    given = os.environ.get("NUMBA_CACHE_DIR")
    if given:
        return given
    try:
        cache_home = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    except (RuntimeError, KeyError):  # no home folder known
        cache_home = tempfile.gettempdir()
    user = getattr(os, "getuid", lambda: "user")()
    candidates = [
        Path(cache_home) / "latent_widgets" / "numba",
        Path(tempfile.gettempdir()) / f"latent_widgets-numba-{user}",
    ]
    for folder in candidates:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            probe = folder / f".write-probe-{os.getpid()}"
            probe.touch()
            probe.unlink()
        except OSError:
            continue
        return str(folder)
    return tempfile.mkdtemp(prefix="latent_widgets-numba-")


def _import_umap() -> Any:
    """Import umap-learn, with numba's cache pointed at `numba_cache_dir` first.

    The first import in a fresh cache compiles for ~14 s; later ones read the cache (<1 s).
    The first call also turns caching on for what a fit compiles (`cache_compiled_functions`,
    and pynndescent's NN-descent through `latent_widgets.projection.cached_nn_descent`), lets
    fits lay out a graph's components the same way every time (`install_seeded_layout`)
    and lets them optimise their layout on every core (`install_blocked_layout`).
    """
    global _CACHING_ON
    if "umap" not in sys.modules and not os.environ.get("NUMBA_CACHE_DIR"):
        os.environ["NUMBA_CACHE_DIR"] = numba_cache_dir()
        if "numba" in sys.modules:  # already imported: make it read the variable again
            sys.modules["numba"].core.config.reload_config()
    import umap

    # numba: after the cache folder
    from latent_widgets.projection import cached_nn_descent, parallel_layout

    with _CACHING_LOCK:  # once, before any fit of this process compiles
        if not _CACHING_ON:
            cache_compiled_functions(("umap", "pynndescent"))
            cached_nn_descent.install_cached_nn_descent()
            install_seeded_layout()
            parallel_layout.install_blocked_layout()
            _CACHING_ON = True
    return umap


_CACHING_LOCK = threading.Lock()
_CACHING_ON = False


#: numba's warning for a function `cache_compiled_functions` asked to cache that cannot be
#: (those of pynndescent's that take a distance function and run parallel loops hold its
#: address): it is compiled as before, uncached.
UNCACHEABLE = "Cannot cache compiled function"


def cache_compiled_functions(packages: tuple[str, ...]) -> int:
    """Make numba cache to disk every jitted function of ``packages`` that does not already.

    umap-learn 0.5 and pynndescent compile most of what a fit runs without ``cache=True``, so
    every new kernel spent ~10 s compiling them again (the import's own cache did not cover
    them). Turned on here, the first fit in a fresh kernel reads them from the cache in
    `numba_cache_dir`. The machine code is the one numba would compile: maps are unchanged.

    A function wrapped by two dispatchers with different options (umap's serial and parallel
    layout epoch) would share one cache file, so only the serial one is cached. Signatures
    with a jitted function among their arguments are not cached (`only_reusable_signatures`).

    Parameters
    ----------
    packages : tuple of str
        Top-level package names whose imported modules are searched.

    Returns
    -------
    int
        How many dispatchers had caching turned on.
    """
    from numba.core.caching import NullCache
    from numba.core.registry import CPUDispatcher

    by_function: dict[int, list[Any]] = {}
    for name, module in list(sys.modules.items()):
        if module is None or name.split(".")[0] not in packages:
            continue
        for value in list(vars(module).values()):
            if isinstance(value, CPUDispatcher):
                same = by_function.setdefault(id(value.py_func), [])
                if all(value is not seen for seen in same):
                    same.append(value)
    turned_on = 0
    for dispatchers in by_function.values():
        serial = [d for d in dispatchers if not d.targetoptions.get("parallel")]
        chosen = dispatchers if len(dispatchers) == 1 else serial[:1] if len(serial) == 1 else []
        for dispatcher in chosen:
            # numba's own switch behind cache=True; a numba without it only loses the speed-up
            cache = getattr(dispatcher, "_cache", None)
            if isinstance(cache, NullCache) and not dispatcher.signatures and hasattr(
                dispatcher, "enable_caching"
            ):
                dispatcher.enable_caching()
                only_reusable_signatures(dispatcher._cache)
                turned_on += 1
    return turned_on


def takes_a_function(signature: Any) -> bool:
    """Whether a compiled signature has a jitted function among its argument types.

    Such a type names the function object of one process (pynndescent passes its distance
    function down to half its functions this way), so a cache entry for it is never found by
    another process.
    """
    from numba.core import types

    arguments = getattr(signature, "args", signature)
    return any(isinstance(argument, (types.Dispatcher, types.FunctionType))
               for argument in arguments)


def only_reusable_signatures(cache: Any) -> None:
    """Make ``cache`` neither save nor look up the signatures `takes_a_function`.

    Saved, each new kernel added another copy that no later one would read: pynndescent's
    NN-descent wrote ~1 MB into the cache folder at every fit.
    """
    save, load = cache.save_overload, cache.load_overload

    def save_overload(sig: Any, data: Any) -> None:
        if not takes_a_function(sig):
            save(sig, data)

    def load_overload(sig: Any, target_context: Any) -> Any:
        return None if takes_a_function(sig) else load(sig, target_context)

    cache.save_overload, cache.load_overload = save_overload, load_overload


#: umap-learn finds the neighbours of fewer points than this from all their distances, which
#: it computes one pair at a time through scikit-learn's Python loop (3 s for the digits).
SMALL_DATA_POINTS = 4096


def uses_exact_distances(n_points: int, umap_kwargs: dict[str, Any]) -> bool:
    """Whether `UMAP` hands umap-learn the Euclidean distance matrix itself.

    It does for the data umap-learn would treat as small (``n_points < SMALL_DATA_POINTS``)
    under its default metric: the same exact neighbours as umap-learn's own small-data path,
    computed in C (`scipy.spatial.distance.cdist`) instead of pair by pair in Python.

    Parameters
    ----------
    n_points : int
        How many latents are fitted.
    umap_kwargs : dict
        The keyword arguments for ``umap.UMAP``.

    Returns
    -------
    bool
    """
    metric = umap_kwargs.get("metric", "euclidean")
    return n_points < SMALL_DATA_POINTS and metric == "euclidean" and not umap_kwargs.get(
        "force_approximation_algorithm", False
    )


def euclidean_distances(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Exact Euclidean distances between the rows of ``a`` and ``b``, in float64.

    The direct formula (no ``|a|² + |b|² - 2ab`` shortcut, which loses the small distances
    that decide nearest neighbours to cancellation).
    """
    from scipy.spatial.distance import cdist

    return cdist(a.astype(np.float64), b.astype(np.float64))


def uses_exact_neighbours(shape: tuple[int, int], umap_kwargs: dict[str, Any]) -> bool:
    """Whether `UMAP` finds the neighbours of more points than `SMALL_DATA_POINTS` itself.

    It does under the default metric while an exact search is expected to be faster than
    umap-learn's approximate one (`latent_widgets.projection.exact_knn.worth_exact`): the
    map is then built on the true neighbours instead of NN-descent's.

    Parameters
    ----------
    shape : (int, int)
        Points and columns of the fitted latents.
    umap_kwargs : dict
        The keyword arguments for ``umap.UMAP``.

    Returns
    -------
    bool
    """
    n_points, dim = shape
    metric = umap_kwargs.get("metric", "euclidean")
    return (n_points >= SMALL_DATA_POINTS and metric == "euclidean"
            and "precomputed_knn" not in umap_kwargs and worth_exact(n_points, dim)
            and not umap_kwargs.get("force_approximation_algorithm", False))


#: From this many latents on, `UMAP`'s ``layout="auto"`` optimises the map on every core:
#: where umap-learn runs 200 epochs and its single-threaded layout takes tens of seconds.
BLOCKED_LAYOUT_POINTS = 10_000

#: Fewer points than this give umap-learn's spectral layout nothing to work with (it fails
#: inside scipy on 3 points).
MIN_UMAP_POINTS = 4


class UMAP:
    """UMAP projection (umap-learn), seeded, with a fast inverse for clicks on the map.

    umap-learn is imported on the first `fit`, not with this module.

    Parameters
    ----------
    n_neighbors : int
        The size of the neighbourhoods UMAP keeps; needs at least ``n_neighbors + 1`` points.
    min_dist : float
        How tightly UMAP packs points together in the map.
    seed : int
        The random state: the same seed and data give the same embedding, on any machine and
        thread count. A seeded umap-learn finds neighbours on one thread; ``layout`` says
        how the map is optimised.
    layout : {"auto", "umap-learn", "blocks"}
        How the map is optimised once the graph is built. ``"umap-learn"``: umap-learn's own
        epochs, on one thread. ``"blocks"``: the same epochs split into blocks of points run
        on every core (`latent_widgets.projection.parallel_layout`), the same map whatever
        the thread count. ``"auto"``: ``"blocks"`` from `BLOCKED_LAYOUT_POINTS` latents on,
        ``"umap-learn"`` below.
    inverse : {"auto", "knn", "umap"}
        How `inverse_transform` maps positions back to latents. ``"knn"``: a
        `KNNInverse` (``k=8``, weights ``1 / distance``) over the fitted points, exact at a
        data point, ~0.1 ms a point. ``"umap"``: umap-learn's own ``inverse_transform``,
        which re-triangulates the whole map and re-compiles its optimiser on every call (~1 s
        a point at 1.6k points, ~6 s at 10k) and is less accurate on held-out latents.
        ``"auto"`` is ``"knn"``.
    **umap_kwargs
        Passed to ``umap.UMAP``, for example ``metric="cosine"`` or ``n_components=3``.

    Attributes
    ----------
    embedding_ : numpy.ndarray
        ``(n, n_components)`` float32, the map of the fitted latents.
    umap_ : umap.UMAP
        The fitted umap-learn estimator.
    layout_ : str
        ``"umap-learn"`` or ``"blocks"``, what ``layout`` resolved to.
    inverse_method_ : str
        ``"knn"`` or ``"umap"``, what ``inverse`` resolved to.
    knn_inverse_ : KNNInverse or None
        The fitted kNN inverse, when ``inverse_method_`` is ``"knn"``.
    """

    INVERSES = ("auto", "knn", "umap")
    LAYOUTS = ("auto", "umap-learn", "blocks")

    def __init__(
        self,
        n_neighbors: int = 15,
        min_dist: float = 0.1,
        seed: int = 0,
        inverse: str = "auto",
        layout: str = "auto",
        **umap_kwargs: Any,
    ) -> None:
        if inverse not in self.INVERSES:
            raise ValueError(f"inverse must be one of {', '.join(self.INVERSES)}; got {inverse!r}")
        if layout not in self.LAYOUTS:
            raise ValueError(f"layout must be one of {', '.join(self.LAYOUTS)}; got {layout!r}")
        if "random_state" in umap_kwargs:
            raise TypeError("pass seed=... instead of random_state=...")
        if int(n_neighbors) != n_neighbors or n_neighbors < 2:
            raise ValueError(f"n_neighbors must be an integer >= 2; got {n_neighbors!r}")
        self.n_neighbors = int(n_neighbors)
        self.min_dist = min_dist
        self.seed = seed
        self.inverse = inverse
        self.layout = layout
        self.umap_kwargs = umap_kwargs

    def fit(self, z: Any) -> UMAP:
        """Fit the map to the latents ``z``.

        Parameters
        ----------
        z : array-like or torch.Tensor
            ``(n, d)`` latents with ``n > n_neighbors``.

        Returns
        -------
        UMAP
            ``self``, fitted.

        Raises
        ------
        ValueError
            When ``z`` is not 2-D, holds NaN or inf, or has no more points than neighbours.
        """
        z = as_points(z, "z")
        if z.shape[0] < MIN_UMAP_POINTS:
            raise ValueError(
                f"UMAP needs at least {MIN_UMAP_POINTS} points to lay out; z has "
                f"{z.shape[0]}. Map so few points with PCA (projection='pca') instead"
            )
        if z.shape[0] <= self.n_neighbors:
            raise ValueError(
                f"UMAP(n_neighbors={self.n_neighbors}) needs at least {self.n_neighbors + 1} "
                f"points; z has {z.shape[0]}. Pass n_neighbors<={max(z.shape[0] - 1, 2)} "
                "or more points"
            )
        z = z.astype(np.float32)
        self.inverse_method_ = "knn" if self.inverse == "auto" else self.inverse
        self.layout_ = self.layout if self.layout != "auto" else (
            "blocks" if z.shape[0] >= BLOCKED_LAYOUT_POINTS else "umap-learn")
        embedding = self._fit_umap_learn(z)
        self.embedding_ = np.asarray(embedding, dtype=np.float32)
        self.n_features_in_ = z.shape[1]
        self.knn_inverse_ = None
        if self.inverse_method_ == "knn":
            self.knn_inverse_ = KNNInverse(k=8).fit(self.embedding_, z)
        return self

    def _fit_umap_learn(self, z: np.ndarray) -> np.ndarray:
        """Fit umap-learn to the float32 latents ``z``; return its embedding."""
        umap = _import_umap()
        kwargs = {"n_jobs": 1, **self.umap_kwargs}  # seeded umap runs on one thread anyway
        # umap-learn's own inverse needs its metric on the latents, not a distance matrix
        self._distances_given = self.inverse_method_ != "umap" and uses_exact_distances(
            z.shape[0], kwargs
        )
        if self._distances_given:
            kwargs["metric"] = "precomputed"
        elif uses_exact_neighbours(z.shape, kwargs):  # the true neighbours, found sooner
            indices, distances = exact_neighbours(z, z, self.n_neighbors)
            kwargs["precomputed_knn"] = (indices, distances, ExactNeighbourIndex(z))
        self.umap_ = umap.UMAP(
            n_neighbors=self.n_neighbors,
            min_dist=self.min_dist,
            random_state=self.seed,
            **kwargs,
        )
        self._fitted_z = z if self._distances_given else None  # transform's distances
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=".*n_jobs value.*overridden.*")
            warnings.filterwarnings("ignore", message=".*inverse_transform will be unavailable.*")
            warnings.filterwarnings("ignore", message=".*is not an NNDescent object.*")
            warnings.filterwarnings("ignore", message=UNCACHEABLE)
            given = euclidean_distances(z, z) if self._distances_given else z
            import numba

            from latent_widgets.projection.parallel_layout import blocked_layout

            blocked = (blocked_layout(numba.get_num_threads()) if self.layout_ == "blocks"
                       else contextlib.nullcontext())
            with seeded_component_layout(), blocked:
                return self.umap_.fit_transform(given)

    def transform(self, z: Any) -> np.ndarray:
        """Place new latents on the fitted map (umap-learn's ``transform``).

        Parameters
        ----------
        z : array-like or torch.Tensor
            ``(n_points, d)`` latents, ``d`` as fitted.

        Returns
        -------
        numpy.ndarray
            ``(n_points, n_components)`` float32 positions.
        """
        if not hasattr(self, "umap_"):
            raise not_fitted(self)
        z = as_points(z, "z", self.n_features_in_, " (the latent dimension UMAP was fitted on)")
        if z.shape[0] == 0:
            return np.empty((0, self.embedding_.shape[1]), dtype=np.float32)
        z = z.astype(np.float32)
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=".*precomputed metric.*")
            warnings.filterwarnings("ignore", message=UNCACHEABLE)
            given = euclidean_distances(z, self._fitted_z) if self._distances_given else z
            return np.asarray(self.umap_.transform(given), dtype=np.float32)

    def fit_transform(self, z: Any) -> np.ndarray:
        """Fit to ``z`` and return a copy of ``embedding_``, the map of the fitted latents.

        Parameters
        ----------
        z : array-like or torch.Tensor
            ``(n, d)`` latents with ``n > n_neighbors``.

        Returns
        -------
        numpy.ndarray
            ``(n, n_components)`` float32 positions.
        """
        return self.fit(z).embedding_.copy()

    def inverse_transform(self, y: Any) -> np.ndarray:
        """Map positions on the map back to latents, as chosen by ``inverse``.

        Parameters
        ----------
        y : array-like or torch.Tensor
            ``(n_points, n_components)`` positions, for example ``[[x, y]]`` for a click.

        Returns
        -------
        numpy.ndarray
            ``(n_points, d)`` float32 latents.
        """
        if not hasattr(self, "umap_"):
            raise not_fitted(self)
        n_components = self.embedding_.shape[1]
        y = as_points(y, "y", n_components, f" (the map has {n_components} dimensions)")
        if self.knn_inverse_ is not None:
            return self.knn_inverse_.inverse_transform(y)
        if y.shape[0] == 0:
            return np.empty((0, self.n_features_in_), dtype=np.float32)
        return np.asarray(self.umap_.inverse_transform(y.astype(np.float32)), dtype=np.float32)
