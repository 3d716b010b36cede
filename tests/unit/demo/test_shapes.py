"""The shapes: a generated data set whose answer is known (a loop per shape), and the
shipped VAE whose latents must carry that loop too."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import latent_widgets as lw
from latent_widgets.demo.shapes import SHAPE_NAMES, render, shapes_data
from latent_widgets.demo.shapes_vae import (
    LATENT_DIM,
    ShapesVAE,
    load_shapes_vae,
    main,
    shapes_space,
    train_shapes_vae,
)
from latent_widgets.topology.feature_counts import count_features


def test_the_images_their_labels_and_factors():
    data = shapes_data(301, seed=3)
    assert data.images.shape == (301, 28, 28) and data.images.dtype == np.float32
    assert data.images.min() == 0.0 and data.images.max() == 1.0
    assert data.class_names == SHAPE_NAMES and len(data) == 301
    assert np.bincount(data.labels).tolist() == [101, 100, 100]  # shared out evenly
    assert (0 <= data.angle).all() and (data.angle < 2 * np.pi).all()
    assert (np.abs(data.shift_x) <= 0.75).all() and (np.abs(data.shift_y) <= 0.75).all()
    assert (0.95 <= data.scale).all() and (data.scale <= 1.05).all()
    np.testing.assert_array_equal(data.images, shapes_data(301, seed=3).images)  # seeded
    assert not np.array_equal(data.images, shapes_data(301, seed=4).images)
    assert shapes_data(40, size=32, shapes=("ell",)).images.shape == (40, 32, 32)
    rows = data.of("tee")
    assert (data.labels[rows] == 0).all() and len(rows) == 101


@pytest.mark.parametrize("shape", SHAPE_NAMES)
def test_a_full_turn_is_the_first_repeat(shape):
    """No shape has a rotational symmetry: no turn short of 360° gives the same image."""
    turns = np.r_[0.0, 2 * np.pi, 2 * np.pi * np.arange(1, 6) / 6, np.pi / 2, 3 * np.pi / 2]
    ones, zeros = np.ones(len(turns)), np.zeros(len(turns))
    images = render(shape, turns, ones, zeros, zeros).reshape(len(turns), -1)
    assert np.abs(images[0] - images[1]).max() < 1e-4  # a full turn: the same image
    ink = np.linalg.norm(images[0])
    for other in images[2:]:
        assert np.linalg.norm(images[0] - other) > 0.5 * ink  # every shorter turn differs


def test_bad_requests_are_refused_in_words():
    with pytest.raises(ValueError, match="no shape 'star'; the shapes are tee, ell, flag"):
        shapes_data(10, shapes=("star",))
    with pytest.raises(ValueError, match="pass n >= 3"):
        shapes_data(2)
    with pytest.raises(ValueError, match="pass size >= 16"):
        shapes_data(30, size=8)
    with pytest.raises(ValueError, match="no shape 'star'"):
        shapes_data(30).of("star")


@pytest.mark.parametrize("shape", SHAPE_NAMES)
def test_the_rotation_loop_is_found_in_pixel_space(shape):
    """In 784 dimensions the 500 landmarks' error bound is wide: the loop is counted as
    significant against the noise (not longer than twice the bound), and nothing else is."""
    data = shapes_data(3000, seed=0)  # a thousand images of each shape
    pixels = data.images[data.of(shape)].reshape(-1, 28 * 28)
    count = count_features(pixels, 1)
    assert count.betti == [1, 1] and count.significant[1] == 1


def test_with_more_landmarks_the_loop_is_certified_in_pixel_space():
    """800 landmarks of the ell's 1,000 images bring the bound down to about 3.5: the loop is
    longer than twice that, a feature of the images by stability, and the only one."""
    data = shapes_data(3000, seed=0)
    pixels = data.images[data.of("ell")].reshape(-1, 28 * 28)
    count = count_features(pixels, 1, landmarks=800)
    assert count.betti == [1, 1] and count.certified[1] == 1


def test_the_training_script_runs_a_few_steps(tmp_path):
    out = tmp_path / "vae.pt"
    main(["--out", str(out), "--steps", "3"])
    model = load_shapes_vae(out)
    assert isinstance(model, ShapesVAE) and not model.training
    images = torch.from_numpy(shapes_data(6).images)[:, None]
    with torch.no_grad():
        assert model.encode(images).shape == (6, LATENT_DIM)
        assert model.decode(model.encode(images)).shape == (6, 1, 28, 28)
    quick = train_shapes_vae(shapes_data(64), epochs=1, batch=32)
    assert sum(p.numel() for p in quick.parameters()) == sum(p.numel() for p in model.parameters())


def test_a_missing_weights_file_says_how_to_make_it(tmp_path):
    with pytest.raises(FileNotFoundError, match="python -m latent_widgets.demo.shapes_vae"):
        load_shapes_vae(tmp_path / "none.pt")


def test_the_shipped_vae_has_the_documented_latent_size_and_decodes_28x28():
    space = shapes_space(300)
    assert space.latents.shape == (300, LATENT_DIM) == (300, 4)
    assert space.class_names == SHAPE_NAMES and space.shapes.images.shape == (300, 28, 28)
    frames = space.decode(space.latents[:2])
    assert frames.shape == (2, 28, 28, 4) and frames.dtype == np.uint8


@pytest.fixture(scope="module")
def shipped():
    return shapes_space(3000)


@pytest.mark.parametrize("shape", SHAPE_NAMES)
def test_the_shipped_vae_keeps_each_rotation_loop_certified(shipped, shape):
    latents = shipped.latents[shipped.shapes.of(shape)]
    count = count_features(latents, 1)
    assert count.betti == [1, 1], (shape, count.betti, count.error_bound)
    assert count.certified[1] == 1


def test_the_loop_in_the_latents_is_the_rotation(shipped):
    """The cycle of the longest H1 bar visits every direction: it goes once round the turn."""
    rows = shipped.shapes.of("ell")
    result = lw.persistence(shipped.latents[rows], maxdim=1, n_landmarks=400)
    bars = result.diagrams[1]
    longest = int(np.argmax(bars[:, 1] - bars[:, 0]))
    angles = np.sort(shipped.shapes.angle[rows[result.cycles[longest]]])
    gaps = np.diff(np.r_[angles, angles[0] + 2 * np.pi])
    assert gaps.max() < np.pi / 2, np.degrees(gaps.max())
