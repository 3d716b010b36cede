import numpy as np
import pytest

from latent_widgets.paths import (
    DataGraph,
    class_vector,
    linear_path,
    path_through,
    polyline_at,
    slerp_path,
    traversal_axes,
)

rng = np.random.default_rng(2)


def test_linear_path_has_exact_endpoints_and_even_steps():
    a, b = rng.normal(size=5), rng.normal(size=5)
    path = linear_path(a, b, 7)
    assert path.shape == (7, 5)
    np.testing.assert_array_equal(path[0], a)
    np.testing.assert_array_equal(path[-1], b)
    gaps = np.linalg.norm(np.diff(path, axis=0), axis=1)
    np.testing.assert_allclose(gaps, gaps[0])


def test_slerp_keeps_norms_between_its_endpoints_and_turns_evenly():
    for _ in range(50):
        a, b = rng.normal(size=8) * rng.uniform(0.5, 3), rng.normal(size=8) * rng.uniform(0.5, 3)
        path = slerp_path(a, b, 9)
        np.testing.assert_allclose(path[0], a)
        np.testing.assert_allclose(path[-1], b)
        norms = np.linalg.norm(path, axis=1)
        low, high = sorted([np.linalg.norm(a), np.linalg.norm(b)])
        assert np.all(norms >= low - 1e-9) and np.all(norms <= high + 1e-9)
        units = path / norms[:, None]
        angles = np.arccos(np.clip(np.sum(units[1:] * units[:-1], axis=1), -1, 1))
        np.testing.assert_allclose(angles, angles[0], atol=1e-7)
    # a straight line cuts inside the shell; slerp does not
    a, b = np.array([3.0, 0.0]), np.array([0.0, 3.0])
    assert np.linalg.norm(linear_path(a, b, 5)[2]) < 2.5
    np.testing.assert_allclose(np.linalg.norm(slerp_path(a, b, 5), axis=1), 3.0)


def test_slerp_of_opposite_and_zero_vectors_is_well_defined():
    a = np.array([1.0, 0.0, 0.0])
    path = slerp_path(a, -a, 5)
    np.testing.assert_allclose(np.linalg.norm(path, axis=1), 1.0)
    np.testing.assert_allclose(path[-1], -a, atol=1e-12)
    assert np.isfinite(slerp_path(np.zeros(3), a, 4)).all()


def test_data_path_visits_only_neighbours_and_connects_its_anchors():
    t = np.sort(rng.uniform(0, np.pi, 300))
    arc = np.c_[np.cos(t), np.sin(t)] + 0.01 * rng.normal(size=(300, 2))
    graph = DataGraph(arc, k=10)
    path, vertices = path_through(arc[[0, -1]], 12, "data", graph)
    walk = vertices[0]
    assert walk[0] == 0 and walk[-1] == 299
    assert all(graph.are_neighbours(i, j) for i, j in zip(walk[:-1], walk[1:], strict=True))
    np.testing.assert_allclose(path[0], arc[0])
    np.testing.assert_allclose(path[-1], arc[-1])
    # along the arc, never through the middle where the straight line goes
    assert np.min(np.linalg.norm(path, axis=1)) > 0.9
    assert np.linalg.norm(linear_path(arc[0], arc[-1], 12), axis=1).min() < 0.1


def test_data_path_between_pieces_of_the_graph_is_refused_in_words():
    two = np.r_[rng.normal(size=(30, 2)), rng.normal(size=(30, 2)) + 100]
    graph = DataGraph(two, k=3)
    with pytest.raises(ValueError, match="different pieces"):
        path_through(two[[0, 40]], 5, "data", graph)


def test_path_through_several_anchors_shares_the_joints():
    anchors = rng.normal(size=(3, 4))
    path, _ = path_through(anchors, 5, "linear")
    assert len(path) == 2 * 4 + 1
    np.testing.assert_allclose(path[[0, 4, 8]], anchors)
    with pytest.raises(ValueError, match="at least 2 anchors"):
        path_through(anchors[:1], 5)
    with pytest.raises(ValueError, match="method must be"):
        path_through(anchors, 5, "cubic")
    with pytest.raises(ValueError, match="steps must be at least 2"):
        path_through(anchors, 1)


def test_polyline_at_interpolates_between_steps():
    path = np.array([[0.0, 0.0], [2.0, 0.0], [2.0, 4.0]])
    np.testing.assert_allclose(polyline_at(path, 0.5), [1.0, 0.0])
    np.testing.assert_allclose(polyline_at(path, 1.25), [2.0, 1.0])
    np.testing.assert_allclose(polyline_at(path, 9.0), [2.0, 4.0])


def test_class_vector_is_the_difference_of_class_means():
    z = np.r_[np.zeros((5, 3)), np.ones((5, 3)) * 2]
    labels = np.r_[np.zeros(5, int), np.ones(5, int)]
    np.testing.assert_allclose(class_vector(z, labels, 0, 1), [2, 2, 2])
    with pytest.raises(ValueError, match="no points"):
        class_vector(z, labels, 0, 7)


def test_traversal_axes_are_dimensions_for_small_latents_and_principal_axes_for_large():
    small = rng.normal(size=(200, 4)) * [1, 5, 2, 0.1]
    axes = traversal_axes(small)
    assert axes.names[:2] == ["z1", "z2"]
    assert axes.ranges[0][1] == pytest.approx(3 * small[:, 1].std(), rel=1e-6)
    large = rng.normal(size=(300, 40))
    large[:, 0] *= 10
    axes = traversal_axes(large, max_axes=3)
    assert len(axes.vectors) == 3 and axes.names[0].startswith("PC1")
    assert abs(axes.vectors[0, 0]) > 0.99


def test_duplicate_points_stay_joined_in_the_data_graph():
    points = np.repeat(rng.normal(size=(100, 2)), 2, axis=0)  # every point twice
    graph = DataGraph(points, k=10)
    assert graph.n_components == 1
    walk = graph.shortest(0, 199)
    assert all(graph.are_neighbours(i, j) for i, j in zip(walk[:-1], walk[1:], strict=True))
    pair = DataGraph(np.array([[0.0, 0], [0, 0], [1, 1], [1, 1]]), k=1)
    assert pair.are_neighbours(0, 1)
