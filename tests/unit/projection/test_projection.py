"""latent_widgets.projection (PCA, UMAP, the kNN inverse, trustworthiness): known answers.

The UMAP tests fit ~300 points; the first `import umap` of a session may take ~14 s while
numba fills its cache.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch

from latent_widgets._validation import as_points
from latent_widgets.projection import umap as projection
from latent_widgets.projection.knn_inverse import KNNInverse
from latent_widgets.projection.latent_map import make_projection
from latent_widgets.projection.metrics import trustworthiness
from latent_widgets.projection.pca import PCA
from latent_widgets.projection.umap import UMAP

ROOT = Path(__file__).resolve().parents[3]


def rotation(d: int, seed: int) -> np.ndarray:
    """A random orthogonal d x d matrix."""
    q, r = np.linalg.qr(np.random.default_rng(seed).normal(size=(d, d)))
    return q * np.sign(np.diag(r))


def plane_in_r10(n: int = 200, seed: int = 0) -> np.ndarray:
    """Points filling a 2-D affine subspace of R^10 (a rotated, shifted plane)."""
    rng = np.random.default_rng(seed)
    flat = np.zeros((n, 10))
    flat[:, :2] = rng.normal(size=(n, 2)) * [3.0, 1.0]
    return flat @ rotation(10, seed + 1).T + rng.normal(size=10) * 5


# ----------------------------------------------------------------------------- PCA


def test_pca_inverse_is_exact_on_a_plane_in_r10():
    z = plane_in_r10()
    pca = PCA().fit(z)
    y = pca.transform(z)
    assert y.shape == (200, 2) and y.dtype == np.float32
    back = pca.inverse_transform(y)
    assert back.dtype == np.float32
    np.testing.assert_allclose(back, z, atol=1e-4 * np.abs(z).max())
    np.testing.assert_allclose(pca.explained_variance_ratio_.sum(), 1.0, atol=1e-6)


def test_pca_inverse_is_the_orthogonal_projection_off_the_plane():
    rng = np.random.default_rng(3)
    z = rng.normal(size=(300, 10)) * np.linspace(3, 0.5, 10)
    pca = PCA().fit(z)
    mean, basis = z.mean(axis=0), pca.components_.astype(np.float64)
    expected = mean + (z - mean) @ basis.T @ basis
    back = pca.inverse_transform(pca.transform(z)).astype(np.float64)
    np.testing.assert_allclose(back, expected, atol=1e-4)
    residual = z - back
    assert np.abs(residual @ basis.T).max() < 1e-3  # the residual is orthogonal to the plane
    assert np.linalg.norm(residual, axis=1).mean() > 1.0  # and the data was not in the plane


def test_pca_components_orthonormal_and_variance_matches_sklearn():
    from sklearn.decomposition import PCA as SklearnPCA

    z = np.random.default_rng(4).normal(size=(250, 12)) * np.linspace(4, 1, 12)
    pca = PCA(n_components=3).fit(z)
    c = pca.components_.astype(np.float64)
    np.testing.assert_allclose(c @ c.T, np.eye(3), atol=1e-6)
    reference = SklearnPCA(n_components=3).fit(z)
    ratio = pca.explained_variance_ratio_
    assert ratio.sum() <= 1.0 and (np.diff(ratio) <= 0).all()
    np.testing.assert_allclose(ratio, reference.explained_variance_ratio_, rtol=1e-5)
    np.testing.assert_allclose(np.abs(c @ reference.components_.T), np.eye(3), atol=1e-5)
    np.testing.assert_allclose(pca.mean_, z.mean(axis=0), atol=1e-6)


def test_pca_is_reproducible_with_a_fixed_sign_and_accepts_torch():
    z = np.random.default_rng(5).normal(size=(100, 6))
    a, b = PCA().fit(z), PCA(seed=7).fit(z[::-1].copy())  # row order must not matter
    np.testing.assert_allclose(a.components_, b.components_, atol=1e-6)
    largest = np.abs(a.components_).argmax(axis=1)
    assert (a.components_[np.arange(2), largest] > 0).all()
    tensor = torch.tensor(z, dtype=torch.float32, requires_grad=True)
    np.testing.assert_allclose(PCA().fit_transform(tensor), a.transform(z), atol=1e-5)


# ----------------------------------------------------------------------------- KNNInverse


def test_knn_inverse_is_exact_at_the_data_points():
    rng = np.random.default_rng(6)
    y, z = rng.normal(size=(50, 2)), rng.normal(size=(50, 7))
    for weights in KNNInverse.WEIGHTS:
        inverse = KNNInverse(k=5, weights=weights).fit(y, z)
        np.testing.assert_allclose(inverse.inverse_transform(y), z, atol=1e-6)


def test_knn_inverse_weights_by_inverse_distance_between_points():
    y = np.array([[0.0, 0.0], [1.0, 0.0], [10.0, 10.0]])
    z = np.array([[0.0, 0.0, 2.0], [4.0, 0.0, 2.0], [100.0, 100.0, 100.0]])
    inverse = KNNInverse(k=2).fit(y, z)
    # at x = 0.25 the weights are 1/0.25 : 1/0.75 = 3 : 1, so the latent is 1/4 of the way
    np.testing.assert_allclose(inverse.inverse_transform([[0.25, 0.0]]), [[1.0, 0.0, 2.0]])
    np.testing.assert_allclose(inverse.inverse_transform([[0.5, 0.0]]), [[2.0, 0.0, 2.0]])
    three = KNNInverse(k=3).fit(y, z).inverse_transform([[0.5, 0.0]])[0]
    d_far = np.hypot(9.5, 10.0)
    w = np.array([2.0, 2.0, 1 / d_far]) / (4.0 + 1 / d_far)
    np.testing.assert_allclose(three, w @ z, rtol=1e-6)


def test_knn_inverse_k_larger_than_the_data_uses_all_points():
    inverse = KNNInverse(k=8).fit([[0.0, 0.0], [2.0, 0.0]], [[0.0], [2.0]])
    assert inverse.k_ == 2
    np.testing.assert_allclose(inverse.inverse_transform([[1.0, 0.0]]), [[1.0]])


# ----------------------------------------------------------------------------- UMAP


def blobs(n_per: int = 100, d: int = 10, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Three well separated Gaussian clusters in R^d, and their labels."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(3, d)) * 10
    labels = np.repeat(np.arange(3), n_per)
    return (centres[labels] + rng.normal(size=(3 * n_per, d))).astype(np.float32), labels


@pytest.fixture(scope="module")
def fitted_umap():
    z, labels = blobs()
    return UMAP(n_neighbors=10, seed=0).fit(z), z, labels


def test_umap_same_seed_same_embedding(fitted_umap):
    model, z, _ = fitted_umap
    assert model.embedding_.shape == (300, 2) and model.embedding_.dtype == np.float32
    again = UMAP(n_neighbors=10, seed=0).fit_transform(torch.from_numpy(z))
    np.testing.assert_array_equal(again, model.embedding_)
    assert model.inverse_method_ == "knn"


def test_umap_inverse_at_a_data_point_returns_that_latent(fitted_umap):
    model, z, _ = fitted_umap
    rows = np.arange(0, 300, 7)
    back = model.inverse_transform(model.embedding_[rows])
    assert back.shape == (len(rows), 10) and back.dtype == np.float32
    distances = np.linalg.norm(z[None, :, :] - back[:, None, :], axis=2)  # (rows, all points)
    own = distances[np.arange(len(rows)), rows]
    assert (own < 1e-5).all()
    # closer to its own latent than to 95% of the others
    assert ((distances < own[:, None]).mean(axis=1) < 0.05).all()


def between_two_points_of_a_cluster(model, z, labels, cluster):
    members = np.flatnonzero(labels == cluster)
    y = model.embedding_[members]
    a = members[0]
    spread = np.linalg.norm(y - model.embedding_[a], axis=1)
    b = members[np.argsort(spread)[len(members) // 2]]  # a median-distance partner
    return (model.embedding_[a] + model.embedding_[b])[None, :] / 2, z[a], z[b]


@pytest.mark.parametrize("cluster", [0, 1, 2])
def test_umap_inverse_between_two_points_of_a_cluster_lands_in_that_cluster(fitted_umap, cluster):
    model, z, labels = fitted_umap
    y_mid, _, _ = between_two_points_of_a_cluster(model, z, labels, cluster)
    latent = model.inverse_transform(y_mid)[0]
    centres = np.stack([z[labels == c].mean(axis=0) for c in range(3)])
    to_centres = np.linalg.norm(centres - latent, axis=1)
    assert to_centres.argmin() == cluster
    radius = np.linalg.norm(z[labels == cluster] - centres[cluster], axis=1)
    assert to_centres[cluster] < np.median(radius)


def test_umap_inverse_beyond_the_edge_of_the_map_takes_the_nearest_cluster(fitted_umap):
    # umap-learn's own inverse answers from an arbitrary triangle outside the convex hull
    model, z, labels = fitted_umap
    y = model.embedding_
    centres = np.stack([z[labels == c].mean(axis=0) for c in range(3)])
    for cluster in range(3):
        middle = y[labels == cluster].mean(axis=0)
        beyond = middle + 3 * (middle - y.mean(axis=0))
        latent = model.inverse_transform(beyond[None, :])[0]
        assert np.linalg.norm(centres - latent, axis=1).argmin() == cluster


def test_umap_learn_inverse_is_selectable(fitted_umap):
    model, z, labels = fitted_umap
    own = UMAP(n_neighbors=10, seed=0, inverse="umap").fit(z)
    assert own.inverse_method_ == "umap" and own.knn_inverse_ is None
    y_mid, _, _ = between_two_points_of_a_cluster(own, z, labels, 1)
    latent = own.inverse_transform(y_mid)
    assert latent.shape == (1, 10) and latent.dtype == np.float32
    centres = np.stack([z[labels == c].mean(axis=0) for c in range(3)])
    assert np.linalg.norm(centres - latent, axis=1).argmin() == 1


def test_umap_transform_places_new_points_near_their_cluster(fitted_umap):
    model, z, labels = fitted_umap
    y = model.transform(z[:5] + 0.01)
    assert y.shape == (5, 2) and y.dtype == np.float32
    own = model.embedding_[labels == 0]
    others = model.embedding_[labels != 0]
    for point in y:
        assert (
            np.linalg.norm(own - point, axis=1).min() < np.linalg.norm(others - point, axis=1).min()
        )


# ----------------------------------------------------------------------------- trustworthiness


def test_trustworthiness_of_pca_on_2d_data_is_one_and_lower_for_noise():
    z = plane_in_r10(300)
    assert trustworthiness(z, PCA().fit_transform(z)) > 0.999
    noise = np.random.default_rng(8).normal(size=(300, 50))
    projected = noise @ np.random.default_rng(9).normal(size=(50, 2))
    assert trustworthiness(noise, projected) < 0.8


# ----------------------------------------------------------------------------- errors


@pytest.mark.parametrize("model", [PCA(), UMAP(), KNNInverse()])
def test_use_before_fit_says_to_fit(model):
    with pytest.raises(RuntimeError, match=r"not fitted yet; call fit"):
        model.inverse_transform(np.zeros((1, 2)))
    if hasattr(model, "transform"):
        with pytest.raises(RuntimeError, match=r"not fitted yet; call fit"):
            model.transform(np.zeros((1, 2)))


def test_wrong_dimensions_name_the_shape_needed():
    pca = PCA().fit(plane_in_r10())
    with pytest.raises(ValueError, match=r"2-D array .* got shape \(10,\); .*reshape\(1, -1\)"):
        pca.transform(np.zeros(10))
    with pytest.raises(ValueError, match=r"z has 9 columns but 10 are needed"):
        pca.transform(np.zeros((3, 9)))
    with pytest.raises(ValueError, match=r"y has 3 columns but 2 .*\(n_points, 2\)"):
        pca.inverse_transform(np.zeros((1, 3)))
    with pytest.raises(ValueError, match=r"n_components<=1"):
        PCA().fit(np.zeros((5, 1)))
    with pytest.raises(ValueError, match=r"y has 3 rows but z has 2"):
        KNNInverse().fit(np.zeros((3, 2)), np.zeros((2, 4)))


def test_nan_inputs_name_how_many_and_which_rows():
    z = plane_in_r10(50)
    z[[4, 17], 2] = np.nan
    z[30, 0] = np.inf
    z[30, 1] = np.nan
    for fit in (PCA().fit, UMAP().fit, lambda a: trustworthiness(a, a[:, :2])):
        with pytest.raises(ValueError, match=r"4 non-finite values .* 3 rows \[4, 17, 30\]"):
            fit(z)
    many = np.full((30, 2), np.nan)
    with pytest.raises(ValueError, match=r"\[0, 1, 2, 3, 4, 5, 6, 7, 8, 9\] and 20 more"):
        as_points(many, "y")


def test_fewer_points_than_neighbours():
    z = np.random.default_rng(11).normal(size=(10, 4))
    with pytest.raises(ValueError, match=r"n_neighbors=15\) needs at least 16 points; z has 10"):
        UMAP().fit(z)
    with pytest.raises(ValueError, match=r"n_neighbors<5 or more points"):
        trustworthiness(z, z[:, :2], n_neighbors=5)


def test_make_projection_by_name_and_unknown_names():
    assert isinstance(make_projection("pca"), PCA)
    model = make_projection("UMAP", n_neighbors=5, seed=3)
    assert isinstance(model, UMAP) and model.n_neighbors == 5 and model.seed == 3
    with pytest.raises(ValueError, match=r"unknown projection 'tsne'; choose one of pca, umap"):
        make_projection("tsne")
    with pytest.raises(ValueError, match=r"inverse must be one of auto, knn, umap"):
        UMAP(inverse="exact")


# ----------------------------------------------------------------------------- lazy import


def test_importing_projection_does_not_import_umap():
    code = (
        "import sys, latent_widgets.projection.umap, latent_widgets.projection.latent_map\n"
        "assert 'umap' not in sys.modules, 'umap imported'\n"
        "assert 'numba' not in sys.modules, 'numba imported'\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr


def test_numba_cache_dir_prefers_the_variable_then_home_then_temp(tmp_path, monkeypatch):
    monkeypatch.setenv("NUMBA_CACHE_DIR", str(tmp_path / "given"))
    assert projection.numba_cache_dir() == str(tmp_path / "given")
    monkeypatch.delenv("NUMBA_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    chosen = projection.numba_cache_dir()
    assert chosen == str(tmp_path / "cache" / "latent_widgets" / "numba")
    assert os.path.isdir(chosen)
    blocker = tmp_path / "a-file"
    blocker.write_text("")  # a folder cannot be made under a file, even by root
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker / "cache"))
    monkeypatch.setattr(projection.tempfile, "gettempdir", lambda: str(tmp_path / "tmp"))
    chosen = projection.numba_cache_dir()
    assert chosen.startswith(str(tmp_path / "tmp" / "latent_widgets-numba-"))
    assert os.path.isdir(chosen)


# ----------------------------------------------------------------------------- PCA solvers


def exact_pca(z: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """numpy's float64 SVD of the centred points: the top k axes and variance ratios.

    On one BLAS thread: LAPACK's SVD makes many small calls, and on several threads each
    waits for all of them, which takes 20 times as long when other work shares the cores.
    """
    from threadpoolctl import threadpool_limits

    centred = z.astype(np.float64) - z.astype(np.float64).mean(axis=0)
    with threadpool_limits(limits=1, user_api="blas"):
        _, singular, vt = np.linalg.svd(centred, full_matrices=False)
    variance = singular**2
    return vt[:k], variance[:k] / variance.sum()


def assert_matches_svd(pca: PCA, z: np.ndarray) -> None:
    """Components equal to the SVD's to 1e-4 up to sign, variance ratios to 1e-5."""
    want, ratio = exact_pca(z, pca.n_components)
    got = pca.components_.astype(np.float64)
    distance = np.minimum(np.linalg.norm(got - want, axis=1), np.linalg.norm(got + want, axis=1))
    assert distance.max() < 1e-4, distance
    np.testing.assert_allclose(pca.explained_variance_ratio_, ratio, atol=1e-5)


def decaying(n: int, d: int, rank: int, seed: int, noise: float = 0.01) -> np.ndarray:
    """float32 points with singular values falling geometrically (10 to 0.1), off-centre."""
    rng = np.random.default_rng(seed)
    scales = np.geomspace(10.0, 0.1, rank)
    low = (rng.normal(size=(n, rank)) * scales) @ rng.normal(size=(rank, d)) / np.sqrt(d)
    return (low + noise * rng.normal(size=(n, d)) + rng.normal(size=d)).astype(np.float32)


def feature_map(n: int, d: int, seed: int) -> np.ndarray:
    """float32 ReLU of a random low-rank-plus-noise matrix, like a conv layer's output."""
    rng = np.random.default_rng(seed)
    low = (rng.normal(size=(n, 32)) * np.linspace(3.0, 0.3, 32)) @ rng.normal(size=(32, d))
    return np.maximum(low / np.sqrt(32) + 0.5 * rng.normal(size=(n, d)), 0).astype(np.float32)


def turned_four_ways(points: np.ndarray) -> np.ndarray:
    """The points, and each turned by 90, 180 and 270 degrees in the planes that pair
    coordinate i with i + d/2. The set is its own image under the turn J, so its covariance
    commutes with J: every variance comes twice, the top two tie exactly and only the plane
    they span is determined. Signed permutations are exact in floating point."""
    half = points.shape[1] // 2
    turned = np.hstack([-points[:, half:], points[:, :half]])
    return np.vstack([points, turned, -points, -turned])


def assert_same_plane(pca: PCA, z: np.ndarray) -> None:
    want, ratio = exact_pca(z, 2)
    got = pca.components_.astype(np.float64)
    np.testing.assert_allclose(got.T @ got, want.T @ want, atol=1e-4)  # the projectors
    np.testing.assert_allclose(pca.explained_variance_ratio_, ratio, atol=1e-5)


def test_pca_tall_points_take_the_covariance_route_and_match_the_svd():
    z = decaying(5000, 64, rank=64, seed=10)
    pca = PCA(n_components=3).fit(z)
    assert pca.solver_ == "covariance" and "64 x 64 covariance" in pca.solver_note_
    assert_matches_svd(pca, z)


def test_pca_wide_points_take_the_gram_route_and_match_the_svd():
    z = decaying(300, 5000, rank=300, seed=11)
    pca = PCA(n_components=3).fit(torch.from_numpy(z))
    assert pca.solver_ == "gram" and "300 x 300 Gram" in pca.solver_note_
    assert_matches_svd(pca, z)
    c = pca.components_.astype(np.float64)
    np.testing.assert_allclose(c @ c.T, np.eye(3), atol=1e-6)


def test_pca_large_on_both_sides_takes_the_subspace_route_and_matches_the_svd():
    z = feature_map(1200, 2000, seed=12)
    pca = PCA(n_components=3).fit(z)
    assert pca.solver_ == "subspace", pca.solver_note_
    assert "largest estimated angle error" in pca.solver_note_
    assert_matches_svd(pca, z)
    c = pca.components_.astype(np.float64)
    np.testing.assert_allclose(c @ c.T, np.eye(3), atol=1e-6)
    largest = np.abs(pca.components_).argmax(axis=1)
    assert (pca.components_[np.arange(3), largest] > 0).all()
    # the exact inverse holds on this route too
    y = pca.transform(z[:50])
    back = pca.inverse_transform(y).astype(np.float64)
    np.testing.assert_allclose(pca.transform(back), y, atol=1e-3)


def test_pca_subspace_route_is_deterministic_and_does_not_depend_on_the_seed():
    z = feature_map(1200, 2000, seed=13)
    a, b = PCA(seed=0).fit(z), PCA(seed=0).fit(z)
    np.testing.assert_array_equal(a.components_, b.components_)
    np.testing.assert_array_equal(a.explained_variance_ratio_, b.explained_variance_ratio_)
    other = PCA(seed=1).fit(z)
    assert a.solver_ == other.solver_ == "subspace"
    np.testing.assert_allclose(other.components_, a.components_, atol=1e-5)


def test_pca_tied_top_variances_determine_only_the_plane():
    tall = turned_four_ways(decaying(500, 16, rank=16, seed=14))  # 2000 x 16
    pca = PCA().fit(tall)
    assert pca.solver_ == "covariance"
    assert_same_plane(pca, tall)
    # large on both sides: the iteration cannot certify single axes of a tie, so it falls
    # back to the exact route and says so
    wide = turned_four_ways(feature_map(300, 1500, seed=15))  # 1200 x 1500
    pca = PCA().fit(wide)
    assert pca.solver_ == "gram" and "fell back to the exact gram route" in pca.solver_note_
    assert_same_plane(pca, wide)


def test_pca_chooses_the_route_by_cost():
    from latent_widgets.projection.pca_solver import choose_route

    assert choose_route(70_000, 64, 2) == "covariance"
    assert choose_route(300, 16_384, 2) == "gram"
    assert choose_route(1000, 16_384, 2) == "gram"  # min side <= 1000: always exact
    assert choose_route(2000, 16_384, 2) == "subspace"
    assert choose_route(2000, 16_384, 200) == "gram"  # a wide block costs more than eigh
    assert choose_route(16_384, 2000, 2) == "subspace"


@pytest.mark.parametrize(
    ("shape", "solver"),
    [((4000, 50), "covariance"), ((60, 4000), "gram"), ((1200, 2000), "subspace")],
)
def test_pca_makes_no_float64_copy_of_float32_latents(shape, solver, monkeypatch):
    import tracemalloc

    from latent_widgets.projection import pca_krylov, pca_solver

    monkeypatch.setattr(pca_solver, "CHUNK_VALUES", 1 << 14)  # chunks of the exact routes
    monkeypatch.setattr(pca_krylov, "CACHE_VALUES", 1 << 14)  # and of the iteration
    z = feature_map(*shape, seed=16)
    tracemalloc.start()
    try:
        pca = PCA().fit(z)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert pca.solver_ == solver
    # a float64 copy would take z.size * 8 bytes; the basis of the iteration takes the most
    assert peak < z.size * 8 / 2, f"peak {peak / 1e6:.1f} MB for {z.nbytes / 1e6:.1f} MB of float32"


@pytest.mark.parametrize("n", [2, 3])
def test_umap_on_fewer_than_four_points_is_refused_with_advice_that_works(n):
    z = np.random.default_rng(0).normal(size=(n, 5)).astype(np.float32)
    with pytest.raises(ValueError, match=r"at least 4 points .* PCA \(projection='pca'\)"):
        UMAP(n_neighbors=2).fit(z)
    from latent_widgets.projection.latent_map import LatentMap

    with pytest.raises(ValueError, match=r"projection='pca'"):
        LatentMap(z).compute("umap")
    assert LatentMap(z).compute("pca").points.shape == (n, 2)  # and the advice works
