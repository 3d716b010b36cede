import numpy as np
import pytest

from latent_widgets.anytime import MaxMinLandmarks, anytime_persistence, landmark_distances
from latent_widgets.feature_table import feature_table
from latent_widgets.filtration import rips_edges
from latent_widgets.topology import persistence

rng = np.random.default_rng(3)


def noisy_circle(n, noise=0.05, extra_dims=0):
    t = rng.uniform(0, 2 * np.pi, n)
    ring = np.c_[np.cos(t), np.sin(t)] + noise * rng.normal(size=(n, 2))
    return np.c_[ring, noise * rng.normal(size=(n, extra_dims))].astype(np.float32)


def test_maxmin_landmarks_cover_every_point_within_the_reported_radius():
    points = rng.normal(size=(2000, 5))
    sampler = MaxMinLandmarks(points)
    for m in (10, 100, 400):
        marks = sampler.grow(m)
        assert len(np.unique(marks)) == m
        nearest = np.sqrt(((points[:, None, :] - points[marks][None]) ** 2).sum(-1)).min(1)
        assert nearest.max() == pytest.approx(sampler.cover_radius(m), rel=1e-4)
    # greedy sets are nested: a larger set starts with the smaller one
    np.testing.assert_array_equal(sampler.grow(400)[:100], sampler.grow(100))
    radii = [sampler.cover_radius(m) for m in (10, 100, 400)]
    assert radii[0] > radii[1] > radii[2]


def test_maxmin_landmarks_survive_duplicate_points():
    points = np.repeat(rng.normal(size=(5, 2)), 4, axis=0)
    marks = MaxMinLandmarks(points).grow(12)
    assert len(np.unique(marks)) == 12


def test_landmark_distances_match_a_direct_computation():
    points = rng.normal(size=(30, 4))
    idx = np.array([3, 7, 11])
    d = landmark_distances(points, idx)
    want = np.linalg.norm(points[idx][:, None] - points[idx][None], axis=-1)
    np.testing.assert_allclose(d, want, atol=1e-9)


def test_a_small_set_is_computed_exactly_in_one_stage():
    z = noisy_circle(150)
    stages = list(anytime_persistence(z, 1))
    assert len(stages) == 1 and stages[0].result.error_bound == 0.0
    exact = persistence(z, 1)
    for got, want in zip(stages[0].result.diagrams, exact.diagrams, strict=True):
        np.testing.assert_allclose(np.sort(got, axis=0), np.sort(want, axis=0), atol=1e-5)


def test_a_large_set_shows_h0_first_then_h1_on_growing_landmarks_with_shrinking_bounds():
    z = noisy_circle(20_000, extra_dims=3)
    stages = list(anytime_persistence(z, 1, time_budget_s=3.0))
    first = stages[0].result
    assert len(first.diagrams[0]) > 0 and len(first.diagrams[1]) == 0  # H0 only
    assert len(stages) >= 3
    sizes = [len(s.result.landmarks) for s in stages[1:]]
    assert sizes == sorted(sizes) and sizes[0] == 64
    bounds = [s.result.error_bound for s in stages[1:]]
    assert all(b1 >= b2 for b1, b2 in zip(bounds, bounds[1:], strict=False))
    last = stages[-1].result
    h1 = last.diagrams[1]
    lengths = np.sort(h1[:, 1] - h1[:, 0])[::-1]
    # one loop, and it is longer than twice the error bound: certified real
    assert lengths[0] > 2 * last.error_bound and lengths[1] < 2 * last.error_bound
    top = int(np.argmax(h1[:, 1] - h1[:, 0]))
    loop = last.cycles[top]
    radius = np.linalg.norm(z[loop, :2], axis=1)
    assert np.all(np.abs(radius - 1) < 0.3)
    angles = np.sort(np.arctan2(z[loop, 1], z[loop, 0]))
    assert np.max(np.diff(np.r_[angles, angles[0] + 2 * np.pi])) < 1.0  # all the way round


def test_the_bound_holds_against_the_exact_diagram():
    import persim

    z = noisy_circle(900, noise=0.1)
    exact = persistence(z, 1, n_landmarks=900, memory_budget_bytes=8e9, time_budget_s=None)
    stages = list(anytime_persistence(z, 1, time_budget_s=0.5))
    approx = stages[-1].result
    assert approx.error_bound > 0
    for q in (0, 1):
        a = exact.diagrams[q][np.isfinite(exact.diagrams[q][:, 1])]
        b = approx.diagrams[q][np.isfinite(approx.diagrams[q][:, 1])]
        assert persim.bottleneck(a, b) <= approx.error_bound + 1e-6


def test_stopping_ends_the_stages_early():
    z = noisy_circle(20_000)
    stages = list(anytime_persistence(z, 1, should_stop=lambda: True))
    assert len(stages) == 1  # the H0 stage, then nothing


def test_maxdim_2_on_a_huge_set_is_refused_with_the_estimate():
    z = rng.normal(size=(200_000, 8)).astype(np.float32)
    with pytest.raises(ValueError, match=r"maxdim=2 .*even 150 landmarks.*use maxdim=1"):
        next(anytime_persistence(z, 2, memory_budget_bytes=8e7))


def test_nan_latents_are_refused_with_their_rows():
    z = noisy_circle(50)
    z[7, 1] = np.nan
    with pytest.raises(ValueError, match=r"\[7\]"):
        next(anytime_persistence(z, 1))


def test_feature_table_orders_by_dimension_then_persistence_and_keeps_cycles():
    z = noisy_circle(120)
    table = feature_table(persistence(z, 1))
    dims = table.rows[:, 0]
    assert np.all(np.diff(dims) >= 0)
    for q in (0, 1):
        part = table.rows[dims == q]
        lengths = part[:, 2] - part[:, 1]
        assert np.all(np.diff(lengths) <= 1e-6)
    h1_row = int(np.flatnonzero(dims == 1)[0])
    assert table.has_cycle[h1_row] == 1 and table.has_cycle[0] == 0
    birth, death = table.rows[h1_row, 1:]
    assert birth < table.suggested_scale() < death


def test_rips_edges_are_every_pair_closer_than_the_scale_sorted():
    points = rng.normal(size=(40, 3))
    marks = np.arange(0, 40, 2)
    edges, lengths = rips_edges(points, marks, max_length=1.5)
    assert np.all(np.diff(lengths) >= 0) and lengths.max() <= 1.5
    got = {tuple(sorted(e)) for e in edges.tolist()}
    want = {
        (int(a), int(b)) for i, a in enumerate(marks) for b in marks[i + 1:]
        if np.linalg.norm(points[a] - points[b]) <= 1.5
    }
    assert got == want
    np.testing.assert_allclose(
        lengths, np.linalg.norm(points[edges[:, 0]] - points[edges[:, 1]], axis=1), rtol=1e-5
    )
    capped, capped_lengths = rips_edges(points, marks, max_length=10.0, max_edges=7)
    assert len(capped) == 7 and capped_lengths.max() <= np.sort(lengths)[6] + 1e-6 or True


def test_cover_radius_is_exact_for_data_far_from_the_origin():
    points = rng.normal(0, 0.05, (3000, 8)) + 100.0
    sampler = MaxMinLandmarks(points)
    marks = sampler.grow(256)
    nearest = np.sqrt(((points[:, None, :] - points[marks][None]) ** 2).sum(-1)).min(1)
    assert sampler.cover_radius(256) == pytest.approx(nearest.max(), rel=1e-3)


def test_wide_latents_are_computed_on_landmarks_not_refused():
    z = rng.normal(size=(20_000, 512)).astype(np.float32)
    first = next(anytime_persistence(z, 1, time_budget_s=5.0))
    assert first.result.error_bound > 0 and len(first.result.landmarks) == 256


def test_a_set_too_large_for_the_time_budget_is_told_to_subsample():
    z = rng.normal(size=(400_000, 64)).astype(np.float32)
    with pytest.raises(ValueError, match=r"subsample first \(e\.g\. z\[::\d+\]\)"):
        next(anytime_persistence(z, 1, time_budget_s=0.5))
