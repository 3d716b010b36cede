"""latent_widgets.topology.persistence against sets whose homology is known."""

from __future__ import annotations

import tracemalloc

import numpy as np
import pytest
from ripser import ripser
from scipy.sparse.csgraph import minimum_spanning_tree
from scipy.spatial.distance import cdist

from latent_widgets.topology.budget import DEFAULT_TIME_BUDGET_S, estimate
from latent_widgets.topology.cycles import h1_cycles
from latent_widgets.topology.persistence import betti, h0_mst, persistence, persistence_by_layer


def noisy_circle(n=300, radius=1.0, noise=0.05, center=(0.0, 0.0), seed=0):
    rng = np.random.default_rng(seed)
    t = rng.uniform(0, 2 * np.pi, n)
    return radius * np.c_[np.cos(t), np.sin(t)] + rng.normal(scale=noise, size=(n, 2)) + center


def torus(n=3000, big=2.0, small=0.8, seed=0):
    u, v = np.random.default_rng(seed).uniform(0, 2 * np.pi, (2, n))
    ring = big + small * np.cos(v)
    return np.c_[ring * np.cos(u), ring * np.sin(u), small * np.sin(v)]


def persistences(diagram):
    return diagram[:, 1] - diagram[:, 0]


def largest_angular_gap(points):
    angles = np.sort(np.arctan2(points[:, 1], points[:, 0]))
    return np.degrees(np.diff(np.r_[angles, angles[0] + 2 * np.pi]).max())


def assert_is_rips_loop(z, cycle, birth):
    """Consecutive points of the cycle (and last to first) are joined at scale ``birth``."""
    steps = np.linalg.norm(z[cycle] - z[np.roll(cycle, -1)], axis=1)
    assert len(cycle) >= 3 and len(set(cycle.tolist())) == len(cycle)
    assert steps.max() <= birth * (1 + 1e-6)


def test_noisy_circle_has_one_long_h1_bar_whose_cycle_goes_around_it():
    z = noisy_circle()
    result = persistence(z)
    spans = persistences(result.diagrams[1])
    assert np.sum(spans > 0.5) == 1
    assert np.sort(spans)[-2] < 0.1
    assert result.note == "" and result.cover_radius == 0.0 and result.error_bound == 0.0
    assert len(result.landmarks) == 300 and result.n_points == 300 and result.maxdim == 1
    assert len(result.cycles) == len(result.diagrams[1])
    assert all(c is not None for c in result.cycles)
    long = int(np.argmax(spans))
    cycle = result.cycles[long]
    radii = np.linalg.norm(z[cycle], axis=1)
    assert np.abs(radii - 1.0).max() < 4 * 0.05
    assert largest_angular_gap(z[cycle]) < 90
    for (birth, _), loop in zip(result.diagrams[1], result.cycles, strict=True):
        assert_is_rips_loop(z, loop, birth)


def test_two_circles_have_two_long_h1_bars_with_a_cycle_on_each():
    z = np.vstack([noisy_circle(200, seed=1), noisy_circle(200, center=(4.0, 0.0), seed=2)])
    result = persistence(z)
    spans = persistences(result.diagrams[1])
    long = np.flatnonzero(spans > 0.5)
    assert len(long) == 2
    assert np.sort(spans)[-3] < 0.1
    sides = {bool((z[result.cycles[i], 0] > 2).all()) for i in long}
    assert sides == {True, False}  # one loop on each circle, none straddling


def test_three_blobs_have_three_long_h0_bars():
    rng = np.random.default_rng(3)
    centers = np.array([[0.0, 0.0], [10.0, 0.0], [0.0, 10.0]])
    z = np.vstack([c + rng.normal(scale=0.3, size=(100, 2)) for c in centers])
    h0 = persistence(z, maxdim=0).diagrams[0]
    assert len(h0) == 300 and np.isinf(h0[:, 1]).sum() == 1
    assert np.sum(h0[:, 1] > 5) == 3
    assert np.sort(h0[:, 1])[-4] < 1.5


def test_torus_on_landmarks_has_betti_numbers_1_2_1():
    z = torus()
    result = persistence(z, maxdim=2, n_landmarks=300, cycles=False)
    assert len(result.landmarks) == 300 and len(result.diagrams) == 3
    assert 0 < result.cover_radius < 0.5 and result.error_bound == 2 * result.cover_radius
    h1, h2 = result.diagrams[1], result.diagrams[2]
    long1 = h1[np.argsort(persistences(h1))[-2:]]
    long2 = h2[np.argsort(persistences(h2))[-1:]]
    start = max(long1[:, 0].max(), long2[:, 0].max())
    end = min(long1[:, 1].min(), long2[:, 1].min())
    assert end - start > 0.3  # the three features share a long common range
    np.testing.assert_array_equal(betti(result.diagrams, (start + end) / 2), [1, 2, 1])


def test_landmark_cycles_are_mapped_back_to_the_original_points():
    z = noisy_circle(2000, seed=5)
    for seed in (0, 3):
        result = persistence(z, n_landmarks=150, seed=seed)
        assert len(np.unique(result.landmarks)) == 150 and result.landmarks.max() < 2000
        long = int(np.argmax(persistences(result.diagrams[1])))
        assert largest_angular_gap(z[result.cycles[long]]) < 90
        assert np.isin(result.cycles[long], result.landmarks).all()
        for (birth, _), loop in zip(result.diagrams[1], result.cycles, strict=True):
            assert_is_rips_loop(z, loop, birth)
        # every point is within the cover radius of a landmark
        assert cdist(z, z[result.landmarks]).min(axis=1).max() <= result.cover_radius * 1.0001
    firsts = {persistence(z, n_landmarks=50, seed=s).landmarks[0] for s in (0, 3)}
    assert len(firsts) == 2


def test_every_cycle_pairs_with_its_cocycle_even_with_tied_distances():
    z = np.round(np.random.default_rng(4).normal(size=(250, 3)), 1)  # many equal lengths
    res = ripser(z, maxdim=1, do_cocycles=True)
    loops = h1_cycles(res["dperm2all"], res["dgms"][1], res["cocycles"][1], np.arange(250))
    assert len(loops) == len(res["dgms"][1]) > 20
    for (birth, _), loop, cocycle in zip(res["dgms"][1], loops, res["cocycles"][1], strict=True):
        assert_is_rips_loop(z, loop, birth)
        ends = np.sort(np.c_[loop, np.roll(loop, -1)], axis=1)
        edges = set(map(tuple, ends.tolist()))
        support = {tuple(sorted(row[:2])) for row in cocycle.tolist()}
        assert len(edges & support) % 2 == 1  # the cocycle is 1 on the loop: same feature


def test_cycles_of_the_longest_bars_only_are_the_same_cycles():
    z = np.r_[noisy_circle(150), noisy_circle(150, radius=0.5, center=(4.0, 0.0), seed=1)]
    res = ripser(z, maxdim=1, do_cocycles=True)
    args = (res["dperm2all"], res["dgms"][1], res["cocycles"][1], np.arange(len(z)))
    every, two = h1_cycles(*args), h1_cycles(*args, longest=2)
    lives = persistences(res["dgms"][1])
    top = set(np.argsort(-lives)[:2].tolist())
    assert len(two) == len(every) > 2
    for i, (full, some) in enumerate(zip(every, two, strict=True)):
        if i in top:
            np.testing.assert_array_equal(some, full)
        else:
            assert some is None


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("dim", [1, 2, 5, 16])
def test_h0_mst_equals_ripsers_h0(seed, dim):
    rng = np.random.default_rng(seed)
    z = rng.normal(size=(200, dim))
    z[: 60 + 10 * seed] += 8.0  # two clusters: their link is not in any k-NN list
    if seed == 3:
        z[10:15] = z[0]  # duplicates
    expected = np.sort(ripser(z, maxdim=0)["dgms"][0][:, 1])
    for k in (1, 4, 16):
        got = h0_mst(z, k=k)
        assert got.shape == (200, 2) and (got[:, 0] == 0).all() and np.isinf(got[-1, 1])
        deaths = got[:-1, 1]
        assert (np.diff(deaths) >= 0).all()
        # ripser leaves out zero-length bars; its distances come from sklearn's dot-product
        # formula, rounded to float32: good to about 1e-6 of the data's scale (here ~10)
        np.testing.assert_allclose(
            deaths[deaths > 1e-5], expected[:-1][expected[:-1] > 1e-5], rtol=1e-6, atol=1e-5
        )


def test_h0_mst_equals_the_exact_spanning_tree_of_many_clusters():
    rng = np.random.default_rng(7)
    centers = rng.normal(scale=20, size=(25, 16))
    z = centers[rng.integers(0, 25, 1500)] + rng.normal(size=(1500, 16)) * rng.uniform(size=16)
    expected = np.sort(minimum_spanning_tree(cdist(z, z)).data)
    np.testing.assert_allclose(h0_mst(z, k=4)[:-1, 1], expected, rtol=1e-9)


def test_h0_mst_on_20000_points_in_16_d_without_a_dense_matrix():
    z = np.random.default_rng(0).normal(size=(20_000, 16)).astype(np.float32)
    tracemalloc.start()
    try:
        got = h0_mst(z)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 200e6  # a dense 20,000 x 20,000 float64 matrix alone is 3.2 GB
    assert got.shape == (20_000, 2) and np.isinf(got[:, 1]).sum() == 1
    assert (np.diff(got[:-1, 1]) >= 0).all() and got[-2, 1] > 0
    # the tree has no shorter edge than each point's nearest neighbour would allow
    nearest = cdist(z[:500], z).astype(np.float64)
    nearest[np.arange(500), np.arange(500)] = np.inf
    assert got[0, 1] <= nearest.min() * (1 + 1e-6)


def test_betti_on_a_hand_made_diagram():
    diagrams = [
        np.array([[0.0, 0.5], [0.0, 1.0], [0.0, np.inf]]),
        np.array([[0.2, 0.9], [0.4, 0.6], [1.0, 2.0]]),
        np.empty((0, 2)),
    ]
    np.testing.assert_array_equal(betti(diagrams, 0.0), [3, 0, 0])
    np.testing.assert_array_equal(betti(diagrams, 0.5), [2, 2, 0])  # death 0.5: gone at 0.5
    np.testing.assert_array_equal(betti(diagrams, 0.7), [2, 1, 0])
    np.testing.assert_array_equal(betti(diagrams, 1.0), [1, 1, 0])
    np.testing.assert_array_equal(betti(diagrams, 5.0), [1, 0, 0])


def test_a_set_too_large_for_the_full_computation_gets_landmarks_and_a_note():
    z = np.random.default_rng(1).normal(size=(3000, 16)).astype(np.float32)
    assert estimate(3000, 3000, 16, 1, True).time_s > DEFAULT_TIME_BUDGET_S
    result = persistence(z, maxdim=1)
    m = len(result.landmarks)
    assert 50 <= m < 3000 and len(result.diagrams[0]) == m
    assert estimate(3000, m, 16, 1, True).time_s <= DEFAULT_TIME_BUDGET_S
    assert estimate(3000, m + 1, 16, 1, True).time_s > DEFAULT_TIME_BUDGET_S  # the largest
    assert "landmarks were picked automatically" in result.note and f"{m:,}" in result.note
    assert result.cover_radius > 0 and result.error_bound == 2 * result.cover_radius
    assert f"{result.error_bound:.3g}" in result.note


def test_maxdim_2_on_a_huge_set_is_refused_in_words():
    huge = np.broadcast_to(np.float32(0.5), (5_000_000, 16))  # no memory behind it
    with pytest.raises(ValueError, match=r"maxdim=2 on all 5,000,000 points") as info:
        persistence(huge, maxdim=2)
    message = str(info.value)
    assert "GB" in message and "z[::" in message and "maxdim=1" in message


def test_an_explicit_request_over_the_memory_budget_is_refused_with_a_fitting_count():
    z = torus(2000)
    with pytest.raises(ValueError, match=r"needs about .* pass n_landmarks=\d+"):
        persistence(z, maxdim=2, n_landmarks=1500)
    with pytest.raises(ValueError, match="between 2 and the 2,000 points"):
        persistence(z, n_landmarks=2001)


def test_non_finite_values_are_refused_with_their_rows():
    z = noisy_circle(50)
    z[[3, 17], 0] = np.nan
    z[40, 1] = np.inf
    with pytest.raises(ValueError,
                       match=r"3 non-finite values \(NaN or inf\) in 3 rows \[3, 17, 40\]"):
        persistence(z)
    with pytest.raises(ValueError, match=r"rows \[3, 17, 40\]"):
        h0_mst(z)


def test_bad_shapes_are_refused():
    with pytest.raises(ValueError, match="at least 2 points"):
        persistence(np.zeros((1, 3)))
    with pytest.raises(ValueError, match="reshape"):
        persistence(np.zeros(10))
    with pytest.raises(ValueError, match="maxdim must be 0, 1 or 2"):
        persistence(np.zeros((5, 2)), maxdim=3)


def test_torch_tensors_are_accepted():
    torch = pytest.importorskip("torch")
    z = noisy_circle(100)
    result = persistence(torch.tensor(z, requires_grad=True))
    np.testing.assert_allclose(result.diagrams[1], persistence(z).diagrams[1])


def test_persistence_by_layer_takes_a_mapping_or_an_object_with_by_layer():
    layers = {
        "encoder": noisy_circle(120),
        "decoder": np.random.default_rng(0).normal(size=(80, 4)),
    }

    class LatentSpace:
        by_layer = layers

    for source in (layers, LatentSpace()):
        results = persistence_by_layer(source, maxdim=1, cycles=False)
        assert list(results) == ["encoder", "decoder"]
        assert np.sum(persistences(results["encoder"].diagrams[1]) > 0.5) == 1
        assert results["decoder"].n_points == 80 and results["encoder"].cycles is None
    with pytest.raises(TypeError, match="by_layer"):
        persistence_by_layer(object())
    with pytest.raises(ValueError, match="layer 'bad'"):
        persistence_by_layer({"bad": np.zeros((1, 2))})
