"""What the page is sent to decode: the model, its frames' recipe, the check, or why not."""

from __future__ import annotations

import numpy as np
import torch

import latent_widgets as lw
from latent_widgets.in_page import PageDecoder, page_decoder
from latent_widgets.in_page.payload import CHECK_TOLERANCE, check_latents
from latent_widgets.space.decoding import NO_DECODER

rng = np.random.default_rng(0)
LATENTS = rng.normal(size=(50, 3)).astype(np.float32)
torch.manual_seed(0)
NET = torch.nn.Sequential(torch.nn.Linear(3, 30), torch.nn.Sigmoid())


def torch_space(**kwargs):
    return lw.LatentSpace.from_latents(LATENTS, decode=lambda z: NET(z).reshape(-1, 5, 6),
                                       **kwargs)


def test_the_page_is_sent_the_model_its_recipe_and_pythons_frames_to_check():
    space = torch_space()
    built = page_decoder(space)
    assert isinstance(built, PageDecoder)
    assert built.recipe == {"height": 5, "width": 6, "channels": 1, "channels_first": False}
    np.testing.assert_array_equal(built.check_latents, check_latents(LATENTS))
    assert len(built.check_latents) == 4  # three data latents spread over the data, their mean
    np.testing.assert_allclose(built.check_latents[-1], LATENTS.mean(axis=0), rtol=1e-6)
    for z, frame in zip(built.check_latents, built.check_frames, strict=True):
        np.testing.assert_array_equal(frame, space.decode(z[None])[0])  # one at a time
    message = built.message()
    assert message["tolerance"] == CHECK_TOLERANCE == 2
    assert message["model"].dtype == np.uint8 and message["model"].size > 100


def test_built_once_per_decoder_and_again_for_a_new_image_shape():
    space = torch_space()
    first = page_decoder(space)
    assert page_decoder(space) is first
    space.image_shape = (6, 5)
    second = page_decoder(space)
    assert second is not first and second.recipe["height"] == 6


def test_without_a_page_decoder_the_reason_is_said():
    assert page_decoder(lw.LatentSpace.from_latents(LATENTS)) == NO_DECODER
    chart = lw.LatentSpace.from_latents(LATENTS, decode=lambda z: NET(z), image_shape="chart")
    assert "bar charts" in page_decoder(chart) and "kernel" in page_decoder(chart)

    def picky(z):
        if float(torch.as_tensor(z).abs().max()) > 1.5:
            raise ValueError("out of range")
        return torch.zeros(len(z), 5, 6)

    # checked at construction on two latents it takes; the page's check latents reach 1.5
    space = lw.LatentSpace.from_latents(np.concatenate([LATENTS[:2].clip(-1, 1), LATENTS]),
                                        decode=picky)
    said = page_decoder(space)
    assert "raised on a latent the page would check" in said and "out of range" in said


def test_a_decoder_trained_further_is_exported_again_and_the_old_copy_is_not_current():
    from latent_widgets.in_page.payload import is_current

    net = torch.nn.Sequential(torch.nn.Linear(3, 30), torch.nn.Sigmoid())
    space = lw.LatentSpace.from_latents(LATENTS, decode=lambda z: net(z).reshape(-1, 5, 6))
    first = page_decoder(space)
    assert is_current(space, first) and page_decoder(space) is first
    with torch.no_grad():  # what an optimiser's step does
        net[0].weight.add_(0.5)
    assert not is_current(space, first)
    second = page_decoder(space)
    assert second is not first and is_current(space, second)
    assert not np.array_equal(second.check_frames, first.check_frames)
