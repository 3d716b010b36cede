"""The traversal axes: their order and the variance shown next to each, against numpy."""

import numpy as np
import pytest

from latent_widgets.paths import traversal_axes as reexported
from latent_widgets.space.traversal import BY_DIMENSION, axis_variances, traversal_axes

rng = np.random.default_rng(3)


def test_small_latents_are_traversed_by_dimension_largest_variance_first():
    scales = np.array([0.5, 3.0, 1.0, 0.1, 2.0, 0.01, 1.5, 0.7])
    z = rng.normal(size=(500, 8)) * scales + 4.0
    axes = traversal_axes(z)
    want = np.var(z, axis=0)
    order = np.argsort(-want)
    assert axes.names == [f"z{i}" for i in order]
    np.testing.assert_allclose(axes.variances, want[order], rtol=1e-12)
    np.testing.assert_allclose(axes.shares, want[order] / want.sum(), rtol=1e-12)
    assert np.all(np.diff(axes.variances) <= 0)
    assert axes.order == BY_DIMENSION and "largest first" in axes.order
    np.testing.assert_allclose([hi for _, hi in axes.ranges], 3 * np.sqrt(want[order]))
    assert reexported is traversal_axes  # latent_widgets.paths names it too


def test_only_the_top_axes_are_kept_and_their_shares_are_of_the_whole_variance():
    z = rng.normal(size=(300, 12)) * np.arange(1, 13)
    axes = traversal_axes(z, max_axes=3)
    variance = np.var(z, axis=0)
    assert axes.names == ["z11", "z10", "z9"]
    np.testing.assert_allclose(axes.shares, variance[[11, 10, 9]] / variance.sum())
    assert sum(axes.shares) < 1


def test_wide_latents_are_traversed_along_principal_axes_with_their_variance():
    z = rng.normal(size=(400, 40))
    z[:, 0] *= 10
    z[:, 1] *= 5
    axes = traversal_axes(z, max_axes=4)
    assert axes.names == ["PC1", "PC2", "PC3", "PC4"] and "principal axes" in axes.order
    centred = z - z.mean(axis=0)
    eigen = np.sort(np.linalg.eigvalsh(centred.T @ centred / len(z)))[::-1]
    np.testing.assert_allclose(axes.variances, eigen[:4], rtol=1e-6)
    np.testing.assert_allclose(axes.shares, eigen[:4] / eigen.sum(), rtol=1e-6)


def test_axis_variances_match_numpy_and_constant_latents_have_no_share():
    z = rng.normal(size=(50, 3))
    v = np.array([[0.6, 0.8, 0.0]])
    variances, shares = axis_variances(z, v)
    np.testing.assert_allclose(variances, [np.var(z @ v[0])])
    np.testing.assert_allclose(shares, variances / np.var(z, axis=0).sum())
    flat = axis_variances(np.ones((5, 3)), np.eye(3))
    np.testing.assert_array_equal(flat[0], 0)
    np.testing.assert_array_equal(flat[1], 0)
    with pytest.raises(ValueError, match="non-empty"):
        traversal_axes(np.zeros((0, 3)))
