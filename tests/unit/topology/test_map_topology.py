"""map_check: the loops a 2-D map creates or destroys, against the latents' (known answers)."""

import numpy as np
import pytest

import latent_widgets as lw

rng = np.random.default_rng(11)


def tilted_circle(n=400):
    """A circle in the (x, z) plane: a map onto (x, y) flattens it into a segment."""
    t = rng.uniform(0, 2 * np.pi, n)
    return np.c_[np.cos(t), 0.02 * rng.normal(size=n), np.sin(t)].astype(np.float32)


def test_a_map_that_flattens_a_loop_is_caught_and_the_loop_named():
    z = tilted_circle()
    check = lw.map_check(z, z[:, :2])
    assert check.bottleneck[1] > 0.4
    assert len(check.destroyed) == 1 and not check.created
    loop = check.destroyed[0]
    assert loop.dim == 1 and loop.side == "latents" and loop.persistence > 0.8
    assert np.all(np.abs(np.linalg.norm(z[loop.cycle][:, [0, 2]], axis=1) - 1) < 0.2)
    assert "destroyed a loop" in check.details[0] and "its points" in check.details[0]
    assert "destroyed 1" in check.summary


def test_a_faithful_map_keeps_the_loop_and_scale_does_not_matter():
    z = tilted_circle()
    check = lw.map_check(z, 1000 * z[:, [0, 2]])  # units of the map mean nothing
    assert check.bottleneck[1] < 0.05 and not check.destroyed and not check.created
    assert "neither created nor destroyed" in check.summary


def test_a_map_that_creates_a_loop_is_caught():
    t = rng.uniform(0, 2 * np.pi, 300)
    line = np.c_[t, np.zeros((300, 2))].astype(np.float32)  # a segment in latent space
    check = lw.map_check(line, np.c_[np.cos(t), np.sin(t)])  # drawn as a closed circle
    assert len(check.created) == 1 and check.created[0].side == "map"


def test_map_check_refuses_mismatched_rows():
    with pytest.raises(ValueError, match="one row per point"):
        lw.map_check(np.zeros((10, 3)), np.zeros((9, 2)))


def test_h0_bottleneck_agrees_with_persim():
    import warnings

    import persim

    from latent_widgets.topology.map_topology import h0_bottleneck

    trials = np.random.default_rng(0)
    for _ in range(500):
        m, n = trials.integers(0, 8, 2)
        a = np.round(trials.exponential(size=m) * trials.choice([1, 3]), 1)
        b = np.round(trials.exponential(size=n), 1)
        if m == 0 and n == 0:
            assert h0_bottleneck(a, b) == 0.0
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            want = persim.bottleneck(np.c_[np.zeros(m), a], np.c_[np.zeros(n), b])
        assert h0_bottleneck(a, b) == pytest.approx(want, abs=1e-12)


def test_every_loop_counts_when_the_other_side_has_none():
    t = rng.uniform(0, 2 * np.pi, 300)
    segment = np.c_[np.linspace(0, 10, 300), np.zeros(300)].astype(np.float32)
    two_circles = np.r_[np.c_[np.cos(t[:150]), np.sin(t[:150])] * 3,
                        np.c_[np.cos(t[150:]), np.sin(t[150:])] * 3 + [10, 0]]
    check = lw.map_check(segment, two_circles)
    assert len(check.created) == 2 and not check.destroyed
