"""Exact nearest neighbours by blocked matrix products, against scikit-learn's brute force."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from sklearn.neighbors import NearestNeighbors

import latent_widgets.projection.exact_knn as exact_knn
from latent_widgets.projection.exact_knn import ExactNeighbourIndex, exact_neighbours, worth_exact


def latents(n=3000, d=16, seed=0):
    z = np.random.default_rng(seed).normal(size=(n, d)).astype(np.float32)
    if n > 200:
        z[10] = z[11] = z[12]  # duplicates: a tie at distance 0
        z[200] = z[100] + 1e-3  # a near pair, where |a|² + |b|² - 2ab alone loses digits
    return z


def brute_force(queries, points, k):
    found = NearestNeighbors(n_neighbors=k, algorithm="brute").fit(points.astype(np.float64))
    return found.kneighbors(queries.astype(np.float64))


def test_the_neighbours_are_scikit_learns_and_ties_go_by_index():
    z = latents()
    indices, distances = exact_neighbours(z, z, 15)
    expected_distances, expected = brute_force(z, z, 15)
    assert indices.dtype == np.int32 and distances.dtype == np.float32
    np.testing.assert_allclose(distances, expected_distances, rtol=1e-6, atol=1e-6)
    # rows that meet the copies: brute force orders their ties anyhow (distances checked above)
    copies = np.isin(expected, [10, 11, 12]).any(axis=1)
    assert copies.sum() < 30
    np.testing.assert_array_equal(indices[~copies], expected[~copies])
    for row in (10, 11, 12):  # the three copies find each other at 0, lowest index first
        assert indices[row, :3].tolist() == [10, 11, 12] and distances[row, :3].max() == 0
    assert indices[100, 1] == 200 and distances[100, 1] == pytest.approx(1e-3 * 4, rel=1e-3)


def test_new_queries_and_the_index_for_umaps_transform():
    z, new = latents(), latents(50, seed=1)
    expected_distances, expected = brute_force(new, z, 7)
    indices, distances = ExactNeighbourIndex(z).query(new, 7, epsilon=0.12)
    np.testing.assert_array_equal(indices, expected)
    np.testing.assert_allclose(distances, expected_distances, rtol=1e-6)
    assert ExactNeighbourIndex._angular_trees is False  # what umap-learn's transform reads


def test_blocks_and_threads_do_not_change_the_answer(monkeypatch):
    z = latents(2000, 24)
    first = exact_neighbours(z, z, 10)
    monkeypatch.setattr(exact_knn, "BLOCK_VALUES", 2000 * 7)  # 7 rows a block, a ragged end
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        second = exact_neighbours(z, z, 10)
    finally:
        torch.set_num_threads(before)
    np.testing.assert_array_equal(first[0], second[0])
    np.testing.assert_array_equal(first[1], second[1])


def test_a_bad_k_is_refused_in_words():
    z = latents(20)
    with pytest.raises(ValueError, match="between 1 and the 20 points"):
        exact_neighbours(z, z, 21)


def test_the_exact_search_is_chosen_only_where_it_is_cheaper():
    assert worth_exact(30_000, 32)
    assert worth_exact(8_000, 512)
    assert not worth_exact(12_000, 512)
    assert not worth_exact(100_000, 32)  # measured: no faster than NN-descent, maps no better
    assert not worth_exact(1_000_000, 32)
