"""UMAP on 4,096 latents or more: exact neighbours, the same map every fit, transform works."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from benchmarks.common import latents
from latent_widgets.projection.exact_knn import exact_neighbours
from latent_widgets.projection.metrics import trustworthiness
from latent_widgets.projection.umap import UMAP, _import_umap, uses_exact_neighbours
from latent_widgets.projection.umap_layout import (
    centroid_layout,
    component_distances,
    seeded_component_layout,
)


@pytest.fixture(scope="module")
def blobs():
    """6,000 latents in 32-D, four blobs and a circle apart: a graph of 5 components, more
    than the 2 × 2 umap-learn lays out without scikit-learn's spectral embedding (whose
    ARPACK answer for these 5 centroids varied from call to call)."""
    return latents(6000, 32)


@pytest.fixture(scope="module")
def fitted(blobs):
    return UMAP(seed=0, n_epochs=60).fit(blobs)


def test_the_graph_is_built_on_the_exact_neighbours(blobs, fitted):
    indices, distances = exact_neighbours(blobs, blobs, 15)
    assert type(fitted.umap_._knn_search_index).__name__ == "ExactNeighbourIndex"
    np.testing.assert_array_equal(fitted.umap_._knn_indices, indices)
    np.testing.assert_array_equal(fitted.umap_._knn_dists, distances)


def test_two_fits_in_one_process_give_the_same_map(blobs, fitted):
    from scipy.sparse.csgraph import connected_components

    assert connected_components(fitted.umap_.graph_)[0] > 4  # the case that varied
    again = UMAP(seed=0, n_epochs=60).fit(blobs)
    np.testing.assert_array_equal(again.embedding_, fitted.embedding_)
    approximate = [UMAP(seed=0, n_epochs=60, force_approximation_algorithm=True).fit(blobs)
                   for _ in range(2)]  # umap-learn's own neighbours: the layout was the cause
    np.testing.assert_array_equal(approximate[0].embedding_, approximate[1].embedding_)
    # and as good a map as on NN-descent's neighbours, or as umap-learn's own
    plain = _import_umap().UMAP(random_state=0, n_jobs=1, n_epochs=60).fit_transform(blobs)
    ours, nn_descent, theirs = (trustworthiness(blobs, m, 5) for m in (
        fitted.embedding_, approximate[0].embedding_, plain))
    assert ours >= max(nn_descent, theirs) - 0.01, (ours, nn_descent, theirs)


def test_transform_places_fitted_latents_near_their_points(blobs, fitted):
    placed = fitted.transform(blobs[:40])
    spread = np.ptp(fitted.embedding_, axis=0).max()
    assert np.abs(placed - fitted.embedding_[:40]).max() < 0.05 * spread


def test_the_seeded_layout_changes_only_the_thread_inside_it():
    import umap.spectral as spectral

    _import_umap()
    centroids = np.array([[0.0, 0], [10, 0], [0, 30], [40, 40], [-50, 5]])
    points = np.repeat(centroids, 3, axis=0) + np.tile([[0, 0], [0.1, 0], [0, 0.1]], (5, 1))
    labels = np.repeat(np.arange(5), 3)
    seen = {}

    def layout(name):
        seen[name] = (spectral.SpectralEmbedding(n_components=2).eigen_solver,
                      spectral.component_layout(points, 5, labels, 2, np.random.RandomState(0)))

    layout("outside")
    with seeded_component_layout():
        layout("inside")
        other = threading.Thread(target=layout, args=("other thread",))
        other.start()
        other.join()
    assert [seen[k][0] for k in ("outside", "inside", "other thread")] == [None, "lobpcg", None]
    inside = seen["inside"][1]
    np.testing.assert_allclose(inside, centroid_layout(component_distances(
        points, labels, 5, "euclidean"), 2))
    # far components stay apart: no two on one spot, unlike the identity affinity's picks
    gaps = np.linalg.norm(inside[:, None] - inside[None], axis=-1)[np.triu_indices(5, 1)]
    assert gaps.min() > 0.1


def test_centroid_layout_keeps_the_distances_of_points_in_a_plane():
    rng = np.random.default_rng(2)
    centroids = rng.normal(size=(7, 2)) * 20
    distances = np.linalg.norm(centroids[:, None] - centroids[None], axis=-1)
    layout = centroid_layout(distances, 2)
    again = np.linalg.norm(layout[:, None] - layout[None], axis=-1)
    np.testing.assert_allclose(again / again.max(), distances / distances.max(), atol=1e-9)
    assert np.abs(layout).max() == pytest.approx(1.0)
    flipped = centroid_layout(distances, 2)  # signs fixed: the largest entry of each axis > 0
    np.testing.assert_array_equal(flipped, layout)
    assert (layout[np.abs(layout).argmax(axis=0), [0, 1]] > 0).all()


def test_a_precomputed_metric_places_components_by_their_mean_distance():
    distances = np.array([[0, 1, 5, 6], [1, 0, 5, 6], [5, 5, 0, 2], [6, 6, 2, 0.0]])
    between = component_distances(distances, np.array([0, 0, 1, 1]), 2, "precomputed")
    np.testing.assert_allclose(between, [[0, 5.5], [5.5, 0]])


@pytest.mark.parametrize(
    ("shape", "kwargs", "expected"),
    [
        ((30_000, 32), {}, True),
        ((100_000, 32), {}, False),  # NN-descent as fast, its maps as good or better
        ((4096, 64), {}, True),
        ((4095, 64), {}, False),  # the distance matrix is given instead
        ((20_000, 8), {"metric": "cosine"}, False),
        ((20_000, 8), {"force_approximation_algorithm": True}, False),
    ],
)
def test_exact_neighbours_where_they_are_cheaper(shape, kwargs, expected):
    assert uses_exact_neighbours(shape, kwargs) is expected
