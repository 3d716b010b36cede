"""Betti numbers by layer count real features only: known answers in 2 to 64 dimensions
(random rotations, noise in every coordinate), contractible sets included."""

import numpy as np
import pytest

import latent_widgets as lw
from latent_widgets.topology.feature_counts import betti_sweep, count_features, significance
from latent_widgets.topology.layers import betti_by_layer

NOISE = 0.02  # per coordinate: 0.16 in all at 64-D


def embedded(x: np.ndarray, dim: int, rng: np.random.Generator, noise: float = NOISE
             ) -> np.ndarray:
    """``x`` in the first coordinates of ``dim``, turned by a random rotation, plus noise."""
    dim = max(dim, x.shape[1])
    z = np.zeros((len(x), dim))
    z[:, : x.shape[1]] = x
    rotation, _ = np.linalg.qr(rng.normal(size=(dim, dim)))
    return z @ rotation + rng.normal(0, noise, z.shape)


def circle(n, rng, radius=1.0, centre=(0.0, 0.0)):
    t = rng.uniform(0, 2 * np.pi, n)
    return np.c_[centre[0] + radius * np.cos(t), centre[1] + radius * np.sin(t)]


def annulus(n, rng, centre):
    t, r = rng.uniform(0, 2 * np.pi, n), np.sqrt(rng.uniform(0.25, 1.0, n))
    return np.c_[centre[0] + r * np.cos(t), centre[1] + r * np.sin(t)]


def torus(n, rng, big=2.0, small=1.0):
    u, v = rng.uniform(0, 2 * np.pi, (2, n))
    ring = big + small * np.cos(v)
    return np.c_[ring * np.cos(u), ring * np.sin(u), small * np.sin(v)]


SHAPES = {
    "blob": (lambda n, rng, d: rng.normal(size=(n, d)), (1, 0)),
    "circle": (lambda n, rng, d: embedded(circle(n, rng), d, rng), (1, 1)),
    "two circles": (lambda n, rng, d: embedded(
        np.r_[circle(n // 2, rng), circle(n - n // 2, rng, 0.6, (3, 0))], d, rng), (2, 2)),
    "three annuli": (lambda n, rng, d: embedded(np.r_[
        annulus(n // 3, rng, (0, 0)), annulus(n // 3, rng, (3, 0)),
        annulus(n - 2 * (n // 3), rng, (0, 3))], d, rng), (3, 3)),
}
SIZES = {2: 500, 8: 5000, 16: 1000, 32: 2000, 64: 1500}


@pytest.mark.parametrize("dim", sorted(SIZES))
@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_known_betti_numbers_in_every_dimension(shape, dim):
    make, want = SHAPES[shape]
    rng = np.random.default_rng(dim)
    points = make(SIZES[dim], rng, dim)
    counted = count_features(points)
    assert tuple(counted.betti) == want, (counted.certified, counted.significant)


@pytest.mark.parametrize(("dim", "noise"), [(3, NOISE), (64, NOISE / 2)])
def test_a_torus_has_betti_numbers_1_2_1(dim, noise):
    # at 64-D, 0.02 a coordinate (0.16 in all) is about as much as the small loop can take
    # on 500 landmarks: its bar may then be neither certified nor significant, and the count
    # lower, which is what can be vouched for; half that noise keeps both loops
    rng = np.random.default_rng(7)
    points = embedded(torus(3000, rng), dim, rng, noise=noise)
    counted = count_features(points, maxdim=2)
    assert counted.betti == [1, 2, 1], (counted.certified, counted.significant)
    assert counted.landmarks == 500 and len(counted.diagrams) == 3


def test_high_dimensional_contractible_sets_have_no_loops_where_knn_graphs_had_hundreds():
    rng = np.random.default_rng(3)
    for dim, n in ((16, 2000), (32, 5000), (64, 3000)):
        blob = rng.normal(size=(n, dim))
        cube = rng.uniform(size=(n, dim))
        assert count_features(blob).betti == [1, 0]
        assert count_features(cube).betti == [1, 0]


def test_the_sweep_shows_how_the_answer_depends_on_the_landmarks():
    rng = np.random.default_rng(0)
    counts = betti_sweep(embedded(circle(2000, rng), 32, rng))
    assert [c.landmarks for c in counts] == [125, 250, 500]
    assert all(c.betti == [1, 1] for c in counts)
    bounds = [c.error_bound for c in counts]
    assert bounds == sorted(bounds, reverse=True)  # more landmarks, a tighter bound
    with pytest.raises(ValueError, match="landmarks must lie between 2"):
        betti_sweep(rng.normal(size=(20, 3)), landmarks=30)


def test_counts_are_the_same_on_every_run():
    rng = np.random.default_rng(11)
    points = embedded(np.r_[circle(700, rng), circle(700, rng, 0.6, (3, 0))], 16, rng)
    first, again = count_features(points), count_features(points)
    assert first.betti == again.betti and first.error_bound == again.error_bound
    for a, b in zip(first.diagrams, again.diagrams, strict=True):
        np.testing.assert_array_equal(a, b)


def test_significance_follows_the_null_law_on_noise_and_is_conservative_on_landmarks():
    rng = np.random.default_rng(5)
    noise = rng.uniform(size=(1000, 3))
    iid = significance(count_features(noise, landmarks=1000).diagrams[1])  # all the points
    iid = iid[np.isfinite(iid)]
    assert len(iid) > 300
    # under the left Gumbel law the p-values of noise are uniform
    assert 0.4 < np.mean(iid < 0.5) < 0.6 and np.mean(iid < 0.1) < 0.13
    counted = count_features(noise)  # 500 greedy landmarks: more even than a sample
    assert counted.landmarks == 500
    landmark = significance(counted.diagrams[1])
    assert np.mean(landmark[np.isfinite(landmark)] < 0.1) <= np.mean(iid < 0.1)
    assert counted.betti == [1, 0]
    assert np.isnan(significance(counted.diagrams[0])).all()  # H0 bars are born at 0


def test_stray_points_and_sampling_gaps_are_not_pieces_but_gaps_between_pieces_are():
    rng = np.random.default_rng(2)
    blob = rng.normal(size=(1000, 2))
    strays = np.r_[blob, [[9.0, 9.0], [-9.0, 9.0], [9.0, -9.0]]]
    assert count_features(strays).betti[0] == 1
    pieces = np.r_[blob, rng.normal(size=(300, 2)) * 0.5 + [12.0, 0.0]]
    assert count_features(pieces).betti[0] == 2
    tiny = np.r_[blob, rng.normal(size=(12, 2)) * 0.1 + [12.0, 0.0]]  # 1 % of the points
    assert count_features(tiny).betti[0] == 1
    assert count_features(tiny, min_share=0.01).betti[0] == 2


def test_betti_by_layer_takes_a_space_or_a_dict_and_puts_the_input_first():
    rng = np.random.default_rng(4)
    t = rng.uniform(0, 2 * np.pi, 600)
    labels = (t > np.pi).astype(int)
    ring = np.c_[np.cos(t), np.sin(t)] + 0.03 * rng.normal(size=(600, 2))
    blobs = np.c_[labels * 4.0, np.zeros(600)] + 0.05 * rng.normal(size=(600, 2))
    space = lw.LatentSpace.from_latents(blobs.astype(np.float32), labels=labels,
                                        class_names=["upper", "lower"])
    space.by_layer = {"late": blobs.astype(np.float32), "input": ring.astype(np.float32)}
    chart = lw.betti_by_layer(space)
    assert chart["layers"] == ["input", "late"]
    assert chart["all"] == [[1, 1], [2, 0]]
    assert chart["classes"] == ["upper", "lower"] and chart["per_class"][0] == [[1, 0], [1, 0]]
    assert chart["all_range"][0] == [[1, 1], [1, 1]] and len(chart["per_class_range"]) == 2
    same = betti_by_layer(dict(space.by_layer), labels=labels, class_names=["upper", "lower"])
    assert same["all"] == chart["all"] and same["per_class"] == chart["per_class"]
    with pytest.raises(TypeError, match="takes a LatentSpace or a dict"):
        betti_by_layer([ring, blobs])
