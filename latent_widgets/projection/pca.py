"""Project latents ``(n, d)`` to 2-D and back: PCA, UMAP, and a trustworthiness score.

Scikit-learn-like estimators that know nothing of widgets. Every method accepts numpy arrays
or torch tensors and returns float32 numpy arrays.

- `PCA`: linear, with an exact inverse (the orthogonal projection onto the fitted plane);
  exact axes even for wide latents, in about the time of scikit-learn's randomized PCA
  (`latent_widgets.pca_solver`; ``benchmarks/README.md``, section "pca").
- `UMAP`: wraps umap-learn, imported lazily (its first import compiles with numba). Its
  default inverse is a `KNNInverse`, exact at the data points, more accurate on held-out
  latents and over 10,000 times faster than umap-learn's own inverse (0.05 ms against 1.3 s
  a click on the digits; see ``benchmarks/README.md``, section "projection").
- `trustworthiness`: how well a projection keeps neighbourhoods, on a seeded sample.
- `make_projection`: build one of the above by name.
"""

from __future__ import annotations

import os
import sys
import tempfile
import warnings
from pathlib import Path
from typing import Any

import numpy as np

from latent_widgets.knn_inverse import KNNInverse, as_points
from latent_widgets.pca_solver import checked_points, top_axes

__all__ = ["PCA", "UMAP", "KNNInverse", "PROJECTIONS", "make_projection", "trustworthiness"]


TRANSFORM_CHUNK_VALUES = 2**22  # values converted to float64 at a time by PCA.transform


def _not_fitted(estimator: object) -> RuntimeError:
    name = type(estimator).__name__
    return RuntimeError(
        f"this {name} is not fitted yet; call fit(z) or fit_transform(z) with the latents first"
    )


class PCA:
    """Principal component analysis with an exact inverse.

    The axes are the exact top eigenvectors of the covariance of the latents, found by one
    of three solvers (`latent_widgets.pca_solver`), picked by a cost estimate:

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
            raise _not_fitted(self)
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
            raise _not_fitted(self)
        y = as_points(y, "y", self.n_components, f" (PCA has {self.n_components} components)")
        return (self._mean + y @ self._components).astype(np.float32)


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
    """
    if "umap" not in sys.modules and not os.environ.get("NUMBA_CACHE_DIR"):
        os.environ["NUMBA_CACHE_DIR"] = numba_cache_dir()
        if "numba" in sys.modules:  # already imported: make it read the variable again
            sys.modules["numba"].core.config.reload_config()
    import umap

    return umap


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
        The random state: the same seed and data give the same embedding. A seeded umap-learn
        runs single-threaded.
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
    inverse_method_ : str
        ``"knn"`` or ``"umap"``, what ``inverse`` resolved to.
    knn_inverse_ : KNNInverse or None
        The fitted kNN inverse, when ``inverse_method_`` is ``"knn"``.
    """

    INVERSES = ("auto", "knn", "umap")

    def __init__(
        self,
        n_neighbors: int = 15,
        min_dist: float = 0.1,
        seed: int = 0,
        inverse: str = "auto",
        **umap_kwargs: Any,
    ) -> None:
        if inverse not in self.INVERSES:
            raise ValueError(f"inverse must be one of {', '.join(self.INVERSES)}; got {inverse!r}")
        if "random_state" in umap_kwargs:
            raise TypeError("pass seed=... instead of random_state=...")
        if int(n_neighbors) != n_neighbors or n_neighbors < 2:
            raise ValueError(f"n_neighbors must be an integer >= 2; got {n_neighbors!r}")
        self.n_neighbors = int(n_neighbors)
        self.min_dist = min_dist
        self.seed = seed
        self.inverse = inverse
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
        umap = _import_umap()
        kwargs = {"n_jobs": 1, **self.umap_kwargs}  # seeded umap runs on one thread anyway
        self.umap_ = umap.UMAP(
            n_neighbors=self.n_neighbors,
            min_dist=self.min_dist,
            random_state=self.seed,
            **kwargs,
        )
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=".*n_jobs value.*overridden.*")
            embedding = self.umap_.fit_transform(z.astype(np.float32))
        self.embedding_ = np.asarray(embedding, dtype=np.float32)
        self.n_features_in_ = z.shape[1]
        self.inverse_method_ = "knn" if self.inverse == "auto" else self.inverse
        self.knn_inverse_ = None
        if self.inverse_method_ == "knn":
            self.knn_inverse_ = KNNInverse(k=8).fit(self.embedding_, z)
        return self

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
            raise _not_fitted(self)
        z = as_points(z, "z", self.n_features_in_, " (the latent dimension UMAP was fitted on)")
        if z.shape[0] == 0:
            return np.empty((0, self.embedding_.shape[1]), dtype=np.float32)
        return np.asarray(self.umap_.transform(z.astype(np.float32)), dtype=np.float32)

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
            raise _not_fitted(self)
        n_components = self.embedding_.shape[1]
        y = as_points(y, "y", n_components, f" (the map has {n_components} dimensions)")
        if self.knn_inverse_ is not None:
            return self.knn_inverse_.inverse_transform(y)
        if y.shape[0] == 0:
            return np.empty((0, self.n_features_in_), dtype=np.float32)
        return np.asarray(self.umap_.inverse_transform(y.astype(np.float32)), dtype=np.float32)


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


#: The projections `make_projection` knows, by name.
PROJECTIONS: dict[str, type] = {"pca": PCA, "umap": UMAP}


def make_projection(name: str, **kwargs: Any) -> PCA | UMAP:
    """Build a projection by name.

    Parameters
    ----------
    name : str
        ``"pca"`` or ``"umap"``, in any case.
    **kwargs
        Passed to the class, for example ``seed=1`` or ``n_neighbors=30``.

    Returns
    -------
    PCA or UMAP
        The unfitted projection.

    Raises
    ------
    ValueError
        For an unknown name, listing the valid ones.
    """
    key = name.lower() if isinstance(name, str) else name
    if key not in PROJECTIONS:
        raise ValueError(
            f"unknown projection {name!r}; choose one of {', '.join(sorted(PROJECTIONS))}"
        )
    return PROJECTIONS[key](**kwargs)
