import numpy as np
import pytest
import torch

from latent_widgets.images import to_rgba


def test_grayscale_unit_range_becomes_opaque_rgba():
    frame = to_rgba(np.array([[0.0, 1.0], [0.5, 0.25]]))
    assert frame.shape == (2, 2, 4) and frame.dtype == np.uint8
    np.testing.assert_array_equal(frame[..., 0], [[0, 255], [128, 64]])
    np.testing.assert_array_equal(frame[..., 0], frame[..., 1])
    assert (frame[..., 3] == 255).all()


def test_minus_one_to_one_range_maps_to_full_scale():
    frame = to_rgba(np.array([[-1.0, 1.0]]))
    np.testing.assert_array_equal(frame[0, :, 0], [0, 255])


def test_zero_to_255_floats_are_kept():
    frame = to_rgba(np.array([[0.0, 128.0, 255.0]]))
    np.testing.assert_array_equal(frame[0, :, 0], [0, 128, 255])


def test_channels_first_tensor_and_flat_vectors():
    tensor = torch.zeros(3, 4, 5)
    tensor[0] = 1.0
    frame = to_rgba(tensor)
    assert frame.shape == (4, 5, 4)
    assert (frame[..., 0] == 255).all() and (frame[..., 1] == 0).all()
    flat = to_rgba(np.linspace(0, 1, 784), image_shape=(28, 28))
    assert flat.shape == (28, 28, 4)


def test_uint8_rgba_passes_through():
    rgba = np.random.default_rng(0).integers(0, 256, size=(3, 3, 4), dtype=np.uint8)
    np.testing.assert_array_equal(to_rgba(rgba), rgba)


def test_bad_shapes_are_refused_with_the_fix():
    with pytest.raises(ValueError, match="image_shape"):
        to_rgba(np.zeros(10))
    with pytest.raises(ValueError, match="cannot reshape 10 values"):
        to_rgba(np.zeros(10), image_shape=(3, 3))


def test_all_nan_is_refused():
    with pytest.raises(ValueError, match="no finite value"):
        to_rgba(np.full((2, 2), np.nan))
