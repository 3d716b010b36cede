import numpy as np
import pytest
import torch

from latent_widgets.space.frames import to_rgba


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


def test_batches_share_one_value_range_and_keep_their_layout():
    from latent_widgets.space.frames import frames_from_batch

    batch = np.stack([np.zeros((4, 6)), np.full((4, 6), 0.5)])
    frames = frames_from_batch(batch)
    assert frames.shape == (2, 4, 6, 4)
    assert (frames[0, ..., 0] == 0).all() and (frames[1, ..., 0] == 128).all()
    nchw = frames_from_batch(torch.ones(3, 3, 5, 7))
    assert nchw.shape == (3, 5, 7, 4)
    nhwc = frames_from_batch(np.ones((3, 5, 7, 3)))
    assert nhwc.shape == (3, 5, 7, 4)


def test_one_dimensional_outputs_become_bar_charts_with_a_zero_line():
    from latent_widgets.space.frames import CHART_HEIGHT, chart_frames, frames_from_batch

    values = np.array([[1.0, -1.0, 0.5]])
    frames = frames_from_batch(values)
    assert frames.shape == (1, CHART_HEIGHT, 64, 4)
    ink = (frames[0, ..., :3] == [78, 121, 167]).all(axis=-1)
    middle = CHART_HEIGHT // 2
    first_bar, second_bar = ink[:, 5], ink[:, 30]
    assert first_bar[:middle].sum() > 10 and first_bar[middle + 2 :].sum() == 0  # up
    assert second_bar[middle + 2 :].sum() > 10 and second_bar[: middle - 1].sum() == 0  # down
    long = chart_frames(np.random.default_rng(0).normal(size=(2, 5000)))
    assert long.shape == (2, CHART_HEIGHT, 192, 4)


def test_square_flat_vectors_ask_for_image_shape_and_chart_is_explicit():
    from latent_widgets.space.frames import frames_from_batch

    with pytest.raises(ValueError, match=r'image_shape=\(28, 28\).*"chart"'):
        frames_from_batch(np.zeros((2, 784)))
    assert frames_from_batch(np.zeros((2, 784)), image_shape="chart").shape[1] == 48
    assert frames_from_batch(np.zeros((2, 784)), image_shape=(28, 28)).shape == (2, 28, 28, 4)
    with pytest.raises(ValueError, match="cannot draw samples of shape"):
        frames_from_batch(np.zeros((2, 5, 6, 7)))


def test_thumbnails_average_blocks():
    from latent_widgets.space.frames import thumbnails

    frames = np.zeros((1, 64, 64, 4), dtype=np.uint8)
    frames[0, :32] = 200
    small = thumbnails(frames, max_side=32)
    assert small.shape == (1, 32, 32, 4)
    assert (small[0, :16] == 200).all() and (small[0, 16:] == 0).all()
    assert thumbnails(frames[:, :20, :20], max_side=32).shape == (1, 20, 20, 4)


@pytest.mark.parametrize("shape, image_shape", [
    ((6, 5), None), ((1, 6, 5), None), ((3, 6, 5), None), ((6, 5, 3), None),
    ((6, 5, 4), None), ((4, 6, 5), None), ((30,), (6, 5)), ((90,), (3, 6, 5)),
])
def test_a_frame_recipe_says_how_frames_from_batch_reads_each_layout(shape, image_shape):
    from latent_widgets.space.frames import frame_recipe, frames_from_batch, scale_to_uint8

    raw = np.random.default_rng(0).uniform(size=(2, *shape)).astype(np.float32)
    recipe = frame_recipe(shape, image_shape)
    h, w, c = recipe["height"], recipe["width"], recipe["channels"]
    pixels = raw.reshape(2, c, h, w).transpose(0, 2, 3, 1) if recipe["channels_first"] \
        else raw.reshape(2, h, w, c)
    scaled = scale_to_uint8(pixels)
    expected = np.concatenate([scaled[..., [0, 0, 0] if c == 1 else [0, 1, 2]],
                               scaled[..., 3:] if c == 4 else np.full((2, h, w, 1), 255)], -1)
    np.testing.assert_array_equal(frames_from_batch(raw, image_shape), expected)


def test_outputs_drawn_as_charts_have_no_frame_recipe():
    from latent_widgets.space.frames import frame_recipe

    assert frame_recipe((12,), "chart") is None
    assert frame_recipe((12,), None) is None  # 1-D: a chart
    assert frame_recipe((2, 6, 5, 2), None) is None
