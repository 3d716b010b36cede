"""UMAP on 4,096 latents or more: exact neighbours, the same map every fit, transform works."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from benchmarks.common import latents
from latent_widgets.projection.exact_knn import exact_neighbours
from latent_widgets.projection.metrics import trustworthiness
from latent_widgets.projection.umap import (
    UMAP,
    _import_umap,
    seeded_component_layout,
    uses_exact_neighbours,
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
    # and as good a map as on NN-descent's neighbours
    ours, theirs = (trustworthiness(blobs, m.embedding_, 5) for m in (fitted, approximate[0]))
    assert ours >= theirs - 0.01, (ours, theirs)


def test_transform_places_fitted_latents_near_their_points(blobs, fitted):
    placed = fitted.transform(blobs[:40])
    spread = np.ptp(fitted.embedding_, axis=0).max()
    assert np.abs(placed - fitted.embedding_[:40]).max() < 0.05 * spread


def test_the_seeded_layout_changes_only_the_thread_inside_it():
    import umap.spectral as spectral

    _import_umap()
    seen = {}

    def solver(name):
        seen[name] = spectral.SpectralEmbedding(n_components=2).eigen_solver

    solver("outside")
    with seeded_component_layout():
        solver("inside")
        other = threading.Thread(target=solver, args=("other thread",))
        other.start()
        other.join()
    assert seen == {"outside": None, "inside": "lobpcg", "other thread": None}


@pytest.mark.parametrize(
    ("shape", "kwargs", "expected"),
    [
        ((100_000, 32), {}, True),
        ((4096, 64), {}, True),
        ((4095, 64), {}, False),  # the distance matrix is given instead
        ((1_000_000, 32), {}, False),  # NN-descent is faster there
        ((20_000, 8), {"metric": "cosine"}, False),
        ((20_000, 8), {"force_approximation_algorithm": True}, False),
    ],
)
def test_exact_neighbours_where_they_are_cheaper(shape, kwargs, expected):
    assert uses_exact_neighbours(shape, kwargs) is expected
