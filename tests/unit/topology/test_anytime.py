import time

import numpy as np
import pytest

from latent_widgets.topology import anytime
from latent_widgets.topology.anytime import anytime_persistence
from latent_widgets.topology.budget import estimate
from latent_widgets.topology.feature_table import feature_table
from latent_widgets.topology.landmarks import MaxMinLandmarks, landmark_distances
from latent_widgets.topology.persistence import persistence
from latent_widgets.topology.rips import rips_edges
from latent_widgets.topology.stages import plan_stages
from tests.unit.helpers import burning_cpu, clusters

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


# -- the same answer on every run, within the budget ----------------------------------------


def assert_same_stages(first, second):
    assert [s.name for s in first] == [s.name for s in second]
    for a, b in zip(first, second, strict=True):
        np.testing.assert_array_equal(a.result.landmarks, b.result.landmarks)
        assert a.result.error_bound == b.result.error_bound
        for q in range(len(a.result.diagrams)):
            np.testing.assert_array_equal(a.result.diagrams[q], b.result.diagrams[q])


def test_the_plan_depends_on_sizes_and_budgets_only():
    mem = 2 * 2**30
    first = plan_stages(20_000, 8, 1, True, mem, 3.0)
    assert first == plan_stages(20_000, 8, 1, True, mem, 3.0)
    assert first.h0_landmarks == 256 and first.stages[0] == 64
    steps = np.diff(np.log2(first.stages))
    assert np.all(steps > 0) and np.all(steps <= 1.0 + 1e-9)  # each at most twice the last
    assert first.total_s <= 0.9 * 3.0  # planned in estimated seconds, with headroom
    more = plan_stages(20_000, 8, 1, True, mem, 12.0)
    assert more.stages[-1] > first.stages[-1]
    tight = plan_stages(20_000, 8, 1, True, 5e8, 60.0)  # bounded by memory instead
    assert tight.stages[-1] < plan_stages(20_000, 8, 1, True, mem, 60.0).stages[-1]
    assert "Stages planned from the cost model" in first.describe()


def test_two_runs_give_the_same_landmarks_and_diagrams_even_on_a_loaded_machine():
    z = clusters(20_000, 4)  # planned for 13.5 s in the worst case, about 2 s in fact
    quiet = list(anytime_persistence(z, 1, time_budget_s=15.0))
    with burning_cpu():
        loaded = list(anytime_persistence(z, 1, time_budget_s=15.0))
    assert not any(s.stopped_early for s in quiet + loaded)
    assert quiet[-1].final and loaded[-1].final
    planned = plan_stages(20_000, 4, 1, True, 2 * 2**30, 15.0)
    assert [len(s.result.landmarks) for s in quiet[1:]] == list(planned.stages)
    assert_same_stages(quiet, loaded)
    progress = [s.progress for s in quiet]
    assert progress == sorted(progress) and progress[-1] == 1.0


def test_the_time_budget_is_honoured_and_the_bound_falls(monkeypatch):
    """The ceiling starts a stage only when it is predicted to end within the budget, and
    the wall clock runs past the budget by no more than what the stages took beyond their
    predictions (a loaded machine can slow one ripser.py call after it started; the clock
    alone would make this test depend on the machine's load)."""
    real_too_late = anytime._Run.too_late
    decisions = []

    def recording(run, m):
        elapsed, predicted = run.elapsed(), run.predicted(m)
        reason = real_too_late(run, m)
        decisions.append((m, elapsed, predicted, reason))
        return reason

    monkeypatch.setattr(anytime._Run, "too_late", recording)
    z = rng.normal(size=(100_000, 16)).astype(np.float32)
    for budget in (1.0, 2.0):
        decisions.clear()
        start = time.perf_counter()
        stages = list(anytime_persistence(z, 1, time_budget_s=budget))
        took = time.perf_counter() - start
        started = [d for d in decisions if not d[3]]
        assert decisions and all(e + p <= budget for _, e, p, _ in started), decisions
        refused = [d for d in decisions if d[3]]
        assert all(e + p > budget and "time ceiling" in r for _, e, p, r in refused), refused
        by_size = {int(s.name.split(" on ")[1].split()[0].replace(",", "")): s
                   for s in stages[1:] if not s.stopped_early}
        mispredicted = sum(max(0.0, by_size[m].seconds - e - p) for m, e, p, _ in started
                           if m in by_size)
        assert took <= 1.1 * budget + mispredicted, (took, decisions,
                                                     [(s.name, s.seconds) for s in stages])
        assert set(by_size) <= {m for m, *_ in started}
        assert not refused or stages[-1].stopped_early
        bounds = [s.result.error_bound for s in stages[1:]]
        assert bounds == sorted(bounds, reverse=True) and len(bounds) >= 1


def test_a_slow_machine_is_stopped_early_within_the_budget_and_the_notes_say_so(monkeypatch):
    import latent_widgets.topology.landmarks as landmarks  # where the stages call ripser.py

    real = landmarks.quiet_ripser

    def slow(distances, maxdim=1, **kwargs):  # ripser.py 5 times slower than the models
        m = len(distances)
        time.sleep(5 * estimate(m, m, 1, maxdim, False).time_s)
        return real(distances, maxdim=maxdim, **kwargs)

    monkeypatch.setattr(landmarks, "quiet_ripser", slow)
    z = noisy_circle(20_000, extra_dims=3)
    start = time.perf_counter()
    stages = list(anytime_persistence(z, 1, time_budget_s=2.0))
    took = time.perf_counter() - start
    assert took <= 1.1 * 2.0, (took, [(s.name, s.seconds) for s in stages])
    last = stages[-1]
    assert last.stopped_early and last.final
    planned = plan_stages(20_000, 5, 1, True, 2 * 2**30, 2.0).stages
    assert len(last.result.landmarks) < planned[-1]
    assert "depends on the machine" in " ".join(last.result.notes)
    assert "stopped early" in last.result.note
    np.testing.assert_array_equal(last.result.diagrams[1], stages[-2].result.diagrams[1])


def test_explicit_landmarks_go_past_the_plan_and_check_memory():
    z = noisy_circle(20_000)
    planned = list(anytime_persistence(z, 1, time_budget_s=1.0))
    more = list(anytime_persistence(z, 1, time_budget_s=None, landmarks=[1000]))
    assert len(more) == 1 and len(more[0].result.landmarks) == 1000
    assert more[0].result.error_bound < planned[-1].result.error_bound
    # the greedy order is one order: the planned stage's landmarks start the larger set
    m = len(planned[-1].result.landmarks)
    np.testing.assert_array_equal(more[0].result.landmarks[:m], planned[-1].result.landmarks)
    with pytest.raises(ValueError, match=r"over the memory budget.*raise memory_budget_bytes"):
        next(anytime_persistence(z, 1, time_budget_s=None, landmarks=[5000],
                                 memory_budget_bytes=1e9))
    with pytest.raises(ValueError, match="needs explicit landmarks"):
        next(anytime_persistence(z, 1, time_budget_s=None))


def test_batched_landmarks_are_the_greedy_order():
    points = rng.normal(size=(80_000, 32)).astype(np.float32)  # rows computed 32 at a time
    sampler = MaxMinLandmarks(points)
    assert sampler._block > 1
    marks = sampler.grow(40)
    centred = points.astype(np.float64) - points.astype(np.float64).mean(axis=0)
    nearest = np.full(len(points), np.inf)
    for step, index in enumerate(marks[:-1]):
        nearest = np.minimum(nearest, ((centred - centred[index]) ** 2).sum(axis=1))
        gap = np.sqrt(nearest.max()) - np.sqrt(nearest[marks[step + 1]])
        assert gap <= 1e-4 * np.sqrt(nearest.max())  # the next one is (within rounding) farthest


def test_suggested_scale_of_a_feature_table_looks_at_the_highest_certified_dimension():
    from latent_widgets.topology.persistence import PersistenceResult

    diagrams = [np.array([[0, np.inf], [0, 0.3]]),
                np.array([[0.5, 1.8], [0.5, 1.7], [0.6, 0.9]]),  # two loops, one short bar
                np.array([[1.0, 1.8], [1.7, 1.75]])]  # one void
    result = PersistenceResult(diagrams, np.arange(3), 0.1, 0.2, 100, 2, "", None)
    table = feature_table(result)
    assert table.suggested_dim(0.2) == 2
    eps = table.suggested_scale(0.2)
    assert eps == pytest.approx(1.4)
    from latent_widgets.topology.persistence import betti

    assert betti(diagrams, eps).tolist() == [1, 2, 1]
    assert table.certified(0.2).sum() == 3  # both loops and the void are longer than 0.4
    assert table.certified(0.7).sum() == 0
    assert table.suggested_dim(0.7) == 2  # nothing certified: the void stands out
    assert not table.standout(1)  # two loops alike stand out from nothing
    flat = PersistenceResult(diagrams[:2], np.arange(3), 0.1, 0.2, 100, 1, "", None)
    assert feature_table(flat).suggested_dim(0.2) == 1


def test_the_bound_holds_against_gudhis_exact_rips_in_64_dimensions():
    """A trusted peer: gudhi's Rips complex of every point (a set that contains the
    landmarks) is within the reported bound of the landmarks' diagrams, in bottleneck."""
    gudhi = pytest.importorskip("gudhi")
    z = noisy_circle(250, noise=0.02, extra_dims=62).astype(np.float64)
    stage = list(anytime_persistence(z, 1, time_budget_s=None, landmarks=[100]))[-1]
    ours = stage.result
    assert len(ours.landmarks) == 100 and ours.error_bound > 0
    complex_ = gudhi.RipsComplex(points=z).create_simplex_tree(max_dimension=2)
    complex_.compute_persistence()
    for q in (0, 1):
        exact = complex_.persistence_intervals_in_dimension(q)
        exact = exact[np.isfinite(exact[:, 1])]
        mine = ours.diagrams[q][np.isfinite(ours.diagrams[q][:, 1])]
        distance = gudhi.bottleneck_distance(exact, mine)
        assert distance <= ours.error_bound + 1e-6, (q, distance, ours.error_bound)
    # the circle's loop: one bar longer than twice the bound in both, the same length
    # within twice the bound
    long_exact = np.diff(complex_.persistence_intervals_in_dimension(1), axis=1).max()
    long_ours = np.diff(ours.diagrams[1], axis=1).max()
    assert long_ours > 2 * ours.error_bound
    assert abs(long_exact - long_ours) <= 2 * ours.error_bound
